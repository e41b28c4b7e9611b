package handlers

import (
	"slices"
	"sort"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
)

// matchPool is how many candidates the talent index pre-selects for a vacancy.
const matchPool = 200

type candidateMatch struct {
	U           models.User
	Match       models.Match
	Contactable bool // the candidate lets recruiters contact them
	Selected    bool
	// Interested is when they said "I'm interested" in it, Shared when a
	// recruiter shared it with them (zero when not).
	Interested, Shared time.Time
}

type matchesData struct {
	V          *models.Vacancy
	Candidates []candidateMatch
	Preview    bool
	Recipients []candidateMatch
	Skipped    int
	SearchDown bool
	Alerted    *models.VacancyAlert // members told of it when it was published
}

// VacancyMatches shows a recruiter the candidates who fit a vacancy (only
// those who let recruiters find them), with score and reasons.
func (h *Handler) VacancyMatches(c *fiber.Ctx) error {
	d, err := h.vacancyMatches(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/recruit_matches", h.page(c, "recruit.matches.title", "recruit", d))
}

func (h *Handler) vacancyMatches(c *fiber.Ctx) (matchesData, error) {
	ctx := c.UserContext()
	v, err := h.Store.Vacancy(ctx, c.Params("id"))
	if err != nil {
		return matchesData{}, err
	}
	alerted, err := h.Store.VacancyAlert(ctx, v.ID)
	if err != nil {
		return matchesData{}, err
	}
	d := matchesData{V: v, Alerted: alerted}
	tags := v.Terms()
	res, err := h.Index.Search(ctx, search.TalentPool(search.Query{Tags: tags, Limit: matchPool}))
	if err != nil {
		h.Log.Warn("talent search failed", "request_id", requestID(c), "err", err)
		d.SearchDown = true
		return d, nil
	}
	ids := make([]string, len(res.Hits))
	for i, hit := range res.Hits {
		ids[i] = hit.Ref
	}
	users, err := h.Store.UsersByID(ctx, ids)
	if err != nil {
		return d, err
	}
	for _, u := range users {
		// The index follows consent within seconds; check again here all the same.
		if !models.May(&u, models.PurposeTalentSearch) {
			continue
		}
		m := models.MatchVacancy(&u, v)
		if m.Score < models.NearMatch {
			continue
		}
		contactable := models.May(&u, models.PurposeRecruiterContact)
		d.Candidates = append(d.Candidates, candidateMatch{U: u, Match: m, Contactable: contactable, Selected: contactable})
	}
	sort.SliceStable(d.Candidates, func(i, j int) bool { return d.Candidates[i].Match.Score > d.Candidates[j].Match.Score })
	if len(d.Candidates) > 50 {
		d.Candidates = d.Candidates[:50]
	}
	// Who already said they are interested, or heard of it from us: from
	// their relationships, read by _id.
	for i := range d.Candidates {
		cm := &d.Candidates[i]
		r, err := h.Store.Relationship(ctx, cm.U.ID)
		if err != nil {
			return d, err
		}
		cm.Interested, cm.Shared = r.VacancyTouch(models.KindInterestExpressed, v.ID), r.VacancyTouch(models.KindVacancyShared, v.ID)
		if !cm.Interested.IsZero() || !cm.Shared.IsZero() {
			cm.Selected = false // told already: not again by default
		}
	}
	return d, nil
}

// ShareVacancy shares a vacancy with the chosen candidates: "preview" shows
// who would receive it, "send" notifies each of them in the portal and
// records a touchpoint. Candidates who did not allow contact are skipped.
func (h *Handler) ShareVacancy(c *fiber.Ctx) error {
	d, err := h.vacancyMatches(c)
	if err != nil {
		return err
	}
	chosen := formValues(c, "candidate")
	for i := range d.Candidates {
		cm := &d.Candidates[i]
		cm.Selected = slices.Contains(chosen, cm.U.ID)
		if !cm.Selected {
			continue
		}
		if cm.Contactable {
			d.Recipients = append(d.Recipients, *cm)
		} else {
			d.Skipped++
		}
	}
	if c.FormValue("action") != "send" {
		d.Preview = true
		return h.render(c, fiber.StatusOK, "pages/recruit_matches", h.page(c, "recruit.matches.title", "recruit", d))
	}
	rec := auth.CurrentUser(c)
	now := time.Now()
	for _, cm := range d.Recipients {
		tp := models.Touchpoint{ID: models.TouchpointID(models.KindVacancyShared, cm.U.ID, d.V.ID), CandidateID: cm.U.ID,
			RecruiterID: rec.ID, Kind: models.KindVacancyShared, VacancyID: d.V.ID, Title: d.V.Title, At: now}
		n := models.Notification{ID: newID(), UserID: cm.U.ID, Kind: models.KindVacancyShared, VacancyID: d.V.ID,
			Title: d.V.Title, FromID: rec.ID, FromName: rec.Name, CreatedAt: now}
		if _, err := h.Store.RecordTouchpoint(c.UserContext(), tp, n); err != nil {
			return err
		}
	}
	h.Log.Info("vacancy shared", "request_id", requestID(c), "vacancy", d.V.ID, "recipients", len(d.Recipients), "skipped", d.Skipped)
	h.setFlash(c, "flash.vacancy_shared")
	return redirect(c, "/recruit/vacancies/"+d.V.ID+"/matches")
}
