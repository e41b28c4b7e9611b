package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

type recruitEventsData struct {
	Events []models.Event
	Now    time.Time
}

// RecruitEvents lists every event, latest first, for recruiters.
func (h *Handler) RecruitEvents(c *fiber.Ctx) error {
	ctx := c.UserContext()
	refs, err := h.recruiterList(ctx, store.KindEvent)
	if err != nil {
		return err
	}
	es, err := h.Store.EventsByID(ctx, refs)
	if err != nil {
		return err
	}
	es = newestFirst(es, func(e models.Event) time.Time { return e.StartsAt })
	return h.render(c, fiber.StatusOK, "pages/recruit_events", h.page(c, "recruit.events.title", "recruit", recruitEventsData{Events: es, Now: time.Now()}))
}

type eventFormData struct {
	ID     string // empty for a new event
	Event  *models.Event
	Form   models.EventInput
	Errors models.FieldErrors
}

// NewEvent shows an empty event form: an evening in person, in the
// community's zone, by default.
func (h *Handler) NewEvent(c *fiber.Ctx) error {
	d := eventFormData{Form: models.EventInput{TimeZone: models.DefaultTimeZone, Mode: "in_person"}, Errors: models.FieldErrors{}}
	return h.renderEventForm(c, fiber.StatusOK, d)
}

// EditEvent shows an event's form, its times in its own zone.
func (h *Handler) EditEvent(c *fiber.Ctx) error {
	e, err := h.Store.Event(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	d := eventFormData{ID: e.ID, Event: e, Form: models.EventInputFrom(e), Errors: models.FieldErrors{}}
	return h.renderEventForm(c, fiber.StatusOK, d)
}

func (h *Handler) renderEventForm(c *fiber.Ctx, status int, d eventFormData) error {
	return h.render(c, status, "pages/recruit_event_form", h.page(c, "recruit.event.title", "recruit", d))
}

// SaveEvent creates or updates an event. Bad input saves nothing and says
// what is wrong at the field. A raised capacity moves people up from the
// waitlist, and they are told.
func (h *Handler) SaveEvent(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := c.Params("id")
	now := time.Now()
	e := &models.Event{ID: newID(), Status: models.EventPublished, OwnerID: auth.CurrentUser(c).ID, PublishedAt: now}
	var existing *models.Event
	if id != "" {
		var err error
		if existing, err = h.Store.Event(ctx, id); err != nil {
			return err
		}
		if existing.Cancelled() {
			return fiber.ErrConflict // a cancelled event stays cancelled
		}
		e = existing
	}
	d := eventFormData{ID: id, Event: existing, Form: models.EventInput{
		Title: c.FormValue("title"), Description: c.FormValue("description"), StartsAt: c.FormValue("starts_at"),
		EndsAt: c.FormValue("ends_at"), TimeZone: c.FormValue("time_zone"), Mode: c.FormValue("mode"),
		OnlineURL: c.FormValue("online_url"), Venue: c.FormValue("venue"), City: c.FormValue("city"),
		Capacity: c.FormValue("capacity"), RSVPBy: c.FormValue("rsvp_by"), Interests: c.FormValue("interests"),
		CoverURL: c.FormValue("cover_url"),
	}}
	fields, errs := d.Form.Validate(now, existing)
	d.Errors = errs
	if errs.Any() {
		return h.renderEventForm(c, fiber.StatusUnprocessableEntity, d)
	}
	var err error
	if fields.Interests, err = h.normalizeTerms(c, models.TermInterest, fields.Interests); err != nil {
		return err
	}
	d.Form.Apply(e, fields)
	err = h.Store.SaveEvent(ctx, *e)
	if errors.Is(err, store.ErrCapacityBelowAttendees) {
		// Someone joined while the form was open.
		if fresh, ferr := h.Store.Event(ctx, e.ID); ferr == nil {
			d.Errors["capacity"] = models.FieldError{Key: "validation.capacity_below_attendees", Max: fresh.Going}
		}
		return h.renderEventForm(c, fiber.StatusConflict, d)
	}
	if err != nil {
		return err
	}
	if len(e.Waitlist) > 0 { // a raised capacity lets people in
		if _, err := h.Store.PromoteWaitlist(ctx, e.ID, now); err != nil {
			return err
		}
	}
	h.Log.Info("event saved", "request_id", requestID(c), "event", e.ID)
	h.setFlash(c, "flash.event_saved")
	return redirect(c, "/recruit/events")
}

// CancelEventConfirm asks before an event is called off, saying who will be told.
func (h *Handler) CancelEventConfirm(c *fiber.Ctx) error {
	e, err := h.Store.Event(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/recruit_event_cancel", h.page(c, "recruit.event.cancel_title", "recruit", e))
}

// CancelEvent calls an event off and tells everyone attending or waiting.
// Telling is keyed per person, so cancelling again tells nobody twice.
func (h *Handler) CancelEvent(c *fiber.Ctx) error {
	ctx := c.UserContext()
	e, err := h.Store.CancelEvent(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	now := time.Now()
	for _, userID := range append(append([]string{}, e.Attendees...), e.Waitlist...) {
		if _, err := h.Store.Notify(ctx, models.EventNotification(models.KindEventCancelled, e, userID, now)); err != nil {
			return err
		}
	}
	h.Log.Info("event cancelled", "request_id", requestID(c), "event", e.ID, "told", len(e.Attendees)+len(e.Waitlist))
	h.setFlash(c, "flash.event_cancelled")
	return redirect(c, "/recruit/events")
}
