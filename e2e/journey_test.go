package e2e

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/oidctest"
)

// A candidate signs in with a demo account, sees the dashboard, switches
// to Dutch and signs out. Every page passes axe.
func TestCandidateJourney(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := tab(t)

	do(t, ctx, chromedp.Navigate(p.URL+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))
	htmxLoaded(t, ctx)
	if got := text(t, ctx, "h1"); !strings.Contains(got, "Grow your career") {
		t.Fatalf("landing h1 = %q", got)
	}
	audit(t, ctx, "landing")

	// Boosted navigation to the sign-in page.
	do(t, ctx, chromedp.Click(chromedp.CSS(`nav a[href="/signin"]`)), chromedp.WaitVisible(chromedp.CSS("#demo-candidate")))
	audit(t, ctx, "sign-in")

	do(t, ctx, chromedp.Click(chromedp.CSS("#demo-candidate")), chromedp.WaitVisible(chromedp.CSS(".dashboard-head h1")))
	if got := text(t, ctx, ".dashboard-head h1"); got != "Welcome back, Sanne" {
		t.Fatalf("greeting = %q", got)
	}
	if got := text(t, ctx, ".flash-success"); got != "You are signed in." {
		t.Errorf("flash = %q", got)
	}
	cards := eval[int](t, ctx, `document.querySelectorAll("form.matches .card").length`)
	if cards == 0 {
		t.Fatal("no matched vacancies on the demo candidate's dashboard")
	}
	audit(t, ctx, "candidate dashboard")

	// "Not for me" takes the card away in place (the list's one form carries
	// the CSRF token), and the vacancy stays away after a reload.
	dismissed := eval[string](t, ctx, `document.querySelector("form.matches .card").id`)
	do(t, ctx, chromedp.Click(chromedp.CSS("form.matches .card button")),
		chromedp.WaitNotPresent(chromedp.CSS("#"+dismissed)))
	if n := eval[int](t, ctx, `document.querySelectorAll("form.matches .card").length`); n != cards-1 {
		t.Errorf("%d cards after dismissing one of %d", n, cards)
	}
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".dashboard-head h1")))
	if n := eval[int](t, ctx, `document.querySelectorAll("#`+dismissed+`").length`); n != 0 {
		t.Error("the dismissed vacancy is back after a reload")
	}

	do(t, ctx, chromedp.Click(chromedp.CSS(`.lang-switch button[value="nl"]`)), chromedp.WaitReady(chromedp.CSS(`html[lang="nl"]`)),
		chromedp.WaitVisible(chromedp.CSS(".dashboard-head h1")))
	if got := text(t, ctx, ".dashboard-head h1"); got != "Welkom terug, Sanne" {
		t.Fatalf("Dutch greeting = %q", got)
	}
	audit(t, ctx, "dashboard in Dutch")

	do(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/auth/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(".flash-success")))
	if got := text(t, ctx, ".flash-success"); got != "Je bent uitgelogd. Tot snel!" {
		t.Fatalf("sign-out flash = %q", got)
	}
	if got := text(t, ctx, `nav a[href="/signin"]`); got != "Inloggen" {
		t.Fatalf("not signed out: nav shows %q", got)
	}
}

