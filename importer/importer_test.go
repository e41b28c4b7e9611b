package importer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/importer"
	"github.com/talentcommunity/portal/models"
)

// generated is an export of n people, some twice (by address in another
// case, or by LinkedIn profile alone), and some rows bad; it returns the
// file and the counts an import must print.
func generated(n int) (string, models.ImportCounts) {
	var b strings.Builder
	b.WriteString("First name;Last name;Email;Phone;City;LinkedIn URL;Skills\n")
	var want models.ImportCounts
	for i := range n {
		switch {
		case i%50 == 7: // no way to tell who it is
			fmt.Fprintf(&b, "Nobody;%d;;;Utrecht;;Go\n", i)
			want.Rejected++
		case i%50 == 8:
			fmt.Fprintf(&b, "Bad;%d;bad-address-%d;;;;\n", i, i)
			want.Rejected++
		case i%50 == 9 && i > 50: // person i-9 again, by address, with a phone they lacked
			fmt.Fprintf(&b, "Person;%d;PERSON%d@Example.com;+31 6 1234 %04d;;;\n", i-9, i-9, i)
			want.Merged++
		case i%50 == 10 && i > 50: // person i-10 again, by profile, nothing new
			fmt.Fprintf(&b, "Person;%d;;;;https://nl.linkedin.com/in/person-%d/;\n", i-10, i-10)
			want.Unchanged++
		default:
			fmt.Fprintf(&b, "Person;%d;person%d@example.com;;Utrecht;linkedin.com/in/person-%d;Go, kubernetes\n", i, i, i)
			want.Created++
		}
	}
	return b.String(), want
}

func run(t *testing.T, im *importer.Importer, file string) *models.ImportJob {
	t.Helper()
	ctx := context.Background()
	job, _, err := im.Upload(ctx, "export.csv", []byte(file), "Test ATS", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Store.ConfirmImport(ctx, job.ID, job.Source, job.Mapping); err != nil {
		t.Fatal(err)
	}
	if job, err = im.Run(ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	return job
}

// The counts are exact against the generator; a second import of the same
// file creates nothing and changes nothing.
func TestImportCountsAndSecondRun(t *testing.T) {
	p := apptest.Start(t, nil)
	im := p.App.Importer
	file, want := generated(1200)
	job := run(t, im, file)
	if job.State != models.ImportDone || job.Counts != want || job.Rows != 1200 {
		t.Fatalf("first import: %s %+v, want %+v", job.State, job.Counts, want)
	}
	if len(job.Rejects) != want.Rejected || job.Rejects[0].Line != 9 || job.Rejects[0].Reason != "no_identity" {
		t.Errorf("rejects: %d, first %+v", len(job.Rejects), job.Rejects[0])
	}
	again := run(t, im, file)
	if again.Counts.Created != 0 || again.Counts.Merged != 0 || again.Counts.Unchanged != want.Created+want.Merged+want.Unchanged {
		t.Errorf("second import: %+v", again.Counts)
	}
	u, err := p.App.Store.User(context.Background(), models.ProspectID(job.ID, 52)) // person 50's row (line = i + 2)
	if err != nil {
		t.Fatal(err)
	}
	if !u.IsProspect() || u.Contact.Phone != "+31 6 1234 0059" || u.City != "Utrecht" || len(u.Skills) != 2 || u.Origin.First().Source != "Test ATS" {
		t.Errorf("the merged prospect: %+v %+v", u, u.Origin)
	}
	if models.May(u, models.PurposeRecruiterContact) || models.May(u, models.PurposeNewsletter) || !models.May(u, models.PurposeTalentSearch) {
		t.Error("a prospect consented to nothing but being found by recruiters")
	}
}

// An import stopped after writing a batch but before recording it resumes
// where it was recorded: no person twice, every row counted once.
func TestImportResumesWithoutCountingTwice(t *testing.T) {
	p := apptest.Start(t, nil)
	im := p.App.Importer
	file, want := generated(1200)
	ctx, stop := context.WithCancel(context.Background())
	undo := importer.StopAfterBatch(func(start int) {
		if start == 500 {
			stop() // the process dies: its progress is never recorded
		}
	})
	defer undo()
	job, _, err := im.Upload(context.Background(), "export.csv", []byte(file), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Store.ConfirmImport(context.Background(), job.ID, job.Source, job.Mapping); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Run(ctx, job.ID); err == nil {
		t.Fatal("the import went on after its process died")
	}
	stopped, _ := im.Store.Import(context.Background(), job.ID)
	if stopped.Next != 500 || stopped.State != models.ImportRunning {
		t.Fatalf("recorded before the crash: next %d, %s", stopped.Next, stopped.State)
	}
	undo()
	done, err := im.Run(context.Background(), job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.State != models.ImportDone || done.Counts != want {
		t.Errorf("resumed: %s %+v, want %+v", done.State, done.Counts, want)
	}
}

// Someone who asked to be removed is not brought back by a later import.
func TestImportLeavesOutWhoObjected(t *testing.T) {
	p := apptest.Start(t, nil)
	im := p.App.Importer
	hash := models.SuppressionHash(im.Secret, models.EmailKey("person3@example.com"))
	if err := im.Store.Suppress(context.Background(), []string{hash}, time.Now()); err != nil {
		t.Fatal(err)
	}
	file, want := generated(20)
	job := run(t, im, file)
	if job.Counts.Erased != 1 || job.Counts.Created != want.Created-1 {
		t.Errorf("counts: %+v", job.Counts)
	}
}

// Cancelled, an import stops at its next batch and keeps what it wrote.
func TestCancelledImportStops(t *testing.T) {
	p := apptest.Start(t, nil)
	im := p.App.Importer
	file, _ := generated(1200)
	job, _, err := im.Upload(context.Background(), "export.csv", []byte(file), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Store.ConfirmImport(context.Background(), job.ID, job.Source, job.Mapping); err != nil {
		t.Fatal(err)
	}
	defer importer.StopAfterBatch(func(start int) {
		if start == 500 {
			if err := im.Store.CancelImport(context.Background(), job.ID, time.Now()); err != nil {
				t.Error(err)
			}
		}
	})()
	done, err := im.Run(context.Background(), job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.State != models.ImportCancelled || done.Next != 500 {
		t.Errorf("cancelled import: %s at %d", done.State, done.Next)
	}
}
