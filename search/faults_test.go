package search_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/search"
)

func doc(i int) search.Document {
	return search.Document{ID: fmt.Sprintf("vacancies-v%d", i), Kind: "vacancies", Ref: fmt.Sprintf("v%d", i),
		Title: fmt.Sprintf("Go developer %d", i), Text: strings.Repeat("platform engineering with Go and Kubernetes ", 40), Date: time.Now()}
}

// An index that cannot be opened is moved aside and made anew (the portal
// then fills it from MongoDB), whatever is wrong with its files; each of
// these stopped the portal from starting, or panicked, before.
func TestDamagedIndexIsMovedAsideAndMadeAnew(t *testing.T) {
	damages := map[string]func(t *testing.T, dir string){
		"empty index_meta.json": func(t *testing.T, dir string) { truncate(t, filepath.Join(dir, "index_meta.json")) },
		"empty folder": func(t *testing.T, dir string) {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
					t.Fatal(err)
				}
			}
		},
		"truncated root.bolt": func(t *testing.T, dir string) { truncateTo(t, filepath.Join(dir, "store", "root.bolt"), 100) },
		"truncated segment": func(t *testing.T, dir string) {
			segments, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
			if len(segments) == 0 {
				t.Fatal("no segment to damage")
			}
			for _, s := range segments {
				truncateTo(t, s, 64)
			}
		},
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dir := filepath.Join(t.TempDir(), "bleve")
			idx, _, err := search.OpenBleve(dir, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			if err := idx.Upsert(ctx, []search.Document{doc(1), doc(2)}); err != nil {
				t.Fatal(err)
			}
			if err := idx.Close(); err != nil {
				t.Fatal(err)
			}
			damage(t, dir)

			var logged strings.Builder
			idx, fresh, err := search.OpenBleve(dir, slog.New(slog.NewTextHandler(&logged, nil)))
			if err != nil || !fresh {
				t.Fatalf("open after damage: fresh %v, %v", fresh, err)
			}
			defer idx.Close()
			if aside, _ := filepath.Glob(dir + ".damaged-*"); len(aside) != 1 || !strings.Contains(logged.String(), "moved aside") {
				t.Errorf("the damaged index was not moved aside and said so: %v %q", aside, logged.String())
			}
			if err := idx.Upsert(ctx, []search.Document{doc(3)}); err != nil {
				t.Fatal(err)
			}
			if res, err := idx.Search(ctx, search.Query{Kinds: []string{"vacancies"}}); err != nil || res.Total != 1 {
				t.Errorf("the new index: %d documents, %v", res.Total, err)
			}
		})
	}
}

func truncate(t *testing.T, path string) { truncateTo(t, path, 0) }

func truncateTo(t *testing.T, path string, size int64) {
	t.Helper()
	if err := os.Truncate(path, size); err != nil {
		t.Fatal(err)
	}
}

// With the index on a full disk, writes fail with an error (no panic, the
// process lives), search reports itself down, and once there is room again
// the index is reopened and takes writes (the sync worker keeps what it
// could not index in its queue meanwhile). The disk is a small tmpfs, so
// the test needs root (as CI has).
func TestFullDiskFailsWritesWithoutPanics(t *testing.T) {
	mnt := apptest.SmallDisk(t, "1m")
	// No reopening while the disk is full: a reopened index can take a small
	// write into memory (Bleve persists it later), which would make the
	// full disk look mended when a loaded machine let 10 ms pass.
	defer search.SetReopenEvery(time.Hour)()
	ctx := context.Background()
	idx, _, err := search.OpenBleve(filepath.Join(mnt, "bleve"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()

	filler := filepath.Join(mnt, "filler")
	failed := false
	for i := 0; i < 400 && !failed; i += 20 {
		batch := make([]search.Document, 20)
		for j := range batch {
			batch[j] = doc(i + j)
		}
		failed = idx.Upsert(ctx, batch) != nil
		if !failed && i == 40 { // leave the index a little, then take the rest of the disk
			f, _ := os.Create(filler)
			_, _ = f.Write(make([]byte, 1<<20))
			f.Close()
		}
	}
	if !failed {
		t.Fatal("the disk never filled up")
	}
	for range 3 { // what panicked before: more writes and searches on the broken index
		_ = idx.Upsert(ctx, []search.Document{doc(1000)})
		_, _ = idx.Search(ctx, search.Query{Text: "developer"})
	}
	if err := idx.Ping(ctx); err == nil {
		t.Error("search says it is up on a full disk")
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	search.SetReopenEvery(10 * time.Millisecond)
	var werr error
	for range 50 { // reopened on a later call
		time.Sleep(20 * time.Millisecond)
		if werr = idx.Upsert(ctx, []search.Document{doc(2000)}); werr == nil {
			break
		}
	}
	if werr != nil {
		t.Fatalf("with room again the index still fails: %v", werr)
	}
	if res, err := idx.Search(ctx, search.Query{Text: "developer"}); err != nil || res.Total == 0 {
		t.Errorf("search after recovery: %d, %v", res.Total, err)
	}
}
