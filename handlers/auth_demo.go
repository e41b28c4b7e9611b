package handlers

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/seed"
	"github.com/talentcommunity/portal/store"
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

// databaseMode is the database's mode; a failure to read it counts as real,
// so that nothing of the demo is offered on a database that cannot say.
func (h *Handler) databaseMode(ctx context.Context) models.DatabaseMode {
	mode, err := h.Store.DatabaseMode(ctx)
	if err != nil {
		h.Log.Warn("database mode unknown: the demo is off", "err", err)
		return models.ModeReal
	}
	return mode
}

// demoOffered says whether the portal offers the demo now: the
// configuration asks for it (no LinkedIn, or PORTAL_DEMO) and the database
// is not real. On a real database the demo's accounts and its outbox do not
// exist, whatever PORTAL_DEMO says.
func (h *Handler) demoOffered(ctx context.Context) bool {
	return h.offersDemo(h.databaseMode(ctx))
}

// offersDemo says whether the demo is offered on a database of mode.
func (h *Handler) offersDemo(mode models.DatabaseMode) bool {
	return h.Cfg.Demo() && mode != models.ModeReal
}

// demoOnly guards every route of demoRoutes: where the demo is not offered,
// the route does not exist.
func (h *Handler) demoOnly(c *fiber.Ctx) error {
	if !h.demoOffered(c.UserContext()) {
		return fiber.ErrNotFound
	}
	return c.Next()
}

// DemoSignIn signs in as one of the demo accounts (a demo-only route). The
// store refuses a demo account in a real database, which also covers a
// real sign-in that decided the database a moment ago.
func (h *Handler) DemoSignIn(c *fiber.Ctx) error {
	key := c.FormValue("account")
	for _, a := range demoAccounts {
		if a.Key != key {
			continue
		}
		u, err := h.Store.SignInUser(c.UserContext(), a.User, a.Roles, time.Now())
		if errors.Is(err, store.ErrWrongMode) {
			return fiber.ErrNotFound
		}
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
