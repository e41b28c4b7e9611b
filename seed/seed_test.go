package seed_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/seed"
	"github.com/talentcommunity/portal/store"
)

func TestDemoIsRealisticAndIdempotent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st := apptest.OpenStore(t)
	idx, _, err := search.OpenBleve(filepath.Join(dir, "bleve"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()

	now := time.Now()
	for i := 0; i < 2; i++ {
		if err := seed.Demo(ctx, st, now); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := st.CountUsers(ctx); n != 63 {
		t.Fatalf("%d members after seeding twice, want 63", n)
	}
	if _, err := (&search.Syncer{Store: st, Index: idx, Log: log}).SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	count := func(q search.Query) int {
		res, err := idx.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	visible := count(search.TalentPool(search.Query{}))
	if visible < 30 || visible >= 63 {
		t.Errorf("%d of 63 members in the talent index: most, not all, should have said yes", visible)
	}
	if n := count(search.Query{Kinds: []string{"vacancies"}}); n != 18 {
		t.Errorf("%d vacancies", n)
	}
	if n := count(search.Query{Kinds: []string{"articles"}}); n != 10 {
		t.Errorf("%d articles", n)
	}
	if n := count(search.Query{Kinds: []string{"events"}, After: now}); n != 8 {
		t.Errorf("%d upcoming events: the demo must always look alive", n)
	}
	cand, err := st.User(ctx, seed.DemoCandidate.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !cand.Onboarding.Done || cand.Skills[0] != "Go" {
		t.Errorf("demo candidate not onboarded with taxonomy terms: %+v", cand)
	}
	tags := append(append([]string{}, cand.Interests...), cand.Skills...)
	if n := count(search.Query{Kinds: []string{"vacancies"}, Tags: tags}); n < 3 {
		t.Errorf("the demo candidate matches only %d vacancies", n)
	}
	skills := map[string]bool{}
	err = st.EachUser(ctx, 100, func(users []models.User) error {
		for _, u := range users {
			for _, s := range u.Skills {
				skills[s] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(skills) < 20 {
		t.Errorf("only %d distinct skills in the community", len(skills))
	}
}

// seed --scale fills exactly N members with content in proportion and adds
// only what is missing when run again; a real person cannot sign in among
// its made-up members.
func TestScaleFillsInProportion(t *testing.T) {
	ctx := context.Background()
	st := apptest.OpenStore(t)
	now := time.Now()
	const n = 7000 // the smallest community with an event beyond the demo's thirteen
	idx, _, err := search.OpenBleve(filepath.Join(t.TempDir(), "bleve"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	syncer := &search.Syncer{Store: st, Index: idx}
	for run := 0; run < 2; run++ {
		added, err := seed.Scale(ctx, st, n, now)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if got, _ := st.CountUsers(ctx); got != n {
			t.Fatalf("run %d: %d members, want %d", run, got, n)
		}
		if _, err := syncer.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := syncer.IndexSeed(ctx, added); err != nil {
			t.Fatal(err)
		}
	}
	// Every member is in the admins' member list, and the content is searchable.
	for kind, want := range map[string]int{search.KindMembers: n, "vacancies": n / 100, "articles": n / 25} {
		if res, err := idx.Search(ctx, search.Query{Kinds: []string{kind}, Limit: 1}); err != nil || res.Total != want {
			t.Errorf("%d %s in the index (%v), want %d", res.Total, kind, err, want)
		}
	}
	// n/25 articles in all, the demo's ten among them: 270 more.
	if _, err := st.Article(ctx, "scale:article-000270"); err != nil {
		t.Errorf("article 270: %v", err)
	}
	if _, err := st.Article(ctx, "scale:article-000271"); err == nil {
		t.Error("more articles than n/25")
	}
	if v, err := st.Vacancy(ctx, "scale:vacancy-000001"); err != nil || v.Title == "" {
		t.Errorf("a scale vacancy: %+v %v", v, err)
	}
	// A member who attends a scale event has it on their own list.
	e, err := st.Event(ctx, "scale:event-000001")
	if err != nil || len(e.Attendees) == 0 {
		t.Fatalf("scale event: %+v %v", e, err)
	}
	if joined, _ := st.EventsJoinedBy(ctx, e.Attendees[0]); len(joined) == 0 {
		t.Error("an attendee's own list misses the event")
	}
	if _, err := st.SignInUser(ctx, models.User{ID: "linkedin:real", Provider: "linkedin", Subject: "real", Name: "A real person"}, nil, now); !errors.Is(err, store.ErrWrongMode) {
		t.Fatalf("a real sign-in into the scale community: %v", err)
	}
	if _, err := st.User(ctx, "linkedin:real"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused real member was written: %v", err)
	}
}

// A database that a real person signed in to is real: neither seed writes
// anything into it, and the demo accounts cannot sign in to it either.
func TestSeedsRefuseARealDatabase(t *testing.T) {
	ctx := context.Background()
	st := apptest.OpenStore(t)
	now := time.Now()
	if _, err := st.SignInUser(ctx, models.User{ID: "linkedin:real", Provider: "linkedin", Subject: "real", Name: "A real person"}, nil, now); err != nil {
		t.Fatal(err)
	}
	if err := seed.Demo(ctx, st, now); !errors.Is(err, seed.ErrRealMembers) {
		t.Errorf("seed --demo over a real member: %v", err)
	}
	if _, err := seed.Scale(ctx, st, 200, now); !errors.Is(err, seed.ErrRealMembers) {
		t.Errorf("seed --scale over a real member: %v", err)
	}
	if err := st.InsertSeed(ctx, store.SeedDocuments{}); !errors.Is(err, store.ErrWrongMode) {
		t.Errorf("a bulk seed over a real member: %v", err)
	}
	if _, err := st.SignInUser(ctx, seed.DemoAdmin, []models.Role{models.RoleAdmin}, now); !errors.Is(err, store.ErrWrongMode) {
		t.Errorf("the demo admin signed in to a real database: %v", err)
	}
	if n, _ := st.CountUsers(ctx); n != 1 {
		t.Errorf("%d members, want the one real member", n)
	}
	if mode, _ := st.DatabaseMode(ctx); mode != models.ModeReal {
		t.Errorf("database mode %q, want real", mode)
	}
}
