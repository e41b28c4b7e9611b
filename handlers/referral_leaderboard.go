package handlers

import (
	"context"
	"sort"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
)

// SetLeaderboard records whether the member appears on the public leaderboard.
func (h *Handler) SetLeaderboard(c *fiber.Ctx) error {
	if err := h.Store.SetOnLeaderboard(c.UserContext(), auth.CurrentUser(c).ID, c.FormValue("on") == "true"); err != nil {
		return err
	}
	h.setFlash(c, "flash.leaderboard_saved")
	return redirect(c, "/referrals")
}

// referrerRow is one member's referrals added up.
type referrerRow struct {
	User   *models.User
	Totals models.ReferralCounts
	Links  int
}

// rankReferrers adds up each member's links and orders them by what their
// referrals led to.
func (h *Handler) rankReferrers(ctx context.Context, links []models.ReferralLink, onlyOptedIn bool, limit int) ([]referrerRow, error) {
	byReferrer := map[string]*referrerRow{}
	var ids []string
	for _, l := range links {
		r, ok := byReferrer[l.ReferrerID]
		if !ok {
			r = &referrerRow{}
			byReferrer[l.ReferrerID] = r
			ids = append(ids, l.ReferrerID)
		}
		r.Links++
		r.Totals.Add(l.ReferralCounts)
	}
	users, err := h.Store.UsersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var rows []referrerRow
	for i := range users {
		u := &users[i]
		r := byReferrer[u.ID]
		if r.Totals.Score() == 0 || onlyOptedIn && !u.OnLeaderboard {
			continue
		}
		r.User = u
		rows = append(rows, *r)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if a, b := rows[i].Totals.Score(), rows[j].Totals.Score(); a != b {
			return a > b
		}
		return rows[i].User.Name < rows[j].User.Name
	})
	return rows[:min(limit, len(rows))], nil
}

// Leaderboard is the public list of the members who brought the most people
// in, showing only those who chose to appear on it.
func (h *Handler) Leaderboard(c *fiber.Ctx) error {
	links, err := h.Store.ReferralLinks(c.UserContext())
	if err != nil {
		return err
	}
	rows, err := h.rankReferrers(c.UserContext(), links, true, 20)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/leaderboard", h.page(c, "leaderboard.title", "referrals", rows))
}
