package models_test

import (
	"testing"
	"time"

	"github.com/talentcommunity/portal/models"
)

func TestParsePeriod(t *testing.T) {
	now := time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, c := range []struct {
		name, rng, from, to string
		wantFrom, wantTo    string
		wantStep            string
		errField, errKey    string
	}{
		{name: "default", wantFrom: "2026-09-06", wantTo: "2026-12-05", wantStep: models.StepWeek},
		{name: "30 days", rng: "30", wantFrom: "2026-11-05", wantTo: "2026-12-05", wantStep: models.StepDay},
		{name: "a year", rng: "365", wantFrom: "2025-12-05", wantTo: "2026-12-05", wantStep: models.StepMonth},
		{name: "custom", rng: "custom", from: "2026-01-01", to: "2026-01-31", wantFrom: "2026-01-01", wantTo: "2026-02-01", wantStep: models.StepDay},
		{name: "custom up to today", rng: "custom", from: "2026-11-01", to: "2027-01-31", wantFrom: "2026-11-01", wantTo: "2026-12-05", wantStep: models.StepDay},
		{name: "no date", rng: "custom", to: "2026-01-31", errField: "from", errKey: "insights.error.date"},
		{name: "from the future", rng: "custom", from: "2026-12-05", to: "2026-12-06", errField: "from", errKey: "insights.error.future"},
		{name: "backwards", rng: "custom", from: "2026-02-01", to: "2026-01-01", errField: "to", errKey: "insights.error.order"},
		{name: "too long", rng: "custom", from: "2020-01-01", to: "2026-01-01", errField: "to", errKey: "insights.error.too_long"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, errs := models.ParsePeriod(c.rng, c.from, c.to, now)
			if c.errField != "" {
				if errs[c.errField].Key != c.errKey {
					t.Fatalf("errors %v, want %s at %s", errs, c.errKey, c.errField)
				}
				return
			}
			if len(errs) > 0 || !p.From.Equal(day(c.wantFrom)) || !p.To.Equal(day(c.wantTo)) || p.Step() != c.wantStep {
				t.Errorf("got %s–%s by %s (%v), want %s–%s by %s", p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), p.Step(), errs,
					c.wantFrom, c.wantTo, c.wantStep)
			}
		})
	}
}

func TestPeriodBucketsSumAndLatest(t *testing.T) {
	now := time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC) // a Friday
	p, _ := models.ParsePeriod("90", "", "", now)
	b := p.Buckets()
	// The first week starts at the period's first day; the others on Mondays.
	if b[0].Format(time.DateOnly) != "2026-09-06" || b[1].Format(time.DateOnly) != "2026-09-07" || b[len(b)-1].Format(time.DateOnly) != "2026-11-30" {
		t.Fatalf("weeks: %v … %v", b[:2], b[len(b)-1])
	}
	days := models.Days{
		"2026-09-05": {"a": 100}, // before the period
		"2026-09-06": {"a": 1},
		"2026-09-07": {"a": 2, "b": 1},
		"2026-09-13": {"a": 3},
		"2026-12-04": {"a": 4},
	}
	sum := p.Sum(days, []string{"a", "b"})
	if sum[0][0] != 1 || sum[0][1] != 5 || sum[1][1] != 1 || sum[0][len(b)-1] != 4 {
		t.Errorf("sums: %v", sum)
	}
	if total := p.Total(days); total["a"] != 10 || total["b"] != 1 {
		t.Errorf("totals: %v", total)
	}
	latest := p.Latest(days, []string{"a"})
	if *latest[0][1] != 3 || latest[0][2] != nil {
		t.Errorf("the second week's last value: %v, the third: %v", *latest[0][1], latest[0][2])
	}
}

