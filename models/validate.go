package models

import (
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// FieldError is what is wrong with one field: a message key for the
// interface, and the limit it broke when there is one.
type FieldError struct {
	Key string
	Max int
	// Value is what the message quotes of the input (a colour's contrast).
	Value string
}

// FieldErrors maps a form field to what is wrong with it.
type FieldErrors map[string]FieldError

func (e FieldErrors) add(field, key string, max int) {
	if _, seen := e[field]; !seen {
		e[field] = FieldError{Key: key, Max: max}
	}
}

// text cleans a one-line text field and checks its length.
func (e FieldErrors) text(field string, s *string, max int, required bool) {
	*s = CleanTerm(*s)
	switch {
	case required && *s == "":
		e.add(field, "validation.required", 0)
	case utf8.RuneCountInString(*s) > max:
		e.add(field, "validation.too_long", max)
	}
}

// choice checks that s is one of the allowed values (or empty when optional).
func (e FieldErrors) choice(field, s string, allowed []string, required bool) {
	if s == "" && !required || slices.Contains(allowed, s) {
		return
	}
	e.add(field, "validation.choice", 0)
}

// choices checks that every value is allowed and removes repeats.
func (e FieldErrors) choices(field string, values *[]string, allowed []string) {
	var out []string
	for _, v := range *values {
		if !slices.Contains(allowed, v) {
			e.add(field, "validation.choice", 0)
			return
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	*values = out
}

// list splits a comma-separated field into cleaned items and checks them.
func (e FieldErrors) list(field, s string, maxItems, maxLen int) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		item := CleanTerm(part)
		if item == "" {
			continue
		}
		if utf8.RuneCountInString(item) > maxLen {
			e.add(field, "validation.item_too_long", maxLen)
			return nil
		}
		out, _ = AddTerm(out, item)
	}
	if len(out) > maxItems {
		e.add(field, "validation.too_many", maxItems)
		return nil
	}
	return out
}

// date parses an optional YYYY-MM-DD date.
func (e FieldErrors) date(field, s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		e.add(field, "validation.date", 0)
		return nil
	}
	return &t
}

// email checks an e-mail address: one address, as mail programs write it.
func (e FieldErrors) email(field string, s *string, required bool) {
	*s = strings.TrimSpace(*s)
	switch a, err := mail.ParseAddress(*s); {
	case *s == "":
		if required {
			e.add(field, "validation.required", 0)
		}
	case err != nil || a.Address != *s || len(*s) > 254:
		e.add(field, "validation.email", 0)
	}
}

// Any reports whether something is wrong.
func (e FieldErrors) Any() bool { return len(e) > 0 }

// phone checks an optional phone number (see ValidPhone).
func (e FieldErrors) phone(field, s string) {
	if s != "" && !ValidPhone(s) {
		e.add(field, "validation.phone", 0)
	}
}

// ValidPhone reports whether s is a phone number as people write one: a
// leading + at most, then digits (6 to 15) with the spaces, dashes, dots,
// slashes and brackets people put between them.
func ValidPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, strings.ContainsRune(" -./()", r):
		default:
			return false
		}
	}
	return digits >= MinPhoneDigits && digits <= MaxPhoneDigits
}

// linkedInProfile matches a LinkedIn public profile address.
var linkedInProfile = regexp.MustCompile(`^https://(?:[a-z]{2,3}\.)?linkedin\.com/in/[\p{L}\p{N}_%-]{3,100}/?$`)

// normalizeLinkedInURL accepts "linkedin.com/in/x", "www.linkedin.com/in/x"
// and the full https address, and returns the canonical https form.
func normalizeLinkedInURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", false
	}
	u.Scheme = "https"
	u.Host = strings.ToLower(u.Host)
	out := u.Scheme + "://" + u.Host + u.EscapedPath()
	return out, linkedInProfile.MatchString(out)
}

// TermsInput reads a comma-separated list of skills or interests within the
// caps (the wizard's quick form; the profile adds them one by one).
func TermsInput(field, s string, kind TermKind) ([]string, FieldErrors) {
	e := FieldErrors{}
	max := MaxSkills
	if kind == TermInterest {
		max = MaxInterests
	}
	return e.list(field, s, max, MaxTermLen), e
}

// webURL checks a link to a web page: http(s) with a host, or https only
// where the page is shown inside ours or to people we vouch for.
func (e FieldErrors) webURL(field, s string, httpsOnly bool) {
	u, err := url.Parse(s)
	ok := err == nil && u.Host != "" && u.User == nil && len(s) <= 500 &&
		(u.Scheme == "https" || !httpsOnly && u.Scheme == "http")
	switch {
	case ok:
	case httpsOnly:
		e.add(field, "validation.https_url", 0)
	default:
		e.add(field, "validation.url", 0)
	}
}
