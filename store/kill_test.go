package store_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// The child half of TestIndexCatchesUpAfterAKill: it saves a vacancy and is
// killed (SIGKILL, no clean-up) at the stage named in the environment.
func TestHelperSaveAndDie(t *testing.T) {
	dir, stage := os.Getenv("PORTAL_KILL_DIR"), os.Getenv("PORTAL_KILL_AT")
	if dir == "" {
		t.Skip("only run as the child of TestIndexCatchesUpAfterAKill")
	}
	e, err := store.StartEmbedded(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), e.URI(), "test", store.Options{Embedded: e})
	if err != nil {
		t.Fatal(err)
	}
	store.SetIndexHook(stage, func() { _ = syscall.Kill(os.Getpid(), syscall.SIGKILL) })
	_ = s.SaveVacancy(context.Background(), models.Vacancy{ID: "v-killed", Title: "Platform engineer", Status: models.VacancyOpen})
	t.Fatal("still alive after the kill point")
}

// A process killed in the middle of an indexed write, after the document was
// written but before the queue heard of it again, leaves the index able to
// catch up: the entry written before the document leads the worker to it.
// Killed before the document write, the index gets nothing that is not there.
func TestIndexCatchesUpAfterAKill(t *testing.T) {
	for _, tc := range []struct {
		stage  string
		stored bool // the document write happened before the kill
	}{{"written", true}, {"intent", false}} {
		t.Run(tc.stage, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSaveAndDie$")
			cmd.Env = append(os.Environ(), "PORTAL_KILL_DIR="+filepath.Join(dir, "db"), "PORTAL_KILL_AT="+tc.stage)
			err := cmd.Run()
			if status, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !status.Signaled() {
				t.Fatalf("the child was not killed: %v", err)
			}

			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			e, err := store.StartEmbedded(filepath.Join(dir, "db"), log)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			ctx := context.Background()
			s, err := store.Open(ctx, e.URI(), "test", store.Options{Embedded: e})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close(ctx)
			if _, err := s.Vacancy(ctx, "v-killed"); (err == nil) != tc.stored {
				t.Fatalf("stored %v, want %v", err == nil, tc.stored)
			}
			idx, _, err := search.OpenBleve(filepath.Join(dir, "bleve"), slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer idx.Close()
			// The entry written before the document becomes ready after a
			// settling time; the worker's clock is moved past it.
			later := func() time.Time { return time.Now().Add(time.Minute) }
			if _, err := (&search.Syncer{Store: s, Index: idx, Log: log, Now: later}).SyncOnce(ctx); err != nil {
				t.Fatal(err)
			}
			res, err := idx.Search(ctx, search.Query{Text: "platform"})
			if err != nil {
				t.Fatal(err)
			}
			if (res.Total == 1) != tc.stored {
				t.Fatalf("%d hits in the index; the document stored: %v", res.Total, tc.stored)
			}
			if left, _ := s.QueuedIndexWork(ctx, later(), 10); len(left) != 0 {
				t.Fatalf("the queue still holds %+v", left)
			}
		})
	}
}
