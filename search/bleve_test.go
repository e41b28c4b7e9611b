package search_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
)

func TestBleveSearch(t *testing.T) {
	idx, _, err := search.OpenBleve(filepath.Join(t.TempDir(), "bleve"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	testIndex(t, idx)
}

// TestMeiliSearch runs the same checks against a real Meilisearch server.
func TestMeiliSearch(t *testing.T) {
	url := os.Getenv("MEILI_URL")
	if url == "" {
		t.Skip("MEILI_URL is not set: Meilisearch tests skipped (the Bleve ones ran)")
	}
	idx, err := search.OpenMeili(context.Background(), url, os.Getenv("MEILI_API_KEY"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	testIndex(t, idx)
}

// testIndex holds every Index implementation to the same behaviour.
func testIndex(t *testing.T, idx search.Index) {
	ctx := context.Background()
	if err := idx.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	docs := []search.Document{
		{ID: "vacancies-1", Kind: "vacancies", Ref: "1", Title: "Senior Go developer", Text: "Kubernetes and PostgreSQL", Tags: []string{"backend", "go"}, City: "Utrecht", Date: day},
		{ID: "vacancies-2", Kind: "vacancies", Ref: "2", Title: "Frontend developer", Text: "React and accessibility", Tags: []string{"frontend"}, City: "Amsterdam", Date: day.AddDate(0, 0, 1)},
		{ID: "events-1", Kind: "events", Ref: "1", Title: "Go meetup", Text: "Talks about Go", Tags: []string{"backend"}, Date: day.AddDate(0, 0, 10)},
		{ID: "articles-1", Kind: "articles", Ref: "1", Title: "Kubernetes in 2026", Tags: []string{"cloud"}, Date: day.AddDate(0, 0, -3)},
	}
	if err := idx.Upsert(ctx, docs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		q    search.Query
		want []string
	}{
		{"all newest first", search.Query{}, []string{"events-1", "vacancies-2", "vacancies-1", "articles-1"}},
		{"kind filter", search.Query{Kinds: []string{"vacancies"}}, []string{"vacancies-2", "vacancies-1"}},
		{"tag filter is any-of", search.Query{Tags: []string{"backend", "cloud"}}, []string{"events-1", "vacancies-1", "articles-1"}},
		{"typo tolerant text", search.Query{Text: "kubernets", Kinds: []string{"vacancies"}}, []string{"vacancies-1"}},
		{"after a date, oldest first", search.Query{After: day.AddDate(0, 0, 1), Oldest: true}, []string{"vacancies-2", "events-1"}},
		{"limit and offset", search.Query{Limit: 1, Offset: 1}, []string{"vacancies-2"}},
		{"by id", search.Query{ByID: true, Limit: 2}, []string{"articles-1", "events-1"}},
		{"by id after a cursor", search.Query{ByID: true, AfterID: "events-1", Limit: 2}, []string{"vacancies-1", "vacancies-2"}},
		{"by id after a cursor, filtered", search.Query{ByID: true, AfterID: "vacancies-1", Kinds: []string{"vacancies"}}, []string{"vacancies-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := idx.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
	res, _ := idx.Search(ctx, search.Query{Facets: []string{"tags", "kind"}})
	if res.Total != 4 || len(res.Facets["tags"]) == 0 || res.Facets["tags"][0].Value != "backend" || res.Facets["tags"][0].Count != 2 ||
		len(res.Facets["kind"]) != 3 {
		t.Fatalf("total %d, facets %+v", res.Total, res.Facets)
	}
	if h := res.Hits[2]; h.Title != "Senior Go developer" || h.City != "Utrecht" || !h.Date.Equal(day) || len(h.Tags) != 2 {
		t.Fatalf("stored fields not returned: %+v", h)
	}
	if err := idx.Delete(ctx, []string{"events-1"}); err != nil {
		t.Fatal(err)
	}
	if res, _ := idx.Search(ctx, search.Query{Kinds: []string{"events"}}); res.Total != 0 {
		t.Fatalf("deleted document still found")
	}
}

// The sync worker indexes what was written, and leaves it pending when the
// engine is down so a later round catches up.
func TestSyncerCatchesUpAfterAnOutage(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st := apptest.OpenStore(t)

	if err := st.SaveVacancy(ctx, models.Vacancy{ID: "v1", Title: "Data engineer", Interests: []string{"data"}, PublishedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	down, _, err := search.OpenBleve(filepath.Join(dir, "down"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	down.Close() // an engine that fails every call
	if _, err := (&search.Syncer{Store: st, Index: down, Log: log}).SyncOnce(ctx); err == nil {
		t.Fatal("sync into a closed index reported success")
	}
	if q, _ := st.QueuedIndexWork(ctx, time.Now(), 10); len(q) != 1 {
		t.Fatal("failed sync took the vacancy off the index queue")
	}

	up, _, err := search.OpenBleve(filepath.Join(dir, "up"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	n, err := (&search.Syncer{Store: st, Index: up, Log: log}).SyncOnce(ctx)
	if err != nil || n != 1 {
		t.Fatalf("sync: %d %v", n, err)
	}
	res, err := up.Search(ctx, search.Query{Text: "engineer"})
	if err != nil || res.Total != 1 || res.Hits[0].Ref != "v1" || res.Hits[0].Kind != "vacancies" {
		t.Fatalf("not searchable after sync: %+v %v", res, err)
	}
	if q, _ := st.QueuedIndexWork(ctx, time.Now(), 10); len(q) != 0 {
		t.Fatal("still queued after a successful sync")
	}
}
