package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/models"
)

// The member's own doings go on their timeline as they happen, for the
// recruiters' Today and engagement. Like referral bookkeeping, this never
// fails the member's own action: an error is logged.

// touch records a touchpoint of the member's own doing.
func (h *Handler) touch(c *fiber.Ctx, tp models.Touchpoint) {
	if _, err := h.Store.RecordTouchpoint(c.UserContext(), tp, models.Notification{}); err != nil {
		h.Log.Warn("touchpoint not recorded", "request_id", requestID(c), "kind", tp.Kind, "err", err)
	}
}

// noteSignIn records a sign-in: the member's first is their sign-up (after
// attributeSignUp, which records it with the referrer's name).
func (h *Handler) noteSignIn(c *fiber.Ctx, u *models.User) {
	now := time.Now()
	if u.SignInCount == 1 {
		h.touch(c, models.Touchpoint{ID: models.TouchpointID(models.KindSignedUp, u.ID, ""), CandidateID: u.ID,
			Kind: models.KindSignedUp, At: now})
	}
	if err := h.Store.NoteActivity(c.UserContext(), u.ID, models.KindSignIn, now); err != nil {
		h.Log.Warn("sign-in activity not recorded", "request_id", requestID(c), "err", err)
	}
}

// noteProfileChange records a saved profile section: a new availability
// as itself (looking or open is a reason to call), anything else with what
// changed (a save that changed nothing is no news).
func (h *Handler) noteProfileChange(c *fiber.Ctx, before, after *models.User, section string) {
	now := time.Now()
	if section == "availability" {
		if before.Availability.Status == after.Availability.Status {
			return
		}
		h.touch(c, models.Touchpoint{ID: models.TouchpointID(models.KindAvailabilityChanged, after.ID, now.Format(time.RFC3339Nano)),
			CandidateID: after.ID, Kind: models.KindAvailabilityChanged, Title: string(after.Availability.Status), At: now})
		return
	}
	changes := models.ProfileChanges(before, after)
	if len(changes) == 0 {
		return
	}
	h.touch(c, models.Touchpoint{ID: models.TouchpointID(models.KindProfileChanged, after.ID, now.Format(time.RFC3339Nano)),
		CandidateID: after.ID, Kind: models.KindProfileChanged, Changes: changes, At: now})
}

// noteMilestone makes a shared milestone a reason to congratulate.
func (h *Handler) noteMilestone(c *fiber.Ctx, u *models.User, m models.Milestone) {
	if err := h.Store.MilestoneShared(c.UserContext(), u.ID, m, time.Now()); err != nil {
		h.Log.Warn("milestone not recorded", "request_id", requestID(c), "err", err)
	}
}
