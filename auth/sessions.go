// Package auth signs people in (LinkedIn OpenID Connect, or demo accounts),
// keeps their sessions server-side, guards routes by role and checks CSRF.
package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// CookieName is the session cookie. It always holds a random token: for an
// anonymous visitor nothing is stored for it (so crawlers cost no writes),
// and it anchors the CSRF token; after sign-in a session document is stored
// under the token's hash.
const CookieName = "portal_session"

const (
	localToken   = "auth.token"
	localSession = "auth.session"
	localUser    = "auth.user"
)

// Sessions manages session cookies and their documents in the store.
type Sessions struct {
	Store    *store.Store
	Secret   []byte
	Secure   bool          // Secure cookies, when the portal is served over https
	Idle     time.Duration // a session unused this long ends
	Absolute time.Duration // no session lives longer than this
	Now      func() time.Time
}

// Middleware loads the visitor's session and user into the request.
func (m *Sessions) Middleware(c *fiber.Ctx) error {
	token := c.Cookies(CookieName)
	if !validToken(token) {
		m.issue(c, newToken())
		return c.Next()
	}
	c.Locals(localToken, token)
	ctx := c.UserContext()
	sess, err := m.Store.Session(ctx, hashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return c.Next()
	}
	if err != nil {
		return err
	}
	now := m.Now()
	if !sess.Live(now) {
		if err := m.Store.DeleteSession(ctx, sess); err != nil {
			return err
		}
		m.issue(c, newToken())
		return c.Next()
	}
	c.Locals(localSession, sess)
	if sess.UserID != "" {
		user, err := m.Store.User(ctx, sess.UserID)
		if errors.Is(err, store.ErrNotFound) {
			// The user was deleted: the session goes with them.
			if err := m.Store.DeleteSession(ctx, sess); err != nil {
				return err
			}
			m.issue(c, newToken())
			return c.Next()
		}
		if err != nil {
			return err
		}
		c.Locals(localUser, user)
	}
	// Push the idle expiry on at most once a minute, not on every request.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := m.Store.TouchSession(ctx, sess.ID, now, m.idleExpiry(sess, now)); err != nil {
			return err
		}
	}
	return c.Next()
}

func (m *Sessions) idleExpiry(sess *models.Session, now time.Time) time.Time {
	exp := now.Add(m.Idle)
	if exp.After(sess.AbsoluteExpiresAt) {
		return sess.AbsoluteExpiresAt
	}
	return exp
}

// SignIn starts a fresh session for userID. The old token is thrown away
// (session fixation), and with it the old CSRF token.
func (m *Sessions) SignIn(c *fiber.Ctx, userID string) error {
	ctx := c.UserContext()
	if err := m.dropCurrent(ctx, c); err != nil {
		return err
	}
	token := newToken()
	now := m.Now()
	sess := &models.Session{
		ID: hashToken(token), UserID: userID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(m.Idle), AbsoluteExpiresAt: now.Add(m.Absolute),
	}
	if err := m.Store.SaveSession(ctx, sess); err != nil {
		return err
	}
	m.issue(c, token)
	c.Locals(localSession, sess)
	return nil
}

// SignOut ends the session and gives the visitor a new anonymous token.
func (m *Sessions) SignOut(c *fiber.Ctx) error {
	if err := m.dropCurrent(c.UserContext(), c); err != nil {
		return err
	}
	m.issue(c, newToken())
	c.Locals(localSession, nil)
	c.Locals(localUser, nil)
	return nil
}

// oauthCookie carries a sign-in attempt to the callback, signed, for 15
// minutes and only to /auth/linkedin. Not a stored session: anyone can
// start sign-ins, and a document for each would let anonymous visitors make
// the portal write without limit (every write shares one connection).
const oauthCookie = "portal_oauth"

// oauthTTL is how long a sign-in attempt may take.
const oauthTTL = 15 * time.Minute

// BeginOAuth remembers a sign-in attempt in a signed cookie.
func (m *Sessions) BeginOAuth(c *fiber.Ctx, attempt models.OAuthAttempt) error {
	attempt.StartedAt = m.Now()
	raw, err := json.Marshal(attempt)
	if err != nil {
		return fmt.Errorf("auth: sign-in attempt: %w", err)
	}
	payload := base64.RawURLEncoding.EncodeToString(raw)
	m.setOAuthCookie(c, payload+"."+m.sign("oauth:"+payload), int(oauthTTL.Seconds()))
	return nil
}

