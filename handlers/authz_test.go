package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/handlers"
	"github.com/talentcommunity/portal/models"
)

// Every route of the app, requested as each kind of visitor, answers as its
// declaration in handlers.RouteAccess says: refused (sign in first, or not
// for you), not found (someone else's), or served. A route that is not
// declared fails the test. Every response carries the security headers.
// It runs on the demo and on a real database (with LinkedIn configured and
// PORTAL_DEMO=1, as a careless deployment would): there every demo-only
// route must not exist, for anyone.
func TestAuthorisationMatrix(t *testing.T) {
	t.Run("demo database", func(t *testing.T) {
		p := apptest.Start(t, map[string]string{"SEED": "1"})
		checkRouteAccess(t, p, true, func(c *apptest.Client, who string) {
			switch who {
			case "another candidate":
				c.SignInAs("demo:member-07")
			default:
				c.DemoSignIn(who)
			}
		})
	})
	t.Run("real database", func(t *testing.T) {
		p := apptest.Start(t, map[string]string{"PORTAL_DEMO": "1",
			"LINKEDIN_CLIENT_ID": "id", "LINKEDIN_CLIENT_SECRET": "secret", "LINKEDIN_ISSUER_URL": "http://127.0.0.1:9/oauth"})
		ids := realCommunity(t, p)
		checkRouteAccess(t, p, false, func(c *apptest.Client, who string) { c.SignInAs(ids[who]) })
	})
}

// realCommunity fills a portal's empty database with real members (signed
// in as LinkedIn would) and the content the matrix's paths name; it returns
// the member ids by visitor.
func realCommunity(t *testing.T, p *apptest.Portal) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, now := p.App.Store, time.Now()
	ids := map[string]string{}
	for who, roles := range map[string][]models.Role{"candidate": nil, "another candidate": nil,
		"recruiter": {models.RoleRecruiter}, "admin": {models.RoleRecruiter, models.RoleAdmin}} {
		sub := strings.ReplaceAll(who, " ", "-")
		u, err := st.SignInUser(ctx, models.User{ID: "linkedin:" + sub, Provider: "linkedin", Subject: sub, Name: who}, roles, now)
		if err != nil {
			t.Fatal(err)
		}
		ids[who] = u.ID
	}
	if mode, _ := st.DatabaseMode(ctx); mode != models.ModeReal {
		t.Fatalf("database mode %q after real sign-ins", mode)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.SaveVacancy(ctx, models.Vacancy{ID: "vac-01", Title: "Go developer", Company: "Acme", City: "Utrecht",
		Skills: []string{"Go"}, OwnerID: ids["recruiter"], PublishedAt: now}))
	must(st.SaveArticle(ctx, models.Article{ID: "art-01", Slug: "welcome-art-01", Title: "Welcome", Summary: "Hello",
		Body: "Hello.", AuthorID: ids["recruiter"], Status: models.ArticlePublished, PublishedAt: now}))
	must(st.SaveEvent(ctx, models.Event{ID: "evt-01", Title: "Meetup", StartsAt: now.Add(48 * time.Hour),
		EndsAt: now.Add(50 * time.Hour), TimeZone: "Europe/Amsterdam", City: "Utrecht", Venue: "Main street 1"}))
	_, err := st.SaveEdition(ctx, "ed-01", func(e *models.Edition) error { e.Subject = "News"; return nil })
	must(err)
	p.WaitForIndex(t)
	return ids
}

