package auth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/auth"
)

// sessionID is how the store keys a session: the SHA-256 of the cookie's token.
func sessionID(t *testing.T, p *apptest.Portal, c *apptest.Client) string {
	t.Helper()
	u, _ := url.Parse(p.URL)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == auth.CookieName {
			sum := sha256.Sum256([]byte(ck.Value))
			return hex.EncodeToString(sum[:])
		}
	}
	t.Fatal("no session cookie")
	return ""
}

func TestSessionExpiry(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		expire func(idle, absolute *time.Time)
	}{
		{"idle", func(idle, _ *time.Time) { *idle = time.Now().Add(-time.Second) }},
		{"absolute", func(_, absolute *time.Time) { *absolute = time.Now().Add(-time.Second) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := p.Client()
			c.DemoSignIn("candidate")
			id := sessionID(t, p, c)
			sess, err := p.App.Store.Session(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			tc.expire(&sess.ExpiresAt, &sess.AbsoluteExpiresAt)
			if err := p.App.Store.SaveSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(c.Get("/").Body, "Welcome back") {
				t.Fatal("expired session still signed in")
			}
			if _, err := p.App.Store.Session(ctx, id); err == nil {
				t.Fatal("expired session not removed when seen")
			}
		})
	}
}

func TestActivityPushesIdleExpiryOn(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	c := p.Client()
	c.DemoSignIn("candidate")
	id := sessionID(t, p, c)
	sess, _ := p.App.Store.Session(ctx, id)
	// Pretend the last request was an hour ago and the session ends in a minute.
	sess.LastSeenAt = time.Now().Add(-time.Hour)
	sess.ExpiresAt = time.Now().Add(time.Minute)
	if err := p.App.Store.SaveSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	c.Get("/")
	after, err := p.App.Store.Session(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !after.ExpiresAt.After(time.Now().Add(6 * 24 * time.Hour)) {
		t.Fatalf("idle expiry not pushed on: %v", after.ExpiresAt)
	}
	if after.ExpiresAt.After(after.AbsoluteExpiresAt) {
		t.Fatal("idle expiry beyond the absolute one")
	}
}

func TestAnonymousVisitsStoreNothing(t *testing.T) {
	p := apptest.Start(t, nil)
	c := p.Client()
	for i := 0; i < 3; i++ {
		c.Get("/")
		c.Get("/signin")
	}
	id := sessionID(t, p, c)
	if _, err := p.App.Store.Session(context.Background(), id); err == nil {
		t.Fatal("an anonymous visitor got a stored session")
	}
}