// TakeOAuth returns the visitor's sign-in attempt and forgets it (the browser
// drops the cookie), so that its state is used once. It returns
// store.ErrNotFound when there is none, or none signed by this portal, or it
// is older than 15 minutes.
func (m *Sessions) TakeOAuth(c *fiber.Ctx) (*models.OAuthAttempt, error) {
	value := c.Cookies(oauthCookie)
	if value == "" {
		return nil, store.ErrNotFound
	}
	m.setOAuthCookie(c, "", -1)
	payload, sig, ok := strings.Cut(value, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(m.sign("oauth:"+payload))) {
		return nil, store.ErrNotFound
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	var attempt models.OAuthAttempt
	if err != nil || json.Unmarshal(raw, &attempt) != nil || m.Now().Sub(attempt.StartedAt) > oauthTTL {
		return nil, store.ErrNotFound
	}
	return &attempt, nil
}

func (m *Sessions) setOAuthCookie(c *fiber.Ctx, value string, maxAge int) {
	c.Cookie(&fiber.Cookie{Name: oauthCookie, Value: value, Path: "/auth/linkedin", HTTPOnly: true, Secure: m.Secure,
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: maxAge}) // Lax: it must come back with LinkedIn's redirect
}

// sign is an HMAC of s with the portal's secret.
func (m *Sessions) sign(s string) string {
	mac := hmac.New(sha256.New, m.Secret)
	mac.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func (m *Sessions) dropCurrent(ctx context.Context, c *fiber.Ctx) error {
	if sess, _ := c.Locals(localSession).(*models.Session); sess != nil {
		return m.Store.DeleteSession(ctx, sess)
	}
	return nil
}

func (m *Sessions) issue(c *fiber.Ctx, token string) {
	c.Locals(localToken, token)
	c.Cookie(&fiber.Cookie{
		Name: CookieName, Value: token, Path: "/", HTTPOnly: true, Secure: m.Secure,
		SameSite: fiber.CookieSameSiteLaxMode, // Strict would drop the cookie on the way back from LinkedIn
		MaxAge:   int(m.Absolute.Seconds()),
	})
}

// CSRFToken is the token forms and htmx send back: an HMAC of the session
// token, so it needs no storage and changes when the session is rotated.
func (m *Sessions) CSRFToken(c *fiber.Ctx) string {
	token, _ := c.Locals(localToken).(string)
	return m.sign("csrf:" + token)
}

// ErrCSRF is returned for an unsafe request without a valid CSRF token.
var ErrCSRF = fiber.NewError(fiber.StatusForbidden, "csrf")

// CSRF refuses unsafe requests (POST, PUT, PATCH, DELETE) that do not carry
// the token in the X-CSRF-Token header or the csrf_token field of the form
// body. Never from the query string (FormValue would read it there too): a
// token in a URL ends up in logs, histories and Referer headers.
func (m *Sessions) CSRF(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = bodyField(c, "csrf_token")
	}
	// A request whose cookie was missing got a brand-new token above, which
	// nothing can have been signed with: it fails here as it should.
	want := m.CSRFToken(c)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return ErrCSRF
	}
	return c.Next()
}

// bodyField is a field of the request's form body (URL-encoded or
// multipart), or "".
func bodyField(c *fiber.Ctx, name string) string {
	if v := c.Request().PostArgs().Peek(name); len(v) > 0 {
		return string(v)
	}
	if form, err := c.MultipartForm(); err == nil && len(form.Value[name]) > 0 {
		return form.Value[name][0]
	}
	return ""
}

// CurrentUser is the signed-in user, or nil.
func CurrentUser(c *fiber.Ctx) *models.User {
	u, _ := c.Locals(localUser).(*models.User)
	return u
}

// SetCurrentUser replaces the user for the rest of the request (after sign-in).
func SetCurrentUser(c *fiber.Ctx, u *models.User) { c.Locals(localUser, u) }

func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("auth: no randomness: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// RandomString returns 32 random bytes, URL-safe encoded, for OAuth state and nonce.
func RandomString() string { return newToken() }

func validToken(t string) bool {
	b, err := base64.RawURLEncoding.DecodeString(t)
	return err == nil && len(b) == 32
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