func TestTimelineTallies(t *testing.T) {
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	h := func(n int) time.Time { return at.Add(time.Duration(n) * time.Hour) }
	fresh := []models.Touchpoint{
		{Kind: models.KindSignedUp, Title: "Mark", At: h(0)}, // named by whoever invited them
		{Kind: models.KindMilestone, At: h(10)},
		{Kind: models.KindInterestExpressed, VacancyID: "v", At: h(20)},
		{Kind: models.KindContact, RecruiterID: "r1", At: h(30)}, // answers all three, the oldest (the referred sign-up) 30 h ago
		{Kind: models.KindVacancyShared, RecruiterID: "r2", VacancyID: "v", At: h(200)},
		{Kind: models.KindEventAttended, At: h(300)}, // still waiting
	}
	got := map[string]int{}
	for _, tl := range models.TimelineTallies(nil, "", fresh) {
		got[tl.Metric+"/"+tl.Key] += tl.N
		// A signal and its answer are counted on the day it was raised.
		if (tl.Metric == models.MetricResponse || tl.Metric == models.MetricSignals) && !tl.At.Equal(h(0)) && !tl.At.Equal(h(300)) {
			t.Errorf("%s/%s counted at %v, not when its signal was raised", tl.Metric, tl.Key, tl.At)
		}
	}
	// Two times a reason to get in touch: the one answered, and the one
	// still waiting, which counts in the rate's denominator.
	want := map[string]int{"joined/referral": 1, "vacancies/interested": 1, "touches/r1": 1, "response/3days": 1,
		"vacancies/shared": 1, "touches/r2": 1, "signals/raised": 2}
	if len(got) != len(want) {
		t.Errorf("tallies %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
}

// A monthly member who joined on 1 January and was called on 20 March
// came due on 31 January (30 days on), and again 30 days after the call.
func TestHistoryTalliesCameDue(t *testing.T) {
	joined := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	u := &models.User{ID: "m", CreatedAt: joined, Contact: models.ContactPreferences{Frequency: "monthly"}}
	models.SetConsents(u, map[models.ConsentKind]bool{models.ConsentContact: true, models.ConsentVisibility: true}, joined)
	r := &models.Relationship{ID: "m", OwnerID: "r1"}
	r.Record(models.Touchpoint{ID: "s", Kind: models.KindSignedUp, At: joined}, false)
	r.Record(models.Touchpoint{ID: "c", Kind: models.KindContact, RecruiterID: "r1", At: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)}, false)
	var due []string
	months := 0
	for _, tl := range models.HistoryTallies(u, r, now) {
		switch tl.Metric {
		case models.MetricCameDue:
			if tl.Key != "r1" {
				t.Errorf("came due for %q", tl.Key)
			}
			due = append(due, tl.At.Format(time.DateOnly))
		case models.MetricEngagement:
			months++
		}
	}
	if len(due) != 2 || due[0] != "2026-01-31" || due[1] != "2026-04-19" {
		t.Errorf("came due on %v", due)
	}
	if months != 3 { // the ends of January to March; April has not ended
		t.Errorf("%d monthly engagement snapshots, want 3", months)
	}
}

// The signals waiting on a timeline are those since its newest contact,
// read from the timeline alone, as a replay of it reads them.
func TestOpenSignals(t *testing.T) {
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	r := &models.Relationship{}
	r.Record(models.Touchpoint{ID: "a", Kind: models.KindEventAttended, At: at}, true)
	r.Record(models.Touchpoint{ID: "c", Kind: models.KindContact, RecruiterID: "r", At: at.Add(time.Hour)}, false)
	r.Record(models.Touchpoint{ID: "i", Kind: models.KindInterestExpressed, At: at.Add(2 * time.Hour)}, true)
	r.Record(models.Touchpoint{ID: "j", Kind: models.KindEventJoined, At: at.Add(3 * time.Hour)}, false)
	open := models.OpenSignals(r.Timeline)
	if len(open) != 1 || open[0].ID != "i" {
		t.Errorf("open signals %+v, want the interest after the contact", open)
	}
}

// Staff are not talent: the replay counts no engagement for a recruiter,
// even one who let recruiters find them, as the daily snapshot does not.
func TestHistoryTalliesCountNoStaffEngagement(t *testing.T) {
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	u := &models.User{ID: "rec", Roles: []models.Role{models.RoleCandidate, models.RoleRecruiter}, CreatedAt: now.AddDate(0, -6, 0)}
	models.SetConsents(u, map[models.ConsentKind]bool{models.ConsentVisibility: true, models.ConsentContact: true}, u.CreatedAt)
	for _, tally := range models.HistoryTallies(u, &models.Relationship{ID: "rec"}, now) {
		if tally.Metric == models.MetricEngagement {
			t.Fatalf("a recruiter's engagement was replayed: %+v", tally)
		}
	}
	u.Roles = []models.Role{models.RoleCandidate}
	found := false
	for _, tally := range models.HistoryTallies(u, &models.Relationship{ID: "rec"}, now) {
		found = found || tally.Metric == models.MetricEngagement
	}
	if !found {
		t.Error("a candidate's engagement was not replayed: nothing was compared")
	}
}
