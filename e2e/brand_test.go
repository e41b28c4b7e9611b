package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
)

// An admin sets the community's brand: a colour with too little contrast
// is refused at its field with its ratio, nothing is saved; the brand with
// a logo is. A new visitor then sees whose community it is on the home
// page, in the title and the header, at phone and desk size; the mail the
// portal sends carries the legal name and postal address in both parts.
func TestAdminBrandsTheCommunity(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	p.WaitForIndex(t)
	admin := tab(t)
	do(t, admin, chromedp.EmulateViewport(1280, 900))
	signIn(t, admin, p.URL, "admin")
	navTo(t, admin, "/admin/users", chromedp.WaitVisible(chromedp.CSS(`a[href="/admin/settings"]`)))
	do(t, admin, chromedp.Click(chromedp.CSS(`a[href="/admin/settings"]`)), chromedp.WaitVisible(chromedp.CSS("#b-name")))
	audit(t, admin, "brand settings")

	logo := filepath.Join(t.TempDir(), "acme.svg")
	if err := os.WriteFile(logo, []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><script>alert(1)</script><rect width="40" height="20" rx="4" fill="#1f5f3a"/></svg>`), 0o600); err != nil {
		t.Fatal(err)
	}
	fill := func(accent string) {
		t.Helper()
		do(t, admin, chromedp.SetValue(chromedp.CSS("#b-name"), "Acme Talent"), chromedp.SetValue(chromedp.CSS("#b-accent"), accent),
			chromedp.SetValue(chromedp.CSS("#b-legal"), "Acme Recruitment B.V."),
			chromedp.SetValue(chromedp.CSS("#b-address"), "Damrak 1\n1012 LG Amsterdam\nNetherlands"),
			chromedp.SetValue(chromedp.CSS("#b-privacy"), "https://acme.example/privacy"),
			chromedp.SetValue(chromedp.CSS("#b-contact"), "talent@acme.example"),
			chromedp.SetUploadFiles(chromedp.CSS("#b-logo"), []string{logo}))
	}
	fill("#ffcc00")
	do(t, admin, chromedp.Click(chromedp.CSS(".brand-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("#err-accent")))
	if got := text(t, admin, "#err-accent"); !strings.Contains(got, "1.5 : 1") || !strings.Contains(got, "4.5 : 1") {
		t.Errorf("the contrast message says %q", got)
	}
	// The picker beside the hex code keeps it in step.
	if got := eval[string](t, admin, `document.querySelector("input[data-colour-for=b-accent]").value`); got != "#ffcc00" {
		t.Errorf("the colour picker shows %q beside #ffcc00", got)
	}
	if got := eval[string](t, admin, `document.querySelector("#b-accent").getAttribute("aria-describedby")`); !strings.Contains(got, "err-accent") {
		t.Errorf("the colour field is not described by its error: %q", got)
	}
	if got := eval[string](t, admin, `document.title`); strings.Contains(got, "Acme") {
		t.Fatalf("a refused brand shows: %q", got)
	}
	audit(t, admin, "brand settings with an error")
	screenshot(t, admin, "brand-refused")

	fill("#1f5f3a")
	do(t, admin, chromedp.Click(chromedp.CSS(".brand-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".flash-success")))
	if got := text(t, admin, ".site-nav .brand"); got != "Acme Talent" {
		t.Errorf("the admin's header says %q", got)
	}

	for _, size := range sizes {
		visitor := tab(t)
		do(t, visitor, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(p.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".hero h1")))
		if got := eval[string](t, visitor, `document.title`); got != "Welcome · Acme Talent" {
			t.Errorf("%s: the title is %q", size.name, got)
		}
		if got := text(t, visitor, ".hero"); !strings.Contains(got, "The talent community of Acme Recruitment B.V.") || !strings.Contains(got, "Grow your career with Acme Talent") ||
			!strings.Contains(got, "members already joined") {
			t.Errorf("%s: the hero says %q", size.name, got)
		}
		waitFor(t, visitor, `document.querySelector(".site-nav .brand img").complete && document.querySelector(".site-nav .brand img").naturalWidth > 0`, "the logo")
		if got := eval[string](t, visitor, `getComputedStyle(document.querySelector(".hero a[role=button]")).backgroundColor`); got != "rgb(31, 95, 58)" {
			t.Errorf("%s: the join button is %s, not the brand's accent", size.name, got)
		}
		if n := eval[int](t, visitor, `document.querySelectorAll(".inside .cards li").length`); n < 6 {
			t.Errorf("%s: the home page shows %d things from inside", size.name, n)
		}
		if got := text(t, visitor, ".site-footer"); !strings.Contains(got, "Acme Recruitment B.V.") || !strings.Contains(got, "Damrak 1") {
			t.Errorf("%s: the footer says %q", size.name, got)
		}
		audit(t, visitor, "branded home page, "+size.name)
		fitsPhone(t, visitor, "branded home page")
		screenshot(t, visitor, "brand-home-"+size.name)
		do(t, visitor, chromedp.Click(chromedp.CSS(".hero a[href='/join']")), chromedp.WaitVisible(chromedp.CSS(".signin h1")))
		if got := eval[string](t, visitor, `document.title`); got != "Join the community · Acme Talent" {
			t.Errorf("%s: 'Join the community' opens %q", size.name, got)
		}
		audit(t, visitor, "join page, "+size.name)
	}

	// The mail the portal sends names its sender in both parts.
	mails := p.SendOutbox(t).Received()
	if len(mails) == 0 {
		t.Fatal("the demo sent no mail")
	}
	for _, m := range mails[:min(5, len(mails))] {
		text, html, err := m.Parts()
		if err != nil {
			t.Fatal(err)
		}
		for part, body := range map[string]string{"text": text, "html": html} {
			if !strings.Contains(body, "Acme Recruitment B.V., Damrak 1, 1012 LG Amsterdam, Netherlands") || !strings.Contains(body, "https://acme.example/privacy") {
				t.Errorf("the %s part of %q does not say who sends it:\n%s", part, m.Header("Subject"), body)
			}
		}
		if got := m.Header("From"); !strings.Contains(got, "Acme Talent") {
			t.Errorf("mail from %q", got)
		}
	}
}
