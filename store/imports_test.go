package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/talentcommunity/portal/models"
)

// An import's file and rejected rows are dropped 30 days after it ended,
// not sooner; its counts stay.
func TestImportFilesAreForgottenAfter30Days(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	ended := time.Now().Add(-models.ImportKeep).Add(-time.Hour)
	job := models.ImportJob{ID: "imp-1", Source: "Test", State: models.ImportDraft, Rows: 1, CreatedAt: ended}
	if err := s.CreateImport(ctx, job, []byte("Name,Email\nAnna,anna@example.com\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.ConfirmImport(ctx, job.ID, job.Source, []string{"full_name", "email"}); err != nil {
		t.Fatal(err)
	}
	rejects := []models.ImportReject{{Line: 2, Reason: "bad_email", Cells: []string{"Anna", "anna@"}}}
	if err := s.ImportProgress(ctx, job.ID, 1, models.ImportCounts{Rejected: 1}, rejects, true, ended); err != nil {
		t.Fatal(err)
	}
	if n, err := s.ForgetImportFiles(ctx, ended.Add(models.ImportKeep).Add(-time.Minute)); err != nil || n != 0 {
		t.Fatalf("a minute early: %d, %v", n, err)
	}
	if n, err := s.ForgetImportFiles(ctx, time.Now()); err != nil || n != 1 {
		t.Fatalf("after 30 days: %d, %v", n, err)
	}
	got, err := s.Import(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := s.ImportFile(ctx, got); got.Chunks != 0 || len(got.Rejects) != 0 || len(data) != 0 || got.Counts.Rejected != 1 {
		t.Errorf("after forgetting: chunks %d, rejects %d, file %d bytes, counts %+v", got.Chunks, len(got.Rejects), len(data), got.Counts)
	}
}
