package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

func vacancyForm(overrides map[string]string) url.Values {
	v := url.Values{
		"title": {"Rust engineer"}, "company": {"Delta Fintech"}, "city": {"Amsterdam"}, "workplace": {"remote"},
		"employment_type": {"permanent"}, "seniority": {"senior"}, "skills": {"rust, k8s"}, "nice_skills": {"golang"},
		"interests": {"fintech"}, "description": {"We build **payments**."}, "salary_min": {"60.000"}, "salary_max": {"80000"},
		"apply_url": {"https://jobs.example/rust"}, "action": {"publish"},
	}
	for k, val := range overrides {
		v.Set(k, val)
	}
	return v
}

func TestRecruiterPublishesAVacancy(t *testing.T) {
	p := apptest.Start(t, nil)
	cand := p.Client()
	cand.DemoSignIn("candidate")
	if res := cand.Get("/recruit/vacancies/new"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("candidate on the vacancy form: %d", res.StatusCode)
	}
	if res := cand.Post("/recruit/vacancies", vacancyForm(nil)); res.StatusCode != http.StatusForbidden {
		t.Fatalf("candidate posting a vacancy: %d", res.StatusCode)
	}

	rec := p.Client()
	rec.DemoSignIn("recruiter")
	bad := vacancyForm(map[string]string{"title": "", "skills": "", "apply_url": "javascript:alert(1)", "salary_min": "90000", "salary_max": "80000",
		"description": strings.Repeat("x", models.MaxDescriptionLen+1), "workplace": "moon"})
	res := rec.Post("/recruit/vacancies", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad vacancy: %d", res.StatusCode)
	}
	for _, field := range []string{"title", "skills", "apply_url", "salary_max", "description", "workplace"} {
		if !strings.Contains(res.Body, `id="err-`+field+`"`) {
			t.Errorf("no message at %s", field)
		}
	}
	if vs := apptest.Newest(t, p, store.KindVacancy, 10, p.App.Store.VacanciesByID); len(vs) != 0 {
		t.Fatal("a refused vacancy was saved")
	}

	res = rec.Post("/recruit/vacancies", vacancyForm(map[string]string{"action": "preview"}))
	if res.StatusCode != 200 || !strings.Contains(res.Body, "<strong>payments</strong>") {
		t.Fatalf("preview: %d", res.StatusCode)
	}
	if vs := apptest.Newest(t, p, store.KindVacancy, 10, p.App.Store.VacanciesByID); len(vs) != 0 {
		t.Fatal("the preview saved the vacancy")
	}

	res = rec.Post("/recruit/vacancies", vacancyForm(nil))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/recruit/vacancies" {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	vs := apptest.Newest(t, p, store.KindVacancy, 10, p.App.Store.VacanciesByID)
	if len(vs) != 1 {
		t.Fatalf("%d vacancies", len(vs))
	}
	v := vs[0]
	if v.Status != models.VacancyOpen || strings.Join(v.Skills, ",") != "Rust,Kubernetes" || v.NiceSkills[0] != "Go" ||
		v.Interests[0] != "Fintech" || v.SalaryMin != 60000 || v.OwnerID != "demo:recruiter" {
		t.Fatalf("stored: %+v", v)
	}
	if !strings.Contains(rec.Get("/recruit/vacancies").Body, "Rust engineer") {
		t.Error("not in the recruiter's list")
	}
	// Close it: it says so to candidates.
	res = rec.Post("/recruit/vacancies/"+v.ID, vacancyForm(map[string]string{"action": "close"}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	if !strings.Contains(cand.Get("/vacancies/"+v.ID).Body, "This vacancy is closed.") {
		t.Error("closed vacancy does not say so")
	}
	if res := rec.Post("/recruit/vacancies/nope", vacancyForm(nil)); res.StatusCode != 404 {
		t.Errorf("unknown vacancy: %d", res.StatusCode)
	}
}
