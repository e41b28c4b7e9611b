package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/app"
	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
)

// With the search engine failing, publishing still works, the pages say
// search is unavailable, /readyz reports it, and the index catches up once
// the engine is back.
func TestSearchOutage(t *testing.T) {
	p, flaky := startWithFlakyIndex(t)
	ctx := context.Background()
	rec := p.Client()
	rec.DemoSignIn("recruiter")
	cand := p.Client()
	cand.DemoSignIn("candidate")

	flaky.SetDown(true)
	res := rec.Post("/recruit/vacancies", vacancyForm(map[string]string{"title": "Go platform engineer", "skills": "Go, PostgreSQL",
		"city": "Utrecht", "workplace": "hybrid", "seniority": "medior", "interests": "backend"}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing while search is down: %d %s", res.StatusCode, res.Body)
	}
	if _, err := p.App.Syncer.SyncOnce(ctx); err == nil {
		t.Fatal("sync into a failing engine reported success")
	}
	if body := cand.Get("/").Body; !strings.Contains(body, "Search is temporarily unavailable") {
		t.Error("the feed does not say search is down")
	}
	if r := p.Client().Get("/readyz"); r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(r.Body, `"down":["search"]`) {
		t.Errorf("readyz while search is down: %d %s", r.StatusCode, r.Body)
	}

	flaky.SetDown(false)
	if _, err := p.App.Syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if body := cand.Get("/").Body; !strings.Contains(body, "Go platform engineer") || strings.Contains(body, "temporarily unavailable") {
		t.Error("the index did not catch up after the outage")
	}
}

// portal reindex rebuilds an emptied index from MongoDB.
func TestReindexRebuildsAnEmptiedIndex(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	count := func() int {
		res, err := p.App.Index.Search(ctx, search.Query{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	before := count()
	if before < 80 {
		t.Fatalf("seeded index holds only %d documents", before)
	}
	if err := p.App.Index.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Fatalf("cleared index holds %d", n)
	}
	n, err := p.App.Reindex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after := count(); after != before || n < before {
		t.Fatalf("rebuilt %d documents (indexed %d), had %d", after, n, before)
	}
}

// An engine that panics (as a Bleve index did after a full disk) takes down
// neither a page nor the process: pages fall back to "search is
// unavailable", /readyz says so, and the sync worker keeps its work queued.
func TestSearchEnginePanics(t *testing.T) {
	p, flaky := startWithFlakyIndex(t)
	cand := p.Client()
	cand.DemoSignIn("candidate")
	flaky.SetPanics(true)
	for _, path := range []string{"/", "/events", "/vacancies", "/articles"} {
		if res := cand.Get(path); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Search is temporarily unavailable") {
			t.Errorf("%s with a panicking engine: %d", path, res.StatusCode)
		}
	}
	if r := p.Client().Get("/readyz"); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz with a panicking engine: %d", r.StatusCode)
	}
	if _, err := p.App.Store.SetUserRole(context.Background(), "demo:candidate", models.RoleRecruiter, false); err != nil { // queued for the index
		t.Fatal(err)
	}
	if _, err := p.App.Syncer.SyncOnce(context.Background()); err == nil {
		t.Error("a sync into a panicking engine reported success")
	}
	flaky.SetPanics(false)
	if res := cand.Get("/"); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "temporarily unavailable") {
		t.Errorf("search did not come back: %d", res.StatusCode)
	}
}

// startWithFlakyIndex starts the demo portal with a search engine that can
// be made to fail.
func startWithFlakyIndex(t *testing.T) (*apptest.Portal, *apptest.FlakyIndex) {
	var flaky *apptest.FlakyIndex
	p := apptest.Start(t, map[string]string{"SEED": "1"}, app.WithIndexWrapper(func(i search.Index) search.Index {
		flaky = &apptest.FlakyIndex{Index: i}
		return flaky
	}))
	return p, flaky
}
