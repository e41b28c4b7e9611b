package handlers

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/calendar"
	"github.com/talentcommunity/portal/markdown"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

type eventData struct {
	E               *models.Event
	Description     markdown.HTML
	RSVP            models.RSVP
	Closed          string // why joining is closed (a message key); empty while open
	Past            bool
	OnlineLink      bool // the viewer may see the online link
	Google, Outlook string
	Message         string // the outcome of a join or leave, shown in the answer box
	// Visit is the guest token of a walk-in's invitation, while their visit
	// waits to be added to their profile.
	Visit string
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
	if token := c.Query("guest"); token != "" {
		if id, email, ok := models.ParseGuestToken(h.Cfg.Secret, token); ok && id == e.ID {
			if _, waiting := e.Guest(email); waiting {
				d.Visit = token
			}
		}
	}
	entry := h.calendarEntry(c.UserContext(), e, d.OnlineLink, false)
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
	if e, err := h.Store.Event(ctx, id); err == nil {
		// A place is joining; the waitlist is waiting (moving up records the join).
		u, kind := auth.CurrentUser(c), models.KindEventJoined
		if !r.Attending {
			kind = models.KindEventWaitlisted
		}
		h.touch(c, models.Touchpoint{ID: models.TouchpointID(kind, u.ID, id), CandidateID: u.ID,
			Kind: kind, EventID: id, Title: e.Title, At: time.Now()})
	}
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
	if len(promoted) > 0 {
		h.Log.Info("promoted from the waitlist", "request_id", requestID(c), "event", id, "count", len(promoted))
	}
	return h.afterRSVP(c, id, "flash.event_left")
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

func (h *Handler) eventURL(id string) string { return h.Cfg.BaseURL.String() + "/events/" + id }

// clipText shortens Markdown source to a plain summary for link previews.
func clipText(s string, n int) string {
	return models.Clip(strings.Join(strings.Fields(strings.NewReplacer("#", "", "*", "", "_", "", "`", "").Replace(s)), " "), n)
}
