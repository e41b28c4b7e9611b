package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/seed"
)

type demoAccount struct {
	Key, Label, Description string
	User                    models.User
	Roles                   []models.Role
}

var demoAccounts = []demoAccount{
	{Key: "candidate", Label: "signin.demo.candidate", Description: "signin.demo.candidate.text", User: seed.DemoCandidate},
	{Key: "recruiter", Label: "signin.demo.recruiter", Description: "signin.demo.recruiter.text", User: seed.DemoRecruiter, Roles: []models.Role{models.RoleRecruiter}},
	{Key: "admin", Label: "signin.demo.admin", Description: "signin.demo.admin.text", User: seed.DemoAdmin, Roles: []models.Role{models.RoleAdmin, models.RoleRecruiter}},
}

// landing is where a sign-in goes when it was not on its way somewhere:
// a recruiter's home is Today.
func landing(u *models.User, next string) string {
	if next == "/" && u.IsRecruiter() {
		return "/recruit"
	}
	return next
}

// DemoSignIn signs in as one of the demo accounts. The route is registered
// only in demo mode; the check below keeps it so should the wiring change.
func (h *Handler) DemoSignIn(c *fiber.Ctx) error {
	if !h.Cfg.Demo() {
		return fiber.ErrNotFound
	}
	key := c.FormValue("account")
	for _, a := range demoAccounts {
		if a.Key != key {
			continue
		}
		u, err := h.Store.SignInUser(c.UserContext(), a.User, a.Roles, time.Now())
		if err != nil {
			return err
		}
		if err := h.Sessions.SignIn(c, u.ID); err != nil {
			return err
		}
		h.attributeSignUp(c, u)
		h.noteSignIn(c, u)
		h.setFlash(c, "flash.signed_in")
		return redirect(c, landing(u, auth.SafeReturnPath(c.FormValue("next"))))
	}
	return h.signinPage(c, fiber.StatusUnprocessableEntity, "", "signin.error.unknown_demo")
}
