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
	if n := eval[int](t, ctx, `document.querySelectorAll("#matches-title ~ ul .card").length`); n == 0 {
		t.Error("no matched vacancies on the demo candidate's dashboard")
	}
	audit(t, ctx, "candidate dashboard")

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

// Signing in with LinkedIn in a real browser, against a LinkedIn-like OIDC server.
func TestLinkedInSignInInBrowser(t *testing.T) {
	idp := oidctest.Start(t)
	p := apptest.Start(t, idp.Env())
	idp.QueueUser(oidctest.Person{Sub: "li-grace", Name: "Grace Hopper", GivenName: "Grace", FamilyName: "Hopper", Email: "grace@example.com", EmailVerified: true})
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/signin"), chromedp.WaitVisible(chromedp.CSS("a.linkedin")))
	if n := eval[int](t, ctx, `document.querySelectorAll("#demo-candidate").length`); n != 0 {
		t.Fatal("demo accounts offered with LinkedIn configured")
	}
	audit(t, ctx, "sign-in with LinkedIn")
	do(t, ctx, chromedp.Click(chromedp.CSS("a.linkedin")), chromedp.WaitVisible(chromedp.CSS(".dashboard-head h1")))
	// LinkedIn reports a Dutch locale for its members in the test server.
	if got := text(t, ctx, ".dashboard-head h1"); got != "Welkom terug, Grace" {
		t.Fatalf("greeting = %q", got)
	}
	if loc := eval[string](t, ctx, "location.pathname"); loc != "/" {
		t.Fatalf("landed on %q", loc)
	}
}

// An admin finds a member with the live search and makes them a recruiter,
// all through htmx swaps.
func TestAdminGrantsRecruiterRole(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/signin"), chromedp.Click(chromedp.CSS("#demo-admin")), chromedp.WaitVisible(chromedp.CSS(".dashboard-head")))
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
	pages := []struct{ name, path, wait string }{
		{"landing", "/", "h1"},
		{"sign-in", "/signin", "#demo-admin"},
		{"not found", "/no-such-page", ".error-page"},
	}
	for _, pg := range pages {
		do(t, ctx, chromedp.Navigate(p.URL+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.wait)))
		fitsPhone(t, ctx, pg.name)
		audit(t, ctx, pg.name+" on a phone")
	}
	do(t, ctx, chromedp.Navigate(p.URL+"/signin"), chromedp.Click(chromedp.CSS("#demo-recruiter")), chromedp.WaitVisible(chromedp.CSS(".dashboard-head")))
	for _, pg := range []struct{ name, path, wait string }{
		{"recruiter dashboard", "/", ".stats"},
		{"forbidden", "/admin/users", ".error-page"},
	} {
		do(t, ctx, chromedp.Navigate(p.URL+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.wait)))
		fitsPhone(t, ctx, pg.name)
		audit(t, ctx, pg.name+" on a phone")
	}
	if dir := os.Getenv("E2E_SCREENSHOTS"); dir != "" {
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err == nil {
			_ = os.WriteFile(dir+"/phone-forbidden.png", shot, 0o644)
		}
	}
}
