package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Healthz answers while the process is alive.
func (h *Handler) Healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// Readyz answers 200 when MongoDB answers reads, writes can land and the
// search index works (it answers and took its last write), and 503 naming
// what is down otherwise.
func (h *Handler) Readyz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if h.Draining != nil && h.Draining.Load() {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "stopping"})
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := fiber.Map{}
	down := []string{}
	for _, dep := range []struct {
		name string
		ping func(context.Context) error
	}{{"mongodb", h.Store.Ping}, {"writes", h.Store.CheckWritable}, {"search", h.Index.Ping}} {
		checks[dep.name] = "ok"
		if err := dep.ping(ctx); err != nil {
			// The body says only what is down; the why goes to the log.
			checks[dep.name] = "down"
			down = append(down, dep.name)
			h.Log.Warn("readiness: dependency down", "dependency", dep.name, "err", err)
		}
	}
	status := fiber.StatusOK
	body := fiber.Map{"status": "ready", "checks": checks}
	if len(down) > 0 {
		status = fiber.StatusServiceUnavailable
		body["status"] = "unavailable"
		body["down"] = down
	}
	return c.Status(status).JSON(body)
}
