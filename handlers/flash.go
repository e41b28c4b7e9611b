package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
)

// flashCookie carries a message to the next page (Post/Redirect/Get). It
// holds only a message key from the list below, never user text.
const flashCookie = "portal_flash"

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind string // success or error
	Text string
}

var flashKinds = map[string]string{
	"flash.signed_in":        "success",
	"flash.signed_out":       "success",
	"flash.role_granted":     "success",
	"flash.role_revoked":     "success",
	"flash.profile_saved":    "success",
	"flash.onboarding_done":  "success",
	"flash.erased":           "success",
	"flash.imported":         "success",
	"flash.term_added":       "success",
	"flash.vacancy_saved":    "success",
	"flash.article_saved":    "success",
	"flash.vacancy_shared":   "success",
	"flash.interest_sent":    "success",
	"flash.event_saved":      "success",
	"flash.event_cancelled":  "success",
	"flash.event_joined":     "success",
	"flash.event_waitlisted": "success",
	"flash.event_left":       "success",
	"flash.calendar_token":   "success",
	models.JoinCancelled:     "error",
	models.JoinStarted:       "error",
	models.JoinRSVPOver:      "error",
}

func (h *Handler) setFlash(c *fiber.Ctx, key string) {
	h.flashCookie(c, key, time.Now().Add(time.Minute))
}

func (h *Handler) takeFlash(c *fiber.Ctx, l *i18n.Localizer) *Flash {
	key := c.Cookies(flashCookie)
	if key == "" {
		return nil
	}
	h.flashCookie(c, "", time.Unix(0, 0))
	kind, ok := flashKinds[key]
	if !ok {
		return nil
	}
	return &Flash{Kind: kind, Text: l.T(key)}
}

func (h *Handler) flashCookie(c *fiber.Ctx, value string, expires time.Time) {
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: value, Path: "/", HTTPOnly: true, Secure: h.Sessions.Secure,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: expires})
}
