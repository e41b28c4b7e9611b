package handlers

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
)

const todayPerPage = 50

// todayFilters are whose members Today shows.
var todayFilters = []string{"mine", "unassigned", "everyone"}

// todayRow is one member on Today, with why.
type todayRow struct {
	U         *models.User
	R         *models.Relationship
	Kind      string // models.TodaySignal or TodayRhythm
	Signals   []models.Signal
	Milestone *models.Signal // a milestone to congratulate on, if one is open
	Rhythm    string
	OwnRhythm bool // the rhythm is the member's own choice
	Overdue   int  // days past due
	LastDays  int  // days since the last contact
	Contacted bool
	Reachable bool
	// Key names what the row shows (with the page's language, form token
	// and return path): the member's and the relationship's versions and the
	// day, as "2 days ago" moves with it. See views.Fragments.
	Key string
}

// todayGroup is members with the same news, such as nine who checked in at
// one meetup: handled together, with one contact logged for all of them.
type todayGroup struct {
	Kind, Title string
	Rows        []todayRow
}

// groupableSignals are the news many members share at once.
var groupableSignals = []string{models.KindEventAttended, models.KindEventJoined, models.KindInterestExpressed}

// minTodayGroup is how many members with the same news make a group.
const minTodayGroup = 3

// groupToday takes the members whose only news is the same shared news
// (the same kind about the same event or vacancy) out of the rows, as
// groups, when there are enough of them. A member with other news too keeps
// their own row: a contact logged for the group would answer that as well.
func groupToday(rows []todayRow) (groups []todayGroup, rest []todayRow) {
	type key struct{ kind, subject string }
	// The same news is the same kind about the same event or vacancy: its
	// id ends the signal's (kind|member|subject), so two events of one name
	// stay apart and an event renamed between two check-ins does not split.
	keyOf := func(s models.Signal) key {
		parts := strings.SplitN(s.ID, "|", 3)
		return key{s.Kind, parts[len(parts)-1]}
	}
	byKey := map[key][]int{}
	var order []key
	for i, r := range rows {
		if r.Kind != models.TodaySignal || len(r.Signals) == 0 || !slices.Contains(groupableSignals, r.Signals[0].Kind) {
			continue
		}
		k := keyOf(r.Signals[0])
		if slices.ContainsFunc(r.Signals, func(s models.Signal) bool { return keyOf(s) != k }) {
			continue
		}
		if byKey[k] == nil {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], i)
	}
	grouped := map[int]bool{}
	for _, k := range order {
		if len(byKey[k]) < minTodayGroup {
			continue
		}
		g := todayGroup{Kind: k.kind, Title: rows[byKey[k][0]].Signals[0].Title}
		for _, i := range byKey[k] {
			g.Rows, grouped[i] = append(g.Rows, rows[i]), true
		}
		groups = append(groups, g)
	}
	for i, r := range rows {
		if !grouped[i] {
			rest = append(rest, r)
		}
	}
	return groups, rest
}

type todayData struct {
	Filter           string
	Filters          []string
	Groups           []todayGroup
	Rows             []todayRow
	Signals, Due     int
	PrevURL, NextURL string
	SearchDown       bool
	Back             string // this page, to come back to after an action
	BackQuery        string // Back, escaped for a query string
	Tomorrow         string // the earliest date to snooze to
	Counts           todayCounts
}

// Today is the recruiter's home: who to contact now and why. Signals
// first (newest first), then those due by their rhythm, most overdue first.
// The index says who; each row is checked against the member's own
// documents, so someone handled a moment ago is not shown again.
func (h *Handler) Today(c *fiber.Ctx) error {
	ctx := c.UserContext()
	me := auth.CurrentUser(c)
	d := todayData{Filter: c.Query("filter", "mine"), Filters: todayFilters}
	if !slices.Contains(todayFilters, d.Filter) {
		d.Filter = "mine"
	}
	now := time.Now()
	page := pageParam(c)
	offset := (page - 1) * todayPerPage
	signals, err := h.Index.Search(ctx, todayQuery(models.TodaySignal, d.Filter, me.ID, now, offset, todayPerPage))
	if err != nil {
		h.Log.Warn("search unavailable for Today", "request_id", requestID(c), "err", err)
		d.SearchDown = true
	}
	d.Signals = signals.Total
	// The page continues with the members due where the signals end.
	dueOffset, dueLimit := max(offset-d.Signals, 0), todayPerPage-len(signals.Hits)
	due, err := h.Index.Search(ctx, todayQuery(models.TodayRhythm, d.Filter, me.ID, now, dueOffset, max(dueLimit, 1)))
	if err != nil {
		d.SearchDown = true
	}
	d.Due = due.Total
	hits := signals.Hits
	if dueLimit > 0 {
		hits = append(hits, due.Hits...)
	}
	if d.Rows, err = h.todayRows(ctx, hits, now); err != nil {
		return err
	}
	d.Groups, d.Rows = groupToday(d.Rows)
	d.Back = "/recruit?" + url.Values{"filter": {d.Filter}}.Encode()
	d.BackQuery = url.QueryEscape(d.Back)
	d.PrevURL, d.NextURL = pager("/recruit", url.Values{"filter": {d.Filter}}, page, todayPerPage, d.Signals+d.Due)
	d.Tomorrow = now.AddDate(0, 0, 1).Format(time.DateOnly)
	return h.render(c, fiber.StatusOK, "pages/recruit_today", h.page(c, "today.title", "today", d))
}

