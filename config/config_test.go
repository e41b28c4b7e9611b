package config

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(env map[string]string) (Config, error) {
	return Load(func(k string) string { return env[k] })
}

func TestDefaults(t *testing.T) {
	c, err := load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.BaseURL.String() != "http://localhost:8080" || c.DataDir != "./data" ||
		c.MongoDatabase != "portal" || c.LinkedInIssuer != DefaultLinkedInIssuer {
		t.Fatalf("defaults: %+v", c)
	}
	if !c.Embedded() || !c.Demo() || c.LinkedInConfigured() || c.SecureCookies() {
		t.Fatal("default deployment should be embedded demo without LinkedIn over http")
	}
}

func TestDemoModeFollowsLinkedIn(t *testing.T) {
	c, _ := load(map[string]string{"LINKEDIN_CLIENT_ID": "a", "LINKEDIN_CLIENT_SECRET": "b"})
	if c.Demo() {
		t.Fatal("demo on with LinkedIn configured")
	}
	c, _ = load(map[string]string{"LINKEDIN_CLIENT_ID": "a", "LINKEDIN_CLIENT_SECRET": "b", "PORTAL_DEMO": "1"})
	if !c.Demo() {
		t.Fatal("PORTAL_DEMO=1 ignored")
	}
}

func TestInvalidConfigurationNamesTheVariable(t *testing.T) {
	tests := map[string]map[string]string{
		"PORTAL_ADDR":            {"PORTAL_ADDR": "8080"},
		"PORTAL_BASE_URL":        {"PORTAL_BASE_URL": "localhost:8080"},
		"MONGODB_URI":            {"MONGODB_URI": "postgres://x"},
		"MEILI_URL":              {"MEILI_URL": "ftp://x"},
		"LINKEDIN_ISSUER_URL":    {"LINKEDIN_ISSUER_URL": "nope"},
		"LINKEDIN_CLIENT_SECRET": {"LINKEDIN_CLIENT_ID": "a"},
		"LINKEDIN_CLIENT_ID":     {"LINKEDIN_CLIENT_SECRET": "b"},
		"SMTP_URL":               {"SMTP_URL": "mail.example:25"},
		"PORTAL_DEMO":            {"PORTAL_DEMO": "maybe"},
		"ADMIN_EMAILS":           {"ADMIN_EMAILS": "root"},
		"RECRUITER_EMAILS":       {"RECRUITER_EMAILS": "a@b.example, nope"},
		"PORTAL_SECRET":          {"PORTAL_SECRET": "short"},
		"PORTAL_DRAIN":           {"PORTAL_DRAIN": "forever"},
	}
	for name, env := range tests {
		_, err := load(env)
		var cerr *Error
		if !errors.As(err, &cerr) || cerr.Var != name {
			t.Errorf("%s: got %v", name, err)
			continue
		}
		if strings.Contains(cerr.Error(), "\n") {
			t.Errorf("%s: message is more than one line", name)
		}
	}
}

// MongoDB addresses the driver would refuse are refused at start, naming the
// variable, without showing the password.
func TestBadMongoDBAddressesNameTheVariable(t *testing.T) {
	for _, uri := range []string{"mongodb://", "mongodb://host:27017/db?w=%zz", "mongodb://user:s3cret@host%/db", "mongodb://user:s3cret@/db", "mongodb+srv://a:b@host:27017/db"} {
		_, err := load(map[string]string{"MONGODB_URI": uri})
		var cerr *Error
		if !errors.As(err, &cerr) || cerr.Var != "MONGODB_URI" {
			t.Errorf("%s: got %v", uri, err)
			continue
		}
		if strings.Contains(cerr.Error(), "s3cret") || strings.Contains(cerr.Error(), "\n") {
			t.Errorf("%s: %q shows the password or is more than one line", uri, cerr.Error())
		}
	}
}

func TestEmailListsAreNormalised(t *testing.T) {
	c, err := load(map[string]string{"ADMIN_EMAILS": " Boss@Example.com ,, ", "RECRUITER_EMAILS": "a@x.example,B@x.example"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.AdminEmails) != 1 || c.AdminEmails[0] != "boss@example.com" || c.RecruiterEmails[1] != "b@x.example" {
		t.Fatalf("%v %v", c.AdminEmails, c.RecruiterEmails)
	}
}

func TestSecretIsGeneratedOnceAndKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	c, _ := load(map[string]string{"PORTAL_DATA_DIR": dir})
	if err := c.PrepareDataDir(); err != nil {
		t.Fatal(err)
	}
	first := string(c.Secret)
	if len(first) < 64 {
		t.Fatalf("secret too short: %d", len(first))
	}
	info, err := os.Stat(filepath.Join(dir, "secret.key"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v %v", info, err)
	}
	c2, _ := load(map[string]string{"PORTAL_DATA_DIR": dir})
	if err := c2.PrepareDataDir(); err != nil {
		t.Fatal(err)
	}
	if string(c2.Secret) != first {
		t.Fatal("secret changed across restarts: every session would end")
	}
}

// DKIM_KEY_FILE names a PEM private key, read at start; a missing or wrong
// file, or a selector that is no DNS label, is refused, naming the variable.
func TestDKIMKey(t *testing.T) {
	dir := t.TempDir()
	_, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(private)
	if err != nil {
		t.Fatal(err)
	}
	good, junk := filepath.Join(dir, "dkim.pem"), filepath.Join(dir, "junk.pem")
	os.WriteFile(good, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
	os.WriteFile(junk, []byte("not a key"), 0o600)

	c, err := load(map[string]string{"DKIM_KEY_FILE": good})
	if err != nil || !private.Equal(c.DKIMKey) || c.DKIMSelector != "portal" {
		t.Fatalf("a good key: %v, selector %q", err, c.DKIMSelector)
	}
	if c, _ := load(nil); c.DKIMKey != nil {
		t.Error("a key without DKIM_KEY_FILE")
	}
	for _, bad := range []struct {
		name string
		env  map[string]string
	}{
		{"DKIM_KEY_FILE", map[string]string{"DKIM_KEY_FILE": filepath.Join(dir, "missing.pem")}},
		{"DKIM_KEY_FILE", map[string]string{"DKIM_KEY_FILE": junk}},
		{"DKIM_SELECTOR", map[string]string{"DKIM_KEY_FILE": good, "DKIM_SELECTOR": "mail.2026"}},
	} {
		_, err := load(bad.env)
		var cerr *Error
		if !errors.As(err, &cerr) || cerr.Var != bad.name || strings.Contains(cerr.Error(), "\n") {
			t.Errorf("%v: got %v", bad.env, err)
		}
	}
}
