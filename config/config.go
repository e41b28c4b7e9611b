// Package config reads the portal's configuration from the environment.
package config

import (
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	"go.mongodb.org/mongo-driver/x/mongo/driver/connstring"
)

// DefaultLinkedInIssuer is the issuer LinkedIn puts in its ID tokens.
const DefaultLinkedInIssuer = "https://www.linkedin.com/oauth"

// Config is everything the portal needs to know about its surroundings.
type Config struct {
	Addr    string   // PORTAL_ADDR
	BaseURL *url.URL // PORTAL_BASE_URL: links and the OAuth redirect are built from it
	DataDir string   // PORTAL_DATA_DIR

	MongoURI      string // MONGODB_URI; empty means the embedded FerretDB
	MongoDatabase string // MONGODB_DATABASE

	MeiliURL    string // MEILI_URL; empty means the embedded Bleve index
	MeiliAPIKey string // MEILI_API_KEY

	LinkedInClientID     string // LINKEDIN_CLIENT_ID
	LinkedInClientSecret string // LINKEDIN_CLIENT_SECRET
	LinkedInIssuer       string // LINKEDIN_ISSUER_URL

	AdminEmails     []string // ADMIN_EMAILS, lower-cased
	RecruiterEmails []string // RECRUITER_EMAILS, lower-cased

	DemoForced bool   // PORTAL_DEMO
	SMTPURL    string // SMTP_URL
	// MailFrom is who mail comes from: MAIL_FROM, by default the community
	// at the portal's own host.
	MailFrom string
	// MailRate is how many mails a second the sender sends at most: MAIL_RATE.
	MailRate float64
	// DKIMKey signs outgoing mail for MAIL_FROM's domain when set: an RSA or
	// Ed25519 private key in PEM, read from DKIM_KEY_FILE. Its public half is
	// published at DKIMSelector._domainkey.{domain} (DKIM_SELECTOR).
	DKIMKey      crypto.Signer
	DKIMSelector string

	// Drain is how long a stopping portal keeps serving while it tells
	// load balancers (and keep-alive clients) to go elsewhere: PORTAL_DRAIN.
	Drain time.Duration

	// Secret signs CSRF tokens; from PORTAL_SECRET or generated into the data dir.
	Secret []byte
}

// LinkedInConfigured reports whether real LinkedIn sign-in is set up.
func (c Config) LinkedInConfigured() bool {
	return c.LinkedInClientID != "" && c.LinkedInClientSecret != ""
}

// Demo reports whether one-click demo accounts are offered: without LinkedIn,
// or when PORTAL_DEMO asks for them.
func (c Config) Demo() bool {
	return c.DemoForced || !c.LinkedInConfigured()
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c Config) SecureCookies() bool {
	return c.BaseURL.Scheme == "https"
}

// Embedded reports whether the portal runs its own FerretDB.
func (c Config) Embedded() bool { return c.MongoURI == "" }

// Error names the variable that is wrong, so start-up can fail with one clear line.
type Error struct {
	Var, Problem string
}

func (e *Error) Error() string {
	return fmt.Sprintf("config: %s %s", e.Var, e.Problem)
}

