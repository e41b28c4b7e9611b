package app

import (
	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
)

// contentSecurityPolicy allows scripts and styles from this origin only (no
// inline script: htmx is configured through a meta tag), pictures from here
// and LinkedIn's media host, and no framing at all.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: https://media.licdn.com; font-src 'self'; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders puts the security headers on every response that goes
// through the routes, and keeps what a signed-in member sees out of every
// cache: their pages and downloads hold personal data.
func securityHeaders(secure bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		setSecurityHeaders(c, secure)
		err := c.Next()
		if auth.CurrentUser(c) != nil && len(c.Response().Header.Peek(fiber.HeaderCacheControl)) == 0 {
			c.Set(fiber.HeaderCacheControl, "no-store")
		}
		return err
	}
}

// withSecurityHeaders wraps the error handler: Fiber answers some requests
// (a body too large, a malformed request) with the error handler alone,
// before any middleware ran, and those pages need the headers too.
func withSecurityHeaders(secure bool, handle fiber.ErrorHandler) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		setSecurityHeaders(c, secure)
		return handle(c, err)
	}
}

func setSecurityHeaders(c *fiber.Ctx, secure bool) {
	h := &c.Response().Header
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if secure {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
}
