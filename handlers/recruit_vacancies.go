package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/markdown"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

type recruitVacanciesData struct {
	Vacancies []models.Vacancy
}

// RecruitVacancies lists the vacancies in every state for recruiters.
func (h *Handler) RecruitVacancies(c *fiber.Ctx) error {
	ctx := c.UserContext()
	refs, err := h.recruiterList(ctx, store.KindVacancy)
	if err != nil {
		return err
	}
	vs, err := h.Store.VacanciesByID(ctx, refs)
	if err != nil {
		return err
	}
	vs = newestFirst(vs, func(v models.Vacancy) time.Time { return v.PublishedAt })
	return h.render(c, fiber.StatusOK, "pages/recruit_vacancies", h.page(c, "recruit.vacancies.title", "recruit", recruitVacanciesData{Vacancies: vs}))
}

type vacancyFormData struct {
	ID      string // empty for a new vacancy
	Status  string
	Form    models.VacancyInput
	Errors  models.FieldErrors
	Preview *vacancyData
}

// NewVacancy shows an empty vacancy form.
func (h *Handler) NewVacancy(c *fiber.Ctx) error {
	d := vacancyFormData{Form: models.VacancyInput{Workplace: "hybrid", EmploymentType: "permanent"}, Errors: models.FieldErrors{}}
	return h.renderVacancyForm(c, fiber.StatusOK, d)
}

// EditVacancy shows a vacancy's form.
func (h *Handler) EditVacancy(c *fiber.Ctx) error {
	v, err := h.Store.Vacancy(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	d := vacancyFormData{ID: v.ID, Status: v.Status, Form: models.VacancyInputFrom(v), Errors: models.FieldErrors{}}
	return h.renderVacancyForm(c, fiber.StatusOK, d)
}

func (h *Handler) renderVacancyForm(c *fiber.Ctx, status int, d vacancyFormData) error {
	return h.render(c, status, "pages/recruit_vacancy_form", h.page(c, "recruit.vacancy.title", "recruit", d))
}

// SaveVacancy creates or updates a vacancy. The action says what else to do:
// "preview" shows it without saving, "publish" opens it, "close" closes it,
// "draft" keeps it (or makes it) a draft. Bad input saves nothing.
func (h *Handler) SaveVacancy(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := c.Params("id")
	v := &models.Vacancy{ID: newID(), Status: models.VacancyDraft, OwnerID: auth.CurrentUser(c).ID}
	if id != "" {
		existing, err := h.Store.Vacancy(ctx, id)
		if err != nil {
			return err // store.ErrNotFound becomes the 404 page
		}
		v = existing
	}
	d := vacancyFormData{ID: id, Status: v.Status, Form: models.VacancyInput{
		Title: c.FormValue("title"), Company: c.FormValue("company"), City: c.FormValue("city"),
		Workplace: c.FormValue("workplace"), EmploymentType: c.FormValue("employment_type"), Seniority: c.FormValue("seniority"),
		Skills: c.FormValue("skills"), NiceSkills: c.FormValue("nice_skills"), Interests: c.FormValue("interests"),
		Description: c.FormValue("description"), SalaryMin: c.FormValue("salary_min"), SalaryMax: c.FormValue("salary_max"),
		ClosesAt: c.FormValue("closes_at"), ApplyURL: c.FormValue("apply_url"),
	}}
	now := time.Now()
	fields, errs := d.Form.Validate(now)
	d.Errors = errs
	if errs.Any() {
		return h.renderVacancyForm(c, fiber.StatusUnprocessableEntity, d)
	}
	var err error
	if fields.Skills, err = h.normalizeTerms(c, models.TermSkill, fields.Skills); err != nil {
		return err
	}
	if fields.NiceSkills, err = h.normalizeTerms(c, models.TermSkill, fields.NiceSkills); err != nil {
		return err
	}
	if fields.Interests, err = h.normalizeTerms(c, models.TermInterest, fields.Interests); err != nil {
		return err
	}
	d.Form.Apply(v, fields)
	switch c.FormValue("action") {
	case "preview":
		d.Preview = &vacancyData{V: v, Description: markdown.Render(v.Description)}
		return h.renderVacancyForm(c, fiber.StatusOK, d)
	case "publish":
		// A draft is published now; a closed vacancy reopens with the date
		// it was first published (the insights count it in that period).
		if v.Status == models.VacancyDraft {
			v.PublishedAt = now
		}
		v.Status = models.VacancyOpen
	case "close":
		v.Status = models.VacancyClosed
	}
	if v.PublishedAt.IsZero() {
		v.PublishedAt = now
	}
	if err := h.Store.SaveVacancy(ctx, *v); err != nil {
		return err
	}
	h.Log.Info("vacancy saved", "request_id", requestID(c), "vacancy", v.ID, "status", v.Status)
	h.setFlash(c, "flash.vacancy_saved")
	return redirect(c, "/recruit/vacancies")
}
