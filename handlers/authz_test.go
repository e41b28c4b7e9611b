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
func TestAuthorisationMatrix(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	link, _, err := p.App.Store.ReferralLinkFor(ctx, "demo:candidate", models.TargetCommunity, "", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.App.Store.SetCalendarToken(ctx, "demo:candidate", "matrix-calendar-secret"); err != nil {
		t.Fatal(err)
	}
	article, err := p.App.Store.Article(ctx, "art-01")
	if err != nil {
		t.Fatal(err)
	}
	// The values path parameters take: demo documents, and the candidate's own link.
	params := map[string]string{
		":slug": article.Slug, ":code": link.Code, ":token": "matrix-calendar-secret", ":format": "png",
		":kind": "skills", ":section": "basics", ":chart": "members", ":mode?": "", ":step": "1", "*": "css/app.css", ":saved": "saved-1", ":note": "note-1", ":key": "no-such-mail",
	}
	ids := map[string]string{"/vacancies/": "vac-01", "/recruit/vacancies/": "vac-01", "/events/": "evt-01",
		"/recruit/events/": "evt-01", "/recruit/articles/": "art-01", "/recruit/talent/": "demo:candidate",
		"/recruit/newsletter/": "ed-01", "/newsletter/": "ed-01"}
	param := regexp.MustCompile(`:[a-z]+\??|\*`)

	visitors := []string{"anonymous", "candidate", "another candidate", "recruiter", "admin"}
	client := func(who string) *apptest.Client {
		c := p.Client()
		switch who {
		case "anonymous":
		case "another candidate":
			c.SignInAs("demo:member-07")
		default:
			c.DemoSignIn(who)
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
			if want := expected(access, who); got != want && !(want == "served" && got == "missing" && access != handlers.Owner) {
				t.Errorf("%s as %s (%s): %s (%d), want %s", key, who, access, got, res.StatusCode, want)
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

// expected is how a route of the given access answers the visitor.
func expected(access handlers.Access, who string) string {
	signedIn := who != "anonymous"
	switch access {
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