// Load reads the configuration through getenv (os.Getenv in production).
func Load(getenv func(string) string) (Config, error) {
	env := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		Addr:                 env("PORTAL_ADDR", "127.0.0.1:8080"),
		DataDir:              env("PORTAL_DATA_DIR", "./data"),
		MongoURI:             env("MONGODB_URI", ""),
		MongoDatabase:        env("MONGODB_DATABASE", "portal"),
		MeiliURL:             env("MEILI_URL", ""),
		MeiliAPIKey:          env("MEILI_API_KEY", ""),
		LinkedInClientID:     env("LINKEDIN_CLIENT_ID", ""),
		LinkedInClientSecret: env("LINKEDIN_CLIENT_SECRET", ""),
		LinkedInIssuer:       strings.TrimRight(env("LINKEDIN_ISSUER_URL", DefaultLinkedInIssuer), "/"),
		SMTPURL:              env("SMTP_URL", ""),
	}

	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return c, &Error{"PORTAL_ADDR", fmt.Sprintf("must be host:port, got %q", c.Addr)}
	}
	base, err := absoluteURL(env("PORTAL_BASE_URL", "http://localhost:8080"))
	if err != nil {
		return c, &Error{"PORTAL_BASE_URL", err.Error()}
	}
	c.BaseURL = base
	if c.MongoURI != "" {
		if !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
			return c, &Error{"MONGODB_URI", "must start with mongodb:// or mongodb+srv://"}
		}
		// The driver's own parser: bad escapes, a missing host, unknown options.
		if _, err := connstring.ParseAndValidate(c.MongoURI); err != nil {
			return c, &Error{"MONGODB_URI", "is not a valid MongoDB address: " + withoutPassword(err.Error(), c.MongoURI)}
		}
	}
	if c.MeiliURL != "" {
		if _, err := absoluteURL(c.MeiliURL); err != nil {
			return c, &Error{"MEILI_URL", err.Error()}
		}
	}
	if _, err := absoluteURL(c.LinkedInIssuer); err != nil {
		return c, &Error{"LINKEDIN_ISSUER_URL", err.Error()}
	}
	if (c.LinkedInClientID == "") != (c.LinkedInClientSecret == "") {
		missing := "LINKEDIN_CLIENT_SECRET"
		if c.LinkedInClientID == "" {
			missing = "LINKEDIN_CLIENT_ID"
		}
		return c, &Error{missing, "is required when the other LinkedIn credential is set"}
	}
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			return c, &Error{"SMTP_URL", "must look like smtp://user:pass@host:587 or smtps://host:465"}
		}
	}
	c.MailFrom = env("MAIL_FROM", "Talent Community <community@"+c.BaseURL.Hostname()+">")
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		return c, &Error{"MAIL_FROM", "must be an address, like Talent Community <community@example.com>"}
	}
	if c.DKIMKey, c.DKIMSelector, err = dkim(env); err != nil {
		return c, err
	}
	if c.MailRate, err = strconv.ParseFloat(env("MAIL_RATE", "50"), 64); err != nil || c.MailRate <= 0 || c.MailRate > 10000 {
		return c, &Error{"MAIL_RATE", "must be a number of mails a second, from 0.1 to 10000"}
	}
	if c.Drain, err = time.ParseDuration(env("PORTAL_DRAIN", "1s")); err != nil || c.Drain < 0 || c.Drain > time.Minute {
		return c, &Error{"PORTAL_DRAIN", "must be a duration from 0s to 1m, such as 5s"}
	}
	if c.DemoForced, err = parseBool(env("PORTAL_DEMO", "0")); err != nil {
		return c, &Error{"PORTAL_DEMO", err.Error()}
	}
	if c.AdminEmails, err = emailList(getenv("ADMIN_EMAILS")); err != nil {
		return c, &Error{"ADMIN_EMAILS", err.Error()}
	}
	if c.RecruiterEmails, err = emailList(getenv("RECRUITER_EMAILS")); err != nil {
		return c, &Error{"RECRUITER_EMAILS", err.Error()}
	}
	if s := getenv("PORTAL_SECRET"); s != "" {
		if len(s) < 32 {
			return c, &Error{"PORTAL_SECRET", "must be at least 32 characters"}
		}
		c.Secret = []byte(s)
	}
	return c, nil
}

// PrepareDataDir creates the data dir and, when no secret was given, loads or
// generates the signing secret kept there, so sessions survive a restart.
func (c *Config) PrepareDataDir() error {
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return &Error{"PORTAL_DATA_DIR", fmt.Sprintf("cannot be created: %v", err)}
	}
	if c.Secret != nil {
		return nil
	}
	path := filepath.Join(c.DataDir, "secret.key")
	b, err := os.ReadFile(path)
	if err == nil && len(b) >= 64 {
		c.Secret = b
		return nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return &Error{"PORTAL_DATA_DIR", fmt.Sprintf("secret cannot be read: %v", err)}
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("config: generate secret: %w", err)
	}
	c.Secret = []byte(hex.EncodeToString(raw))
	if err := os.WriteFile(path, c.Secret, 0o600); err != nil {
		return &Error{"PORTAL_DATA_DIR", fmt.Sprintf("secret cannot be written: %v", err)}
	}
	return nil
}

func absoluteURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("must be an absolute http(s) URL, got %q", s)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

func parseBool(s string) (bool, error) {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("must be 1/0 or true/false, got %q", s)
	}
	return b, nil
}

func emailList(s string) ([]string, error) {
	var out []string
	for _, part := range strings.Split(s, ",") {
		e := strings.ToLower(strings.TrimSpace(part))
		if e == "" {
			continue
		}
		if at := strings.IndexByte(e, '@'); at < 1 || at == len(e)-1 {
			return nil, fmt.Errorf("has an entry that is not an email address: %q", e)
		}
		out = append(out, e)
	}
	return out, nil
}

// withoutPassword keeps a password in uri out of msg, which is printed.
func withoutPassword(msg, uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.User == nil {
		return msg
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		msg = strings.ReplaceAll(msg, pw, "***")
	}
	return msg
}

// selectorPattern is a DNS label, as a DKIM selector must be.
var selectorPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// dkim reads the DKIM signing key named by DKIM_KEY_FILE, if any, and its selector.
func dkim(env func(name, fallback string) string) (crypto.Signer, string, error) {
	path, selector := env("DKIM_KEY_FILE", ""), env("DKIM_SELECTOR", "portal")
	if path == "" {
		return nil, "", nil
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, "", &Error{"DKIM_KEY_FILE", "cannot be read: " + err.Error()}
	}
	key, err := gomail.PrivKeyFromPEM(pem)
	if err != nil {
		return nil, "", &Error{"DKIM_KEY_FILE", "must hold an RSA or Ed25519 private key in PEM (" + err.Error() + ")"}
	}
	if !selectorPattern.MatchString(selector) {
		return nil, "", &Error{"DKIM_SELECTOR", "must be one DNS label, such as portal or mail2026"}
	}
	return key, selector, nil
}
