package models

import (
	"strings"
	"unicode/utf8"
)

// Clip cuts s to at most max characters, ending in "…" when it had to.
func Clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:max-1])) + "…"
}

// JoinNonEmpty joins the parts that are not blank: "Company · City" when
// both are known, "Company" when the city is not.
func JoinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
