package handlers

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
)

// onboardingView is one step of the wizard. It reuses the profile's field
// groups, so the wizard and the profile validate and show fields alike.
type onboardingView struct {
	Step, Steps       int
	V                 sectionView
	Skills, Interests string // step 2: comma-separated, as typed
}

func (h *Handler) onboardingView(c *fiber.Ctx, u *models.User, step int) onboardingView {
	v := h.newSectionView(c, u, "onboarding", true)
	return onboardingView{Step: step, Steps: models.OnboardingSteps, V: v,
		Skills: strings.Join(u.Skills, ", "), Interests: strings.Join(u.Interests, ", ")}
}

// Onboarding shows the wizard at the step the member got to (or ?step=N to
// go back); every step saves on its own, so it can be left and resumed.
func (h *Handler) Onboarding(c *fiber.Ctx) error {
	u := auth.CurrentUser(c)
	step := u.Onboarding.Step
	if n, err := strconv.Atoi(c.Query("step")); err == nil {
		step = n
	}
	step = min(max(step, 1), models.OnboardingSteps)
	return h.renderOnboarding(c, fiber.StatusOK, h.onboardingView(c, u, step))
}

func (h *Handler) renderOnboarding(c *fiber.Ctx, status int, v onboardingView) error {
	return h.render(c, status, "pages/onboarding", h.page(c, "onboarding.page_title", "profile", v), "partials/onboarding_step")
}

// OnboardingStep saves (or skips) one step and shows the next; after the
// last it opens the profile.
func (h *Handler) OnboardingStep(c *fiber.Ctx) error {
	step, err := strconv.Atoi(c.Params("step"))
	if err != nil || step < 1 || step > models.OnboardingSteps {
		return fiber.ErrNotFound
	}
	u := auth.CurrentUser(c)
	v := h.onboardingView(c, u, step)
	var change func(u *models.User) error
	if c.FormValue("action") != "skip" {
		change, err = h.onboardingChange(c, &v)
		if err != nil {
			return err
		}
		if v.V.Errors.Any() {
			return h.renderOnboarding(c, fiber.StatusUnprocessableEntity, v)
		}
	}
	saved, err := h.Store.ModifyProfile(c.UserContext(), u.ID, func(u *models.User) error {
		if change != nil {
			if err := change(u); err != nil {
				return err
			}
		}
		u.Onboarding.Step = max(u.Onboarding.Step, step+1)
		if step == models.OnboardingSteps {
			u.Onboarding.Done = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	auth.SetCurrentUser(c, saved)
	if err := h.askNewsletter(c, u, saved); err != nil {
		return err
	}
	if step == models.OnboardingSteps {
		h.setFlash(c, "flash.onboarding_done")
		if by := saved.ReferredBy; by != nil && by.TargetKind != models.TargetCommunity {
			// Invited to a vacancy or an event: that is what they came for.
			return redirect(c, by.Path())
		}
		return redirect(c, "/profile")
	}
	if !isFragment(c) {
		return redirect(c, "/onboarding?step="+strconv.Itoa(step+1))
	}
	c.Set("HX-Push-Url", "/onboarding?step="+strconv.Itoa(step+1))
	return h.renderOnboarding(c, fiber.StatusOK, h.onboardingView(c, saved, step+1))
}

// onboardingChange reads and validates one step's form into v and returns
// the change to save; v.V.Errors says what is wrong.
func (h *Handler) onboardingChange(c *fiber.Ctx, v *onboardingView) (func(u *models.User) error, error) {
	now := time.Now()
	sv := &v.V
	switch v.Step {
	case 1:
		sv.Basics = models.BasicsInput{Headline: c.FormValue("headline"), City: c.FormValue("city"),
			Country: c.FormValue("country"), Seniority: c.FormValue("seniority"), LinkedInURL: c.FormValue("linkedin_url")}
		sv.Errors = sv.Basics.Validate()
		return func(u *models.User) error { sv.Basics.Apply(u); return nil }, nil
	case 2:
		v.Skills, v.Interests = c.FormValue("skills"), c.FormValue("interests")
		skills, errs := models.TermsInput("skills", v.Skills, models.TermSkill)
		interests, errs2 := models.TermsInput("interests", v.Interests, models.TermInterest)
		for k, e := range errs2 {
			errs[k] = e
		}
		sv.Errors = errs
		if errs.Any() {
			return nil, nil
		}
		var err error
		if skills, err = h.normalizeTerms(c, models.TermSkill, skills); err != nil {
			return nil, err
		}
		if interests, err = h.normalizeTerms(c, models.TermInterest, interests); err != nil {
			return nil, err
		}
		return func(u *models.User) error { u.Skills, u.Interests = skills, interests; return nil }, nil
	case 3:
		sv.Avail = availabilityForm(c)
		sv.Prefs = preferencesForm(c)
		sv.Errors = sv.Avail.Validate(now)
		prefs, errs := sv.Prefs.Validate()
		for k, e := range errs {
			sv.Errors[k] = e
		}
		return func(u *models.User) error { sv.Avail.Apply(u, now); u.Preferences = prefs; return nil }, nil
	default:
		sv.Contact = contactForm(c)
		contact, errs := sv.Contact.Validate()
		sv.Errors = errs
		answers := consentAnswers(c)
		return func(u *models.User) error {
			u.Contact = contact
			models.SetConsents(u, answers, now)
			return nil
		}, nil
	}
}

// normalizeTerms folds every term through the taxonomy, dropping variants.
func (h *Handler) normalizeTerms(c *fiber.Ctx, kind models.TermKind, terms []string) ([]string, error) {
	var out []string
	for _, t := range terms {
		n, err := h.Taxonomy.Normalize(c.UserContext(), kind, t)
		if err != nil {
			return nil, err
		}
		out, _ = models.AddTerm(out, n)
	}
	return out, nil
}
