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

// Readyz answers 200 when MongoDB and the search index both answer, and 503
// naming what is down otherwise.
func (h *Handler) Readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := fiber.Map{}
	down := []string{}
	if err := h.Store.Ping(ctx); err != nil {
		checks["mongodb"] = "down"
		h.Log.Warn("readiness: mongodb down", "err", err)
		down = append(down, "mongodb")
	} else {
		checks["mongodb"] = "ok"
	}
	if err := h.Index.Ping(ctx); err != nil {
		checks["search"] = "down"
		h.Log.Warn("readiness: search down", "err", err)
		down = append(down, "search")
	} else {
		checks["search"] = "ok"
	}
	status := fiber.StatusOK
	body := fiber.Map{"status": "ready", "checks": checks}
	if len(down) > 0 {
		status = fiber.StatusServiceUnavailable
		body["status"] = "unavailable"
		body["down"] = down
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).JSON(body)
}
