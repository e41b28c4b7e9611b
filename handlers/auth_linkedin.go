package handlers

import (
	"crypto/subtle"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// LinkedInBegin sends the browser to LinkedIn with a fresh state and nonce,
// remembered in a signed cookie together with where to return afterwards
// (nothing is stored: anyone may start a sign-in).
func (h *Handler) LinkedInBegin(c *fiber.Ctx) error {
	next := auth.SafeReturnPath(c.Query("next"))
	if h.LinkedIn == nil {
		return fiber.ErrNotFound
	}
	if h.databaseMode(c.UserContext()) == models.ModeDemo {
		return h.refuseRealSignIn(c, next)
	}
	state, nonce := auth.RandomString(), auth.RandomString()
	target, err := h.LinkedIn.AuthURL(c.UserContext(), state, nonce)
	if err != nil {
		h.Log.Warn("linkedin sign-in could not start", "request_id", requestID(c), "err", err)
		return h.signinPage(c, fiber.StatusServiceUnavailable, next, "signin.error.provider_down")
	}
	if err := h.Sessions.BeginOAuth(c, models.OAuthAttempt{State: state, Nonce: nonce, ReturnTo: next}); err != nil {
		return err
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// LinkedInCallback finishes the sign-in: it checks the state (once), trades
// the code for the person's claims, creates or updates the user and rotates
// the session. Every failure ends on the sign-in page with a retry link.
func (h *Handler) LinkedInCallback(c *fiber.Ctx) error {
	if h.LinkedIn == nil {
		return fiber.ErrNotFound
	}
	attempt, err := h.Sessions.TakeOAuth(c)
	if errors.Is(err, store.ErrNotFound) {
		h.Log.Info("linkedin callback without a sign-in attempt", "request_id", requestID(c))
		return h.signinPage(c, fiber.StatusBadRequest, "", "signin.error.state")
	}
	if err != nil {
		return err
	}
	if e := c.Query("error"); e != "" {
		h.Log.Info("linkedin sign-in not granted", "request_id", requestID(c), "error", e, "description", c.Query("error_description"))
		key := "signin.error.denied"
		if e == "user_cancelled_login" || e == "user_cancelled_authorize" {
			key = "signin.error.cancelled"
		}
		return h.signinPage(c, fiber.StatusOK, attempt.ReturnTo, key)
	}
	state := c.Query("state")
	if state == "" || subtle.ConstantTimeCompare([]byte(state), []byte(attempt.State)) != 1 {
		h.Log.Warn("linkedin callback with a bad state", "request_id", requestID(c))
		return h.signinPage(c, fiber.StatusBadRequest, attempt.ReturnTo, "signin.error.state")
	}
	code := c.Query("code")
	if code == "" {
		return h.signinPage(c, fiber.StatusBadRequest, attempt.ReturnTo, "signin.error.state")
	}
	claims, err := h.LinkedIn.Exchange(c.UserContext(), code, attempt.Nonce)
	if err != nil {
		h.Log.Warn("linkedin sign-in failed", "request_id", requestID(c), "err", err)
		status, key := fiber.StatusBadGateway, "signin.error.failed"
		if errors.Is(err, auth.ErrProviderDown) {
			status, key = fiber.StatusServiceUnavailable, "signin.error.provider_down"
		}
		return h.signinPage(c, status, attempt.ReturnTo, key)
	}
	u := models.User{
		ID: models.UserID("linkedin", claims.Subject), Provider: "linkedin", Subject: claims.Subject,
		Name: claims.Name, GivenName: claims.GivenName, FamilyName: claims.FamilyName,
		Email: claims.Email, EmailVerified: claims.EmailVerified, Picture: claims.Picture, Locale: claims.Locale,
		Country: i18n.CountryName(claims.Country, h.I18n.Match(claims.Locale, c.Get(fiber.HeaderAcceptLanguage))),
	}
	grant := models.RolesFromEmail(claims.Email, claims.EmailVerified, h.Cfg.AdminEmails, h.Cfg.RecruiterEmails)
	user, err := h.Store.SignInUser(c.UserContext(), u, grant, time.Now())
	if errors.Is(err, store.ErrWrongMode) {
		return h.refuseRealSignIn(c, attempt.ReturnTo)
	}
	if err != nil {
		return err
	}
	if err := h.Sessions.SignIn(c, user.ID); err != nil {
		return err
	}
	h.attributeSignUp(c, user)
	h.noteSignIn(c, user)
	h.Log.Info("signed in", "request_id", requestID(c), "user", user.ID, "first", user.SignInCount == 1)
	h.setFlash(c, "flash.signed_in")
	if user.SignInCount == 1 && !user.Onboarding.Done {
		// Right after the first sign-in: the short wizard that makes the portal theirs.
		return c.Redirect("/onboarding", fiber.StatusSeeOther)
	}
	return c.Redirect(landing(user, auth.SafeReturnPath(attempt.ReturnTo)), fiber.StatusSeeOther)
}
