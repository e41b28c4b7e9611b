package handlers

import (
	"context"
	"errors"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
)

const talentPerPage = 25

// talentFacets are the talent pool's filters, in page order; the last
// contact is a facet of ranges of its own.
var talentFacets = []string{"availability", "skills", "interests", "seniority", "city", "workplaces", "engagement", "owner", "labels", "source"}

// talentSorts are the orders the pool offers: "" is the best match (the
// newest members when there are no words to match).
var talentSorts = map[string]string{"": "", "contact": "last_contact", "active": "-active", "newest": "-date"}

// talentSortOrder lists them in the order the page shows them.
var talentSortOrder = []string{"", "contact", "active", "newest"}

// talentFacetsAge is how old the talent pool's counts may be: counting a
// broad search's facets is most of its cost (about 0.1 s at 50,000
// members), and a count a minute old serves a recruiter as well.
const talentFacetsAge = time.Minute

// maxBulk bounds how many members one bulk action changes.
const maxBulk = 100

type talentRow struct {
	search.Hit
	OwnerName string
	// Terms are the member's skills and interests to show, those the
	// search asked for first and marked.
	Terms []rowTerm
}

// rowTerm is a skill or interest on a member's row.
type rowTerm struct {
	Label string
	Match bool
}

// maxRowTerms is how many skills and interests a row shows.
const maxRowTerms = 8

// rowTerms are a member's skills and interests for their row, those the
// search asked for first and marked: a ticked skill or interest, or a term
// with a word of the query in it.
func rowTerms(hit search.Hit, query string, filters map[string][]string) []rowTerm {
	words := strings.Fields(strings.ToLower(query))
	var matched, rest []rowTerm
	seen := map[string]bool{}
	for _, part := range []struct {
		field string
		terms []string
	}{{"skills", hit.Skills}, {"interests", hit.Interests}} {
		field := part.field
		for _, term := range part.terms {
			if seen[strings.ToLower(term)] {
				continue
			}
			seen[strings.ToLower(term)] = true
			match := slices.Contains(filters[field], term) || slices.ContainsFunc(words, func(w string) bool {
				return slices.ContainsFunc(models.Words(term), func(part string) bool { return models.SearchedFor(part, w) })
			})
			if match {
				matched = append(matched, rowTerm{term, true})
			} else {
				rest = append(rest, rowTerm{term, false})
			}
		}
	}
	out := append(matched, rest...)
	return out[:min(len(out), maxRowTerms)]
}

// poolURL is the talent pool's address for a search.
func poolURL(v url.Values) string {
	if enc := v.Encode(); enc != "" {
		return "/recruit/talent?" + enc
	}
	return "/recruit/talent"
}

// filterChip is a filter in force, shown as a chip that removes it.
type filterChip struct {
	Field, Value string
	Remove       string // the search without it
}

// filterChips are the filters in force, each with the search without it.
func filterChips(text string, filters map[string][]string, contact, sort string) []filterChip {
	var out []filterChip
	for _, f := range talentFacets {
		for _, v := range filters[f] {
			without := maps.Clone(filters)
			without[f] = slices.DeleteFunc(slices.Clone(filters[f]), func(x string) bool { return x == v })
			out = append(out, filterChip{Field: f, Value: v, Remove: poolURL(talentValues(text, without, contact, sort))})
		}
	}
	if contact != "" {
		out = append(out, filterChip{Field: "last_contact", Value: contact, Remove: poolURL(talentValues(text, filters, "", sort))})
	}
	return out
}

type savedSearchView struct {
	models.SavedSearch
	New int // members who joined since the recruiter last looked
}

type talentData struct {
	Query            string
	Sort             string
	Sorts            []string
	Contact          string // the chosen last-contact range
	Rows             []talentRow
	Total            int
	Facets           []facetView
	ContactFacet     []facetValue
	Chips            []filterChip
	ClearURL         string // the search without its filters
	PrevURL, NextURL string
	SearchDown       bool
	URL              string // this search, to save and come back to
	Saved            []savedSearchView
	SaveName         string
	SaveErrors       models.FieldErrors
	Recruiters       []recruiter
	Bulk             bulkForm
	Names            map[string]string
	// The keys of the page's rendered parts (see views.Fragments): each
	// names everything its part shows.
	FacetsKey, RowsKey, BulkKey string
}

type bulkForm struct {
	Errors  models.FieldErrors
	Channel string
}

