package search_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// Refs finds what the index holds and what was written but is not indexed
// yet, once each, in the index's order first.
func TestRefsIncludeWhatIsNotIndexedYet(t *testing.T) {
	ctx := context.Background()
	s := apptest.OpenStore(t)
	idx, _, err := search.OpenBleve(filepath.Join(t.TempDir(), "index"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	syncer := &search.Syncer{Store: s, Index: idx}
	now := time.Now().UTC()
	for i, id := range []string{"older", "newer"} {
		v := models.Vacancy{ID: id, Title: "Vacancy " + id, Status: models.VacancyOpen, PublishedAt: now.Add(time.Duration(i) * time.Hour)}
		if err := s.SaveVacancy(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveVacancy(ctx, models.Vacancy{ID: "just-saved", Title: "Just saved", Status: models.VacancyOpen, PublishedAt: now.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveVacancy(ctx, models.Vacancy{ID: "older", Title: "Vacancy older, edited", Status: models.VacancyOpen, PublishedAt: now}); err != nil {
		t.Fatal(err)
	}
	refs, err := search.Refs(ctx, idx, s, store.KindVacancy, search.Query{Newest: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"newer", "older", "just-saved"}; !slices.Equal(refs, want) {
		t.Fatalf("refs %v, want %v", refs, want)
	}
	if refs, _ := search.Refs(ctx, idx, s, store.KindArticle, search.Query{}); len(refs) != 0 {
		t.Errorf("refs of another kind: %v", refs)
	}
}
