package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/i18n"
)

// SetLanguage remembers the chosen language in a cookie (and on the user, for mail).
func (h *Handler) SetLanguage(c *fiber.Ctx) error {
	lang := c.FormValue("lang")
	if !i18n.Supported(lang) {
		return fiber.ErrBadRequest
	}
	c.Cookie(&fiber.Cookie{Name: LangCookie, Value: lang, Path: "/", HTTPOnly: true, Secure: h.Sessions.Secure,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().AddDate(1, 0, 0)})
	if u := auth.CurrentUser(c); u != nil {
		if err := h.Store.SetUserLocale(c.UserContext(), u.ID, lang); err != nil {
			return err
		}
	}
	return redirect(c, c.FormValue("next"))
}