// TalentPool searches the members who let recruiters find them: as one
// types, one typo tolerated, with facets, sorts and pages, the search in
// the URL. Saved searches say how many joined since they were last opened.
func (h *Handler) TalentPool(c *fiber.Ctx) error {
	d, err := h.talentData(c)
	if err != nil {
		return err
	}
	if id := c.Query("saved"); id != "" {
		if err := h.Store.LookedAtSearch(c.UserContext(), auth.CurrentUser(c).ID, id, time.Now()); err != nil {
			return err
		}
	}
	return h.render(c, fiber.StatusOK, "pages/recruit_talent", h.page(c, "talent.title", "talent", d), "partials/talent_body")
}

func (h *Handler) talentData(c *fiber.Ctx) (*talentData, error) {
	ctx := c.UserContext()
	now := time.Now()
	d := &talentData{Query: textParam(c, "q", 200), Sort: c.Query("sort"), Sorts: talentSortOrder, Contact: c.Query("contact")}
	if _, ok := talentSorts[d.Sort]; !ok {
		d.Sort = ""
	}
	filters := chosenFilters(c, talentFacets)
	// The facets are counted apart from the page of members: they do not
	// change with the page or the order, so paging and sorting reuse them
	// (cached), and counting them is the costly part of a broad search.
	q := talentQuery(d.Query, filters, d.Contact, now)
	counted := make(chan search.Result, 1)
	fq := q
	fq.Facets, fq.Limit, fq.MaxAge = talentFacets, 1, talentFacetsAge
	fq.DateFacets = []search.DateFacet{{Field: "last_contact", Ranges: lastContactRanges(now)}}
	go func() {
		res, err := h.Index.Search(ctx, fq)
		if err != nil {
			h.Log.Warn("talent facets failed", "request_id", requestID(c), "err", err)
		}
		counted <- res
	}()
	q.SortBy = talentSorts[d.Sort]
	if q.SortBy == "" && d.Query == "" {
		q.SortBy = "-date"
	}
	page := pageParam(c)
	q.Limit, q.Offset = talentPerPage, (page-1)*talentPerPage
	res, err := h.Index.Search(ctx, q)
	if err != nil {
		h.Log.Warn("talent search failed", "request_id", requestID(c), "err", err)
		d.SearchDown = true
	}
	res.Facets = (<-counted).Facets
	rs, err := h.recruiters(ctx)
	if err != nil {
		d.SearchDown = true
	}
	d.Recruiters, d.Names = rs, names(rs)
	d.Total = res.Total
	for _, hit := range res.Hits {
		d.Rows = append(d.Rows, talentRow{Hit: hit, OwnerName: d.Names[hit.Owner], Terms: rowTerms(hit, d.Query, filters)})
	}
	d.Chips = filterChips(d.Query, filters, d.Contact, d.Sort)
	d.ClearURL = poolURL(talentValues(d.Query, nil, "", d.Sort))
	d.Facets = facetViews(talentFacets, res.Facets, filters)
	for _, r := range models.LastContactRanges { // in their own order, not by count
		n := 0
		for _, v := range res.Facets["last_contact"] {
			if v.Value == r.Name {
				n = v.Count
			}
		}
		d.ContactFacet = append(d.ContactFacet, facetValue{Value: r.Name, Count: n, Checked: r.Name == d.Contact})
	}
	d.FacetsKey, d.RowsKey, d.BulkKey = d.facetsKey(), d.rowsKey(), d.bulkKey()
	query := talentValues(d.Query, filters, d.Contact, d.Sort)
	d.URL = poolURL(query)
	d.PrevURL, d.NextURL = pager("/recruit/talent", query, page, talentPerPage, d.Total)
	d.Bulk.Channel = "event"
	saved, err := h.savedSearchViews(ctx, auth.CurrentUser(c).ID)
	if err != nil {
		return nil, err
	}
	d.Saved = saved
	return d, nil
}

// facetsKey names what the facets show: every value, count and tick, the
// chosen last contact, and the owners' names.
func (d *talentData) facetsKey() string {
	var b strings.Builder
	for _, f := range d.Facets {
		b.WriteString(f.Field)
		for _, v := range f.Values {
			b.WriteByte('|')
			b.WriteString(v.Value)
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(v.Count))
			if v.Checked {
				b.WriteByte('+')
			}
			if f.Field == "owner" {
				b.WriteString(d.Names[v.Value])
			}
		}
		b.WriteByte('\n')
	}
	b.WriteString(d.Contact)
	for _, v := range d.ContactFacet {
		b.WriteByte('|')
		b.WriteString(strconv.Itoa(v.Count))
	}
	return b.String()
}

