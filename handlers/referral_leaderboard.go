package handlers

import (
	"context"
	"sort"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
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

// rankReferrers orders the highest-scoring referrers of the summary by what
// their referrals led to, from the totals on their own documents.
func (h *Handler) rankReferrers(ctx context.Context, leaders []store.Leader, onlyOptedIn bool, limit int) ([]referrerRow, error) {
	ids := make([]string, len(leaders))
	for i, l := range leaders {
		ids[i] = l.ID
	}
	users, err := h.Store.UsersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var rows []referrerRow
	for i := range users {
		u := &users[i]
		if u.ReferralTotals.Score() == 0 || onlyOptedIn && !u.OnLeaderboard {
			continue
		}
		rows = append(rows, referrerRow{User: u, Totals: u.ReferralTotals, Links: len(u.ReferralLinks)})
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
	sum, err := h.Store.ReferralSummary(c.UserContext())
	if err != nil {
		return err
	}
	rows, err := h.rankReferrers(c.UserContext(), sum.Leaders, true, 20)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/leaderboard", h.page(c, "leaderboard.title", "referrals", rows))
}
