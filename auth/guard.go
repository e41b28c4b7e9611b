package auth

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/models"
)

// RequireUser sends anonymous visitors to the sign-in page, remembering where
// they were going.
func RequireUser(c *fiber.Ctx) error {
	if CurrentUser(c) != nil {
		return c.Next()
	}
	target := "/signin?next=" + url.QueryEscape(string(c.Request().URI().RequestURI()))
	if c.Get("HX-Request") == "true" {
		c.Set("HX-Redirect", target)
		return c.SendStatus(fiber.StatusUnauthorized)
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// RequireRole lets only users holding role through; others see a 403 page.
func RequireRole(role models.Role) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u := CurrentUser(c)
		if u == nil {
			return RequireUser(c)
		}
		if !u.Has(role) {
			return fiber.ErrForbidden
		}
		return c.Next()
	}
}

// SafeReturnPath keeps only same-origin paths, so a return address can never
// send a visitor to another site ("//evil.example", "https://…", "/\evil").
func SafeReturnPath(p string) string {
	if p == "" || p[0] != '/' || len(p) > 1 && (p[1] == '/' || p[1] == '\\') {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "/"
		}
	}
	return p
}
