package handlers

import (
	"slices"
	"sort"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/models"
)

// funnelRow is one shared target: every member's links to it added up.
type funnelRow struct {
	Kind, ID, Title string
	Totals          models.ReferralCounts
}

// referredRow is one member who came in through a link.
type referredRow struct {
	Code                    string
	Member, Referrer        *models.User
	TargetKind, TargetTitle string
	At                      time.Time
	Converted, Hired        bool
}

type recruitReferralsData struct {
	Totals    models.ReferralCounts
	Funnel    []funnelRow
	Referrers []referrerRow
	Referred  []referredRow
}

// RecruitReferrals shows recruiters what referrals bring: the funnel from
// click to hire per vacancy, event and the community, the members who
// bring most people in, and the people who came in, to mark hires.
func (h *Handler) RecruitReferrals(c *fiber.Ctx) error {
	ctx := c.UserContext()
	sum, err := h.Store.ReferralSummary(ctx)
	if err != nil {
		return err
	}
	d := recruitReferralsData{Totals: sum.Totals}
	for _, t := range sum.Targets {
		d.Funnel = append(d.Funnel, funnelRow{Kind: t.Kind, ID: t.ID, Title: t.Title, Totals: t.Counts})
	}
	sort.Slice(d.Funnel, func(i, j int) bool {
		if a, b := d.Funnel[i].Totals.Clicks, d.Funnel[j].Totals.Clicks; a != b {
			return a > b
		}
		return d.Funnel[i].Title < d.Funnel[j].Title
	})
	if d.Referrers, err = h.rankReferrers(ctx, sum.Leaders, false, 10); err != nil {
		return err
	}
	recent, err := h.Store.RecentReferred(ctx)
	if err != nil {
		return err
	}
	var people, codes []string
	for _, r := range recent {
		people = append(people, r.ReferredID, r.ReferrerID)
		codes = append(codes, r.Code)
	}
	links, err := h.Store.ReferralLinksByCode(ctx, codes)
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, l := range links {
		titles[l.Code] = l.TargetTitle
	}
	users, err := h.Store.UsersByID(ctx, people)
	if err != nil {
		return err
	}
	byID := map[string]*models.User{}
	for i := range users {
		byID[users[i].ID] = &users[i]
	}
	for _, r := range recent {
		member, referrer := byID[r.ReferredID], byID[r.ReferrerID]
		if member == nil || referrer == nil {
			continue // erased since
		}
		d.Referred = append(d.Referred, referredRow{Code: r.Code, Member: member, Referrer: referrer, TargetKind: r.TargetKind,
			TargetTitle: titles[r.Code], At: r.At,
			Converted: slices.Contains(r.Did, models.ConversionJoin) || slices.Contains(r.Did, models.ConversionInterest),
			Hired:     slices.Contains(r.Did, models.ConversionHire)})
	}
	return h.render(c, fiber.StatusOK, "pages/recruit_referrals", h.page(c, "recruit.referrals.title", "recruit", d))
}

// MarkReferralHired records that a referred member was hired, which counts
// for the member who invited them (and thanks them).
func (h *Handler) MarkReferralHired(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u, err := h.Store.User(ctx, c.FormValue("user_id"))
	if err != nil {
		return err
	}
	if u.ReferredBy == nil {
		return fiber.ErrNotFound
	}
	l, err := h.Store.ReferralLink(ctx, u.ReferredBy.Code)
	if err != nil {
		return err
	}
	h.convert(c, l, u.ID, models.ConversionHire)
	h.setFlash(c, "flash.referral_hired")
	return redirect(c, "/recruit/referrals")
}
