package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/oidctest"
)

var realPerson = oidctest.Person{Sub: "li-joris", Name: "Joris Bakker", GivenName: "Joris", FamilyName: "Bakker",
	Email: "joris@example.com", EmailVerified: true, Country: "NL", Language: "en"}

// The careless deployment: LinkedIn configured and PORTAL_DEMO=1. Once a
// real person has signed in, a restart seeds nothing, says why in one log
// line, and every door of the demo is gone: each demo account's sign-in,
// the outbox and its mails, the accounts on the sign-in page and the banner.
func TestDemoRefusedOnARealDatabase(t *testing.T) {
	idp := oidctest.Start(t)
	env := idp.Env()
	env["PORTAL_DEMO"] = "1"
	p := apptest.Start(t, env)
	idp.QueueUser(realPerson)
	c := p.Client()
	if res := c.Do(http.MethodGet, c.BeginLinkedIn("/"), nil, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("real sign-in on an empty database: %d %s", res.StatusCode, res.Body)
	}
	ctx := context.Background()
	if mode, _ := p.App.Store.DatabaseMode(ctx); mode != models.ModeReal {
		t.Fatalf("database mode %q after a real sign-in, want real", mode)
	}
	p.Stop()

	env["PORTAL_DATA_DIR"], env["SEED"] = p.DataDir, "1" // SEED: start as `portal serve` does
	p = apptest.Start(t, env)
	if n, _ := p.App.Store.CountUsers(ctx); n != 1 {
		t.Fatalf("%d members after a demo start on a real database: the demo was seeded into it", n)
	}
	if logs := p.Logs(); !strings.Contains(logs, "demo off: this database holds real members") || strings.Contains(logs, "seeding the demo") {
		t.Errorf("the start-up log does not say why the demo is off:\n%s", logs)
	}
	for _, who := range []*apptest.Client{p.Client(), signedIn(p, "linkedin:li-joris")} {
		for _, account := range []string{"candidate", "recruiter", "admin"} {
			if res := who.Post("/auth/demo", url.Values{"account": {account}}); res.StatusCode != http.StatusNotFound {
				t.Errorf("demo sign-in as %s on a real database: %d, want 404", account, res.StatusCode)
			}
		}
		for _, path := range []string{"/outbox", "/outbox/some-key", "/outbox/some-key/html"} {
			if res := who.Get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s on a real database: %d, want 404", path, res.StatusCode)
			}
		}
	}
	body := p.Client().Get("/signin").Body
	if strings.Contains(body, "demo-candidate") || strings.Contains(body, "demo-banner") || !strings.Contains(body, "Sign in with LinkedIn") {
		t.Errorf("the sign-in page of a real database offers the demo, or no LinkedIn:\n%s", body)
	}
	for _, id := range []string{"demo:admin", "demo:recruiter", "demo:candidate"} {
		if _, err := p.App.Store.User(ctx, id); err == nil {
			t.Errorf("%s exists in the real database", id)
		}
	}

	// Without LinkedIn (configured away by mistake) the demo stays off too,
	// and the sign-in page says that signing in is not set up.
	p.Stop()
	p = apptest.Start(t, map[string]string{"PORTAL_DATA_DIR": p.DataDir, "SEED": "1"})
	if res := p.Client().Post("/auth/demo", url.Values{"account": {"admin"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("demo sign-in on a real database without LinkedIn: %d, want 404", res.StatusCode)
	}
	if body := p.Client().Get("/signin").Body; !strings.Contains(body, "Signing in is not set up on this portal yet") || strings.Contains(body, "demo-") {
		t.Errorf("the sign-in page of a real database without LinkedIn:\n%s", body)
	}
	if n, _ := p.App.Store.CountUsers(ctx); n != 1 {
		t.Errorf("%d members: the demo was seeded into a real database without LinkedIn", n)
	}
}

// signedIn is a client with a session for the member.
func signedIn(p *apptest.Portal, id string) *apptest.Client {
	c := p.Client()
	c.SignInAs(id)
	return c
}

// On the demo's database a real sign-in is refused with a page that says
// why, before the visitor is sent to LinkedIn; and one that began while the
// database was undecided is refused at its return, writing nothing, when a
// demo sign-in decided the database meanwhile.
func TestRealSignInRefusedOnADemoDatabase(t *testing.T) {
	idp := oidctest.Start(t)
	env := idp.Env()
	env["PORTAL_DEMO"] = "1"
	p := apptest.Start(t, env)
	ctx := context.Background()

	// Begun on the undecided database...
	idp.QueueUser(realPerson)
	visitor := p.Client()
	callback := visitor.BeginLinkedIn("/")
	// ...which a demo sign-in makes the demo's...
	p.Client().DemoSignIn("recruiter")
	if mode, _ := p.App.Store.DatabaseMode(ctx); mode != models.ModeDemo {
		t.Fatalf("database mode %q after a demo sign-in, want demo", mode)
	}
	// ...so the return from LinkedIn is refused.
	res := visitor.Do(http.MethodGet, callback, nil, nil)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "This is a demo portal: nothing here is real.") {
		t.Fatalf("a real sign-in's return on a demo database: %d\n%s", res.StatusCode, res.Body)
	}
	if _, err := p.App.Store.User(ctx, "linkedin:li-joris"); err == nil {
		t.Error("the refused real person was written into the demo")
	}

	// From now on the sign-in page says so, and offers the demo accounts only.
	body := p.Client().Get("/signin").Body
	if !strings.Contains(body, `id="demo-database"`) || strings.Contains(body, "Sign in with LinkedIn") || !strings.Contains(body, "demo-candidate") {
		t.Errorf("the sign-in page of a demo database:\n%s", body)
	}
	res = p.Client().Get("/auth/linkedin")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "This is a demo portal") {
		t.Errorf("starting a real sign-in on a demo database: %d, to %q", res.StatusCode, res.Header.Get("Location"))
	}
	// In Dutch too.
	nl := p.Client().Do(http.MethodGet, "/signin", nil, map[string]string{"Accept-Language": "nl"}).Body
	if !strings.Contains(nl, "Dit is een demoportaal: niets hier is echt.") {
		t.Error("the demo notice is not in Dutch")
	}
}

// The demo's accounts were counted when they were seeded: signing in with
// them does not count them again (the home page said 63, then 66).
func TestDemoSignInCountsNoNewMember(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	before, err := p.App.Store.CountUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"candidate", "recruiter", "admin"} {
		p.Client().DemoSignIn(who)
	}
	if after, _ := p.App.Store.CountUsers(ctx); after != before {
		t.Errorf("%d members before the demo sign-ins, %d after", before, after)
	}
}
