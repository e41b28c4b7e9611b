package models

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits of an article.
const (
	MaxSummaryLen = 300
	MaxBodyLen    = 20000
)

// ArticleInput is the recruiter's article form, as typed.
type ArticleInput struct {
	Title, Summary, Body, Interests, CoverURL string
}

// Validate checks the form and returns the interests (to normalise).
func (in *ArticleInput) Validate() ([]string, FieldErrors) {
	e := FieldErrors{}
	e.text("title", &in.Title, MaxTitleLen, true)
	e.text("summary", &in.Summary, MaxSummaryLen, true)
	in.Body = strings.TrimSpace(in.Body)
	switch {
	case in.Body == "":
		e.add("body", "validation.required", 0)
	case utf8.RuneCountInString(in.Body) > MaxBodyLen:
		e.add("body", "validation.too_long", MaxBodyLen)
	}
	interests := e.list("interests", in.Interests, MaxVacancyTags, MaxTermLen)
	in.CoverURL = strings.TrimSpace(in.CoverURL)
	if in.CoverURL != "" {
		e.webURL("cover_url", in.CoverURL, true)
	}
	return interests, e
}

// Apply writes a valid form to the article.
func (in ArticleInput) Apply(a *Article, interests []string) {
	a.Title, a.Summary, a.Body, a.CoverURL, a.Interests = in.Title, in.Summary, in.Body, in.CoverURL, interests
	if a.Slug == "" {
		a.Slug = Slug(a.Title) + "-" + a.ID[:min(6, len(a.ID))]
	}
}

// ArticleInputFrom is the form showing an article.
func ArticleInputFrom(a *Article) ArticleInput {
	return ArticleInput{Title: a.Title, Summary: a.Summary, Body: a.Body, CoverURL: a.CoverURL, Interests: strings.Join(a.Interests, ", ")}
}

// Slug makes a readable URL part of a title: "Café & Go!" → "cafe-go".
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r): // accents fall away
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return "article"
	}
	return s
}
