package handlers

import (
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
)

// formValues returns every value of a repeated form field (checkboxes).
func formValues(c *fiber.Ctx, name string) []string {
	var out []string
	for _, v := range c.Request().PostArgs().PeekMulti(name) {
		out = append(out, string(v))
	}
	return out
}

// SaveProfileSection validates and saves one section. On success htmx gets
// the section back in view mode (a plain form is redirected to it); on bad
// input the section comes back in edit mode, with what was typed and a
// message at each wrong field, and nothing is saved.
func (h *Handler) SaveProfileSection(c *fiber.Ctx) error {
	name := c.Params("section")
	u := auth.CurrentUser(c)
	v := h.newSectionView(c, u, name, true)
	now := time.Now()
	var change func(u *models.User) error
	switch name {
	case "basics":
		v.Basics = models.BasicsInput{Headline: c.FormValue("headline"), City: c.FormValue("city"),
			Country: c.FormValue("country"), Seniority: c.FormValue("seniority"), LinkedInURL: c.FormValue("linkedin_url")}
		v.Errors = v.Basics.Validate()
		change = func(u *models.User) error { v.Basics.Apply(u); return nil }
	case "availability":
		v.Avail = availabilityForm(c)
		v.Errors = v.Avail.Validate(now)
		change = func(u *models.User) error { v.Avail.Apply(u, now); return nil }
	case "preferences":
		v.Prefs = preferencesForm(c)
		prefs, errs := v.Prefs.Validate()
		v.Errors = errs
		change = func(u *models.User) error { u.Preferences = prefs; return nil }
	case "contact":
		v.Contact = contactForm(c)
		contact, errs := v.Contact.Validate()
		applyPolicy := func(*models.User, time.Time) {}
		if c.Request().PostArgs().Has("time_zone") { // the profile's form has the policy, onboarding's not
			v.Policy = models.MailPolicyInput{TimeZone: c.FormValue("time_zone"), QuietFrom: c.FormValue("quiet_from"),
				QuietUntil: c.FormValue("quiet_until"), NurtureDays: c.FormValue("nurture_days"), Topics: formValues(c, "topics"), Alerts: c.FormValue("alerts"),
				ClickTracking: c.FormValue("click_tracking") == "on"}
			var policyErrs models.FieldErrors
			applyPolicy, policyErrs = v.Policy.Validate()
			maps.Copy(errs, policyErrs)
		}
		v.Errors = errs
		change = func(u *models.User) error { u.Contact = contact; applyPolicy(u, now); return nil }
	case "consents":
		answers := consentAnswers(c)
		change = func(u *models.User) error { models.SetConsents(u, answers, now); return nil }
	default:
		return fiber.ErrNotFound
	}
	if v.Errors.Any() {
		return h.renderSection(c, fiber.StatusUnprocessableEntity, u, v)
	}
	saved, err := h.Store.ModifyProfile(c.UserContext(), u.ID, change)
	if err != nil {
		return err
	}
	h.noteProfileChange(c, u, saved, name)
	if err := h.askNewsletter(c, u, saved); err != nil {
		return err
	}
	return h.sectionSaved(c, saved, name)
}

// consentAnswers reads the consent checkboxes: each question is answered,
// an unticked box being a no.
func consentAnswers(c *fiber.Ctx) map[models.ConsentKind]bool {
	answers := map[models.ConsentKind]bool{}
	for _, kind := range models.ConsentKinds {
		answers[kind] = c.FormValue("consent_"+string(kind)) == "1"
	}
	return answers
}

// sectionSaved answers a successful save: the section in view mode for
// htmx, a redirect to it for a plain form.
func (h *Handler) sectionSaved(c *fiber.Ctx, u *models.User, name string) error {
	if isFragment(c) {
		auth.SetCurrentUser(c, u)
		v := h.newSectionView(c, u, name, false)
		v.Saved = true
		return h.renderSection(c, fiber.StatusOK, u, v)
	}
	h.setFlash(c, "flash.profile_saved")
	return redirect(c, "/profile#profile-"+name)
}

// termKind maps the URL's "skills" or "interests" to the taxonomy's kind.
func termKind(c *fiber.Ctx) (models.TermKind, string, error) {
	switch name := c.Params("kind"); name {
	case "skills":
		return models.TermSkill, name, nil
	case "interests":
		return models.TermInterest, name, nil
	}
	return "", "", fiber.ErrNotFound
}

