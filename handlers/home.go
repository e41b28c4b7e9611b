package handlers

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/logo"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// published keeps drafts and archived articles out of lists.
var published = map[string][]string{"status": {models.ArticlePublished}}

// landingData is what a visitor sees of the community before joining:
// what is inside, and how many are in it.
type landingData struct {
	Events, Vacancies, Articles []search.Hit
	Members                     int64
}

type dashboardData struct {
	Matches, NearMatches []models.RankedVacancy
	MatchesKey           string // names the matches as shown: their cards are rendered once per key
	Events, Articles     []search.Hit
	EventsMatched        bool // the events are chosen by the member's interests
	Stats                *poolStats
	Percent              int // profile completeness
	SearchDown           bool
	// Interested are the vacancies the member said they are interested in,
	// newest first, from their timeline.
	Interested []models.Touchpoint
}

type poolStats struct {
	Members, Vacancies, Events, Articles int
}

// Home is the landing page for visitors and the dashboard for members.
func (h *Handler) Home(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u := auth.CurrentUser(c)
	if u == nil {
		return h.landing(c)
	}
	d := dashboardData{
		Articles: h.hits(ctx, search.Query{Kinds: []string{"articles"}, Filters: published, Newest: true, Limit: 3}),
	}
	d.Events, d.EventsMatched = h.eventsForYou(ctx, u)
	r, err := h.Store.Relationship(ctx, u.ID)
	if err != nil {
		return err
	}
	d.Interested = r.Touchpoints(models.KindInterestExpressed, 5)
	d.Percent, _ = models.Completeness(u)
	// Without skills or interests nothing matches, and the page says how to
	// get matches. Staff are not talent: their page has no matches.
	if !u.IsRecruiter() {
		strong, near, err := h.forYou(ctx, u, 5)
		if err != nil {
			h.Log.Warn("search unavailable for the feed", "err", err)
			d.SearchDown = true
		}
		d.Matches, d.NearMatches = strong, near
		d.MatchesKey = matchesKey(strong, near)
	}
	if u.Has(models.RoleRecruiter) {
		stats, err := h.poolStats(ctx)
		if err != nil {
			return err
		}
		d.Stats = stats
	}
	return h.render(c, fiber.StatusOK, "pages/dashboard", h.page(c, "dashboard.page_title", "home", d))
}

// landing shows a visitor whose community this is, why to join, and what
// is inside: the newest vacancies and articles, the next events, and how
// many members (a counter, not a count of the collection).
func (h *Handler) landing(c *fiber.Ctx) error {
	ctx := c.UserContext()
	d := landingData{
		Events:    h.hits(ctx, upcomingEvents(nil)),
		Vacancies: h.hits(ctx, search.Query{Kinds: []string{"vacancies"}, Filters: map[string][]string{"status": {models.VacancyOpen}}, Newest: true, Limit: 3}),
		Articles:  h.hits(ctx, search.Query{Kinds: []string{"articles"}, Filters: published, Newest: true, Limit: 3}),
	}
	members, err := h.Store.CountUsers(ctx)
	if err != nil {
		return err
	}
	d.Members = members
	p := h.page(c, "landing.page_title", "home", d)
	p.Meta = &Meta{Description: p.L.T("landing.lead"), URL: h.Cfg.BaseURL.String() + "/", Type: "website"}
	if p.Brand.LogoType == logo.PNG { // link previews show a PNG, not an SVG
		p.Meta.Image = h.Cfg.BaseURL.String() + "/brand/logo?v=" + strconv.FormatInt(p.Brand.Version, 10)
	}
	return h.render(c, fiber.StatusOK, "pages/landing", p)
}

// upcomingEvents asks for the next three events (with any of the tags).
func upcomingEvents(tags []string) search.Query {
	return search.Query{Kinds: []string{string(store.KindEvent)}, Tags: tags, Filters: map[string][]string{"status": {models.EventPublished}},
		After: time.Now(), Oldest: true, Limit: 3}
}

// eventsForYou picks the next events on the member's interests (and
// skills, as meetups are often about a technology); with none of those, the
// next events at all.
func (h *Handler) eventsForYou(ctx context.Context, u *models.User) ([]search.Hit, bool) {
	if tags := append(append([]string{}, u.Interests...), u.Skills...); len(tags) > 0 {
		if hits := h.hits(ctx, upcomingEvents(tags)); len(hits) > 0 {
			return hits, true
		}
	}
	return h.hits(ctx, upcomingEvents(nil)), false
}

// hits asks the index and degrades to nothing when search is down: the page
// still renders, and /readyz reports the outage.
func (h *Handler) hits(ctx context.Context, q search.Query) []search.Hit {
	res, err := h.Index.Search(ctx, q)
	if err != nil {
		h.Log.Warn("search unavailable for a page section", "err", err)
		return nil
	}
	return res.Hits
}

func (h *Handler) poolStats(ctx context.Context) (*poolStats, error) {
	members, err := h.Store.CountUsers(ctx)
	if err != nil {
		return nil, err
	}
	s := &poolStats{Members: int(members)}
	count := func(kind string, after time.Time) int {
		res, err := h.Index.Search(ctx, search.Query{Kinds: []string{kind}, After: after, Limit: 1})
		if err != nil {
			return 0
		}
		return res.Total
	}
	s.Vacancies = count("vacancies", time.Time{})
	s.Events = count(string(store.KindEvent), time.Now())
	s.Articles = count("articles", time.Time{})
	return s, nil
}

// matchesKey names the strong and near matches as their cards show them:
// each vacancy's id and version, its score and its reasons.
func matchesKey(lists ...[]models.RankedVacancy) string {
	var b strings.Builder
	for _, list := range lists {
		b.WriteByte('#')
		for _, r := range list {
			b.WriteString("|" + r.Vacancy.ID + "@" + strconv.FormatInt(r.Vacancy.Version, 10) + ":" + strconv.Itoa(r.Match.Score))
			for _, reason := range r.Match.Reasons {
				b.WriteString(":" + reason.Kind)
				for _, term := range reason.Terms {
					b.WriteString("=" + strconv.Quote(term)) // quoted: no two reason lists read alike
				}
			}
		}
	}
	return b.String()
}
