package nurture_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/nurture"
	"github.com/talentcommunity/portal/search"
)

// The daily round: an anniversary becomes a milestone to congratulate on
// (once, however often the job runs), someone who did not come to an event
// with a door check-in gets a no-show, an engagement that fell a tier is
// indexed again, and the recruiter finds one digest a day in the inbox.
func TestKeepInTouchDailyRound(t *testing.T) {
	s := apptest.OpenStore(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC) // 10:00 in Amsterdam
	member := func(id string, created time.Time, positions ...models.Position) {
		u := models.User{ID: id, Name: "Member " + id, CreatedAt: created, Positions: positions, Version: 1}
		models.SetConsents(&u, map[models.ConsentKind]bool{models.ConsentContact: true, models.ConsentVisibility: true}, created)
		if err := s.SaveUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	member("old-timer", now.AddDate(-2, 0, 0))
	member("worker", now.AddDate(0, -1, 0), models.Position{Title: "Engineer", Company: "Polder Cloud", Start: "2021-12"})
	member("fresh", now.AddDate(0, 0, -10))
	member("due-yesterday", now.AddDate(0, 0, -91)) // quarterly by default: due 90 days on
	rec := models.User{ID: "rec", Name: "Mark Jansen", Roles: []models.Role{models.RoleRecruiter}, CreatedAt: now.AddDate(-1, 0, -3), Version: 1}
	if err := s.SaveUser(ctx, rec); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"old-timer", "worker", "fresh", "due-yesterday"} {
		if _, err := s.ChangeRelationship(ctx, id, "rec", func(r *models.Relationship) (bool, error) { r.Assign("rec"); return true, nil }); err != nil {
			t.Fatal(err)
		}
	}
	// "fresh" was active a while ago: warm now, cooling within weeks.
	for i := 0; i < 2; i++ {
		if err := s.NoteActivity(ctx, "fresh", models.KindEventAttended, now.AddDate(0, 0, -20-i)); err != nil {
			t.Fatal(err)
		}
	}
	// An event that ended yesterday, with one of two checked in.
	ev := models.Event{ID: "meetup", Title: "Go meetup Utrecht", Status: models.EventPublished, StartsAt: now.Add(-26 * time.Hour), EndsAt: now.Add(-24 * time.Hour)}
	if err := s.SaveEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"old-timer", "worker"} {
		if _, err := s.JoinEvent(ctx, "meetup", id, now.AddDate(0, 0, -5)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetCheckedIn(ctx, "meetup", "worker", true, now); err != nil {
		t.Fatal(err)
	}

	idx, _, err := search.OpenBleve(filepath.Join(t.TempDir(), "index"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	syncer := &search.Syncer{Store: s, Index: idx, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if _, err := syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.New(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	job := nurture.KeepInTouch(s, idx, bundle)
	for run := 0; run < 2; run++ {
		if _, err := job.Run(ctx, now.Add(time.Duration(run)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}

	signal := func(id string) []models.Signal {
		r, err := s.Relationship(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return r.Signals
	}
	if got := signal("old-timer"); len(got) != 1 || got[0].Title != "2 years in the community" || got[0].MilestoneID == "" {
		t.Errorf("community anniversary: %+v", got)
	}
	if got := signal("worker"); len(got) != 1 || got[0].Title != "5 years at Polder Cloud" {
		t.Errorf("work anniversary: %+v", got)
	}
	if got := signal("fresh"); len(got) != 0 {
		t.Errorf("a member without an anniversary got a signal: %+v", got)
	}
	if n := len(apptest.Touchpoints(t, s, "old-timer", models.KindNoShow)); n != 1 {
		t.Errorf("%d no-shows for who did not come", n)
	}
	if n := len(apptest.Touchpoints(t, s, "worker", models.KindNoShow)); n != 0 {
		t.Errorf("%d no-shows for who came", n)
	}
	ns, _ := s.Notifications(ctx, "rec", 10)
	if len(ns) != 1 || ns[0].Kind != models.KindTodayDigest || !strings.Contains(ns[0].Title, "2 people due, 0 signals") {
		t.Fatalf("digests: %+v", ns)
	}

	// The insights' snapshot of the day: the four members by tier, as the index has them.
	rollups, err := s.Rollups(ctx, now, now)
	if err != nil {
		t.Fatal(err)
	}
	tiers := rollups[models.MetricEngagement][now.Format(time.DateOnly)]
	if total := tiers[models.TierActive] + tiers[models.TierWarm] + tiers[models.TierCooling] + tiers[models.TierDormant]; total != 4 || tiers[models.TierWarm] != 1 {
		t.Errorf("today's engagement snapshot: %v", tiers)
	}
	// Who came due yesterday, by owner: one of Mark's.
	if due := rollups[models.MetricCameDue][now.AddDate(0, 0, -1).Format(time.DateOnly)]; len(due) != 1 || due["rec"] != 1 {
		t.Errorf("came due yesterday: %v", due)
	}

	// Weeks later, without anything new, "fresh" cools: the run has the index catch up.
	if _, err := syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	tier := func() string {
		res, err := idx.Search(ctx, search.Query{Kinds: []string{search.KindCandidates}, Filters: map[string][]string{"engagement": {models.TierWarm}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.Ref == "fresh" {
				return models.TierWarm
			}
		}
		return "other"
	}
	if got := tier(); got != models.TierWarm {
		t.Fatalf("fresh is %s, want warm", got)
	}
	later := now.AddDate(0, 0, 40)
	if _, err := job.Run(ctx, later); err != nil {
		t.Fatal(err)
	}
	syncer.Now = func() time.Time { return later.Add(time.Minute) }
	if _, err := syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := tier(); got == models.TierWarm {
		t.Error("fresh is still warm in the index 40 days later")
	}
}
