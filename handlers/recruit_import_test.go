package handlers_test

import (
	"context"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

// A recruiter uploads a Recruitee export (BOM, semicolons), fixes the
// mapping the page guessed, and the import runs to the end; the rejected
// rows download as a spreadsheet-safe CSV.
func TestRecruiterImportsAnExport(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	c := p.Client()
	c.DemoSignIn("recruiter")
	file := "\ufeffName;Emails;Phones;Sources;Tags;City\n" +
		"Iris Prospect;iris@example.com;;LinkedIn;Go;Utrecht\n" +
		"=HYPERLINK(\"x\");;;;;\n" +
		"Joost Prospect;joost@example.com;;;;Delft\n"
	r := c.Upload("/recruit/import", map[string]string{"source": ""}, "file", "recruitee.csv", []byte(file))
	if r.StatusCode != 303 {
		t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
	}
	page := c.Get(r.Header.Get("Location"))
	for _, want := range []string{"Recognised as an export of Recruitee", "Recruitee, " + time.Now().Format("2006-01"), "iris@example.com", "Not imported:"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the mapping page does not say %q", want)
		}
	}
	jobURL := r.Header.Get("Location")
	// Without an identifying column the import is refused at the mapping.
	form := url.Values{"source": {"Recruitee, 2026-12"}, "col0": {"full_name"}, "col1": {""}, "col2": {"phone"}, "col3": {""}, "col4": {"tags"}, "col5": {"city"}}
	if r := c.Post(jobURL, form); r.StatusCode != 422 || !strings.Contains(r.Body, "Choose the column with the e-mail address") {
		t.Errorf("no identifying column: %d", r.StatusCode)
	}
	form.Set("col1", "email")
	form.Set("col2", "")
	if r := c.Post(jobURL, form); r.StatusCode != 303 {
		t.Fatalf("start: %d %s", r.StatusCode, r.Body)
	}
	id := jobURL[strings.LastIndex(jobURL, "/")+1:]
	var job *models.ImportJob
	for range 100 {
		var err error
		if job, err = p.App.Store.Import(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		if job.Finished() {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if job.State != models.ImportDone || job.Counts.Created != 2 || job.Counts.Rejected != 1 || job.Source != "Recruitee, 2026-12" {
		t.Fatalf("import: %s %+v %q", job.State, job.Counts, job.Source)
	}
	done := c.Get(jobURL)
	if !strings.Contains(done.Body, "2 new, 0 added to, 0 unchanged, 1 rejected") {
		t.Errorf("the outcome is not shown")
	}
	rows, err := csv.NewReader(strings.NewReader(c.Get(jobURL + "/rejects.csv").Body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "3" || !strings.HasPrefix(rows[1][2], "'=") {
		t.Errorf("rejects CSV: %q, %v", rows, err)
	}
	u, err := p.App.Store.User(context.Background(), models.ProspectID(id, 2))
	if err != nil || !u.IsProspect() || u.City != "Utrecht" {
		t.Errorf("Iris: %+v, %v", u, err)
	}
	// A candidate cannot see imports.
	cand := p.Client()
	cand.DemoSignIn("candidate")
	if r := cand.Get(jobURL); r.StatusCode != 403 {
		t.Errorf("a candidate opened an import: %d", r.StatusCode)
	}
}
