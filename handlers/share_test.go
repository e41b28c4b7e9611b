package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

func TestShareVacancyWithMatchingCandidates(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	rec := p.Client()
	rec.DemoSignIn("recruiter")
	page := rec.Get("/recruit/vacancies/vac-01/matches").Body
	if !strings.Contains(page, "Sanne de Vries") || !strings.Contains(page, `value="demo:candidate"`) {
		t.Fatalf("matches page lacks the fitting candidate:\n%s", page)
	}
	if cand := p.Client(); true {
		cand.DemoSignIn("candidate")
		if res := cand.Get("/recruit/vacancies/vac-01/matches"); res.StatusCode != 403 {
			t.Fatalf("candidate on the matches page: %d", res.StatusCode)
		}
	}

	// A member who withdrew contact consent is shown but cannot be chosen, and is skipped if forged in.
	other := p.Client()
	other.DemoSignIn("admin") // the demo admin has a profile too; make them withdraw contact
	other.Post("/profile/consents", url.Values{"consent_visibility": {"1"}})
	res := rec.Post("/recruit/vacancies/vac-01/share", url.Values{"candidate": {"demo:candidate", "demo:admin"}, "action": {"preview"}})
	if res.StatusCode != 200 || !strings.Contains(res.Body, "1 candidate will receive it") {
		t.Fatalf("preview: %d\n%s", res.StatusCode, res.Body)
	}
	if n, _ := p.App.Store.Notifications(ctx, "demo:candidate", 10); len(n) != 0 {
		t.Fatal("the preview sent something")
	}
	for i := 0; i < 2; i++ { // sending twice notifies once
		if res := rec.Post("/recruit/vacancies/vac-01/share", url.Values{"candidate": {"demo:candidate", "demo:admin"}, "action": {"send"}}); res.StatusCode != 303 {
			t.Fatalf("send: %d", res.StatusCode)
		}
	}
	if n, _ := p.App.Store.Notifications(ctx, "demo:candidate", 10); len(n) != 1 || n[0].FromName != "Mark Jansen" {
		t.Fatalf("notifications: %+v", n)
	}
	if n, _ := p.App.Store.Notifications(ctx, "demo:admin", 10); len(n) != 0 {
		t.Fatal("a member without contact consent was notified")
	}
	if tps := apptest.Touchpoints(t, p.App.Store, "demo:candidate", models.KindVacancyShared); len(tps) != 1 || tps[0].RecruiterID != "demo:recruiter" {
		t.Fatalf("touchpoints: %+v", tps)
	}

	// The candidate sees the badge and the inbox; reading clears the badge.
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	if body := sanne.Get("/").Body; !strings.Contains(body, `<span class="badge">1`) {
		t.Error("no unread badge")
	}
	if body := sanne.Get("/notifications").Body; !strings.Contains(body, "Mark Jansen thinks this vacancy suits you") {
		t.Error("inbox lacks the notification")
	}
	if body := sanne.Get("/").Body; strings.Contains(body, `class="badge"`) {
		t.Error("badge not cleared after reading")
	}
}

func TestCandidateExpressesInterest(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	rec := p.Client()
	rec.DemoSignIn("recruiter")
	rec.Post("/recruit/vacancies", vacancyForm(map[string]string{"apply_url": ""}))
	vs := apptest.Newest(t, p, store.KindVacancy, 1, p.App.Store.VacanciesByID)
	id := vs[0].ID
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	if body := sanne.Get("/vacancies/" + id).Body; !strings.Contains(body, "I&#39;m interested") {
		t.Fatal("no interest button on a vacancy without an apply URL")
	}
	for i := 0; i < 2; i++ {
		if res := sanne.Post("/vacancies/"+id+"/interest", nil); res.StatusCode != 303 {
			t.Fatalf("interest: %d", res.StatusCode)
		}
	}
	if n, _ := p.App.Store.Notifications(ctx, "demo:recruiter", 10); len(n) != 1 || !strings.Contains(n[0].FromName, "Sanne") {
		t.Fatalf("recruiter notifications: %+v", n)
	}
	if tps := apptest.Touchpoints(t, p.App.Store, "demo:candidate", models.KindInterestExpressed); len(tps) != 1 {
		t.Fatalf("touchpoints: %+v", tps)
	}
	if body := rec.Get("/notifications").Body; !strings.Contains(body, "is interested in") {
		t.Error("recruiter inbox")
	}
	rec.Post("/recruit/vacancies/"+id, vacancyForm(map[string]string{"action": "close", "apply_url": ""}))
	if res := sanne.Post("/vacancies/"+id+"/interest", nil); res.StatusCode != 404 {
		t.Errorf("interest in a closed vacancy: %d", res.StatusCode)
	}
}

// The matches speak to the recruiter about the member ("Has: Go", not
// "You have: Go") and mark who already said they are interested, who is
// then not ticked to be told again.
func TestMatchesMarkWhoIsInterested(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	if res := sanne.Post("/vacancies/vac-01/interest", nil); res.StatusCode >= 400 {
		t.Fatalf("interest: %d", res.StatusCode)
	}
	rec := p.Client()
	rec.DemoSignIn("recruiter")
	page := rec.Get("/recruit/vacancies/vac-01/matches").Body
	if strings.Contains(page, "You have:") || !strings.Contains(page, "Has: ") {
		t.Error("the matches speak to the recruiter in the candidate's voice")
	}
	row := page[strings.Index(page, `value="demo:candidate"`):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "Interested since") || strings.Contains(row, "checked") {
		t.Errorf("Sanne's row does not say she is interested, or is ticked to be told again:\n%s", row)
	}
}

// After "I'm interested" the vacancy says so on every visit, with a way to
// withdraw, which takes the interest off the member's timeline.
func TestInterestShowsAndCanBeWithdrawn(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	sanne.Post("/vacancies/vac-01/interest", nil)
	if body := sanne.Get("/vacancies/vac-01").Body; !strings.Contains(body, "You&#39;re interested (since") || !strings.Contains(body, `action="/vacancies/vac-01/interest/withdraw"`) {
		t.Fatal("the vacancy does not say Sanne is interested, with a way to withdraw")
	}
	interests := func() string {
		dash := sanne.Get("/").Body
		if i := strings.Index(dash, `<section aria-labelledby="interested-title"`); i >= 0 {
			return dash[i : i+strings.Index(dash[i:], "</section>")]
		}
		return ""
	}
	if !strings.Contains(interests(), `<a href="/vacancies/vac-01">`) {
		t.Error("Sanne's dashboard does not list her interest")
	}
	if res := sanne.Post("/vacancies/vac-01/interest/withdraw", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.StatusCode)
	}
	if body := sanne.Get("/vacancies/vac-01").Body; strings.Contains(body, "re interested (since") || !strings.Contains(body, `action="/vacancies/vac-01/interest"`) {
		t.Error("after withdrawing the vacancy still says she is interested")
	}
	if strings.Contains(interests(), `<a href="/vacancies/vac-01">`) {
		t.Error("the dashboard still lists the withdrawn interest")
	}
	for _, tp := range apptest.Touchpoints(t, p.App.Store, "demo:candidate", models.KindInterestExpressed) {
		if tp.VacancyID == "vac-01" {
			t.Error("the withdrawn interest is still on her timeline")
		}
	}
}
