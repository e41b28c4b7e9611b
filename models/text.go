package models

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clip cuts s to at most max characters, ending in "…" when it had to.
func Clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:max-1])) + "…"
}

// Paragraphs splits a person's text into paragraphs (at blank lines) of
// lines, so a mail keeps their line breaks.
func Paragraphs(text string) [][]string {
	var out [][]string
	for _, p := range strings.Split(strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n"), "\n\n") {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			lines = append(lines, strings.TrimRight(l, " \t"))
		}
		if strings.TrimSpace(strings.Join(lines, "")) != "" {
			out = append(out, lines)
		}
	}
	return out
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

// Words are the runs of letters and digits in s: what a search matches a
// word against.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// SearchedFor reports whether a word of text is what a search word asked
// for, as the search engines match: the search word inside it (case
// folded), or, for search words of five letters or more, the whole word
// with one typo ("kubernets" finds "Kubernetes").
func SearchedFor(word, searched string) bool {
	w, s := strings.ToLower(word), strings.ToLower(searched)
	if len([]rune(s)) < 2 {
		return false
	}
	if strings.Contains(w, s) {
		return true
	}
	return len([]rune(s)) >= 5 && oneEditApart([]rune(w), []rune(s))
}

// oneEditApart reports whether a and b differ by at most one inserted,
// deleted or changed letter.
func oneEditApart(a, b []rune) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return string(a[i+min(1, len(a)-i):]) == string(b[i+min(1, len(b)-i):])
	}
	return string(a[i+1:]) == string(b[i:])
}
