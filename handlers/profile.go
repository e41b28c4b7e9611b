package handlers

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
)

// profileSections are the parts of the profile page, each viewable and
// editable in place.
var profileSections = []string{"basics", "availability", "skills", "interests", "preferences", "contact", "milestones", "consents"}

// sectionView is what a profile section template gets: the user, whether it
// is being edited, the form values (as typed, after a failed save) and the
// errors per field.
type sectionView struct {
	Name    string
	Editing bool
	U       *models.User
	Errors  models.FieldErrors

	Basics    models.BasicsInput
	Avail     models.AvailabilityInput
	Prefs     models.PreferencesInput
	Contact   models.ContactInput
	Policy    models.MailPolicyInput
	Milestone models.MilestoneInput
	TermError *models.FieldError // skills and interests: what is wrong with the term typed
	// Saved says the section was just saved, for the message beside it.
	Saved bool

	L    *i18n.Localizer
	CSRF string
}

type profileData struct {
	Percent  int
	Next     *models.ProfileStep
	Sections []sectionView
}

// newSectionView shows the section with the user's current values.
func (h *Handler) newSectionView(c *fiber.Ctx, u *models.User, name string, editing bool) sectionView {
	in := models.ContactInput{Frequency: u.Contact.Frequency, Channels: u.Contact.Channels, Phone: u.Contact.Phone}
	return sectionView{
		Name: name, Editing: editing, U: u, Errors: models.FieldErrors{},
		Basics: models.BasicsFrom(u), Avail: models.AvailabilityFrom(u), Prefs: models.PreferencesFrom(u), Contact: in,
		Policy: models.PolicyInput(u),
		L:      h.localizer(c), CSRF: h.Sessions.CSRFToken(c),
	}
}

// Profile shows the whole profile; ?edit=<section> opens one section for
// editing, so every edit also works without JavaScript.
func (h *Handler) Profile(c *fiber.Ctx) error {
	u := auth.CurrentUser(c)
	return h.profilePage(c, fiber.StatusOK, u, h.newSectionView(c, u, c.Query("edit"), true))
}

// profilePage renders the profile with every section in view mode but
// current, which is shown as given (e.g. in edit mode with errors).
func (h *Handler) profilePage(c *fiber.Ctx, status int, u *models.User, current sectionView) error {
	d := profileData{}
	d.Percent, d.Next = models.Completeness(u)
	for _, name := range profileSections {
		if name == current.Name {
			d.Sections = append(d.Sections, current)
		} else {
			d.Sections = append(d.Sections, h.newSectionView(c, u, name, false))
		}
	}
	c.Vary("HX-Request")
	c.Status(status)
	return h.renderInLayout(c, "pages/profile", h.page(c, "profile.page_title", "profile", d))
}

// ProfileSection answers one section, in view mode or (…/edit) in edit mode:
// an htmx fragment, or the whole page for a plain request.
func (h *Handler) ProfileSection(c *fiber.Ctx) error {
	name := c.Params("section")
	if !slices.Contains(profileSections, name) {
		return fiber.ErrNotFound
	}
	mode := c.Params("mode")
	if mode != "" && mode != "edit" {
		return fiber.ErrNotFound
	}
	u := auth.CurrentUser(c)
	v := h.newSectionView(c, u, name, mode == "edit")
	return h.renderSection(c, fiber.StatusOK, u, v)
}

// renderSection answers with the section alone for htmx, or the profile page.
func (h *Handler) renderSection(c *fiber.Ctx, status int, u *models.User, v sectionView) error {
	if isFragment(c) {
		c.Vary("HX-Request")
		return c.Status(status).Render("partials/profile_section", v)
	}
	return h.profilePage(c, status, u, v)
}
