package i18n

import (
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEveryKeyInEveryLanguage(t *testing.T) {
	en, err := Keys("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages[1:] {
		other, err := Keys(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range en {
			if !slices.Contains(other, k) {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for _, k := range other {
			if !slices.Contains(en, k) {
				t.Errorf("en lacks %q (found in %s)", k, lang)
			}
		}
	}
}

// Every message id used in templates or Go code exists in English (and so,
// by the test above, in Dutch).
func TestEveryUsedKeyExists(t *testing.T) {
	en, _ := Keys("en")
	used := regexp.MustCompile(`(?:\.T|\.N|page\(c,|render\(c, [^,]+, [^,]+, h\.page\(c,|signinPage\(c, [^,]+, [^,]+,|setFlash\(c,|l\.T\(|Label: |Description: )\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)
	found := 0
	for _, dir := range []string{"../views", "../handlers"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range used.FindAllStringSubmatch(string(b), -1) {
				found++
				if !slices.Contains(en, m[1]) {
					t.Errorf("%s uses %q, which no locale file has", path, m[1])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if found < 50 {
		t.Fatalf("found only %d uses: the pattern no longer matches the code", found)
	}
}

func TestMatch(t *testing.T) {
	b, err := New(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ chosen, accept, want string }{
		{"", "nl-NL,nl;q=0.9", "nl"},
		{"", "nl-BE", "nl"},
		{"", "de-DE,fr;q=0.8", "en"},
		{"", "", "en"},
		{"", "garbage;;q", "en"},
		{"en", "nl", "en"},
		{"fr", "nl", "nl"},
	}
	for _, c := range cases {
		if got := b.Match(c.chosen, c.accept); got != c.want {
			t.Errorf("Match(%q, %q) = %q, want %q", c.chosen, c.accept, got, c.want)
		}
	}
	nl := b.Localizer("nl")
	if got := nl.N("admin.users.count", 1); got != "1 lid" {
		t.Errorf("singular: %q", got)
	}
	if got := nl.N("admin.users.count", 3); got != "3 leden" {
		t.Errorf("plural: %q", got)
	}
	if got := nl.T("dashboard.greeting", "Name", "Sanne"); got != "Welkom terug, Sanne" {
		t.Errorf("placeholder: %q", got)
	}
	if got := nl.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
	if got := CountryName("NL", "nl"); got != "Nederland" {
		t.Errorf("Dutch name of NL: %q", got)
	}
	if got := CountryName("NL", "en"); got != "Netherlands" {
		t.Errorf("English name of NL: %q", got)
	}
	if got := CountryName("XX", "en"); got != "" {
		t.Errorf("unknown code: %q", got)
	}
	winter := time.Date(2026, 12, 1, 18, 30, 0, 0, time.UTC)
	if got := nl.DateTime(winter); got != "1 december 2026, 19:30" {
		t.Errorf("Dutch date in Amsterdam time: %q", got)
	}
	if got := b.Localizer("en").Date(winter); got != "1 December 2026" {
		t.Errorf("English date: %q", got)
	}
}

func TestEventTimesInTheirOwnZone(t *testing.T) {
	b, err := New(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	brussels, _ := time.LoadLocation("Europe/Brussels")
	start := time.Date(2027, 1, 14, 18, 0, 0, 0, time.UTC)
	if got := b.Localizer("en").When(start, start.Add(150*time.Minute), brussels); got != "Thursday 14 January 2027, 19:00–21:30" {
		t.Errorf("en: %q", got)
	}
	if got := b.Localizer("nl").When(start, start.Add(26*time.Hour), brussels); got != "donderdag 14 januari 2027, 19:00 – vrijdag 15 januari 2027, 21:00" {
		t.Errorf("nl over two days: %q", got)
	}
	if got := Zone(start, brussels); got != "CET, Brussels" {
		t.Errorf("zone: %q", got)
	}
	if got := Zone(start.AddDate(0, 6, 0), brussels); got != "CEST, Brussels" {
		t.Errorf("summer zone: %q", got)
	}
	ny, _ := time.LoadLocation("America/New_York")
	if got := Zone(start, ny); got != "EST, New York" {
		t.Errorf("zone: %q", got)
	}
}
