package handlers

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/calendar"
	"github.com/talentcommunity/portal/models"
)

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
	return h.sendCalendar(c, e.Title, []calendar.Entry{h.calendarEntry(c.UserContext(), e, e.ShowsOnlineLink(u), waiting)})
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
		entries[i] = h.calendarEntry(c.UserContext(), e, r.Attending && e.OnlineURL != "", r.Position > 0)
	}
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	return h.sendCalendar(c, h.localizer(c).T("events.feed_name", "Community", h.brand(c.UserContext()).Name), entries)
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

func (h *Handler) calendarEntry(ctx context.Context, e *models.Event, withLink, waiting bool) calendar.Entry {
	b := h.brand(ctx)
	return calendar.Entry{Event: e, PageURL: h.eventURL(e.ID), WithOnlineLink: withLink, Waiting: waiting,
		Organizer: calendar.Organizer{Name: b.Name, Email: b.ContactEmail}}
}

func (h *Handler) feedURL(token string) string {
	return h.Cfg.BaseURL.String() + "/calendar/" + token + ".ics"
}