// rowsKey names what a page of members shows of each.
func (d *talentData) rowsKey() string {
	var b strings.Builder
	b.WriteString(d.Query)
	b.WriteByte('\n')
	for _, r := range d.Rows {
		for _, s := range []string{r.Ref, r.Title, r.Subtitle, r.City, r.Availability, r.Engagement, r.OwnerName, strings.Join(r.Labels, ",")} {
			b.WriteString(s)
			b.WriteByte('|')
		}
		for _, t := range r.Terms {
			b.WriteString(t.Label)
			if t.Match {
				b.WriteByte('+')
			}
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(r.LastContact.Unix(), 10))
		b.WriteByte('\n')
	}
	return b.String()
}

// bulkKey names what the bulk form shows: the recruiters to assign.
func (d *talentData) bulkKey() string {
	var b strings.Builder
	b.WriteString(d.Bulk.Channel)
	for _, r := range d.Recruiters {
		b.WriteByte('|')
		b.WriteString(r.ID)
		b.WriteByte(':')
		b.WriteString(r.Name)
	}
	return b.String()
}

// talentQuery is a talent search: text, filters and a last-contact range.
func talentQuery(text string, filters map[string][]string, contact string, now time.Time) search.Query {
	// Every word must match (one typo each tolerated), best matches first:
	// "Kubernetes engineer" is an engineer who knows Kubernetes.
	q := search.TalentPool(search.Query{Text: text, AllWords: true, Filters: filters})
	for _, r := range lastContactRanges(now) {
		if r.Name == contact {
			q.Ranges = []search.DateRange{{Field: "last_contact", From: r.From, To: r.To}}
		}
	}
	return q
}

// lastContactRanges are the last-contact facet's buckets at now: never, or
// longer ago than three months, six months, a year.
func lastContactRanges(now time.Time) []search.NamedRange {
	out := make([]search.NamedRange, 0, len(models.LastContactRanges))
	for _, r := range models.LastContactRanges {
		if r.Months == 0 {
			out = append(out, search.NamedRange{Name: r.Name, To: search.Never.Add(time.Second)})
			continue
		}
		out = append(out, search.NamedRange{Name: r.Name, From: search.Never.Add(time.Second), To: now.AddDate(0, -r.Months, 0)})
	}
	return out
}

// talentValues is a talent search as a URL query.
func talentValues(text string, filters map[string][]string, contact, sort string) url.Values {
	v := url.Values{}
	if text != "" {
		v.Set("q", text)
	}
	for _, f := range talentFacets {
		for _, val := range filters[f] {
			v.Add(f, val)
		}
	}
	if contact != "" {
		v.Set("contact", contact)
	}
	if sort != "" {
		v.Set("sort", sort)
	}
	return v
}

