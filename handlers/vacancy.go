package handlers

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/markdown"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// forYouPool is how many vacancies the search engine pre-selects for the
// exact match score to rank; no request scans the whole collection.
const forYouPool = 100

// forYou returns the candidate's matched vacancies: strong ones, and near
// ones worth a look (or worth passing on).
func (h *Handler) forYou(ctx context.Context, u *models.User, limit int) (strong, near []models.RankedVacancy, err error) {
	tags := append(append([]string{}, u.Skills...), u.Interests...)
	if len(tags) == 0 {
		return nil, nil, nil
	}
	res, err := h.Index.Search(ctx, search.Query{Kinds: []string{string(store.KindVacancy)}, Tags: tags, Limit: forYouPool})
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, hit := range res.Hits {
		ids[i] = hit.Ref
	}
	vacancies, err := h.Store.VacanciesByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	strong, near = models.RankVacancies(u, vacancies, limit)
	return strong, near, nil
}

type vacancyData struct {
	V           *models.Vacancy
	Description markdown.HTML
	Match       *models.Match
	// Interested is when the member said "I'm interested" (zero if not).
	Interested time.Time
}

// Vacancy shows one vacancy; a signed-in member also sees how it fits them.
func (h *Handler) Vacancy(c *fiber.Ctx) error {
	v, err := h.Store.Vacancy(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	if v.Status == models.VacancyDraft {
		return fiber.ErrNotFound
	}
	d := vacancyData{V: v, Description: markdown.Render(v.Description)}
	if u := auth.CurrentUser(c); u != nil {
		m := models.MatchVacancy(u, v)
		d.Match = &m
		r, err := h.Store.Relationship(c.UserContext(), u.ID)
		if err != nil {
			return err
		}
		d.Interested = r.VacancyTouch(models.KindInterestExpressed, v.ID)
	}
	p := h.page(c, "vacancy.page_title", "vacancies", d)
	p.Title = v.Title
	return h.render(c, fiber.StatusOK, "pages/vacancy", p)
}

// NotForMe hides a vacancy from the candidate's feed and lowers similar ones.
// htmx gets an empty answer, which removes the card.
func (h *Handler) NotForMe(c *fiber.Ctx) error {
	v, err := h.Store.Vacancy(c.UserContext(), c.Params("id"))
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if _, err := h.Store.ModifyProfile(c.UserContext(), auth.CurrentUser(c).ID, func(u *models.User) error {
		models.Dismiss(u, v)
		return nil
	}); err != nil {
		return err
	}
	if isFragment(c) {
		return c.SendString("")
	}
	return redirect(c, "/")
}
