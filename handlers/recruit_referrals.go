package handlers

import (
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
	signUps, err := h.Store.ReferralConversions(ctx, models.ConversionSignUp, 100)
	if err != nil {
		return err
	}
	var referred, people, codes []string
	for _, s := range signUps {
		referred = append(referred, s.ReferredID)
		people = append(people, s.ReferredID, s.ReferrerID)
		codes = append(codes, s.Code)
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
	later, err := h.Store.ConversionsOf(ctx, referred)
	if err != nil {
		return err
	}
	did := map[string]map[string]bool{} // link and member → the kinds of what they did
	for _, c := range later {
		key := c.Code + "|" + c.ReferredID
		if did[key] == nil {
			did[key] = map[string]bool{}
		}
		did[key][c.Kind] = true
	}
	for _, s := range signUps {
		member, referrer := byID[s.ReferredID], byID[s.ReferrerID]
		if member == nil || referrer == nil {
			continue // erased since
		}
		kinds := did[s.Code+"|"+s.ReferredID]
		d.Referred = append(d.Referred, referredRow{Code: s.Code, Member: member, Referrer: referrer, TargetKind: s.TargetKind,
			TargetTitle: titles[s.Code], At: s.At, Converted: kinds[models.ConversionJoin] || kinds[models.ConversionInterest],
			Hired: kinds[models.ConversionHire]})
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
