package models

import (
	"strings"
	"unicode"
)

// TermKind says which list a taxonomy term belongs to.
type TermKind string

// The kinds of terms.
const (
	TermSkill    TermKind = "skill"
	TermInterest TermKind = "interest"
)

// Term is one entry of the shared taxonomy: a canonical label and the
// variants that fold to it ("golang" → "Go").
type Term struct {
	Key     string   `bson:"_id" json:"key"` // kind + ":" + FoldTerm(label)
	Kind    TermKind `bson:"kind" json:"kind"`
	Label   string   `bson:"label" json:"label"`
	Aliases []string `bson:"aliases,omitempty" json:"aliases,omitempty"`
}

// TermKey is the key of a label of a kind.
func TermKey(kind TermKind, label string) string { return string(kind) + ":" + FoldTerm(label) }

// CleanTerm trims a term typed by a person and folds runs of white space
// into one space; it returns "" for a term with nothing printable.
func CleanTerm(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// FoldTerm is what spelling variants share: lower case, without spaces,
// dots, dashes, underscores or slashes ("Node.js", "node js" and "NodeJS"
// all fold to "nodejs"); + and # stay, so C, C++ and C# differ.
func FoldTerm(s string) string {
	if folded(s) {
		return s // already folded: no allocation (ranking folds many terms)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '#':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// AddTerm adds term to list unless a variant of it is there already, and
// reports whether it did.
func AddTerm(list []string, term string) ([]string, bool) {
	key := FoldTerm(term)
	for _, t := range list {
		if FoldTerm(t) == key {
			return list, false
		}
	}
	return append(list, term), true
}

// RemoveTerm removes every variant of term from list.
func RemoveTerm(list []string, term string) []string {
	key := FoldTerm(term)
	out := list[:0:0]
	for _, t := range list {
		if FoldTerm(t) != key {
			out = append(out, t)
		}
	}
	return out
}

// TermInput is a recruiter's new taxonomy term: its label and, comma-separated,
// the variants that should fold to it.
type TermInput struct {
	Kind, Label, Aliases string
}

// MaxAliases bounds the variants of one term.
const MaxAliases = 10

// Validate checks the term and returns its cleaned aliases.
func (in *TermInput) Validate() ([]string, FieldErrors) {
	e := FieldErrors{}
	e.choice("kind", in.Kind, []string{string(TermSkill), string(TermInterest)}, true)
	e.text("label", &in.Label, MaxTermLen, true)
	if in.Label != "" && FoldTerm(in.Label) == "" {
		e.add("label", "validation.term_letters", 0)
	}
	aliases := e.list("aliases", in.Aliases, MaxAliases, MaxTermLen)
	return aliases, e
}

// folded reports whether s is already in folded form (ASCII only, for speed).
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '#') {
			return false
		}
	}
	return true
}