// AddProfileTerm adds one skill or interest, normalised through the taxonomy.
func (h *Handler) AddProfileTerm(c *fiber.Ctx) error {
	kind, name, err := termKind(c)
	if err != nil {
		return err
	}
	u := auth.CurrentUser(c)
	v := h.newSectionView(c, u, name, true)
	term, err := h.Taxonomy.Normalize(c.UserContext(), kind, c.FormValue("term"))
	if err != nil {
		return err
	}
	if term == "" {
		v.TermError = &models.FieldError{Key: "validation.required"}
		return h.renderSection(c, fiber.StatusUnprocessableEntity, u, v)
	}
	saved, err := h.Store.ModifyProfile(c.UserContext(), u.ID, func(u *models.User) error {
		_, err := models.AddTermTo(u, kind, term)
		return err
	})
	switch {
	case errors.Is(err, models.ErrTooLong):
		v.TermError = &models.FieldError{Key: "validation.too_long", Max: models.MaxTermLen}
	case errors.Is(err, models.ErrLimit):
		max := models.MaxSkills
		if kind == models.TermInterest {
			max = models.MaxInterests
		}
		v.TermError = &models.FieldError{Key: "validation.too_many", Max: max}
	case err != nil:
		return err
	}
	if v.TermError != nil {
		return h.renderSection(c, fiber.StatusUnprocessableEntity, u, v)
	}
	return h.termsChanged(c, saved, name)
}

// RemoveProfileTerm removes one skill or interest.
func (h *Handler) RemoveProfileTerm(c *fiber.Ctx) error {
	kind, name, err := termKind(c)
	if err != nil {
		return err
	}
	term := c.FormValue("term")
	saved, err := h.Store.ModifyProfile(c.UserContext(), auth.CurrentUser(c).ID, func(u *models.User) error {
		if kind == models.TermSkill {
			u.Skills = models.RemoveTerm(u.Skills, term)
		} else {
			u.Interests = models.RemoveTerm(u.Interests, term)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.termsChanged(c, saved, name)
}

// termsChanged notes the change on the member's timeline and keeps the
// chips section open for the next one.
func (h *Handler) termsChanged(c *fiber.Ctx, u *models.User, name string) error {
	h.noteProfileChange(c, auth.CurrentUser(c), u, name)
	if isFragment(c) {
		auth.SetCurrentUser(c, u)
		return h.renderSection(c, fiber.StatusOK, u, h.newSectionView(c, u, name, true))
	}
	return redirect(c, "/profile?edit="+name+"#profile-"+name)
}

// SuggestTerms answers the autocomplete of the chips input with a datalist.
func (h *Handler) SuggestTerms(c *fiber.Ctx) error {
	kind, name, err := termKind(c)
	if err != nil {
		return err
	}
	u := auth.CurrentUser(c)
	have := u.Skills
	if kind == models.TermInterest {
		have = u.Interests
	}
	q := textParam(c, "term", models.MaxTermLen)
	suggestions, err := h.Taxonomy.Suggest(c.UserContext(), kind, q, have, 12)
	if err != nil {
		return err
	}
	return c.Render("partials/term_options", fiber.Map{"ID": name + "-options", "Options": suggestions})
}

// AddMilestone adds a milestone the candidate wants to share.
func (h *Handler) AddMilestone(c *fiber.Ctx) error {
	u := auth.CurrentUser(c)
	v := h.newSectionView(c, u, "milestones", true)
	v.Milestone = models.MilestoneInput{Kind: c.FormValue("kind"), Title: c.FormValue("title"), Date: c.FormValue("date")}
	m, errs := v.Milestone.Validate(time.Now(), newID())
	v.Errors = errs
	if !errs.Any() {
		saved, err := h.Store.ModifyProfile(c.UserContext(), u.ID, func(u *models.User) error { return models.AddMilestone(u, m) })
		if err == nil {
			h.noteMilestone(c, saved, m)
			return h.sectionSaved(c, saved, "milestones")
		}
		if !errors.Is(err, models.ErrLimit) {
			return err
		}
		v.Errors = models.FieldErrors{"title": {Key: "validation.too_many", Max: models.MaxMilestones}}
	}
	return h.renderSection(c, fiber.StatusUnprocessableEntity, u, v)
}

// RemoveMilestone removes one milestone.
func (h *Handler) RemoveMilestone(c *fiber.Ctx) error {
	id := c.FormValue("id")
	u := auth.CurrentUser(c)
	if !slices.ContainsFunc(u.Milestones, func(m models.Milestone) bool { return m.ID == id }) {
		return fiber.ErrNotFound
	}
	saved, err := h.Store.ModifyProfile(c.UserContext(), u.ID, func(u *models.User) error {
		models.RemoveMilestone(u, id)
		return nil
	})
	if err != nil {
		return err
	}
	return h.sectionSaved(c, saved, "milestones")
}

// SetTimeZone takes the time zone the browser reports, once: a member who
// chose one in their profile keeps it. It answers 204 (nothing to show).
func (h *Handler) SetTimeZone(c *fiber.Ctx) error {
	zone := c.FormValue("time_zone")
	if !models.ValidTimeZone(zone) {
		return fiber.ErrBadRequest
	}
	_, err := h.Store.ModifyProfile(c.UserContext(), auth.CurrentUser(c).ID, func(u *models.User) error {
		if u.Mail.TimeZone != "" {
			return errNothingToDo
		}
		u.Mail.TimeZone = zone
		return nil
	})
	if err != nil && !errors.Is(err, errNothingToDo) {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// errNothingToDo ends a change that finds nothing to change.
var errNothingToDo = errors.New("nothing to do")
