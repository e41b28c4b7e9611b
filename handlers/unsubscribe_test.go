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
	"github.com/talentcommunity/portal/store"
)

// A one-click POST to the address in a mail's List-Unsubscribe header
// unsubscribes without a session or CSRF token, once, and the consent
// history shows it; in a browser the address shows one button and the
// choice of what to keep; a forged token is a 404.
func TestOneClickUnsubscribe(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	share := func(id string) {
		t.Helper()
		n := models.Notification{ID: id, UserID: "demo:candidate", Kind: models.KindVacancyShared, VacancyID: "vac-go",
			Title: "Go developer", FromID: "demo:recruiter", FromName: "Mark Jansen", CreatedAt: time.Now()}
		if _, err := p.App.Store.Notify(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	share("share-1")
	smtp := p.SendOutbox(t)
	got := smtp.To("sanne@demo.example")
	if len(got) != 1 {
		t.Fatalf("sanne got %d mails", len(got))
	}
	header := strings.Trim(got[0].Header("List-Unsubscribe"), "<>")
	i := strings.Index(header, "/u/")
	if i < 0 || got[0].Header("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("unsubscribe headers: %q", header)
	}
	path := header[i:]

	visitor := p.Client()
	page := visitor.Get(path)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Stop mail from recruiters") || !strings.Contains(page.Body, "sanne@demo.example") {
		t.Fatalf("the unsubscribe page: %d", page.StatusCode)
	}

	oneClick := func() *http.Response {
		t.Helper()
		res, err := http.Post(p.URL+path, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	for range 2 {
		if res := oneClick(); res.StatusCode != http.StatusOK {
			t.Fatalf("one-click POST: %d", res.StatusCode)
		}
	}
	u, _ := p.App.Store.User(ctx, "demo:candidate")
	stops := 0
	for _, e := range u.ConsentHistory {
		if e.Kind == models.TopicConsent(models.TopicRecruiters) && !e.Given {
			stops++
		}
	}
	if !u.Mail.Stops(models.TopicRecruiters) || stops != 1 {
		t.Fatalf("after two one-click POSTs: stopped %v, %d in the history", u.Mail.Stopped, stops)
	}
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	if body := sanne.Get("/privacy").Body; !strings.Contains(body, "Mail from recruiters") {
		t.Error("the consent history in the privacy centre does not show the unsubscribe")
	}

	// Stopped: the next shared vacancy reaches her inbox, not her mail.
	share("share-2")
	if _, err := p.App.Store.OutboxMail(ctx, models.MailKey(models.KindVacancyShared, "share-2", "demo:candidate")); err != store.ErrNotFound {
		t.Errorf("a mail was queued after unsubscribing: %v", err)
	}

	// In the browser she takes it back and stops the newsletter instead.
	res := visitor.Post(path+"/choose", url.Values{"keep_recruiters": {"on"}, "keep_alerts": {"on"}, "keep_referrals": {"on"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choosing: %d", res.StatusCode)
	}
	if done := visitor.Get(res.Header.Get("Location")); !strings.Contains(done.Body, "your choice is saved") {
		t.Error("no confirmation after choosing")
	}
	u, _ = p.App.Store.User(ctx, "demo:candidate")
	if u.Mail.Stops(models.TopicRecruiters) || u.Consents.Newsletter.Given {
		t.Errorf("after choosing: stopped %v, newsletter %v", u.Mail.Stopped, u.Consents.Newsletter.Given)
	}

	forged := strings.Replace(path, "/u/", "/u/x", 1)
	if res := visitor.Get(forged); res.StatusCode != http.StatusNotFound {
		t.Errorf("a forged token: %d", res.StatusCode)
	}
	res2, err := http.Post(p.URL+forged, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusNotFound {
		t.Errorf("a forged one-click POST: %d", res2.StatusCode)
	}
}
