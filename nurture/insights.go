package nurture

import (
	"context"
	"time"

	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// insightSnapshots keeps, once a day, what the insights need per day but
// nothing counts as it happens, from the index's facets: the members per
// engagement tier today, and per owner the members who came due by their
// rhythm yesterday (still due: a contact before the day moves it on).
func insightSnapshots(ctx context.Context, st *store.Store, idx search.Index, _ *i18n.Bundle, now time.Time) (int, error) {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if first, err := st.FirstRunOn(ctx, "insights", today.Format(time.DateOnly)); err != nil || !first {
		return 0, err
	}
	// The talent pool's members (not staff), as HistoryTallies replays them.
	tiers, err := facetCounts(ctx, idx, search.TalentPool(search.Query{}), "engagement")
	if err != nil {
		return 0, err
	}
	if err := st.SetRollupDay(ctx, models.MetricEngagement, today, tiers); err != nil {
		return 0, err
	}
	yesterday := today.AddDate(0, 0, -1)
	owners, err := facetCounts(ctx, idx, search.Query{Kinds: []string{search.KindCandidates},
		Filters: map[string][]string{"today": {models.TodayRhythm}},
		Ranges:  []search.DateRange{{Field: "due", From: yesterday, To: today}}}, "owner")
	if err != nil {
		return 0, err
	}
	return 2, st.SetRollupDay(ctx, models.MetricCameDue, yesterday, owners)
}

// facetCounts counts q's hits by the values of field, past the cache.
func facetCounts(ctx context.Context, idx search.Index, q search.Query, field string) (map[string]int, error) {
	q = fresh(q, 1)
	q.Facets = []string{field}
	res, err := idx.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, f := range res.Facets[field] {
		out[f.Value] = f.Count
	}
	return out, nil
}
