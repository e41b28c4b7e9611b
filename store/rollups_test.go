package store_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/talentcommunity/portal/models"
)

// What the rollups count as things happen is what a rebuild from the whole
// history counts: the live path and the backfill agree.
func TestRollupsCountAsThingsHappenAndRebuildTheSame(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	now := time.Now().UTC()
	day := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	v := models.Vacancy{ID: "vac-x", Title: "Platform engineer", Status: models.VacancyOpen, PublishedAt: day(10)}
	if err := s.SaveVacancy(ctx, v); err != nil {
		t.Fatal(err)
	}
	u := models.User{ID: "m1", Name: "Lotte", CreatedAt: day(40)}
	models.SetConsents(&u, map[models.ConsentKind]bool{models.ConsentContact: true, models.ConsentVisibility: true}, day(40))
	if err := s.SaveUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	record := func(tp models.Touchpoint) {
		t.Helper()
		tp.CandidateID = "m1"
		if _, err := s.RecordTouchpoint(ctx, tp, models.Notification{}); err != nil {
			t.Fatal(err)
		}
	}
	record(models.Touchpoint{ID: "signup", Kind: models.KindSignedUp, At: day(40)})
	record(models.Touchpoint{ID: "open", Kind: models.KindAvailabilityChanged, Title: string(models.AvailabilityOpen), At: day(20)})
	record(models.Touchpoint{ID: "call", Kind: models.KindContact, RecruiterID: "rec.one", At: day(18)}) // a dot in the key
	record(models.Touchpoint{ID: "share", Kind: models.KindVacancyShared, RecruiterID: "rec.one", VacancyID: v.ID, At: day(9)})
	record(models.Touchpoint{ID: "like", Kind: models.KindInterestExpressed, VacancyID: v.ID, At: day(8)})
	record(models.Touchpoint{ID: "like", Kind: models.KindInterestExpressed, VacancyID: v.ID, At: day(8)}) // twice: once
	// Asked, confirmed (only this counts as given), then withdrawn.
	for _, change := range []func(u *models.User){
		func(u *models.User) {
			models.SetConsents(u, map[models.ConsentKind]bool{models.ConsentNewsletter: true}, day(6))
		},
		func(u *models.User) { models.ConfirmNewsletter(u, day(5)) },
		func(u *models.User) {
			models.SetConsents(u, map[models.ConsentKind]bool{models.ConsentNewsletter: false}, day(2))
		},
	} {
		if _, err := s.ModifyProfile(ctx, "m1", func(u *models.User) error { change(u); return nil }); err != nil {
			t.Fatal(err)
		}
	}

	totals := func() map[string]map[string]int {
		out := map[string]map[string]int{}
		all, err := s.Rollups(ctx, day(60), now)
		if err != nil {
			t.Fatal(err)
		}
		for m, days := range all {
			out[m] = models.Period{From: day(60), To: now.AddDate(0, 0, 1)}.Total(days)
		}
		return out
	}
	live := totals()
	want := map[string]map[string]int{
		models.MetricJoined:        {models.SourceSignUp: 1},
		models.MetricTouches:       {"rec.one": 2},
		models.MetricResponse:      {"3days": 1},
		models.MetricSignals:       {models.SignalRaised: 2}, // the one answered, and the interest still waiting
		models.MetricVacancies:     {models.VacancyShared: 1, models.VacancyInterested: 1},
		models.MetricFirstInterest: {"3days": 1},
		models.MetricConsent:       {models.ConsentGained: 1, models.ConsentLost: 1},
	}
	for m, w := range want {
		if !maps.Equal(live[m], w) {
			t.Errorf("live %s: %v, want %v", m, live[m], w)
		}
	}
	if err := s.RebuildInsights(ctx, now); err != nil {
		t.Fatal(err)
	}
	for m, w := range want {
		if got := totals()[m]; !maps.Equal(got, w) {
			t.Errorf("rebuilt %s: %v, want %v", m, got, w)
		}
	}
}

// A snapshot day is replaced, not added to.
func TestRollupDayIsReplaced(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	today := time.Now().UTC()
	for _, n := range []int{3, 5} {
		if err := s.SetRollupDay(ctx, models.MetricEngagement, today, map[string]int{models.TierActive: n}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Rollups(ctx, today, today)
	if err != nil {
		t.Fatal(err)
	}
	if got := all[models.MetricEngagement][today.Format(time.DateOnly)][models.TierActive]; got != 5 {
		t.Errorf("active today: %d, want 5", got)
	}
}

// An erased recruiter's contacts still count for the team, under nobody's
// name.
func TestErasureTakesTheRecruiterOutOfTheRollups(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	now := time.Now().UTC()
	if err := s.SaveUser(ctx, models.User{ID: "rec.gone", Name: "Gone", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	for _, by := range []string{"rec.gone", "rec.gone", "rec.stays"} {
		if err := s.Tally(ctx, models.Tally{Metric: models.MetricTouches, Key: by, At: now, N: 1}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ErasePerson(ctx, "rec.gone", nil); err != nil {
		t.Fatal(err)
	}
	all, err := s.Rollups(ctx, now, now)
	if err != nil {
		t.Fatal(err)
	}
	got := all[models.MetricTouches][now.Format(time.DateOnly)]
	want := map[string]int{models.FormerRecruiter: 2, "rec.stays": 1}
	if !maps.Equal(got, want) {
		t.Errorf("contacts after the erasure: %v, want %v", got, want)
	}
}

// A contact taken back at once takes its counts with it: the insights are
// as before it, as a rebuild from the timeline would have them; the
// signals it answered are open again.
func TestUndoneContactCountsNothing(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	now := time.Now().UTC()
	u := models.User{ID: "m1", Name: "Lotte", CreatedAt: now.AddDate(0, 0, -40)}
	if err := s.SaveUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	record := func(tp models.Touchpoint) {
		t.Helper()
		tp.CandidateID = "m1"
		if _, err := s.RecordTouchpoint(ctx, tp, models.Notification{}); err != nil {
			t.Fatal(err)
		}
	}
	record(models.Touchpoint{ID: "door", Kind: models.KindEventAttended, At: now.AddDate(0, 0, -2)})
	totals := func() map[string]map[string]int {
		all, err := s.Rollups(ctx, now.AddDate(0, 0, -60), now)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]map[string]int{}
		for m, days := range all {
			out[m] = models.Period{From: now.AddDate(0, 0, -60), To: now.AddDate(0, 0, 1)}.Total(days)
		}
		return out
	}
	before := totals()
	record(models.Touchpoint{ID: "call", Kind: models.KindContact, RecruiterID: "rec", At: now})
	if got := totals()[models.MetricResponse]["3days"]; got != 1 {
		t.Fatalf("the call answered the signal in %d, want 1: %v", got, totals())
	}
	if ok, err := s.UndoContact(ctx, "m1", "call"); !ok || err != nil {
		t.Fatalf("undo: %v %v", ok, err)
	}
	after := totals()
	for _, m := range []string{models.MetricTouches, models.MetricResponse, models.MetricSignals} {
		for k, n := range after[m] {
			if n != before[m][k] {
				t.Errorf("%s/%s: %d after the undo, %d before the call", m, k, n, before[m][k])
			}
		}
	}
	r, _ := s.Relationship(ctx, "m1")
	if len(r.Signals) != 1 || r.LastContact != nil {
		t.Errorf("after the undo: signals %v, last contact %+v", r.Signals, r.LastContact)
	}
	if ok, _ := s.UndoContact(ctx, "m1", "call"); ok {
		t.Error("a contact was undone twice")
	}
}
