package handlers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSpreadsheetSafe(t *testing.T) {
	for in, want := range map[string]string{
		"Utrecht":                        "Utrecht",
		"=HYPERLINK(\"http://x\";\"y\")": "'=HYPERLINK(\"http://x\";\"y\")",
		"Utrecht;=HYPERLINK(\"http://evil.example\";\"x\")": "Utrecht;'=HYPERLINK(\"http://evil.example\";\"x\")",
		"Utrecht, +31":          "Utrecht, '+31",
		"Senior - Go developer": "Senior - Go developer",
		"a\n@SUM(1)":            "a\n'@SUM(1)",
		"mail@example.com":      "mail@example.com",
		"":                      "",
	} {
		if got := spreadsheetSafe(in)[0]; got != want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// Wherever a spreadsheet splits a defused cell (on "," or ";" or a tab or
// a line break), no part starts a formula.
func FuzzSpreadsheetSafe(f *testing.F) {
	for _, s := range []string{"Utrecht;=1+1", "=cmd|' /C calc'!A0", "a,\t-2", " ;  @x", "\r=x", "plain text"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := spreadsheetSafe(s)[0]
		starts := []int{0}
		for i, r := range out {
			if strings.ContainsRune(",;\t\r\n", r) {
				starts = append(starts, i+utf8.RuneLen(r))
			}
		}
		for _, i := range starts {
			if rest := strings.TrimLeft(out[i:], " "); rest != "" && strings.ContainsRune("=+-@", rune(rest[0])) {
				t.Fatalf("spreadsheetSafe(%q) = %q: a cell could start with %q", s, out, rest)
			}
		}
		if strings.ReplaceAll(out, "'", "") != strings.ReplaceAll(s, "'", "") {
			t.Fatalf("spreadsheetSafe(%q) = %q changed more than apostrophes", s, out)
		}
	})
}
