package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/apptest"
)

var brandForm = map[string]string{
	"name": "Acme Talent", "accent": "#1f5f3a", "legal_name": "Acme Recruitment B.V.",
	"address": "Damrak 1\r\n1012 LG Amsterdam", "privacy_url": "https://acme.example/privacy", "contact_email": "talent@acme.example",
}

func brandWith(changes map[string]string) map[string]string {
	f := map[string]string{}
	for k, v := range brandForm {
		f[k] = v
	}
	for k, v := range changes {
		f[k] = v
	}
	return f
}

// An admin sets the brand; every page, the style sheet, the logo and the
// mail speak in it. Nothing of a refused form is saved.
func TestAdminSetsTheBrand(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	admin := p.Client()
	admin.DemoSignIn("admin")
	if res := admin.Get("/admin/settings"); res.StatusCode != 200 || !strings.Contains(res.Body, `value="Northwind Talent Community"`) {
		t.Fatalf("the settings show the demo brand: %d", res.StatusCode)
	}

	// Too little contrast is refused at its field, with the ratio.
	res := admin.Upload("/admin/settings", brandWith(map[string]string{"accent": "#ffcc00", "name": "Refused"}), "logo", "", nil)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-accent"`) || !strings.Contains(res.Body, "1.5 : 1") {
		t.Fatalf("a yellow accent: %d", res.StatusCode)
	}
	for name, changes := range map[string]map[string]string{
		"no legal name":     {"legal_name": ""},
		"no address":        {"address": " "},
		"a bad privacy url": {"privacy_url": "javascript:alert(1)"},
		"a bad contact":     {"contact_email": "not an address"},
		"a long name":       {"name": strings.Repeat("x", 61)},
	} {
		if res := admin.Upload("/admin/settings", brandWith(changes), "logo", "", nil); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
	}
	if res := admin.Upload("/admin/settings", brandForm, "logo", "logo.txt", []byte("not an image")); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `id="err-logo"`) {
		t.Errorf("a text file as logo: %d", res.StatusCode)
	}
	if body := p.Client().Get("/").Body; strings.Contains(body, "Refused") || strings.Contains(body, "Acme") {
		t.Fatal("a refused form changed the brand")
	}

	// A valid one, with an SVG logo that tried to run a script.
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(2)</script><rect width="10" height="10" fill="#1f5f3a"/></svg>`
	if res := admin.Upload("/admin/settings", brandForm, "logo", "logo.svg", []byte(svg)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a valid brand: %d %s", res.StatusCode, res.Body)
	}
	visitor := p.Client()
	home := visitor.Get("/")
	for _, want := range []string{"<title>Welcome · Acme Talent</title>", "The talent community of Acme Recruitment B.V.", "Grow your career with Acme Talent",
		`content="Acme Talent"`, "Damrak 1, 1012 LG Amsterdam", `href="https://acme.example/privacy"`, `/brand/logo?v=`, `href="/join"`} {
		if !strings.Contains(home.Body, want) {
			t.Errorf("the home page lacks %q", want)
		}
	}
	css := visitor.Get("/brand.css")
	if !strings.Contains(css.Body, "--pico-primary:#1f5f3a;") || css.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("brand.css: %q", css.Body)
	}
	logo := visitor.Get("/brand/logo")
	if logo.Header.Get("Content-Type") != "image/svg+xml" || strings.Contains(logo.Body, "alert") || !strings.Contains(logo.Body, "<rect") ||
		!strings.Contains(logo.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("the logo: %s %q", logo.Header.Get("Content-Type"), logo.Body)
	}
	if join := visitor.Get("/join"); !strings.Contains(join.Body, "<title>Join the community · Acme Talent</title>") {
		t.Error("the join page is not titled for joining")
	}

	// A candidate may not change it.
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	if res := sanne.Post("/admin/settings", url.Values{"name": {"Mine"}}); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("a candidate saving the brand: %d", res.StatusCode)
	}
}

// On a real database nobody branded yet, the admin's dashboard says that
// mails go without the sender's identity until they set it.
func TestAdminIsToldToSetTheBrand(t *testing.T) {
	p := apptest.Start(t, map[string]string{"LINKEDIN_CLIENT_ID": "id", "LINKEDIN_CLIENT_SECRET": "secret", "LINKEDIN_ISSUER_URL": "http://127.0.0.1:9/oauth"})
	ids := realCommunity(t, p)
	admin := p.Client()
	admin.SignInAs(ids["admin"])
	if body := admin.Get("/").Body; !strings.Contains(body, `id="brand-missing"`) {
		t.Fatal("the admin is not told the brand is missing")
	}
	if res := admin.Upload("/admin/settings", brandForm, "logo", "", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the brand: %d", res.StatusCode)
	}
	if body := admin.Get("/").Body; strings.Contains(body, `id="brand-missing"`) {
		t.Error("the notice stays after the brand is set")
	}
}

// Staff are not talent: a recruiter's or admin's home page has no matches,
// onboarding or profile completeness, only what they work with.
func TestStaffHomeHasNoCandidateBlocks(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	for _, who := range []string{"recruiter", "admin"} {
		c := p.Client()
		c.DemoSignIn(who)
		body := c.Get("/").Body
		for _, block := range []string{`id="matches-title"`, `class="onboarding-card"`, `class="completeness-note"`} {
			if strings.Contains(body, block) {
				t.Errorf("the %s's home page has %s", who, block)
			}
		}
		if !strings.Contains(body, `id="pool-title"`) {
			t.Errorf("the %s's home page lost the pool's figures", who)
		}
	}
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	if !strings.Contains(sanne.Get("/").Body, `id="matches-title"`) {
		t.Error("the candidate's home page lost her matches")
	}
}
