package handlers

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

const eventsPerPage = 20

// eventFacets are the filters the events page offers, in page order.
var eventFacets = []string{"format", "city", "tags"}

// eventCard is an event in a list, with where the viewer stands.
type eventCard struct {
	E    *models.Event
	RSVP models.RSVP
}

type eventsData struct {
	Query            string
	Past             bool
	Cards            []eventCard
	CardsKey         string // names the cards as shown: they are rendered once per key
	Total            int
	Facets           []facetView
	PrevURL, NextURL string
	SearchDown       bool
	Filtered         bool
	Mine             []eventCard // the viewer's upcoming events
	FeedURL          string      // the viewer's calendar feed, once they made one
}

// Events lists upcoming events (or past ones), searchable and filtered by
// format, city and interest; a member also sees the events they joined and
// their calendar feed. htmx swaps only the results as one types.
func (h *Handler) Events(c *fiber.Ctx) error {
	ctx := c.UserContext()
	now := time.Now()
	d := eventsData{Query: textParam(c, "q", 200), Past: c.Query("when") == "past"}
	filters := chosenFilters(c, eventFacets)
	d.Filtered = len(filters) > 0
	filters["status"] = []string{models.EventPublished}
	page := pageParam(c)
	q := search.Query{Text: d.Query, Kinds: []string{string(store.KindEvent)}, Filters: filters, Facets: eventFacets,
		Limit: eventsPerPage, Offset: (page - 1) * eventsPerPage}
	if d.Past {
		q.Before, q.Newest = now, true
	} else {
		q.After, q.Oldest = now, true
	}
	res, err := h.Index.Search(ctx, q)
	if err != nil {
		h.Log.Warn("event search failed", "request_id", requestID(c), "err", err)
		d.SearchDown = true
	}
	u := auth.CurrentUser(c)
	if d.Cards, err = h.eventCards(ctx, res.Hits, u); err != nil {
		return err
	}
	d.CardsKey = eventCardsKey(d.Query, d.Cards)
	d.Total = res.Total
	d.Facets = facetViews(eventFacets, res.Facets, filters)
	query := url.Values{"q": {d.Query}}
	if d.Past {
		query.Set("when", "past")
	}
	for _, f := range eventFacets {
		query[f] = filters[f]
	}
	d.PrevURL, d.NextURL = pager("/events", query, page, eventsPerPage, d.Total)
	if u != nil && !isFragment(c) {
		joined, err := h.Store.EventsJoinedBy(ctx, u.ID)
		if err != nil {
			return err
		}
		for i := range joined {
			if e := &joined[i]; !e.Past(now) {
				d.Mine = append(d.Mine, eventCard{E: e, RSVP: e.RSVPOf(u.ID)})
			}
		}
		if u.CalendarToken != "" {
			d.FeedURL = h.feedURL(u.CalendarToken)
		}
	}
	return h.render(c, fiber.StatusOK, "pages/events", h.page(c, "events.title", "events", d), "partials/event_search_body")
}

// eventCards reads the events behind search hits, in the hits' order, so
// places left and the viewer's own status are current.
func (h *Handler) eventCards(ctx context.Context, hits []search.Hit, u *models.User) ([]eventCard, error) {
	ids := make([]string, len(hits))
	for i, hit := range hits {
		ids[i] = hit.Ref
	}
	events, err := h.Store.EventsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*models.Event, len(events))
	for i := range events {
		byID[events[i].ID] = &events[i]
	}
	viewer := ""
	if u != nil {
		viewer = u.ID
	}
	var cards []eventCard
	for _, id := range ids {
		if e, ok := byID[id]; ok {
			cards = append(cards, eventCard{E: e, RSVP: e.RSVPOf(viewer)})
		}
	}
	return cards, nil
}

// eventCardsKey names a page of event cards as they show: the query (which
// they highlight), each event's id and version, and where the viewer stands.
func eventCardsKey(query string, cards []eventCard) string {
	var b strings.Builder
	b.WriteString(query)
	for _, c := range cards {
		b.WriteString("|" + c.E.ID + "@" + strconv.FormatInt(c.E.Version, 10) + ":" +
			strconv.FormatBool(c.RSVP.Attending) + ":" + strconv.Itoa(c.RSVP.Position))
	}
	return b.String()
}