// checkRouteAccess requests every route as each visitor (signIn gives a
// client the named visitor's session) and compares the answers with
// RouteAccess. demo says whether the database is the demo's.
func checkRouteAccess(t *testing.T, p *apptest.Portal, demo bool, signIn func(c *apptest.Client, who string)) {
	ctx := context.Background()
	candidate := "demo:candidate"
	if !demo {
		candidate = "linkedin:candidate"
	}
	link, _, err := p.App.Store.ReferralLinkFor(ctx, candidate, models.TargetCommunity, "", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.App.Store.SetCalendarToken(ctx, candidate, "matrix-calendar-secret"); err != nil {
		t.Fatal(err)
	}
	article, err := p.App.Store.Article(ctx, "art-01")
	if err != nil {
		t.Fatal(err)
	}
	imp, _, err := p.App.Importer.Upload(ctx, "export.csv", []byte("Name,Email\nAnna,anna@example.com\n"), "", "")
	if err != nil {
		t.Fatal(err)
	}
	// The values path parameters take: demo documents, and the candidate's own link.
	params := map[string]string{
		":slug": article.Slug, ":code": link.Code, ":token": "matrix-calendar-secret", ":format": "png",
		":kind": "skills", ":section": "basics", ":chart": "members", ":mode?": "", ":step": "1", "*": "css/app.css", ":saved": "saved-1", ":note": "note-1", ":key": "no-such-mail",
	}
	ids := map[string]string{"/vacancies/": "vac-01", "/recruit/vacancies/": "vac-01", "/events/": "evt-01",
		"/recruit/events/": "evt-01", "/recruit/articles/": "art-01", "/recruit/talent/": candidate,
		"/recruit/newsletter/": "ed-01", "/newsletter/": "ed-01", "/recruit/import/": imp.ID}
	param := regexp.MustCompile(`:[a-z]+\??|\*`)

	visitors := []string{"anonymous", "candidate", "another candidate", "recruiter", "admin"}
	client := func(who string) *apptest.Client {
		c := p.Client()
		if who != "anonymous" {
			signIn(c, who)
		}
		return c
	}

	seen := map[string]bool{}
	for _, r := range p.App.Fiber.GetRoutes(true) {
		if r.Method == http.MethodHead || r.Method == "USE" || r.Path == "/" && r.Method == "" {
			continue
		}
		key := r.Method + " " + r.Path
		if seen[key] {
			continue
		}
		seen[key] = true
		access, declared := handlers.RouteAccess[key]
		if !declared {
			t.Errorf("%s has no declared access in handlers.RouteAccess", key)
			continue
		}
		recruitersOnly := strings.HasPrefix(r.Path, "/recruit")
		if recruitersOnly && access != handlers.Recruiter {
			t.Errorf("%s is under /recruit but declared %s: the recruiters' workspace is for recruiters", key, access)
		}
		path := param.ReplaceAllStringFunc(r.Path, func(name string) string {
			if name == ":id" {
				for prefix, id := range ids {
					if strings.HasPrefix(r.Path, prefix) {
						return id
					}
				}
			}
			return params[name]
		})
		if len(path) > 1 {
			path = strings.TrimSuffix(path, "/") // an empty optional parameter
		}
		for _, who := range visitors {
			c := client(who)
			var res *apptest.Response
			if r.Method == http.MethodGet {
				res = c.Get(path)
			} else {
				res = c.Post(path, url.Values{})
			}
			got := outcome(res)
			if recruitersOnly && (who == "candidate" || who == "another candidate") && res.StatusCode != http.StatusForbidden {
				t.Errorf("%s as %s: %d, want 403", key, who, res.StatusCode)
			}
			// A served route may answer 404 when the empty form names nothing;
			// the owner of a link must find it.
			if want := expected(access, who, demo); got != want && !(want == "served" && got == "missing" && access != handlers.Owner) {
				t.Errorf("%s as %s (%s): %s (%d), want %s", key, who, access, got, res.StatusCode, want)
			}
			// A message missing a value it names reads "<no value>".
			if strings.Contains(res.Body, "&lt;no value&gt;") || strings.Contains(res.Body, "<no value>") {
				t.Errorf("%s as %s: a message misses its value", key, who)
			}
			if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s as %s: no security headers", key, who)
			}
		}
	}
	// The answer to a path no route takes carries them too.
	if res := p.Client().Get("/no/such/page"); res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("an unmatched path: %d without security headers", res.StatusCode)
	}
	for key := range handlers.RouteAccess {
		if !seen[key] {
			t.Errorf("RouteAccess declares %s, which is not a route", key)
		}
	}
}

// outcome sorts an answer: refused (sign in, or not allowed), missing, or served.
func outcome(res *apptest.Response) string {
	switch {
	case res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden,
		res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/signin"):
		return "refused"
	case res.StatusCode == http.StatusNotFound:
		return "missing"
	}
	return "served"
}

// expected is how a route of the given access answers the visitor, on the
// demo's database or a real one.
func expected(access handlers.Access, who string, demo bool) string {
	signedIn := who != "anonymous"
	switch access {
	case handlers.Demo:
		if demo {
			return "served"
		}
		return "missing"
	case handlers.Public:
		return "served"
	case handlers.Member:
		if signedIn {
			return "served"
		}
	case handlers.Owner:
		switch who {
		case "candidate":
			return "served"
		case "anonymous":
			return "refused"
		}
		return "missing"
	case handlers.Recruiter:
		if who == "recruiter" || who == "admin" {
			return "served"
		}
	case handlers.Admin:
		if who == "admin" {
			return "served"
		}
	}
	return "refused"
}
