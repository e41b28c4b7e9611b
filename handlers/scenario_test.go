package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/apptest"
)

// TestPages walks the main pages as anonymous visitors and as each demo role,
// against the real app on the embedded engines.
func TestPages(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})

	tests := []struct {
		name     string
		as       string // demo account, or "" for anonymous
		method   string
		path     string
		header   map[string]string
		status   int
		contains []string
		location string
	}{
		{name: "landing", path: "/", status: 200, contains: []string{`<html lang="en">`, "Grow your career", "Demo portal."}},
		{name: "landing in Dutch for a Dutch browser", path: "/", header: map[string]string{"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"}, status: 200, contains: []string{`<html lang="nl">`, "Groei in je loopbaan"}},
		{name: "English for other browsers", path: "/", header: map[string]string{"Accept-Language": "de-DE,de;q=0.9"}, status: 200, contains: []string{`<html lang="en">`}},
		{name: "sign-in page offers demo accounts", path: "/signin", status: 200, contains: []string{`id="demo-candidate"`, `id="demo-recruiter"`, `id="demo-admin"`}},
		{name: "sign-in page has no LinkedIn button without LinkedIn", path: "/signin", status: 200},
		{name: "admin page sends visitors to sign in", path: "/admin/users?q=a", status: 303, location: "/signin?next=%2Fadmin%2Fusers%3Fq%3Da"},
		{name: "htmx request of a guarded page gets HX-Redirect", path: "/admin/users", header: map[string]string{"HX-Request": "true"}, status: 401},
		{name: "unknown page", path: "/nope", status: 404, contains: []string{"Page not found", "Reference:"}},
		{name: "candidate dashboard greets by name", as: "candidate", path: "/", status: 200, contains: []string{"Welcome back, Sanne", "Vacancies for you", "Events for you"}},
		{name: "candidate may not manage roles", as: "candidate", path: "/admin/users", status: 403, contains: []string{"Not for you, sorry"}},
		{name: "recruiter sees the talent pool", as: "recruiter", path: "/", status: 200, contains: []string{"Your talent pool", "members"}},
		{name: "recruiter may not manage roles", as: "recruiter", path: "/admin/users", status: 403},
		{name: "admin lists members a page at a time", as: "admin", path: "/admin/users", status: 200, contains: []string{"Members and roles", "63 members", "Make recruiter", `href="/admin/users?page=2"`}},
		{name: "admin second page", as: "admin", path: "/admin/users?page=2", status: 200, contains: []string{"63 members", "Previous page"}},
		{name: "admin finds a member by e-mail address", as: "admin", path: "/admin/users?q=fatima@demo.example", status: 200, contains: []string{"Fatima El Amrani", "1 member"}},
		{name: "admin search forgives a typo", as: "admin", path: "/admin/users?q=Sane", status: 200, contains: []string{"Sanne de Vries"}},
		{name: "admin search is text, not a pattern", as: "admin", path: "/admin/users?q=.*", status: 200, contains: []string{"0 members"}},
		{name: "admin search is an htmx fragment", as: "admin", path: "/admin/users?q=sanne", header: map[string]string{"HX-Request": "true"}, status: 200, contains: []string{`<div id="user-results">`, "1 member"}},
		{name: "boosted navigation gets the whole page", as: "admin", path: "/admin/users", header: map[string]string{"HX-Request": "true", "HX-Boosted": "true"}, status: 200, contains: []string{"<!doctype html>"}},
		{name: "role filter", as: "admin", path: "/admin/users?role=admin", status: 200, contains: []string{"Fatima El Amrani", "1 member"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := p.Client()
			if tt.as != "" {
				c.DemoSignIn(tt.as)
			}
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			res := c.Do(method, tt.path, nil, tt.header)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%s", res.StatusCode, tt.status, res.Body)
			}
			for _, s := range tt.contains {
				if !strings.Contains(res.Body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			if tt.location != "" && res.Header.Get("Location") != tt.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), tt.location)
			}
			if strings.Contains(res.Body, "goroutine ") || strings.Contains(res.Body, ".go:") {
				t.Errorf("page shows internals:\n%s", res.Body)
			}
		})
	}
}

func TestFragmentAndFullPageVaryOnHXRequest(t *testing.T) {
	p := apptest.Start(t, nil)
	c := p.Client()
	c.DemoSignIn("admin")
	full := c.Get("/admin/users")
	frag := c.Do(http.MethodGet, "/admin/users", nil, map[string]string{"HX-Request": "true"})
	if !strings.Contains(full.Body, "<!doctype html>") || strings.Contains(frag.Body, "<!doctype html>") {
		t.Fatalf("full page and fragment not told apart")
	}
	for _, r := range []*apptest.Response{full, frag} {
		if !strings.Contains(r.Header.Get("Vary"), "HX-Request") {
			t.Errorf("Vary = %q, want HX-Request in it", r.Header.Get("Vary"))
		}
	}
}

