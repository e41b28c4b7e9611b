package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
)

// myReferralsData is a member's links with what each led to.
type myReferralsData struct {
	Links         []models.ReferralLink
	Totals        models.ReferralCounts
	OnLeaderboard bool
}

// MyReferrals shows the member's links: clicks, sign-ups, event joins,
// interests and hires per link, and their leaderboard choice.
func (h *Handler) MyReferrals(c *fiber.Ctx) error {
	u := auth.CurrentUser(c)
	links, err := h.Store.ReferralLinksOf(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	d := myReferralsData{Links: links, Totals: sumLinks(links), OnLeaderboard: u.OnLeaderboard}
	return h.render(c, fiber.StatusOK, "pages/referrals", h.page(c, "referrals.title", "referrals", d))
}

func sumLinks(links []models.ReferralLink) models.ReferralCounts {
	var t models.ReferralCounts
	for _, l := range links {
		t.Add(l.ReferralCounts)
	}
	return t
}

// SetReferralLinkDisabled turns one of the member's links off (or on again).
func (h *Handler) SetReferralLinkDisabled(c *fiber.Ctx) error {
	disabled := c.FormValue("disabled") == "true"
	if err := h.Store.SetReferralLinkDisabled(c.UserContext(), c.Params("code"), auth.CurrentUser(c).ID, disabled); err != nil {
		return err
	}
	h.setFlash(c, map[bool]string{true: "flash.link_disabled", false: "flash.link_enabled"}[disabled])
	return redirect(c, "/referrals")
}
