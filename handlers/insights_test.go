package handlers_test

import (
	"encoding/csv"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/apptest"
)

// The insights over HTTP: the reading above a chart and its CSV tell the
// same figures; a wrong period is refused at its field; only recruiters
// see them.
func TestInsightsReadingTableAndCSVAgree(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	res := mark.Get("/recruit/insights?range=365")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("insights: %d", res.StatusCode)
	}
	joined := regexp.MustCompile(`Members who joined: (\d+);`).FindStringSubmatch(res.Body)
	if joined == nil {
		t.Fatal("no reading of the members chart")
	}
	if n := strings.Count(res.Body, `<figure class="chart"`); n != 11 {
		t.Errorf("%d charts with data in the demo's year, want 11", n)
	}
	// The question answered: engagement of those contacted against those due and not.
	if !regexp.MustCompile(`Of the \d+ members whose last contact was in the period, \d+% are active or warm today; of the \d+ who came due in it and have not been contacted since, \d+%`).MatchString(res.Body) {
		t.Error("no reading of contacted against due and not contacted")
	}
	// Each reading has the period before beside it.
	if n := strings.Count(mark.Get("/recruit/insights?range=90").Body, `class="previous muted"`); n < 5 {
		t.Errorf("%d charts compare with the period before", n)
	}

	// The page's own link downloads the period shown ("=" and "&" as they are).
	if !strings.Contains(res.Body, `href="/recruit/insights/members.csv?range=365"`) {
		t.Error("the CSV link does not carry the period shown")
	}
	csvRes := mark.Get("/recruit/insights/members.csv?range=365")
	if !strings.HasPrefix(csvRes.Header.Get("Content-Disposition"), `attachment; filename="members-`) {
		t.Errorf("the CSV is not a download: %q", csvRes.Header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(csvRes.Body)).ReadAll()
	if err != nil || len(rows) < 13 || len(rows) > 14 { // the header and 12 or 13 months (the year may start mid-month)
		t.Fatalf("CSV: %d rows, %v", len(rows), err)
	}
	if got := strings.Join(rows[0], ","); got != "Month,Signed up,Referred,Imported" {
		t.Errorf("header %q", got)
	}
	total := 0
	for _, row := range rows[1:] {
		for _, cell := range row[1:] {
			n, err := strconv.Atoi(cell)
			if err != nil {
				t.Fatalf("cell %q: %v", cell, err)
			}
			total += n
		}
	}
	if strconv.Itoa(total) != joined[1] {
		t.Errorf("the CSV adds up to %d, the reading says %s", total, joined[1])
	}

	bad := mark.Get("/recruit/insights?range=custom&from=2026-02-01&to=2026-01-01")
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `id="err-to"`) ||
		!strings.Contains(bad.Body, "The end comes before the start.") {
		t.Errorf("a backwards period: %d", bad.StatusCode)
	}
	if r := mark.Get("/recruit/insights/nothing.csv"); r.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown chart's CSV: %d", r.StatusCode)
	}

	// Every message the charts build from their ids exists, in both languages.
	for _, lang := range []string{"en", "nl"} {
		body := mark.Do(http.MethodGet, "/recruit/insights?range=365", nil, map[string]string{"Accept-Language": lang}).Body
		if keys := regexp.MustCompile(`insights\.[a-z_0-9]+(\.[a-z_0-9]+)?`).FindAllString(body, -1); len(keys) > 0 {
			t.Errorf("%s: untranslated %q", lang, keys)
		}
	}
	if nl := mark.Do(http.MethodGet, "/recruit/insights?range=365", nil, map[string]string{"Accept-Language": "nl"}).Body; !strings.Contains(nl, "Nieuwe leden") {
		t.Error("the insights are not in Dutch for a Dutch browser")
	}

	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	if r := sanne.Get("/recruit/insights"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a candidate opening the insights: %d", r.StatusCode)
	}
}

// With the search engine down, the insights still show what the rollups
// hold, and the events chart says why it is empty.
func TestInsightsWithoutSearch(t *testing.T) {
	p, flaky := startWithFlakyIndex(t)
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	flaky.SetDown(true)
	res := mark.Get("/recruit/insights?range=365")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("insights without search: %d", res.StatusCode)
	}
	events := res.Body[strings.Index(res.Body, `id="chart-events"`):]
	events = events[:strings.Index(events, "</section>")]
	if !strings.Contains(events, "Search is temporarily unavailable") || strings.Contains(events, `<figure`) {
		t.Error("the events chart does not say search is down")
	}
	if n := strings.Count(res.Body, `<figure class="chart"`); n != 9 {
		t.Errorf("%d charts drawn without search, want the other 9", n)
	}
}
