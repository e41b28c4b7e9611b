package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

func TestVacancySearch(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	for _, v := range []models.Vacancy{
		{ID: "kube", Title: "Kubernetes platform engineer", Company: "Polder Cloud", City: "Zwolle", Workplace: "remote", Seniority: "principal",
			Skills: []string{"Kubernetes"}, Description: "x", Status: models.VacancyOpen, PublishedAt: time.Now()},
		{ID: "kube-closed", Title: "Kubernetes administrator", Company: "Gone", City: "Zwolle", Workplace: "remote",
			Skills: []string{"Kubernetes"}, Description: "x", Status: models.VacancyClosed, PublishedAt: time.Now()},
		{ID: "extra-1", Title: "Tester", Company: "A", Skills: []string{"Testing"}, Description: "x", Status: models.VacancyOpen, PublishedAt: time.Now().AddDate(-1, 0, 0)},
		{ID: "extra-2", Title: "Tester", Company: "B", Skills: []string{"Testing"}, Description: "x", Status: models.VacancyOpen, PublishedAt: time.Now().AddDate(-1, 0, 0)},
	} {
		if err := p.App.Store.SaveVacancy(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.App.Syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	c := p.Client()

	// One typo in a word of five or more letters still finds it; closed ones never show.
	body := c.Get("/vacancies?q=kubernetse+platform").Body
	if !strings.Contains(body, `href="/vacancies/kube"`) || strings.Contains(body, "kube-closed") {
		t.Fatalf("typo search:\n%s", body)
	}
	if !strings.Contains(c.Get("/vacancies?q=platform").Body, "<mark>platform</mark>") {
		t.Error("matches not highlighted")
	}
	// Filters narrow, with counts; the URL reproduces the search.
	body = c.Get("/vacancies?seniority=principal&workplace=remote").Body
	if !strings.Contains(body, "1 vacancy") || !strings.Contains(body, `href="/vacancies/kube"`) ||
		!strings.Contains(body, `value="principal" checked`) {
		t.Fatalf("filters:\n%s", body)
	}
	all := c.Get("/vacancies").Body
	if !strings.Contains(all, "21 vacancies") || !strings.Contains(all, `href="/vacancies?page=2"`) || !strings.Contains(all, "Remote <span class=\"count\">(") {
		t.Errorf("first page of all open vacancies:\n%.3000s", all)
	}
	if page2 := c.Get("/vacancies?page=2").Body; !strings.Contains(page2, `rel="prev"`) || strings.Count(page2, `class="card card-vacancies"`) != 1 {
		t.Error("second page")
	}
	// htmx gets the results and the facets, not the page.
	frag := c.Do(http.MethodGet, "/vacancies?q=kubernetes", nil, htmx).Body
	if strings.Contains(frag, "<!doctype html>") || !strings.Contains(frag, `id="results"`) || !strings.Contains(frag, `id="facets"`) {
		t.Errorf("fragment:\n%s", frag)
	}
	if body := c.Get("/vacancies?q=zzzzqqqq").Body; !strings.Contains(body, "No vacancies match this search.") {
		t.Error("empty state")
	}
	if body := c.Get("/vacancies?q=%3Cscript%3Ealert(1)%3C/script%3E").Body; strings.Contains(body, "<script>alert") {
		t.Error("query not escaped")
	}
}
