package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/oidctest"
)

// A visitor of a demo portal that has LinkedIn configured is told, on the
// sign-in page, that nothing here is real, and is offered the demo accounts
// instead of LinkedIn; a visitor of a real portal started with PORTAL_DEMO=1
// is offered LinkedIn only, without the demo banner. Both pages read well on
// a phone and at a desk, and pass axe.
func TestSignInPageSaysWhatKindOfPortalThisIs(t *testing.T) {
	idp := oidctest.Start(t)
	env := idp.Env()
	env["PORTAL_DEMO"], env["SEED"] = "1", "1"
	demo := apptest.Start(t, env)
	real := apptest.Start(t, idp.Env())
	ctx := tab(t)
	linkedInSignIn(t, ctx, real.URL, idp, oidctest.Person{Sub: "li-joris", Name: "Joris Bakker", GivenName: "Joris",
		FamilyName: "Bakker", Email: "joris@example.com", EmailVerified: true, Country: "NL", Language: "en"})
	real.Stop()
	realEnv := idp.Env()
	realEnv["PORTAL_DEMO"], realEnv["SEED"], realEnv["PORTAL_DATA_DIR"] = "1", "1", real.DataDir
	real = apptest.Start(t, realEnv)

	for _, size := range []struct {
		name string
		w, h int64
	}{{"phone", 390, 844}, {"desk", 1280, 900}} {
		visitor := tab(t)
		do(t, visitor, chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(demo.URL+"/signin"), chromedp.WaitVisible(chromedp.CSS("#demo-database")))
		if n := eval[int](t, visitor, `document.querySelectorAll("a.linkedin").length`); n != 0 {
			t.Errorf("%s: the demo portal offers LinkedIn", size.name)
		}
		if got := text(t, visitor, "#demo-database strong"); got != "This is a demo portal: nothing here is real." {
			t.Errorf("%s: the notice says %q", size.name, got)
		}
		audit(t, visitor, "demo sign-in page, "+size.name)
		fitsPhone(t, visitor, "demo sign-in page")
		screenshot(t, visitor, "signin-demo-"+size.name)

		do(t, visitor, chromedp.Navigate(real.URL+"/signin"), chromedp.WaitVisible(chromedp.CSS("a.linkedin")))
		if n := eval[int](t, visitor, `document.querySelectorAll("#demo-candidate, .demo-banner, #demo-database").length`); n != 0 {
			t.Errorf("%s: the real portal offers the demo", size.name)
		}
		audit(t, visitor, "real sign-in page, "+size.name)
		fitsPhone(t, visitor, "real sign-in page")
		screenshot(t, visitor, "signin-real-"+size.name)
	}
	// The demo accounts still work on the demo.
	visitor := tab(t)
	signIn(t, visitor, demo.URL, "candidate")
}

// screenshot keeps a full-page PNG of the tab in $E2E_SCREENSHOTS, when set,
// for a person to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644); err != nil {
		t.Error(err)
	}
}
