package insights_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/insights"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
)

// Every rate counts its whole denominator, and a figure two charts show is
// the same in both: each derived a second way, from the demo's history as
// the store holds it, over a year.
func TestInsightsAgreeWithTheHistory(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	p.WaitForIndex(t)
	ctx := context.Background()
	now := time.Now()
	period, errs := models.ParsePeriod("365", "", "", now)
	if errs.Any() {
		t.Fatal(errs)
	}
	report, err := insights.Build(ctx, p.App.Store, p.App.Index, period, "", now)
	if err != nil {
		t.Fatal(err)
	}
	chart := func(id string) insights.Chart {
		c, ok := report.Chart(id)
		if !ok {
			t.Fatalf("no chart %s", id)
		}
		return c
	}
	sum := func(s insights.Series) (n int) {
		for _, v := range s.Values {
			if v != nil {
				n += int(*v)
			}
		}
		return n
	}
	in := func(at time.Time) bool { return !at.Before(period.From) && at.Before(period.To) }

	// The events' reading accounts for every RSVP: came, did not come, still
	// waiting, or not counted at a door.
	args := map[string]int{}
	ev := chart(insights.ChartEvents)
	for i := 0; i+1 < len(ev.ReadingArgs); i += 2 {
		if n, ok := ev.ReadingArgs[i+1].(int); ok {
			args[ev.ReadingArgs[i].(string)] = n
		}
	}
	if args["RSVPs"] == 0 || args["RSVPs"] != args["Came"]+args["NoShows"]+args["Waiting"]+args["Unkept"] {
		t.Errorf("the events' reading does not add up: %v", args)
	}

	// The signals raised in the period, from every member's timeline: each
	// time they gave a reason to get in touch while none was waiting.
	raised, answered := 0, 0
	var members []string
	for i := 1; i <= 60; i++ {
		members = append(members, fmt.Sprintf("demo:member-%02d", i))
	}
	members = append(members, "demo:candidate", "demo:recruiter", "demo:admin")
	for _, id := range members {
		r, err := p.App.Store.Relationship(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		timeline := slices.Clone(r.Timeline)
		slices.Reverse(timeline)
		var waiting *time.Time
		for _, tp := range timeline {
			switch {
			case models.IsContact(tp.Kind):
				if waiting != nil && in(*waiting) {
					answered++
				}
				waiting = nil
			case models.RaisesSignal(tp) && waiting == nil:
				at := tp.At
				waiting = &at
				if in(at) {
					raised++
				}
			}
		}
	}
	response := chart(insights.ChartResponse)
	if got := sum(response.Series[0]); got != raised || raised == 0 {
		t.Errorf("the response chart counts %d signals, the timelines %d", got, raised)
	}
	if all := response.ReadingArgs[1]; all != raised {
		t.Errorf("the response rate is of %v signals, the timelines raised %d", all, raised)
	}
	if waiting := response.ReadingArgs[5]; waiting != raised-answered {
		t.Errorf("the response chart says %v still wait, the timelines %d", waiting, raised-answered)
	}

	// The vacancies published in the period, from the store.
	published := 0
	for i := 1; i <= 30; i++ {
		v, err := p.App.Store.Vacancy(ctx, fmt.Sprintf("vac-%02d", i))
		if err != nil {
			continue
		}
		if v.Status != models.VacancyDraft && in(v.PublishedAt) {
			published++
		}
	}
	first := chart(insights.ChartFirstInterest)
	if got := sum(first.Series[0]); got != published || published == 0 {
		t.Errorf("the first-interest chart counts %d vacancies, the store published %d", got, published)
	}
	if all := first.ReadingArgs[1]; all != published {
		t.Errorf("the first-interest rate is of %v vacancies, the store published %d", all, published)
	}

	// A sign-up through a referral is one event: the funnel and the members
	// chart count it in the same bucket.
	var signups, referred []*float64
	for _, s := range chart(insights.ChartReferrals).Series {
		if s.Key == "signups" {
			signups = s.Values
		}
	}
	for _, s := range chart(insights.ChartMembers).Series {
		if s.Key == models.SourceReferral {
			referred = s.Values
		}
	}
	if len(signups) == 0 || len(signups) != len(referred) {
		t.Fatalf("the funnel has %d buckets, the members chart %d", len(signups), len(referred))
	}
	total := 0
	for i := range signups {
		a, b := 0, 0
		if signups[i] != nil {
			a = int(*signups[i])
		}
		if referred[i] != nil {
			b = int(*referred[i])
		}
		total += a
		if a != b {
			t.Errorf("bucket %s: the funnel counts %d sign-ups, the members chart %d joined through a referral", chart(insights.ChartMembers).X[i].Format(time.DateOnly), a, b)
		}
	}
	if total == 0 {
		t.Error("no referral sign-ups in the demo's year: nothing was compared")
	}
}

// The engagement chart has one method for every month: the tiers the daily
// snapshot counts today (the index's facet over the talent pool) are the
// tiers the history replay gives each member of the pool now.
func TestEngagementSnapshotAndReplayAgree(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	p.WaitForIndex(t)
	ctx := context.Background()
	now := time.Now()
	res, err := p.App.Index.Search(ctx, search.TalentPool(search.Query{Facets: []string{"engagement"}, Limit: 500, Fresh: true}))
	if err != nil {
		t.Fatal(err)
	}
	snapshot := map[string]int{}
	for _, f := range res.Facets["engagement"] {
		snapshot[f.Value] = f.Count
	}
	replayed := map[string]int{}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Ref
	}
	users, err := p.App.Store.UsersByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		r, err := p.App.Store.Relationship(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		replayed[models.ReplayedTier(r, now)]++
	}
	if len(users) < 40 || fmt.Sprint(snapshot) != fmt.Sprint(replayed) {
		t.Errorf("over %d members of the pool the snapshot counts %v, the replay %v", len(users), snapshot, replayed)
	}
	if snapshot[models.TierDormant] == len(users) {
		t.Error("everyone is dormant: nothing was compared")
	}
}
