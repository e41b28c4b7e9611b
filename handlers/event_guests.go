package handlers

import (
	"errors"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// walkInData is the door's walk-in form: as typed after a mistake, empty
// (with who was just added) after a success.
type walkInData struct {
	E      *models.Event
	Form   models.GuestInput
	Errors models.FieldErrors
	Added  string // the name of the guest just added
	Lang   string // the invitation's language, the door's by default
	// Summary carries the door's counter along, out of band.
	CheckedIn int
}

// AddWalkIn adds someone who came without being a member, by name and
// address, as a guest of the event, and queues the one invitation to join
// they agreed to at the door. htmx gets the form back, empty and saying who
// was added, with the door's counter.
func (h *Handler) AddWalkIn(c *fiber.Ctx) error {
	ctx := c.UserContext()
	e, err := h.Store.Event(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	l := h.localizer(c)
	d := walkInData{E: e, Form: models.GuestInput{Name: c.FormValue("name"), Email: c.FormValue("email"), Agreed: c.FormValue("agreed") == "yes"},
		Lang: h.I18n.Match(c.FormValue("lang"), l.Lang)}
	now := time.Now()
	d.Errors = d.Form.Validate()
	if !d.Errors.Any() {
		g := models.Guest{Name: d.Form.Name, Email: d.Form.Email, Lang: d.Lang, At: now} // walk-ins are added on the day, as they come
		switch err := h.Store.AddGuest(ctx, e.ID, g); {
		case errors.Is(err, store.ErrGuestKnown):
			d.Errors["email"] = models.FieldError{Key: "door.guest.known"}
		case errors.Is(err, models.ErrDoorClosed):
			d.Errors["name"] = models.FieldError{Key: "door.guest.closed"}
		case errors.Is(err, store.ErrTooManyGuests):
			d.Errors["name"] = models.FieldError{Key: "door.guest.too_many", Max: models.MaxGuests}
		case err != nil: // the door not open yet is a page of its own (see errors.go)
			return err
		default:
			m, err := h.Mail.GuestInvitation(ctx, e, g)
			if err != nil {
				return err
			}
			if _, err := h.Store.QueueMail(ctx, m); err != nil {
				return err
			}
			d = walkInData{E: e, Added: g.Name, Lang: d.Lang}
		}
	}
	status := fiber.StatusOK
	if d.Errors.Any() {
		status = fiber.StatusUnprocessableEntity
	}
	if !isFragment(c) {
		if status == fiber.StatusOK {
			h.setFlash(c, "flash.guest_added")
		} else {
			h.setFlash(c, "flash.guest_not_added")
		}
		return redirect(c, "/recruit/events/"+url.PathEscape(e.ID)+"/attendees")
	}
	if e, err = h.Store.Event(ctx, e.ID); err != nil {
		return err
	}
	d.E, d.CheckedIn = e, len(e.CheckedIn)
	c.Status(status)
	return c.Render("partials/walk_in_result", h.page(c, "recruit.attendees.title", "recruit", d))
}

// ClaimVisit adds a walk-in's visit to the profile they just made, from the
// link in their invitation: they become an attendee who came, and their
// name and address leave the guest list.
func (h *Handler) ClaimVisit(c *fiber.Ctx) error {
	ctx := c.UserContext()
	eventID, email, ok := models.ParseGuestToken(h.Cfg.Secret, c.FormValue("guest"))
	if !ok || eventID != c.Params("id") {
		return fiber.ErrNotFound
	}
	u := auth.CurrentUser(c)
	g, err := h.Store.ClaimGuest(ctx, eventID, email, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		h.setFlash(c, "flash.visit_gone")
		return redirect(c, "/events/"+url.PathEscape(eventID))
	}
	if err != nil {
		return err
	}
	e, err := h.Store.Event(ctx, eventID)
	if err != nil {
		return err
	}
	h.touch(c, models.Touchpoint{ID: models.TouchpointID(models.KindEventAttended, u.ID, eventID), CandidateID: u.ID,
		Kind: models.KindEventAttended, EventID: eventID, Title: e.Title, At: g.At})
	h.setFlash(c, "flash.visit_claimed")
	return redirect(c, "/events/"+url.PathEscape(eventID))
}
