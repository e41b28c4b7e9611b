package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

func TestForYouFeed(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	fit := models.Vacancy{
		ID: "fit", Title: "Go platform engineer", Company: "Polder Cloud", City: "Utrecht", Workplace: "hybrid", Seniority: "medior",
		Skills: []string{"Go", "PostgreSQL"}, NiceSkills: []string{"Kubernetes"}, Interests: []string{"Backend"},
		Description: "Build **things**.<script>alert(1)</script>", Status: models.VacancyOpen, PublishedAt: time.Now(),
	}
	if err := p.App.Store.SaveVacancy(ctx, fit); err != nil {
		t.Fatal(err)
	}
	if _, err := p.App.Syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	body := sanne.Get("/").Body
	first := strings.Index(body, `<li class="card card-vacancies"`)
	if first < 0 || !strings.Contains(body[first:first+400], "Go platform engineer") {
		t.Fatalf("the fitting vacancy is not first in the feed:\n%s", body)
	}
	if !strings.Contains(body, "You have: Go, PostgreSQL") || !strings.Contains(body, "Near you") {
		t.Error("reasons not shown")
	}

	// Someone whose skills do not fit does not get it.
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	if strings.Contains(mark.Get("/").Body, "Go platform engineer") {
		t.Error("a recruiter without those skills got the vacancy in the feed")
	}

	// The vacancy page: rendered Markdown, sanitised, and the fit.
	page := sanne.Get("/vacancies/fit").Body
	if !strings.Contains(page, "<strong>things</strong>") || strings.Contains(page, "<script>alert") || !strings.Contains(page, "% match") {
		t.Errorf("vacancy page:\n%s", page)
	}
	if res := p.Client().Get("/vacancies/fit"); res.StatusCode != 200 || strings.Contains(res.Body, "% match") {
		t.Errorf("public vacancy page: %d", res.StatusCode)
	}

	// Not for me: gone from the feed, for good.
	token := sanne.CSRF()
	res := sanne.Do(http.MethodPost, "/vacancies/fit/not-for-me", url.Values{"csrf_token": {token}}, htmx)
	if res.StatusCode != 200 || res.Body != "" {
		t.Fatalf("not for me: %d %q", res.StatusCode, res.Body)
	}
	if strings.Contains(sanne.Get("/").Body, "Go platform engineer") {
		t.Error("dismissed vacancy still in the feed")
	}

	// A closed vacancy leaves the feed and says it is closed.
	fit.Status = models.VacancyClosed
	fit.ID = "closed"
	p.App.Store.SaveVacancy(ctx, fit)
	p.App.Syncer.SyncOnce(ctx)
	if strings.Contains(mark.Get("/").Body, "closed") {
		t.Error("closed vacancy in a feed")
	}
	if !strings.Contains(sanne.Get("/vacancies/closed").Body, "This vacancy is closed.") {
		t.Error("closed vacancy page does not say so")
	}
	fit.Status, fit.ID = models.VacancyDraft, "draft"
	p.App.Store.SaveVacancy(ctx, fit)
	if res := sanne.Get("/vacancies/draft"); res.StatusCode != 404 {
		t.Errorf("draft: %d", res.StatusCode)
	}
	if res := sanne.Get("/vacancies/nope"); res.StatusCode != 404 {
		t.Errorf("unknown: %d", res.StatusCode)
	}
}