func TestCSRF(t *testing.T) {
	p := apptest.Start(t, nil)
	c := p.Client()
	c.DemoSignIn("candidate")

	// Logout without the token is refused, and the session lives on.
	res := c.Do(http.MethodPost, "/auth/logout", url.Values{}, nil)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("logout without CSRF token: %d, want 403", res.StatusCode)
	}
	if !strings.Contains(res.Body, "Your session has expired") {
		t.Errorf("CSRF refusal is not the friendly page: %s", res.Body)
	}
	res = c.Do(http.MethodPost, "/auth/logout", url.Values{"csrf_token": {"forged"}}, nil)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("logout with a forged token: %d, want 403", res.StatusCode)
	}
	if !strings.Contains(c.Get("/").Body, "Welcome back, Sanne") {
		t.Fatal("refused logout ended the session")
	}

	// The htmx header works as well as the form field.
	token := c.CSRF()
	res = c.Do(http.MethodPost, "/auth/logout", url.Values{}, map[string]string{"X-CSRF-Token": token, "HX-Request": "true"})
	if res.StatusCode != http.StatusNoContent || res.Header.Get("HX-Redirect") != "/" {
		t.Fatalf("htmx logout: %d HX-Redirect=%q", res.StatusCode, res.Header.Get("HX-Redirect"))
	}
	if strings.Contains(c.Get("/").Body, "Welcome back") {
		t.Fatal("still signed in after logout")
	}

	// A token from another visitor's session does not work for this one.
	other := p.Client()
	res = other.Do(http.MethodPost, "/lang", url.Values{"lang": {"nl"}, "csrf_token": {c.CSRF()}}, nil)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("another visitor's token: %d, want 403", res.StatusCode)
	}
}

func TestSignInRotatesTheSession(t *testing.T) {
	p := apptest.Start(t, nil)
	c := p.Client()
	before := c.CSRF()
	u, _ := url.Parse(p.URL)
	oldCookie := c.HTTP.Jar.Cookies(u)
	c.DemoSignIn("candidate")
	if c.CSRF() == before {
		t.Error("CSRF token unchanged by sign-in")
	}
	// The pre-sign-in cookie does not carry the signed-in session.
	stale := p.Client()
	stale.HTTP.Jar.SetCookies(u, oldCookie)
	if strings.Contains(stale.Get("/").Body, "Welcome back") {
		t.Fatal("the old session token became signed in (session fixation)")
	}
}

