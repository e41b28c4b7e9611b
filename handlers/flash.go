package handlers

import (
	"strings"
	"sync"
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

// refusalFlashes are the flash messages that say something was refused;
// every other message whose id starts with "flash." reports a success. The
// known ids come from the English messages, so a new flash needs only its
// translation (a hand-kept list here once lost three of them).
var refusalFlashes = map[string]bool{models.JoinCancelled: true, models.JoinStarted: true, models.JoinRSVPOver: true,
	"flash.snooze_date": true, "flash.rhythm_faster": true, "flash.bulk_choose": true, "flash.bulk_tag": true, "flash.bulk_log": true, "flash.not_a_recruiter": true,
	"flash.bulk_owner": true, "flash.guest_not_added": true, "flash.visit_gone": true}

var flashMessages = sync.OnceValue(func() map[string]bool {
	keys, _ := i18n.Keys("en") // embedded: cannot fail once the portal started
	known := map[string]bool{}
	for _, k := range keys {
		if strings.HasPrefix(k, "flash.") {
			known[k] = true
		}
	}
	return known
})

// flashKind is "success" or "error" for a known flash message id.
func flashKind(key string) (string, bool) {
	switch {
	case refusalFlashes[key]:
		return "error", true
	case flashMessages()[key]:
		return "success", true
	}
	return "", false
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
	kind, ok := flashKind(key)
	if !ok {
		return nil
	}
	return &Flash{Kind: kind, Text: l.T(key)}
}

func (h *Handler) flashCookie(c *fiber.Ctx, value string, expires time.Time) {
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: value, Path: "/", HTTPOnly: true, Secure: h.Sessions.Secure,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: expires})
}