// todayQuery asks the index for one part of Today for the filter.
func todayQuery(kind, filter, me string, now time.Time, offset, limit int) search.Query {
	owner := ""
	switch filter {
	case "mine":
		owner = me
	case "unassigned":
		owner = search.NoOwner
	}
	q := search.TodayQuery(kind, owner, now)
	q.Limit, q.Offset = limit, offset
	return q
}

// todayRows reads each member found and says why they are on Today,
// leaving out whoever is no longer (handled since the index saw them).
func (h *Handler) todayRows(ctx context.Context, hits []search.Hit, now time.Time) ([]todayRow, error) {
	rows := make([]todayRow, 0, len(hits))
	horizon := search.EndOfDay(now)
	refs := make([]string, len(hits))
	for i, hit := range hits {
		refs[i] = hit.Ref
	}
	users, err := h.Store.UsersByID(ctx, refs) // shared, decoded once: read only
	if err != nil {
		return nil, err
	}
	day := now.Format(time.DateOnly)
	for i := range users {
		u := &users[i]
		r, err := h.Store.Relationship(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		on := models.OnToday(u, r)
		if on.Kind == "" || on.At.After(horizon) || on.Kind == models.TodaySignal && on.At.After(now) {
			continue
		}
		row := todayRow{U: u, R: r, Kind: on.Kind, Signals: models.VisibleSignals(u, r), Reachable: models.Reachable(u),
			Rhythm: models.EffectiveRhythm(u, r), Overdue: models.DaysSince(on.At, now)}
		row.OwnRhythm = row.Rhythm == models.CandidateRhythm(u)
		row.Key = u.ID + "|" + strconv.FormatInt(u.Version, 10) + "|" + strconv.FormatInt(r.Version, 10) + "|" + day
		if r.LastContact != nil {
			row.Contacted, row.LastDays = true, models.DaysSince(r.LastContact.At, now)
		}
		for i, s := range row.Signals {
			if s.MilestoneID != "" {
				row.Milestone = &row.Signals[i]
				break
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// todayTotals counts the members with a signal and those due now, for a
// filter; ok is false when search could not say (a count it missed is 0).
func (h *Handler) todayTotals(ctx context.Context, filter, me string) (signals, due int, ok bool) {
	now := time.Now()
	ok = true
	for kind, n := range map[string]*int{models.TodaySignal: &signals, models.TodayRhythm: &due} {
		res, err := h.Index.Search(ctx, todayQuery(kind, filter, me, now, 0, 1))
		if err != nil {
			ok = false
			continue
		}
		*n = res.Total
	}
	return signals, due, ok
}

// todayCount is the number on the Today badge: the recruiter's own members
// with a signal or due now (0 when search cannot say).
func (h *Handler) todayCount(ctx context.Context, me string) int {
	signals, due, ok := h.todayTotals(ctx, "mine", me)
	if !ok {
		return 0
	}
	return signals + due
}

// todayDone is what an action on a row of Today did, said where the row
// was: "Logged · Undo".
type todayDone struct {
	U    *models.User
	Kind string // what was done: "contact", "snooze" or "congratulated"
	// Message is the flash a plain form gets.
	Message string
	// Undo takes it back: "contact" (with Touchpoint) or "snooze"; "" when
	// it cannot be (a congratulation went to the member).
	Undo, Touchpoint string
	Back             string
	Counts           todayCounts
}

// todayCounts are Today's figures for one filter, sent along with each
// change so the page's numbers follow.
type todayCounts struct {
	Signals, Due int
	Badge        int
}

// countsFor counts Today for the filter the recruiter was looking at.
func (h *Handler) countsFor(ctx context.Context, me, back string) todayCounts {
	filter := "mine"
	if u, err := url.Parse(back); err == nil && slices.Contains(todayFilters, u.Query().Get("filter")) {
		filter = u.Query().Get("filter")
	}
	var c todayCounts
	var ok bool
	c.Signals, c.Due, ok = h.todayTotals(ctx, filter, me)
	switch {
	case filter != "mine":
		c.Badge = h.todayCount(ctx, me)
	case ok: // the badge counts the recruiter's own: the same figures
		c.Badge = c.Signals + c.Due
	}
	return c
}

// handled answers an action taken on a row of Today: htmx gets, where the
// row was, what was done with a way to undo it, and the new counts; a plain
// form goes back with a message.
func (h *Handler) handled(c *fiber.Ctx, done todayDone, back string) error {
	if isFragment(c) && c.FormValue("from") == "today" {
		// The form may sit inside the row: the row is answered, whatever was targeted.
		c.Set("HX-Retarget", "closest .today-row")
		c.Set("HX-Reswap", "outerHTML")
		// The index follows the change within moments; count once it has.
		h.syncSoon(c.UserContext())
		done.Back, done.Counts = back, h.countsFor(c.UserContext(), auth.CurrentUser(c).ID, back)
		return h.render(c, fiber.StatusOK, "partials/today_done", h.page(c, "today.title", "today", done))
	}
	h.setFlash(c, done.Message)
	return redirect(c, back)
}

// UndoToday takes back what was just done on a row of Today: a contact
// logged (its signals open again) or a snooze. htmx gets the row back.
func (h *Handler) UndoToday(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	switch c.FormValue("undo") {
	case "contact":
		ok, err := h.Store.UndoContact(ctx, u.ID, c.FormValue("touchpoint"))
		if err != nil {
			return err
		}
		if !ok {
			return fiber.NewError(fiber.StatusConflict, "too late to undo")
		}
	case "snooze":
		if _, err := h.Store.ChangeRelationship(ctx, u.ID, auth.CurrentUser(c).ID, func(r *models.Relationship) (bool, error) {
			r.SnoozedUntil = time.Time{}
			return true, nil
		}); err != nil {
			return err
		}
	default:
		return fiber.ErrBadRequest
	}
	back := h.backTo(c, u.ID)
	if !isFragment(c) || c.FormValue("from") != "today" {
		h.setFlash(c, "flash.undone")
		return redirect(c, back)
	}
	h.syncSoon(ctx)
	now := time.Now()
	rows, err := h.todayRows(ctx, []search.Hit{{Document: search.Document{Ref: u.ID}}}, now)
	if err != nil {
		return err
	}
	d := todayData{Rows: rows, Back: back, BackQuery: url.QueryEscape(back), Tomorrow: now.AddDate(0, 0, 1).Format(time.DateOnly)}
	d.Counts = h.countsFor(ctx, auth.CurrentUser(c).ID, back)
	return h.render(c, fiber.StatusOK, "partials/today_undone", h.page(c, "today.title", "today", d))
}

// Snooze holds a member off Today for a week, a month or until a date.
func (h *Handler) Snooze(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	now := time.Now()
	var until time.Time
	switch c.FormValue("for") {
	case "week":
		until = now.AddDate(0, 0, 7)
	case "month":
		until = now.AddDate(0, 1, 0)
	default:
		t, err := time.ParseInLocation(time.DateOnly, c.FormValue("date"), time.Local)
		if err != nil || !t.After(now) || t.After(now.AddDate(1, 0, 0)) {
			h.setFlash(c, "flash.snooze_date")
			return redirect(c, h.backTo(c, u.ID))
		}
		until = t
	}
	_, err = h.Store.ChangeRelationship(c.UserContext(), u.ID, auth.CurrentUser(c).ID, func(r *models.Relationship) (bool, error) {
		r.SnoozedUntil = until
		return true, nil
	})
	if err != nil {
		return err
	}
	return h.handled(c, todayDone{U: u, Kind: "snooze", Message: "flash.snoozed", Undo: "snooze"}, h.backTo(c, u.ID))
}

// backTo is where an action goes back to: the page it came from (a path
// of ours), else the member's page.
func (h *Handler) backTo(c *fiber.Ctx, memberID string) string {
	if back := c.FormValue("back"); back != "" {
		return auth.SafeReturnPath(back)
	}
	return talentURL(memberID)
}

// talentURL is a member's page in the recruiters' workspace.
func talentURL(memberID string) string { return "/recruit/talent/" + url.PathEscape(memberID) }