// savedSearchViews are a recruiter's saved searches with how many members
// joined since each was last opened (counted by the index).
func (h *Handler) savedSearchViews(ctx context.Context, recruiterID string) ([]savedSearchView, error) {
	saved, err := h.Store.SavedSearches(ctx, recruiterID)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := make([]savedSearchView, 0, len(saved))
	for _, s := range saved {
		v := savedSearchView{SavedSearch: s}
		if values, err := url.ParseQuery(s.Query); err == nil {
			filters := map[string][]string{}
			for _, f := range talentFacets {
				if vals := values[f]; len(vals) > 0 {
					filters[f] = vals
				}
			}
			q := talentQuery(values.Get("q"), filters, values.Get("contact"), now)
			q.After, q.Limit, q.Fresh = s.LookedAt, 1, true
			if res, err := h.Index.Search(ctx, q); err == nil {
				v.New = res.Total
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// SaveSearch keeps the current talent search under a name.
func (h *Handler) SaveSearch(c *fiber.Ctx) error {
	name := cleanText(c.FormValue("name"), models.MaxTitleLen+1)
	query := strings.TrimPrefix(auth.SafeReturnPath(c.FormValue("search")), "/recruit/talent")
	query = strings.TrimPrefix(query, "?")
	errs := models.FieldErrors{}
	switch {
	case name == "":
		errs["name"] = models.FieldError{Key: "validation.required"}
	case len([]rune(name)) > models.MaxTitleLen:
		errs["name"] = models.FieldError{Key: "validation.too_long", Max: models.MaxTitleLen}
	}
	me := auth.CurrentUser(c).ID
	if !errs.Any() {
		err := h.Store.SaveSearch(c.UserContext(), me, models.SavedSearch{ID: newID(), Name: name, Query: query, LookedAt: time.Now()})
		if errors.Is(err, models.ErrLimit) {
			errs["name"] = models.FieldError{Key: "validation.too_many", Max: models.MaxSavedSearches}
		} else if err != nil {
			return err
		}
	}
	if errs.Any() {
		d, err := h.talentData(c)
		if err != nil {
			return err
		}
		d.SaveName, d.SaveErrors = name, errs
		return h.render(c, fiber.StatusUnprocessableEntity, "pages/recruit_talent", h.page(c, "talent.title", "talent", d))
	}
	h.setFlash(c, "flash.search_saved")
	return redirect(c, "/recruit/talent?"+query)
}

// DeleteSavedSearch forgets a saved search.
func (h *Handler) DeleteSavedSearch(c *fiber.Ctx) error {
	if err := h.Store.DeleteSavedSearch(c.UserContext(), auth.CurrentUser(c).ID, c.Params("saved")); err != nil {
		return err
	}
	h.setFlash(c, "flash.search_deleted")
	return redirect(c, "/recruit/talent")
}

// BulkTalent applies one action to the members ticked in the pool: a tag,
// an owner, or one touchpoint for all ("met at the meetup").
func (h *Handler) BulkTalent(c *fiber.Ctx) error {
	ctx := c.UserContext()
	back := auth.SafeReturnPath(c.FormValue("back"))
	if !strings.HasPrefix(back, "/recruit/talent") && !strings.HasPrefix(back, "/recruit?") { // the pool, or Today's groups
		back = "/recruit/talent"
	}
	var ids []string
	for _, v := range c.Context().PostArgs().PeekMulti("member") {
		if id := string(v); id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 || len(ids) > maxBulk {
		h.setFlash(c, "flash.bulk_choose")
		return redirect(c, back)
	}
	me := auth.CurrentUser(c)
	var change func(r *models.Relationship) (bool, error)
	by := me.ID
	var done string // the message that says what was done
	switch c.FormValue("action") {
	case "tag":
		tags, errs := models.CleanTags([]string{c.FormValue("tag")})
		if errs.Any() || len(tags) == 0 {
			h.setFlash(c, "flash.bulk_tag")
			return redirect(c, back)
		}
		done = "flash.bulk_tagged"
		change = func(r *models.Relationship) (bool, error) {
			if slices.Contains(r.Tags, tags[0]) || len(r.Tags) >= models.MaxTags {
				return false, nil
			}
			r.Tags = append(r.Tags, tags[0])
			return true, nil
		}
	case "assign":
		// "No owner" is a choice of its own: an untouched list (nothing
		// chosen) must not take everyone's owner away.
		chosen := c.FormValue("owner")
		if chosen == "" {
			h.setFlash(c, "flash.bulk_owner")
			return redirect(c, back)
		}
		done = "flash.bulk_assigned"
		if chosen == "none" {
			chosen, done = "", "flash.bulk_unassigned"
		}
		owner, ok, err := h.validOwner(ctx, chosen)
		if err != nil {
			return err
		}
		if !ok {
			h.setFlash(c, "flash.not_a_recruiter")
			return redirect(c, back)
		}
		by = owner
		change = func(r *models.Relationship) (bool, error) { r.Assign(owner); return true, nil }
	case "log":
		in := models.TouchpointInput{Channel: c.FormValue("channel"), Note: c.FormValue("note")}
		at, errs := in.Validate(time.Now(), i18n.Amsterdam())
		if errs.Any() {
			h.setFlash(c, "flash.bulk_log")
			return redirect(c, back)
		}
		batch := newID()
		done = "flash.bulk_logged"
		change = func(r *models.Relationship) (bool, error) {
			return r.Record(models.Touchpoint{ID: batch + "|" + r.ID, CandidateID: r.ID, RecruiterID: me.ID, Kind: models.KindContact,
				Channel: in.Channel, Note: in.Note, At: at}, false), nil
		}
	default:
		return fiber.ErrBadRequest
	}
	for _, id := range ids {
		if _, err := h.talentMemberByID(ctx, id); err != nil {
			continue // not in the pool (any more): nothing to do for them
		}
		if _, err := h.Store.ChangeRelationship(ctx, id, by, change); err != nil {
			return err
		}
	}
	h.setFlash(c, done)
	return redirect(c, back)
}
