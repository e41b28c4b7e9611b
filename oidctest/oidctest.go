// Package oidctest runs a local OpenID Connect server that answers like
// LinkedIn's "Sign In with LinkedIn using OpenID Connect", for tests.
package oidctest

import (
	"encoding/json"
	"net"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// Person is a LinkedIn member as the identity provider describes them.
type Person struct {
	Sub, Name, GivenName, FamilyName, Picture, Email string
	EmailVerified                                    bool
	// Country and Language make LinkedIn's locale; empty sends none.
	Country, Language string
}

// ID is the subject claim.
func (p Person) ID() string { return p.Sub }

// Userinfo answers like LinkedIn's /v2/userinfo, quirks included:
// email_verified as a string and locale as an object.
func (p Person) Userinfo([]string) ([]byte, error) {
	verified := "false"
	if p.EmailVerified {
		verified = "true"
	}
	info := map[string]any{
		"sub": p.Sub, "name": p.Name, "given_name": p.GivenName, "family_name": p.FamilyName,
		"picture": p.Picture, "email": p.Email, "email_verified": verified,
	}
	if p.Language != "" {
		info["locale"] = map[string]string{"country": p.Country, "language": p.Language}
	}
	return json.Marshal(info)
}

type idClaims struct {
	*mockoidc.IDTokenClaims
	Name          string `json:"name,omitempty"`
	GivenName     string `json:"given_name,omitempty"`
	FamilyName    string `json:"family_name,omitempty"`
	Picture       string `json:"picture,omitempty"`
	Email         string `json:"email,omitempty"`
	EmailVerified bool   `json:"email_verified"`
	Locale        string `json:"locale,omitempty"`
}

// Claims are the ID token's claims, as LinkedIn sends them.
func (p Person) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	locale := ""
	if p.Language != "" {
		locale = p.Language + "_" + p.Country
	}
	return &idClaims{IDTokenClaims: base, Name: p.Name, GivenName: p.GivenName, FamilyName: p.FamilyName,
		Picture: p.Picture, Email: p.Email, EmailVerified: p.EmailVerified, Locale: locale}, nil
}

// Server is a running local OIDC server.
type Server struct {
	*mockoidc.MockOIDC
}

// Start runs a server on a loopback port until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	s := &Server{m}
	t.Cleanup(func() { _ = s.Shutdown() })
	return s
}

// Env is the portal configuration that points LinkedIn sign-in here.
func (s *Server) Env() map[string]string {
	return map[string]string{
		"LINKEDIN_CLIENT_ID":     s.ClientID,
		"LINKEDIN_CLIENT_SECRET": s.ClientSecret,
		"LINKEDIN_ISSUER_URL":    s.Issuer(),
	}
}
