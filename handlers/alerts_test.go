package handlers_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/nurture"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// Publishing a vacancy that fits Sanne strongly puts an alert in her inbox
// and queues one mail (she chose mail, alerts at once); it goes within her
// policy; publishing it again after an edit alerts nobody twice, and the
// recruiter sees how many members were alerted.
func TestPublishedVacancyAlertsWhomItFits(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	p.WaitForIndex(t) // Sanne's talent document, which the alert is matched against
	ctx := context.Background()
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	form := vacancyForm(map[string]string{"title": "Go platform engineer", "skills": "go, kubernetes", "nice_skills": "docker",
		"interests": "cloud, backend", "seniority": "medior", "workplace": "remote", "apply_url": ""})
	if res := mark.Post("/recruit/vacancies", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.StatusCode, res.Body)
	}
	vs := apptest.Newest(t, p, store.KindVacancy, 20, p.App.Store.VacanciesByID)
	var v models.Vacancy
	for _, cand := range vs {
		if cand.Title == "Go platform engineer" {
			v = cand
		}
	}
	if v.ID == "" {
		t.Fatal("the vacancy is not there")
	}
	alerts := nurture.VacancyAlerts(p.App.Store, p.App.Index)
	run := func() {
		t.Helper()
		if _, err := alerts.Run(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	run()

	sanneAlerts := func() int {
		t.Helper()
		notes, err := p.App.Store.Notifications(ctx, "demo:candidate", 100)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, note := range notes {
			if note.Kind == models.KindVacancyAlert && note.VacancyID == v.ID {
				n++
			}
		}
		return n
	}
	if n := sanneAlerts(); n != 1 {
		// This failed once in about three loaded full runs (never alone);
		// say what each step saw, for whoever meets it next.
		u, _ := p.App.Store.User(ctx, "demo:candidate")
		pool, _ := p.App.Index.Search(ctx, search.TalentPool(search.Query{Tags: v.Terms(), Limit: 500, Fresh: true}))
		inPool := slices.ContainsFunc(pool.Hits, func(h search.Hit) bool { return h.Ref == "demo:candidate" })
		done, _ := p.App.Store.VacancyAlert(ctx, v.ID)
		now := time.Now()
		refs, _ := search.Refs(ctx, p.App.Index, p.App.Store, store.KindVacancy, search.Query{
			Filters: map[string][]string{"status": {models.VacancyOpen}}, After: now.Add(-models.AlertWindow), Fresh: true})
		again, err := alerts.Run(ctx, now)
		t.Fatalf("sanne has %d alerts, want 1 (a strong match: %v; in the talent pool: %v; the vacancy among the new ones: %v; "+
			"its alert record: %+v; a second run told %d (%v))", n, models.MatchVacancy(u, &v).Strong(), inPool, slices.Contains(refs, v.ID), done, again, err)
	}

	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	if body := sanne.Get("/notifications").Body; !strings.Contains(body, "New and a strong match for you:") || !strings.Contains(body, "Go platform engineer") {
		t.Error("the inbox does not show the alert")
	}
	// Her mail: queued with the alert, sent within her policy.
	key := models.MailKey(models.KindVacancyAlert, models.VacancyAlertNote(&v, "demo:candidate", time.Now()).ID, "demo:candidate")
	if _, err := p.App.Store.OutboxMail(ctx, key); err != nil {
		t.Fatalf("no mail queued for the alert: %v", err)
	}
	smtp := p.SendOutbox(t)
	mails := smtp.To("sanne@demo.example")
	if len(mails) != 1 || mails[0].Header("Subject") != "New vacancy for you: Go platform engineer" || mails[0].Header("List-Unsubscribe") == "" {
		t.Fatalf("sanne got %d mails, want the alert", len(mails))
	}
	if strings.Contains(mark.Get("/recruit/vacancies/"+v.ID+"/matches").Body, "were alerted") == false {
		t.Error("the recruiter does not see how many were alerted")
	}

	// An edit publishes it again: nobody is told twice.
	form.Set("title", "Go platform engineer (Kubernetes)")
	if res := mark.Post("/recruit/vacancies/"+v.ID, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	run()
	if n := sanneAlerts(); n != 1 {
		t.Errorf("after an edit sanne has %d alerts", n)
	}
	if again := p.SendOutbox(t); len(again.Received()) != 0 {
		t.Errorf("an edit sent %d mails", len(again.Received()))
	}
}