func TestLanguageSwitchIsRemembered(t *testing.T) {
	p := apptest.Start(t, nil)
	c := p.Client()
	res := c.Post("/lang", url.Values{"lang": {"nl"}, "next": {"/signin"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Fatalf("switch: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if body := c.Get("/signin").Body; !strings.Contains(body, `<html lang="nl">`) || !strings.Contains(body, "Inloggen bij") {
		t.Fatal("choice not remembered")
	}
	// The remembered choice beats the browser's language.
	body := c.Do(http.MethodGet, "/", nil, map[string]string{"Accept-Language": "en-US"}).Body
	if !strings.Contains(body, `<html lang="nl">`) {
		t.Fatal("browser language overrode the choice")
	}
	if res := c.Post("/lang", url.Values{"lang": {"fr"}}); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("unsupported language: %d, want 400", res.StatusCode)
	}
	// next may not lead off-site.
	res = c.Post("/lang", url.Values{"lang": {"en"}, "next": {"//evil.example/x"}})
	if res.Header.Get("Location") != "/" {
		t.Fatalf("open redirect: Location %q", res.Header.Get("Location"))
	}
}

func TestAdminGrantsAndRevokesRecruiter(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	admin := p.Client()
	admin.DemoSignIn("admin")
	token := admin.CSRF()
	res := admin.Do(http.MethodPost, "/admin/users/role", url.Values{"id": {"demo:candidate"}, "grant": {"1"}, "csrf_token": {token}},
		map[string]string{"HX-Request": "true"})
	if res.StatusCode != 200 || !strings.Contains(res.Body, `<tr id="user-demo-candidate">`) || !strings.Contains(res.Body, "Revoke") {
		t.Fatalf("grant: %d %s", res.StatusCode, res.Body)
	}
	cand := p.Client()
	cand.DemoSignIn("candidate")
	if !strings.Contains(cand.Get("/").Body, "Your talent pool") {
		t.Fatal("granted recruiter does not see the recruiter dashboard")
	}
	// Signing in again keeps the role an admin gave.
	cand.DemoSignIn("candidate")
	if !strings.Contains(cand.Get("/").Body, "Your talent pool") {
		t.Fatal("sign-in removed the granted role")
	}
	res = admin.Post("/admin/users/role", url.Values{"id": {"demo:candidate"}, "grant": {"0"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke as a plain form: %d", res.StatusCode)
	}
	if !strings.Contains(admin.Get(res.Header.Get("Location")).Body, "The recruiter role was revoked.") {
		t.Error("no flash after revoking")
	}
	if strings.Contains(cand.Get("/").Body, "Your talent pool") {
		t.Fatal("revoked recruiter still sees the recruiter dashboard")
	}
	if res := admin.Post("/admin/users/role", url.Values{"id": {"nobody"}, "grant": {"1"}}); res.StatusCode != 404 {
		t.Fatalf("unknown user: %d, want 404", res.StatusCode)
	}
	// A candidate cannot call the admin action.
	if res := cand.Post("/admin/users/role", url.Values{"id": {"demo:candidate"}, "grant": {"1"}}); res.StatusCode != 403 {
		t.Fatalf("candidate granting: %d, want 403", res.StatusCode)
	}
}

func TestSecurityHeadersAndHealth(t *testing.T) {
	p := apptest.Start(t, nil)
	c := p.Client()
	res := c.Get("/")
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"X-Frame-Options":        "DENY",
	}
	for k, v := range want {
		if res.Header.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, res.Header.Get(k), v)
		}
	}
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("weak CSP: %q", csp)
	}
	if strings.Contains(res.Body, "<script>") || strings.Contains(res.Body, " onclick=") || strings.Contains(res.Body, " style=") {
		t.Error("inline script or style in the page")
	}
	cookie := res.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Errorf("session cookie flags: %q", cookie)
	}
	if r := c.Get("/healthz"); r.StatusCode != 200 {
		t.Errorf("healthz: %d", r.StatusCode)
	}
	if r := c.Get("/readyz"); r.StatusCode != 200 || !strings.Contains(r.Body, `"mongodb":"ok"`) {
		t.Errorf("readyz: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Get("/metrics"); !strings.Contains(r.Body, `portal_http_requests_total{method="GET",route="/",status="200"}`) || !strings.Contains(r.Body, "go_goroutines") {
		t.Errorf("metrics lack the request count or Go runtime:\n%.2000s", r.Body)
	}
	// An asset at its current hash is cached for a year.
	css := regexpFind(t, res.Body, `href="(/static/[0-9a-f]+/css/app\.css)"`)
	if r := c.Get(css); r.StatusCode != 200 || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
		t.Errorf("asset: %d %q %q", r.StatusCode, r.Header.Get("Cache-Control"), r.Header.Get("Content-Type"))
	}
}

func TestReadyzNamesWhatIsDown(t *testing.T) {
	p := apptest.Start(t, nil)
	c := p.Client()
	if err := p.App.Index.Close(); err != nil {
		t.Fatal(err)
	}
	r := c.Get("/readyz")
	if r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(r.Body, `"down":["search"]`) {
		t.Fatalf("readyz with search closed: %d %s", r.StatusCode, r.Body)
	}
}

func TestSessionSurvivesRestart(t *testing.T) {
	p := apptest.Start(t, nil)
	c := p.Client()
	c.DemoSignIn("candidate")
	dir := p.DataDir
	p.Stop()

	p2 := apptest.Start(t, map[string]string{"PORTAL_DATA_DIR": dir})
	// Same cookies, new portal process on the same data dir (and a new port).
	u1, _ := url.Parse(p.URL)
	u2, _ := url.Parse(p2.URL)
	c2 := p2.Client()
	c2.HTTP.Jar.SetCookies(u2, c.HTTP.Jar.Cookies(u1))
	if !strings.Contains(c2.Get("/").Body, "Welcome back, Sanne") {
		t.Fatal("signed out by a restart")
	}
}

func TestDemoSignInAbsentWithLinkedIn(t *testing.T) {
	p := apptest.Start(t, map[string]string{"LINKEDIN_CLIENT_ID": "id", "LINKEDIN_CLIENT_SECRET": "secret", "LINKEDIN_ISSUER_URL": "http://127.0.0.1:9/oauth"})
	c := p.Client()
	body := c.Get("/signin").Body
	if strings.Contains(body, "demo-candidate") || strings.Contains(body, "Demo portal") {
		t.Fatal("demo accounts offered with LinkedIn configured")
	}
	if !strings.Contains(body, "Sign in with LinkedIn") {
		t.Fatal("no LinkedIn button")
	}
	if res := c.Post("/auth/demo", url.Values{"account": {"admin"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("demo sign-in with LinkedIn configured: %d, want 404", res.StatusCode)
	}
}
