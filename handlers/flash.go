package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/i18n"
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
	"flash.signed_in":    "success",
	"flash.signed_out":   "success",
	"flash.lang_changed": "success",
	"flash.role_granted": "success",
	"flash.role_revoked": "success",
}

func setFlash(c *fiber.Ctx, key string) {
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: key, Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(time.Minute)})
}

func takeFlash(c *fiber.Ctx, l *i18n.Localizer) *Flash {
	key := c.Cookies(flashCookie)
	if key == "" {
		return nil
	}
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: "", Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Unix(0, 0)})
	kind, ok := flashKinds[key]
	if !ok {
		return nil
	}
	return &Flash{Kind: kind, Text: l.T(key)}
}