// A new member signs in with LinkedIn in a real browser (against a
// LinkedIn-like OIDC server), goes through the onboarding wizard, and edits
// the profile in place: saves without a reload that survive a refresh, and a
// wrong input shown at its field with nothing saved.
func TestNewMemberOnboardsAndEditsProfile(t *testing.T) {
	idp := oidctest.Start(t)
	p := apptest.Start(t, idp.Env())
	idp.QueueUser(oidctest.Person{Sub: "li-grace", Name: "Grace Hopper", GivenName: "Grace", FamilyName: "Hopper",
		Email: "grace@example.com", EmailVerified: true, Country: "US", Language: "en"})
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/signin"), chromedp.WaitVisible(chromedp.CSS("a.linkedin")))
	if n := eval[int](t, ctx, `document.querySelectorAll("#demo-candidate").length`); n != 0 {
		t.Fatal("demo accounts offered with LinkedIn configured")
	}
	audit(t, ctx, "sign-in with LinkedIn")

	// Right after the first sign-in: the wizard, prefilled from LinkedIn.
	do(t, ctx, chromedp.Click(chromedp.CSS("a.linkedin")), chromedp.WaitVisible(chromedp.CSS("#wizard-step")))
	htmxLoaded(t, ctx)
	if got := text(t, ctx, "main h1"); got != "Welcome, Grace!" {
		t.Fatalf("wizard greeting = %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector("#country").value`); got != "United States" {
		t.Errorf("country not prefilled from LinkedIn's locale: %q", got)
	}
	audit(t, ctx, "onboarding step 1")
	eval[bool](t, ctx, `window.noReload = true`) // survives htmx swaps, not page loads
	step := func(n string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#step-count")?.textContent.includes("Step `+n+` of 4")`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("step %s did not appear: %v", n, err)
		}
		settled(t, ctx)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#headline"), "Compiler engineer"),
		chromedp.SendKeys(chromedp.CSS("#city"), "Arlington"),
		chromedp.SetValue(chromedp.CSS("#seniority"), "principal"),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)))
	step("2")
	audit(t, ctx, "onboarding step 2")
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#ob-skills"), "golang, k8s, COBOL"),
		chromedp.SendKeys(chromedp.CSS("#ob-interests"), "fintech, open source"),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)))
	step("3")
	audit(t, ctx, "onboarding step 3")
	// A date in the past is refused at its field, and the step stays.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`input[name="status"][value="looking"]`)),
		chromedp.SetValue(chromedp.CSS("#until"), "2001-01-01"),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS("#err-until")))
	settled(t, ctx)
	if got := text(t, ctx, "#err-until"); got != "This date has already passed." {
		t.Errorf("until error = %q", got)
	}
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#until"), ""), chromedp.SendKeys(chromedp.CSS("#roles"), "Compiler engineer, Language designer"),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)))
	step("4")
	audit(t, ctx, "onboarding step 4")
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`input[name="frequency"][value="quarterly"]`)),
		chromedp.Click(chromedp.CSS(`input[name="consent_visibility"]`)),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS("#profile-basics")))
	if loc := eval[string](t, ctx, "location.pathname"); loc != "/profile" {
		t.Fatalf("after the wizard: %q", loc)
	}
	if got := text(t, ctx, ".flash-success"); !strings.HasPrefix(got, "Welcome aboard!") {
		t.Errorf("flash = %q", got)
	}
	// The profile shows what the wizard saved, with variants folded to the taxonomy's terms.
	if got := text(t, ctx, "#profile-skills .tags"); !strings.Contains(got, "Go") || !strings.Contains(got, "Kubernetes") || !strings.Contains(got, "COBOL") {
		t.Errorf("skills = %q", got)
	}
	if got := text(t, ctx, "#profile-interests .tags"); !strings.Contains(got, "Fintech") || !strings.Contains(got, "Open source") {
		t.Errorf("interests = %q", got)
	}
	if got := text(t, ctx, "#profile-availability"); !strings.Contains(got, "Actively looking") {
		t.Errorf("availability = %q", got)
	}
	audit(t, ctx, "profile")

	// Edit in place: a wrong LinkedIn address is refused at its field and nothing is saved.
	eval[bool](t, ctx, `window.noReload = true`)
	do(t, ctx, chromedp.Click(chromedp.CSS("#profile-basics .edit-link")), chromedp.WaitVisible(chromedp.CSS("#linkedin_url")))
	settled(t, ctx)
	audit(t, ctx, "profile basics in edit mode")
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#headline"), "Principal compiler engineer"),
		chromedp.SendKeys(chromedp.CSS("#linkedin_url"), "https://evil.example/in/grace"),
		chromedp.Click(chromedp.CSS(`#profile-basics button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#err-linkedin_url")))
	settled(t, ctx)
	if v := eval[string](t, ctx, `document.querySelector("#headline").value`); v != "Principal compiler engineer" {
		t.Errorf("what was typed was lost: %q", v)
	}
	if inv := eval[string](t, ctx, `document.querySelector("#linkedin_url").getAttribute("aria-invalid")`); inv != "true" {
		t.Error("wrong field not marked aria-invalid")
	}
	u, _ := p.App.Store.User(context.Background(), "linkedin:li-grace")
	if u.Headline != "Compiler engineer" {
		t.Fatalf("a refused form saved something: headline %q", u.Headline)
	}
	audit(t, ctx, "profile basics with an error")
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#linkedin_url"), "linkedin.com/in/grace-hopper"),
		chromedp.Click(chromedp.CSS(`#profile-basics button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#profile-basics .edit-link")))
	if got := text(t, ctx, "#profile-basics dl"); !strings.Contains(got, "Principal compiler engineer") || !strings.Contains(got, "https://linkedin.com/in/grace-hopper") {
		t.Errorf("saved basics = %q", got)
	}

	// Chips: add a variant (folded to the taxonomy's term) and remove one.
	do(t, ctx, chromedp.Click(chromedp.CSS("#profile-skills .edit-link")), chromedp.WaitVisible(chromedp.CSS("#skills-term")))
	settled(t, ctx)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#skills-term"), "postgres"),
		chromedp.Click(chromedp.CSS(`#profile-skills .term-add button[type="submit"]`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#profile-skills .chips").textContent.includes("PostgreSQL")`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal("added skill not shown:", err)
	}
	settled(t, ctx)
	audit(t, ctx, "skills in edit mode")
	do(t, ctx, chromedp.Click(chromedp.CSS(`#profile-skills form.chip-remove:has(input[value="COBOL"]) button`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector("#profile-skills .chips").textContent.includes("COBOL")`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal("removed skill still shown:", err)
	}
	if !eval[bool](t, ctx, "window.noReload === true") {
		t.Fatal("the page reloaded: edits must happen in place")
	}

	// A refresh shows what was saved.
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#profile-basics")))
	if got := text(t, ctx, "#profile-basics dl"); !strings.Contains(got, "Principal compiler engineer") {
		t.Errorf("after a refresh: %q", got)
	}
	if got := text(t, ctx, "#profile-skills .tags"); !strings.Contains(got, "PostgreSQL") || strings.Contains(got, "COBOL") {
		t.Errorf("skills after a refresh: %q", got)
	}
}

// An admin finds a member with the live search and makes them a recruiter,
// all through htmx swaps.
func TestAdminGrantsRecruiterRole(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/signin"), chromedp.Click(chromedp.CSS("#demo-admin")), chromedp.WaitVisible(chromedp.CSS(".flash-success")))
	htmxLoaded(t, ctx)
	do(t, ctx, chromedp.Click(chromedp.CSS(`nav a[href="/admin/users"]`)), chromedp.WaitVisible(chromedp.CSS("#user-q")))
	audit(t, ctx, "admin users")

	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#user-q"), "Sanne"))
	// Wait for the last search (each keystroke may send one) to be swapped in and settled.
	settled := `document.querySelectorAll("#user-results tbody tr").length === 1 && location.search.includes("q=Sanne") &&
		!document.querySelector(".htmx-request, .htmx-settling, .htmx-swapping")`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](settled, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal("live search did not narrow the list:", err)
	}
	if loc := eval[string](t, ctx, "location.search"); loc != "?q=Sanne&role=" && loc != "?q=Sanne" {
		t.Errorf("search not in the address bar: %q", loc)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#user-demo-candidate button")),
		chromedp.WaitVisible(chromedp.CSS("#user-demo-candidate button.secondary")))
	if got := text(t, ctx, "#user-demo-candidate td:nth-child(3)"); !strings.Contains(got, "Recruiter") {
		t.Fatalf("roles cell = %q", got)
	}
	u, err := p.App.Store.User(context.Background(), "demo:candidate")
	if err != nil || !u.Has(models.RoleRecruiter) {
		t.Fatalf("role not stored: %v %v", u, err)
	}
	audit(t, ctx, "admin users after a swap")
}

// Keyboard users can skip to the content, and every page fits a phone and
// passes axe there too.
func TestKeyboardAndPhone(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/"), chromedp.WaitVisible(chromedp.CSS("h1")), chromedp.KeyEvent("\t"))
	if cls := eval[string](t, ctx, "document.activeElement.className"); cls != "skip-link" {
		t.Fatalf("first Tab focuses %q, want the skip link", cls)
	}
	do(t, ctx, chromedp.KeyEvent("\r"))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.hash === "#main"`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal("skip link did not move to the content")
	}

	do(t, ctx, chromedp.EmulateViewport(390, 844))
	links, err := p.App.Store.ReferralLinksOf(context.Background(), "demo:candidate")
	if err != nil || len(links) == 0 {
		t.Fatalf("no seeded referral link: %v", err)
	}
	onPhone(t, ctx, p.URL, []phonePage{
		{"referral landing", "/r/" + links[0].Code, ".invite-badge"},
		{"unknown referral link", "/r/nope", ".error-page"},
		{"leaderboard", "/referrals/leaderboard", ".leaderboard"},
		{"landing", "/", "h1"},
		{"sign-in", "/signin", "#demo-admin"},
		{"not found", "/no-such-page", ".error-page"},
		{"vacancies", "/vacancies?q=engineer&workplace=remote", "#results"},
		{"articles", "/articles", ".cards"},
		{"article", "/articles/kubernetes-in-2026-what-changed", ".article-body"},
		{"events", "/events?format=in_person", "#results .cards"},
		{"past events", "/events?when=past", "#results .cards"},
		{"full event", "/events/evt-04", "#rsvp"},
	})
	do(t, ctx, chromedp.Navigate(p.URL+"/signin"), chromedp.Click(chromedp.CSS("#demo-recruiter")), chromedp.WaitVisible(chromedp.CSS(".flash-success")))
	onPhone(t, ctx, p.URL, []phonePage{
		{"recruiter dashboard", "/", ".stats"},
		{"Today", "/recruit", ".today-list"},
		{"talent pool", "/recruit/talent?q=kubernetes", "#talent-results"},
		{"a member's page", "/recruit/talent/demo:candidate", "#timeline"},
		{"log a touchpoint", "/recruit/talent/demo:candidate/touchpoints/new", ".touchpoint-form"},
		{"congratulate", "/recruit/talent/demo:member-02/congratulate?milestone=ms-polder", ".congratulate textarea"},
		{"taxonomy", "/taxonomy", "#term-label"},
		{"recruiter vacancies", "/recruit/vacancies", "main table"},
		{"vacancy form", "/recruit/vacancies/new", "#v-title"},
		{"recruiter articles", "/recruit/articles", "main table"},
		{"matching candidates", "/recruit/vacancies/vac-01/matches", "main table"},
		{"article form", "/recruit/articles/new", "#a-title"},
		{"recruiter events", "/recruit/events", "main table"},
		{"event form", "/recruit/events/evt-01/edit", "#e-title"},
		{"door list", "/recruit/events/evt-04/attendees", ".door-list"},
		{"cancel confirmation", "/recruit/events/evt-04/cancel", "main form"},
		{"recruiter referrals", "/recruit/referrals", "main table"},
		{"newsletter editions", "/recruit/newsletter", "main table"},
		{"new edition", "/recruit/newsletter/new", "#n-subject"},
		{"a sent edition with its figures and preview", "/recruit/newsletter/ed-01", "#stats-title"},
		{"forbidden", "/admin/users", ".error-page"},
	})
	// A candidate's own pages, on the phone.
	if eval[bool](t, ctx, `!document.querySelector('form[action="/auth/logout"] button').offsetParent`) {
		do(t, ctx, chromedp.Click(chromedp.CSS(".menu-toggle")), chromedp.WaitVisible(chromedp.CSS(`form[action="/auth/logout"] button`)))
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/auth/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(".flash-success")),
		chromedp.Navigate(p.URL+"/signin"), chromedp.Click(chromedp.CSS("#demo-candidate")), chromedp.WaitVisible(chromedp.CSS(".dashboard-head")))
	onPhone(t, ctx, p.URL, []phonePage{
		{"candidate dashboard", "/", ".dashboard-head"},
		{"profile", "/profile", "#profile-consents"},
		{"profile preferences in edit mode", "/profile?edit=preferences", "#roles"},
		{"profile milestones in edit mode", "/profile?edit=milestones", "#ms-title"},
		{"onboarding step 3", "/onboarding?step=3", "#until"},
		{"privacy centre", "/privacy", "#export-title"},
		{"delete confirmation", "/privacy/delete", ".danger-zone"},
		{"import", "/profile/import", "#resume-file"},
		{"inbox", "/notifications", "main h1"},
		{"vacancy", "/vacancies/vac-01", ".match-box"},
		{"candidate events", "/events", ".my-events"},
		{"event attending", "/events/evt-01", "#rsvp .rsvp-status.going"},
		{"my referrals", "/referrals", "main table"},
		{"share page", "/referrals/" + links[0].Code, ".share-panel"},
		{"contact rules in edit mode", "/profile?edit=contact", "#time_zone"},
		{"newsletter archive", "/newsletter", "main h1"},
		{"an archived edition", "/newsletter/ed-01", ".mail-frame"},
		{"unsubscribe", "/u/" + models.UnsubscribeToken(p.App.Cfg.Secret, "demo:candidate", models.TopicAlerts), "main form"},
		{"newsletter confirmation", "/newsletter/confirm/" + models.UnsubscribeToken(p.App.Cfg.Secret, "demo:candidate", models.ConfirmTopic), "main h1"},
	})
	if dir := os.Getenv("E2E_SCREENSHOTS"); dir != "" {
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err == nil {
			_ = os.WriteFile(dir+"/phone-forbidden.png", shot, 0o644)
		}
	}
}

// phonePage is a page to open on the phone, and what to wait for there.
type phonePage struct{ name, path, wait string }

// onPhone opens each page at the current (phone) viewport and checks that it
// fits the screen and passes axe.
func onPhone(t *testing.T, ctx context.Context, base string, pages []phonePage) {
	t.Helper()
	for _, pg := range pages {
		do(t, ctx, chromedp.Navigate(base+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.wait)))
		fitsPhone(t, ctx, pg.name)
		audit(t, ctx, pg.name+" on a phone")
	}
}
