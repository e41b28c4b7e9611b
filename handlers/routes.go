package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
)

// Routes registers every page and action. Health and static files are
// registered by the app before the session middleware, so they cost no
// database read.
func (h *Handler) Routes(r fiber.Router) {
	// Everyone
	r.Get("/", h.Home)
	r.Post("/lang", h.SetLanguage)

	// Sign-in and sign-out
	r.Get("/signin", h.SignIn)
	r.Get("/auth/linkedin", h.LinkedInBegin)
	r.Get("/auth/linkedin/callback", h.LinkedInCallback)
	if h.Cfg.Demo() {
		r.Post("/auth/demo", h.DemoSignIn)
	}
	r.Post("/auth/logout", auth.RequireUser, h.SignOut)

	// Admins
	admin := r.Group("/admin", auth.RequireRole(models.RoleAdmin))
	admin.Get("/users", h.AdminUsers)
	admin.Post("/users/role", h.AdminSetRecruiter)
}
