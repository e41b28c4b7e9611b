package handlers

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/calendar"
	"github.com/talentcommunity/portal/markdown"
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
	d := eventsData{Query: strings.TrimSpace(c.Query("q")), Past: c.Query("when") == "past"}
	if len(d.Query) > 200 {
		d.Query = d.Query[:200]
	}
	filters := chosenFilters(c, eventFacets)
	d.Filtered = len(filters) > 0
	filters["status"] = []string{models.EventPublished}
	page, _ := strconv.Atoi(c.Query("page"))
	page = max(page, 1)
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

type eventData struct {
	E               *models.Event
	Description     markdown.HTML
	RSVP            models.RSVP
	Closed          string // why joining is closed (a message key); empty while open
	Past            bool
	OnlineLink      bool // the viewer may see the online link
	Google, Outlook string
	Message         string // the outcome of a join or leave, shown in the answer box
}

// Event shows one event with where the viewer stands and how to join.
func (h *Handler) Event(c *fiber.Ctx) error {
	e, err := h.Store.Event(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return h.renderEvent(c, e)
}

func (h *Handler) renderEvent(c *fiber.Ctx, e *models.Event) error {
	u := auth.CurrentUser(c)
	now := time.Now()
	d := eventData{E: e, Description: markdown.Render(e.Description), Closed: e.CanJoin(now), Past: e.Past(now),
		OnlineLink: e.ShowsOnlineLink(u)}
	if u != nil {
		d.RSVP = e.RSVPOf(u.ID)
	}
	d.Message, _ = c.Locals(localRSVPMessage).(string)
	entry := h.calendarEntry(e, d.OnlineLink, false)
	d.Google, d.Outlook = calendar.GoogleURL(entry), calendar.OutlookURL(entry)
	p := h.page(c, "events.title", "events", d)
	p.Title = e.Title
	p.Meta = &Meta{Description: clipText(e.Description, 200), URL: h.eventURL(e.ID), Image: e.CoverURL, Type: "website"}
	return h.render(c, fiber.StatusOK, "pages/event", p, "partials/event_rsvp")
}

// JoinEvent gives the member a place or a place on the waitlist. htmx gets
// the updated answer box; a plain form goes back to the event with a message.
func (h *Handler) JoinEvent(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := c.Params("id")
	r, err := h.Store.JoinEvent(ctx, id, auth.CurrentUser(c).ID, time.Now())
	var closed store.ErrEventClosed
	switch {
	case errors.As(err, &closed):
		return h.afterRSVP(c, id, closed.Reason)
	case err != nil:
		return err
	}
	h.Log.Info("event joined", "request_id", requestID(c), "event", id, "attending", r.Attending, "position", r.Position)
	h.convertReferral(c, auth.CurrentUser(c), models.TargetEvent, id, models.ConversionJoin)
	if r.Attending {
		return h.afterRSVP(c, id, "flash.event_joined")
	}
	return h.afterRSVP(c, id, "flash.event_waitlisted")
}

// LeaveEvent gives up the member's place; the first person waiting moves up
// and is told.
func (h *Handler) LeaveEvent(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := c.Params("id")
	promoted, err := h.Store.LeaveEvent(ctx, id, auth.CurrentUser(c).ID, time.Now())
	if err != nil {
		return err
	}
	if err := h.notifyPromoted(ctx, id, promoted); err != nil {
		return err
	}
	return h.afterRSVP(c, id, "flash.event_left")
}

// notifyPromoted tells the people who moved up from the waitlist.
func (h *Handler) notifyPromoted(ctx context.Context, eventID string, promoted []string) error {
	if len(promoted) == 0 {
		return nil
	}
	e, err := h.Store.Event(ctx, eventID)
	if err != nil {
		return err
	}
	now := time.Now()
	for _, userID := range promoted {
		n := models.EventNotification(models.KindEventPromoted, e, userID, now)
		n.ID += "|" + newID() // one can move up again after leaving and rejoining
		if _, err := h.Store.Notify(ctx, n); err != nil {
			return err
		}
	}
	h.Log.Info("promoted from the waitlist", "event", eventID, "count", len(promoted))
	return nil
}

// afterRSVP answers a join or leave: the fresh answer box for htmx, with
// the message in it; otherwise the event page with the message as a flash.
func (h *Handler) afterRSVP(c *fiber.Ctx, eventID, message string) error {
	if !isFragment(c) {
		h.setFlash(c, message)
		return redirect(c, "/events/"+eventID)
	}
	e, err := h.Store.Event(c.UserContext(), eventID)
	if err != nil {
		return err
	}
	c.Locals(localRSVPMessage, message)
	return h.renderEvent(c, e)
}

// localRSVPMessage carries the outcome of a join or leave into the answer box.
const localRSVPMessage = "rsvp.message"

// EventICS downloads one event for a calendar; the online link is in it
// only for those who may see it.
func (h *Handler) EventICS(c *fiber.Ctx) error {
	e, err := h.Store.Event(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	u := auth.CurrentUser(c)
	waiting := u != nil && e.RSVPOf(u.ID).Position > 0
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+models.Slug(e.Title)+`.ics"`)
	return h.sendCalendar(c, e.Title, []calendar.Entry{h.calendarEntry(e, e.ShowsOnlineLink(u), waiting)})
}

// CalendarFeed is a member's personal feed of the events they joined, at a
// secret address calendar apps subscribe to (they send no cookies).
func (h *Handler) CalendarFeed(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u, err := h.Store.UserByCalendarToken(ctx, c.Params("token"))
	if err != nil {
		return err // an unknown token is a 404, like any other address
	}
	events, err := h.Store.EventsJoinedBy(ctx, u.ID)
	if err != nil {
		return err
	}
	entries := make([]calendar.Entry, len(events))
	for i := range events {
		e := &events[i]
		r := e.RSVPOf(u.ID)
		entries[i] = h.calendarEntry(e, r.Attending && e.OnlineURL != "", r.Position > 0)
	}
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	return h.sendCalendar(c, h.localizer(c).T("events.feed_name"), entries)
}

// NewCalendarToken gives the member's feed a (new) secret address; the old
// one stops working.
func (h *Handler) NewCalendarToken(c *fiber.Ctx) error {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	if err := h.Store.SetCalendarToken(c.UserContext(), auth.CurrentUser(c).ID, base64.RawURLEncoding.EncodeToString(b)); err != nil {
		return err
	}
	h.setFlash(c, "flash.calendar_token")
	return redirect(c, "/events") // not "#my-calendar": a same-page anchor would not reload
}

func (h *Handler) sendCalendar(c *fiber.Ctx, name string, entries []calendar.Entry) error {
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	return calendar.Write(c.Response().BodyWriter(), name, h.Cfg.BaseURL.Hostname(), entries, time.Now())
}

func (h *Handler) calendarEntry(e *models.Event, withLink, waiting bool) calendar.Entry {
	return calendar.Entry{Event: e, PageURL: h.eventURL(e.ID), WithOnlineLink: withLink, Waiting: waiting}
}

func (h *Handler) eventURL(id string) string { return h.Cfg.BaseURL.String() + "/events/" + id }

func (h *Handler) feedURL(token string) string {
	return h.Cfg.BaseURL.String() + "/calendar/" + token + ".ics"
}

// clipText shortens Markdown source to a plain summary for link previews.
func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(strings.NewReplacer("#", "", "*", "", "_", "", "`", "").Replace(s)), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
