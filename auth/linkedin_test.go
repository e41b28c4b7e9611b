package auth_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/oidctest"
)

var ada = oidctest.Person{
	Sub: "li-ada-123", Name: "Ada Lovelace", GivenName: "Ada", FamilyName: "Lovelace",
	Picture: "https://media.licdn.com/ada.jpg", Email: "Ada@Example.com", EmailVerified: true,
	Country: "NL", Language: "nl",
}

func withEnv(base map[string]string, extra map[string]string) map[string]string {
	for k, v := range extra {
		base[k] = v
	}
	return base
}

func TestLinkedInSignIn(t *testing.T) {
	idp := oidctest.Start(t)
	p := apptest.Start(t, withEnv(idp.Env(), map[string]string{"ADMIN_EMAILS": "ada@example.com"}))
	ctx := context.Background()

	// First visit: the user is created from LinkedIn's claims and starts the onboarding.
	c := p.Client()
	idp.QueueUser(ada)
	callback := c.BeginLinkedIn("/admin/users")
	res := c.Do(http.MethodGet, callback, nil, nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/onboarding" {
		t.Fatalf("callback: %d to %q\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	// LinkedIn says Ada's locale is Dutch, so without a choice of her own she gets Dutch.
	if body := c.Get("/").Body; !strings.Contains(body, "Welkom terug, Ada") {
		t.Fatalf("not greeted by name in her language:\n%s", body)
	}
	u, err := p.App.Store.User(ctx, "linkedin:li-ada-123")
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "ada@example.com" || !u.EmailVerified || u.FamilyName != "Lovelace" || u.Picture != ada.Picture || u.Locale != "nl" || u.Country != "Nederland" {
		t.Errorf("claims not stored as expected: %+v", u)
	}
	if !u.IsAdmin() || u.SignInCount != 1 {
		t.Errorf("verified ADMIN_EMAILS address not granted admin, or count wrong: roles=%v count=%d", u.Roles, u.SignInCount)
	}
	if res := c.Get("/admin/users"); res.StatusCode != 200 {
		t.Errorf("admin page: %d", res.StatusCode)
	}

	// The state was single use: replaying the callback fails kindly.
	res = c.Do(http.MethodGet, callback, nil, nil)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "Deze inloglink is verlopen of al gebruikt.") || !strings.Contains(res.Body, `href="/signin"`) {
		t.Fatalf("replayed callback: %d\n%s", res.StatusCode, res.Body)
	}

	// Returning user, on another browser, with a changed name: same user, updated.
	renamed := ada
	renamed.Name, renamed.GivenName = "Augusta Ada King", "Augusta"
	idp.QueueUser(renamed)
	// A returning user lands where they were going.
	c2 := p.Client()
	if res := c2.Do(http.MethodGet, c2.BeginLinkedIn("/admin/users"), nil, nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users" {
		t.Fatalf("second sign-in: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	u, err = p.App.Store.User(ctx, "linkedin:li-ada-123")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Augusta Ada King" || u.SignInCount != 2 {
		t.Errorf("returning user not updated: name=%q count=%d", u.Name, u.SignInCount)
	}
	if n, _ := p.App.Store.CountUsers(ctx); n != 1 {
		t.Errorf("%d users after two sign-ins of one person", n)
	}
}

func TestLinkedInUnverifiedEmailGetsNoRole(t *testing.T) {
	idp := oidctest.Start(t)
	p := apptest.Start(t, withEnv(idp.Env(), map[string]string{"ADMIN_EMAILS": "ada@example.com", "RECRUITER_EMAILS": "ada@example.com"}))
	unverified := ada
	unverified.EmailVerified = false
	idp.QueueUser(unverified)
	c := p.Client()
	c.Do(http.MethodGet, c.BeginLinkedIn("/"), nil, nil)
	u, err := p.App.Store.User(context.Background(), "linkedin:li-ada-123")
	if err != nil {
		t.Fatal(err)
	}
	if u.IsRecruiter() || u.IsAdmin() {
		t.Fatalf("unverified email was granted roles: %v", u.Roles)
	}
}

func TestLinkedInFailures(t *testing.T) {
	idp := oidctest.Start(t)
	p := apptest.Start(t, idp.Env())

	t.Run("bad state", func(t *testing.T) {
		c := p.Client()
		callback, _ := url.Parse(c.BeginLinkedIn("/"))
		q := callback.Query()
		q.Set("state", "forged")
		callback.RawQuery = q.Encode()
		res := c.Do(http.MethodGet, callback.String(), nil, nil)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "Try again") {
			t.Fatalf("forged state: %d\n%s", res.StatusCode, res.Body)
		}
		if body := c.Get("/").Body; strings.Contains(body, "Welcome back") || strings.Contains(body, "Welkom terug") {
			t.Fatal("signed in with a forged state")
		}
	})

	t.Run("callback without a sign-in attempt", func(t *testing.T) {
		res := p.Client().Get("/auth/linkedin/callback?code=x&state=y")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "expired or was already used") {
			t.Fatalf("%d\n%s", res.StatusCode, res.Body)
		}
	})

	t.Run("denied consent", func(t *testing.T) {
		c := p.Client()
		callback, _ := url.Parse(c.BeginLinkedIn("/"))
		state := callback.Query().Get("state")
		res := c.Get("/auth/linkedin/callback?error=user_cancelled_login&error_description=The+user+cancelled+LinkedIn+login&state=" + url.QueryEscape(state))
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "You cancelled signing in at LinkedIn.") || !strings.Contains(res.Body, "Try again") {
			t.Fatalf("cancelled: %d\n%s", res.StatusCode, res.Body)
		}
	})

	t.Run("next cannot leave the site", func(t *testing.T) {
		for i := 0; i < 2; i++ { // the first sign-in goes to onboarding, the second to next
			c := p.Client()
			idp.QueueUser(ada)
			res := c.Do(http.MethodGet, c.BeginLinkedIn("https://evil.example/"), nil, nil)
			if loc := res.Header.Get("Location"); loc != "/" && loc != "/onboarding" {
				t.Fatalf("open redirect to %q", loc)
			}
		}
	})

	t.Run("provider down while signing in", func(t *testing.T) {
		c := p.Client()
		callback := c.BeginLinkedIn("/")
		if err := idp.Shutdown(); err != nil {
			t.Fatal(err)
		}
		res := c.Do(http.MethodGet, callback, nil, nil)
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.Body, "LinkedIn cannot be reached right now") {
			t.Fatalf("token endpoint down: %d\n%s", res.StatusCode, res.Body)
		}
	})
}

