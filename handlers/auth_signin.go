package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
)

type signinData struct {
	LinkedIn     bool
	Next         string
	Error        string
	DemoAccounts []demoAccount
	// DemoDatabase says that LinkedIn is configured but this database
	// holds the made-up demo, where no real person may sign in.
	DemoDatabase bool
	// Join is the page for a newcomer: it says why to join, not "sign in".
	Join bool
}

// SignIn shows the ways to sign in: LinkedIn and, in demo mode, demo accounts.
func (h *Handler) SignIn(c *fiber.Ctx) error {
	next := auth.SafeReturnPath(c.Query("next"))
	if auth.CurrentUser(c) != nil {
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	return h.signinPage(c, fiber.StatusOK, next, "")
}

// Join is where "Join the community" leads: the same one-click sign-in,
// titled and explained for someone who is not a member yet.
func (h *Handler) Join(c *fiber.Ctx) error {
	next := auth.SafeReturnPath(c.Query("next"))
	if auth.CurrentUser(c) != nil {
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	return h.signinPage(c, fiber.StatusOK, next, "", true)
}

func (h *Handler) signinPage(c *fiber.Ctx, status int, next, errKey string, join ...bool) error {
	if next == "/" {
		next = ""
	}
	mode := h.databaseMode(c.UserContext())
	d := signinData{Next: next, DemoDatabase: h.LinkedIn != nil && mode == models.ModeDemo, Join: len(join) > 0 && join[0]}
	d.LinkedIn = h.LinkedIn != nil && !d.DemoDatabase
	if h.offersDemo(mode) {
		d.DemoAccounts = demoAccounts
	}
	p := h.page(c, "signin.page_title", "signin", d)
	p.Path = "/signin" // the language switch must not revisit a callback URL
	if d.Join {
		p.Title, p.Path = p.L.T("landing.cta"), "/join"
	}
	if errKey != "" {
		d.Error = p.L.T(errKey)
		p.Data = d
	}
	return h.render(c, status, "pages/signin", p)
}

// refuseRealSignIn answers a real sign-in on a demo database: the sign-in
// page, which says this is a demo where nothing is real.
func (h *Handler) refuseRealSignIn(c *fiber.Ctx, next string) error {
	h.Log.Info("real sign-in refused: this database holds the demo", "request_id", requestID(c))
	return h.signinPage(c, fiber.StatusForbidden, next, "")
}

// SignOut ends the session. It is a POST, so it needs the CSRF token.
func (h *Handler) SignOut(c *fiber.Ctx) error {
	if err := h.Sessions.SignOut(c); err != nil {
		return err
	}
	h.setFlash(c, "flash.signed_out")
	return redirect(c, "/")
}
