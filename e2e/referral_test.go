package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/oidctest"
)

// A candidate shares a vacancy; a new person opens the link, signs in with
// (a local) LinkedIn and says they are interested; the candidate sees the
// click, the sign-up and the interest in My referrals, and the recruiter the
// same in the funnel. Everyone signs in with LinkedIn: a real portal, where
// the demo is not.
func TestReferralFromShareToFunnel(t *testing.T) {
	idp := oidctest.Start(t)
	env := idp.Env()
	env["RECRUITER_EMAILS"] = "mark@example.com"
	p := apptest.Start(t, env)

	sanne := tab(t)
	linkedInSignIn(t, sanne, p.URL, idp, oidctest.Person{Sub: "li-sanne", Name: "Sanne de Vries", GivenName: "Sanne", FamilyName: "de Vries",
		Email: "sanne@example.com", EmailVerified: true, Country: "NL", Language: "en"})
	rec := tab(t)
	linkedInSignIn(t, rec, p.URL, idp, oidctest.Person{Sub: "li-mark", Name: "Mark Jansen", GivenName: "Mark", FamilyName: "Jansen",
		Email: "mark@example.com", EmailVerified: true, Country: "NL", Language: "en"})
	if err := p.App.Store.SaveVacancy(context.Background(), models.Vacancy{ID: "vac-05", Title: "Senior platform engineer",
		Company: "Polder Cloud", City: "Utrecht", Description: "Run our Kubernetes platform.", Skills: []string{"Kubernetes"},
		OwnerID: "linkedin:li-mark", PublishedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}

	do(t, sanne, chromedp.Navigate(p.URL+"/vacancies/vac-05"), chromedp.WaitVisible(chromedp.CSS(".share button")))
	htmxLoaded(t, sanne)
	title := text(t, sanne, "main h1")
	do(t, sanne, chromedp.Click(chromedp.CSS(".share button")), chromedp.WaitVisible(chromedp.CSS(".share-panel")))
	audit(t, sanne, "share panel")
	link := eval[string](t, sanne, `document.querySelector(".share-panel input[type=url]").value`)
	if !strings.HasPrefix(link, p.URL+"/r/") {
		t.Fatalf("share link %q", link)
	}
	if n := eval[int](t, sanne, `document.querySelectorAll(".share-panel button[data-copy]:not([hidden])").length`); n != 1 {
		t.Error("no copy button where the clipboard exists")
	}

	lotte := tab(t)
	idp.QueueUser(oidctest.Person{Sub: "li-lotte", Name: "Lotte Smit", GivenName: "Lotte", FamilyName: "Smit",
		Email: "lotte@example.com", EmailVerified: true, Country: "NL", Language: "en"})
	do(t, lotte, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(".invite-badge")))
	if got := text(t, lotte, ".invite-badge"); got != "Sanne invited you" {
		t.Errorf("landing says %q", got)
	}
	if got := text(t, lotte, "main h1"); got != title {
		t.Errorf("landing shows %q, want the vacancy %q", got, title)
	}
	audit(t, lotte, "referral landing")
	do(t, lotte, chromedp.Click(chromedp.CSS(".referral-join a[role=button]")), chromedp.WaitVisible(chromedp.CSS("a.linkedin")),
		chromedp.Click(chromedp.CSS("a.linkedin")), chromedp.WaitVisible(chromedp.CSS("#wizard-step")),
		chromedp.Navigate(p.URL+"/vacancies/vac-05"), chromedp.WaitVisible(chromedp.CSS(`form[action="/vacancies/vac-05/interest"] button`)),
		chromedp.Click(chromedp.CSS(`form[action="/vacancies/vac-05/interest"] button`)), chromedp.WaitVisible(chromedp.CSS(".flash-success")))

	do(t, sanne, chromedp.Navigate(p.URL+"/referrals"), chromedp.WaitVisible(chromedp.CSS("main table")))
	audit(t, sanne, "my referrals")
	row := eval[[]string](t, sanne, `[...document.querySelectorAll("main table tbody tr")].filter(r => r.textContent.includes(`+jsString(title)+`)).map(r => [...r.cells].slice(1, 6).map(c => c.textContent.trim()).join(" "))`)
	if len(row) != 1 || row[0] != "1 1 0 1 0" {
		t.Errorf("My referrals row (clicks sign-ups joins interests hires) = %q, want 1 1 0 1 0", row)
	}
	do(t, sanne, chromedp.Navigate(p.URL+"/notifications"), chromedp.WaitVisible(chromedp.CSS(".notifications")))
	if got := text(t, sanne, ".notifications"); !strings.Contains(got, "Someone you invited joined the community") || !strings.Contains(got, "took the next step") {
		t.Errorf("inbox = %q", got)
	}

	do(t, rec, chromedp.Navigate(p.URL+"/recruit/referrals"), chromedp.WaitVisible(chromedp.CSS("main table")))
	audit(t, rec, "recruiter referrals")
	funnel := eval[[]string](t, rec, `[...document.querySelectorAll("main table")[0].tBodies[0].rows].filter(r => r.textContent.includes(`+jsString(title)+`)).map(r => [...r.cells].slice(1).map(c => c.textContent.trim()).join(" "))`)
	if len(funnel) != 1 || funnel[0] != "1 1 1 0" {
		t.Errorf("funnel row (clicks sign-ups converted hires) = %q, want 1 1 1 0", funnel)
	}
	if got := text(t, rec, "main"); !strings.Contains(got, "Lotte Smit") {
		t.Error("the referred member is not listed for recruiters")
	}
	u, err := p.App.Store.User(context.Background(), "linkedin:li-lotte")
	if err != nil || u.ReferredBy == nil {
		t.Errorf("Lotte is not recorded as referred: %+v %v", u, err)
	}
}

// linkedInSignIn signs the person in through the local LinkedIn, for the
// first time: it ends on the onboarding wizard.
func linkedInSignIn(t *testing.T, ctx context.Context, base string, idp *oidctest.Server, person oidctest.Person) {
	t.Helper()
	idp.QueueUser(person)
	do(t, ctx, chromedp.Navigate(base+"/signin"), chromedp.WaitVisible(chromedp.CSS("a.linkedin")),
		chromedp.Click(chromedp.CSS("a.linkedin")), chromedp.WaitVisible(chromedp.CSS("#wizard-step")))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "`" + strings.NewReplacer("`", "\\`", "\\", "\\\\", "$", "\\$").Replace(s) + "`"
}
