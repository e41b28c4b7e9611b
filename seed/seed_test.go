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
	idx, err := search.OpenBleve(filepath.Join(dir, "bleve"))
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
	if n := count(search.Query{Kinds: []string{"vacancies"}}); n != 18 {
		t.Errorf("%d vacancies", n)
	}
	if n := count(search.Query{Kinds: []string{"articles"}}); n != 10 {
		t.Errorf("%d articles", n)
	}
	if n := count(search.Query{Kinds: []string{"events"}, After: now}); n != 8 {
		t.Errorf("%d upcoming events: the demo must always look alive", n)
	}
	tags := append(append([]string{}, seed.DemoCandidate.Interests...), seed.DemoCandidate.Skills...)
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
