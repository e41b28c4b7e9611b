package app

import (
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// accessLog logs one line per page or action with the request id, so a
// reference shown on an error page leads to its log lines. It logs the
// route pattern, not the path: paths hold secrets (a calendar feed's
// address, a referral code not shared yet). Assets and probes are left out:
// they would drown the rest.
func accessLog(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		path := c.Path()
		if strings.HasPrefix(path, "/static/") || path == "/healthz" || path == "/readyz" || path == "/metrics" {
			return err
		}
		status := c.Response().StatusCode()
		if fe, ok := err.(*fiber.Error); ok {
			status = fe.Code
		} else if err != nil {
			status = fiber.StatusInternalServerError
		}
		log.Info("request", "request_id", c.Locals("requestid"), "method", requestMethod(c), "route", routeOf(c),
			"status", status, "duration", time.Since(start).Round(time.Microsecond), "htmx", c.Get("HX-Request") == "true")
		return err
	}
}