func TestLinkedInDownAtStart(t *testing.T) {
	idp := oidctest.Start(t)
	env := idp.Env()
	if err := idp.Shutdown(); err != nil {
		t.Fatal(err)
	}
	// The portal starts although discovery is unreachable, and says so kindly.
	p := apptest.Start(t, env)
	res := p.Client().Get("/auth/linkedin")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.Body, "LinkedIn cannot be reached right now") {
		t.Fatalf("discovery down: %d\n%s", res.StatusCode, res.Body)
	}
}

// Starting a sign-in writes nothing: an anonymous visitor (or a crawler)
// following "Sign in with LinkedIn" a thousand times must not make the
// portal write a thousand sessions.
func TestStartingSignInStoresNothing(t *testing.T) {
	idp := oidctest.Start(t)
	p := apptest.Start(t, idp.Env())
	ctx := context.Background()
	now := time.Now()
	if _, err := p.App.Store.DeleteExpiredSessions(ctx, now); err != nil { // the sweep starts from this hour
		t.Fatal(err)
	}
	for range 50 {
		if res := p.Client().Get("/auth/linkedin"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("begin: %d", res.StatusCode)
		}
	}
	// Every stored session is listed for the sweep; hours later none expired.
	if n, err := p.App.Store.DeleteExpiredSessions(ctx, now.Add(48*time.Hour)); err != nil || n != 0 {
		t.Fatalf("%d sessions were stored for 50 sign-ins that were only started (%v)", n, err)
	}
	// And the attempt still works: a signed cookie carries it to the callback.
	c := p.Client()
	idp.QueueUser(ada)
	if res := c.Do(http.MethodGet, c.BeginLinkedIn("/profile"), nil, nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/onboarding" {
		t.Fatalf("callback: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}
