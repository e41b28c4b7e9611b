package seed_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/seed"
	"github.com/talentcommunity/portal/store"
)

func TestDemoIsRealisticAndIdempotent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st := apptest.OpenStore(t)
	idx, _, err := search.OpenBleve(filepath.Join(dir, "bleve"))
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
	visible := count(search.Query{Kinds: []string{search.KindCandidates}})
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
	users, _, err := st.Users(ctx, store.UserFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	skills := map[string]bool{}
	for _, u := range users {
		for _, s := range u.Skills {
			skills[s] = true
		}
	}
	if len(skills) < 20 {
		t.Errorf("only %d distinct skills in the community", len(skills))
	}
}
