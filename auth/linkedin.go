package auth

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/markbates/goth/providers/openidConnect"
)

// Claims is what the portal keeps of LinkedIn's ID token and userinfo.
type Claims struct {
	Subject       string
	Name          string
	GivenName     string
	FamilyName    string
	Picture       string
	Email         string
	EmailVerified bool
	Locale        string // language code, e.g. "nl"
	Country       string // ISO 3166 code from the locale, e.g. "NL"
}

// ErrProviderDown means LinkedIn (or the configured issuer) could not be reached.
var ErrProviderDown = errors.New("auth: identity provider unavailable")

// LinkedIn signs people in with "Sign In with LinkedIn using OpenID Connect"
// through goth's openidConnect provider. goth's own linkedin provider calls
// the retired r_liteprofile API and fails with 403.
//
// Discovery is lazy and retried: goth's NewNamed fetches the discovery document
// at construction, so an outage at start would stop the portal. Here the
// document is fetched on the first sign-in and again after a failure.
type LinkedIn struct {
	ClientID, ClientSecret string
	Issuer                 string // e.g. https://www.linkedin.com/oauth
	CallbackURL            string
	HTTP                   *http.Client

	mu       sync.Mutex
	provider *openidConnect.Provider
}

type discovery struct {
	Issuer                string `json:"issuer"`
	AuthorizationEndpoint string `json:"authorization_endpoint"`
	TokenEndpoint         string `json:"token_endpoint"`
	UserinfoEndpoint      string `json:"userinfo_endpoint"`
}

func (l *LinkedIn) client() *http.Client {
	if l.HTTP != nil {
		return l.HTTP
	}
	return &http.Client{Timeout: 10 * time.Second}
}

func (l *LinkedIn) goth(ctx context.Context) (*openidConnect.Provider, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.provider != nil {
		return l.provider, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.Issuer+"/.well-known/openid-configuration", nil)
	if err != nil {
		return nil, fmt.Errorf("auth: discovery request: %w", err)
	}
	res, err := l.client().Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: discovery: %v", ErrProviderDown, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: discovery answered %d", ErrProviderDown, res.StatusCode)
	}
	var d discovery
	if err := json.NewDecoder(res.Body).Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: discovery document: %v", ErrProviderDown, err)
	}
	if d.AuthorizationEndpoint == "" || d.TokenEndpoint == "" {
		return nil, fmt.Errorf("%w: discovery document lacks endpoints", ErrProviderDown)
	}
	// goth compares the token's iss with this exactly; LinkedIn's is the
	// configured issuer (https://www.linkedin.com/oauth).
	issuer := d.Issuer
	if issuer == "" {
		issuer = l.Issuer
	}
	p, err := openidConnect.NewCustomisedURL(l.ClientID, l.ClientSecret, l.CallbackURL,
		d.AuthorizationEndpoint, d.TokenEndpoint, issuer, d.UserinfoEndpoint, "",
		"openid", "profile", "email")
	if err != nil {
		return nil, fmt.Errorf("auth: openid provider: %w", err)
	}
	p.HTTPClient = l.client()
	l.provider = p
	return p, nil
}

// AuthURL is where the browser goes to sign in, carrying state and nonce.
func (l *LinkedIn) AuthURL(ctx context.Context, state, nonce string) (string, error) {
	p, err := l.goth(ctx)
	if err != nil {
		return "", err
	}
	sess, err := p.BeginAuth(state)
	if err != nil {
		return "", fmt.Errorf("auth: begin: %w", err)
	}
	raw, err := sess.GetAuthURL()
	if err != nil {
		return "", fmt.Errorf("auth: begin: %w", err)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("auth: begin: %w", err)
	}
	q := u.Query()
	q.Set("nonce", nonce)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Exchange trades the code for tokens and returns the person's claims.
//
// LinkedIn's quirks, handled here: it does not put the nonce in its ID token
// (so a nonce is checked only when present), it may send email_verified as the
// string "true", and its userinfo locale is an object {country, language}
// where the ID token's is a string.
func (l *LinkedIn) Exchange(ctx context.Context, code, nonce string) (Claims, error) {
	p, err := l.goth(ctx)
	if err != nil {
		return Claims{}, err
	}
	sess := &openidConnect.Session{}
	if _, err := sess.Authorize(p, url.Values{"code": {code}}); err != nil {
		return Claims{}, fmt.Errorf("%w: token exchange: %v", ErrProviderDown, err)
	}
	user, err := p.FetchUser(sess)
	if err != nil {
		return Claims{}, fmt.Errorf("auth: id token: %w", err)
	}
	raw := user.RawData
	if got, ok := raw["nonce"].(string); ok && subtle.ConstantTimeCompare([]byte(got), []byte(nonce)) != 1 {
		return Claims{}, errors.New("auth: id token nonce does not match")
	}
	c := Claims{
		Subject:       user.UserID,
		Name:          strings.TrimSpace(user.Name),
		GivenName:     user.FirstName,
		FamilyName:    user.LastName,
		Picture:       user.AvatarURL,
		Email:         strings.ToLower(strings.TrimSpace(user.Email)),
		EmailVerified: truthy(raw["email_verified"]),
	}
	c.Locale, c.Country = locale(raw["locale"])
	if c.Subject == "" {
		return Claims{}, errors.New("auth: id token has no subject")
	}
	if c.Name == "" {
		c.Name = strings.TrimSpace(c.GivenName + " " + c.FamilyName)
	}
	if c.Name == "" {
		c.Name = c.Email
	}
	if !strings.HasPrefix(c.Picture, "https://") {
		c.Picture = "" // only https pictures pass our Content-Security-Policy
	}
	return c, nil
}

func truthy(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case string:
		return strings.EqualFold(t, "true")
	}
	return false
}

// locale reads "en-US", "en_US" or {"country":"US","language":"en"} into a
// language code ("en", "nl", …) and a country code ("US").
func locale(v any) (lang, country string) {
	switch t := v.(type) {
	case string:
		lang, country, _ = strings.Cut(strings.ReplaceAll(t, "_", "-"), "-")
	case map[string]any:
		lang, _ = t["language"].(string)
		country, _ = t["country"].(string)
	}
	return strings.ToLower(lang), strings.ToUpper(country)
}
