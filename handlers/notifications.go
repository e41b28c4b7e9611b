package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
)

// Notifications shows a member's inbox and marks it read.
func (h *Handler) Notifications(c *fiber.Ctx) error {
	u := auth.CurrentUser(c)
	ns, err := h.Store.Notifications(c.UserContext(), u.ID, 50)
	if err != nil {
		return err
	}
	if u.UnreadNotifications > 0 {
		if err := h.Store.MarkNotificationsRead(c.UserContext(), u.ID, time.Now()); err != nil {
			return err
		}
	}
	p := h.page(c, "notifications.title", "notifications", ns)
	return h.render(c, fiber.StatusOK, "pages/notifications", p)
}

// WithdrawInterest takes back "I'm interested": off the member's timeline,
// with the signal it raised and its counts.
func (h *Handler) WithdrawInterest(c *fiber.Ctx) error {
	u := auth.CurrentUser(c)
	id := c.Params("id")
	if err := h.Store.DeleteTouchpoint(c.UserContext(), u.ID, models.TouchpointID(models.KindInterestExpressed, u.ID, id)); err != nil {
		return err
	}
	h.setFlash(c, "flash.interest_withdrawn")
	return redirect(c, "/vacancies/"+id)
}

// Interested tells the recruiter who posted a vacancy that the candidate is
// interested, and records the touchpoint. Saying it twice tells them once.
func (h *Handler) Interested(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v, err := h.Store.Vacancy(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	if !v.Open() {
		return fiber.ErrNotFound
	}
	u := auth.CurrentUser(c)
	now := time.Now()
	tp := models.Touchpoint{ID: models.TouchpointID(models.KindInterestExpressed, u.ID, v.ID), CandidateID: u.ID,
		RecruiterID: v.OwnerID, Kind: models.KindInterestExpressed, VacancyID: v.ID, Title: v.Title, At: now}
	n := models.Notification{ID: newID(), UserID: v.OwnerID, Kind: models.KindInterestExpressed, VacancyID: v.ID,
		Title: v.Title, FromID: u.ID, FromName: u.Name, CreatedAt: now}
	if v.OwnerID == "" {
		n.UserID = "" // nobody to tell (the recruiter left); the touchpoint still counts
	}
	if _, err := h.Store.RecordTouchpoint(ctx, tp, n); err != nil {
		return err
	}
	h.convertReferral(c, u, models.TargetVacancy, v.ID, models.ConversionInterest)
	h.setFlash(c, "flash.interest_sent")
	return redirect(c, "/vacancies/"+v.ID)
}
