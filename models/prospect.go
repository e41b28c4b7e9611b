package models

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ProviderImport marks a person who came from an ATS import and has not
// joined: a prospect. Joining gives them a sign-in of their own and keeps
// the document (one person, one history).
const ProviderImport = "import"

// IsProspect reports whether the person is a prospect: kept under
// legitimate interest, shown to recruiters only, never sent nurture mail.
func (u *User) IsProspect() bool { return u != nil && u.Provider == ProviderImport }

// Origin is where the portal first had a person's data from, when not from
// themselves, and what it told them about it (GDPR art. 14).
type Origin struct {
	// Imports are the imports that brought or added to the person, oldest first.
	Imports []ImportRef `bson:"imports" json:"imports"`
	// InformedAt is when the notice went (or a recruiter recorded how they
	// told the person); InformedHow says how ("mail", or the recruiter's words).
	InformedAt  time.Time `bson:"informed_at,omitempty" json:"informed_at,omitempty"`
	InformedHow string    `bson:"informed_how,omitempty" json:"informed_how,omitempty"`
	// Invitations are when they were invited to join: one, and at most one reminder.
	Invitations []time.Time `bson:"invitations,omitempty" json:"invitations,omitempty"`
	JoinedAt    time.Time   `bson:"joined_at,omitempty" json:"joined_at,omitempty"`
	// Extensions are admins' decisions to keep the prospect longer.
	Extensions []Extension `bson:"extensions,omitempty" json:"extensions,omitempty"`
}

// ImportRef is one import that named the person: which, from which row,
// and what it did (created them, or filled empty fields).
type ImportRef struct {
	ID      string    `bson:"id" json:"id"`
	Source  string    `bson:"source" json:"source"`
	Line    int       `bson:"line" json:"line"`
	At      time.Time `bson:"at" json:"at"`
	Outcome string    `bson:"outcome" json:"outcome"`
}

// Extension keeps a prospect past their erasure date, with the reason logged.
type Extension struct {
	By     string    `bson:"by" json:"by"`
	Reason string    `bson:"reason" json:"reason"`
	Until  time.Time `bson:"until" json:"until"`
	At     time.Time `bson:"at" json:"at"`
}

// The outcomes of an imported row.
const (
	OutcomeCreated   = "created"
	OutcomeMerged    = "merged"
	OutcomeUnchanged = "unchanged"
	OutcomeRejected  = "rejected"
	OutcomeErased    = "erased_before" // they asked us to remove their data
)

// First is the import that first brought the person (zero if none).
func (o *Origin) First() ImportRef {
	if o == nil || len(o.Imports) == 0 {
		return ImportRef{}
	}
	return o.Imports[0]
}

// Applied reports whether row line of import id already did its work on
// the person (an import resumed after a crash does not count it twice).
func (o *Origin) Applied(id string, line int) (ImportRef, bool) {
	if o == nil {
		return ImportRef{}, false
	}
	for _, r := range o.Imports {
		if r.ID == id && r.Line == line {
			return r, true
		}
	}
	return ImportRef{}, false
}

// InformWithin is how long the law gives to tell a person whose data came
// from elsewhere (GDPR art. 14(3)(a): within a month); a prospect nobody
// could tell by then is erased.
const InformWithin = 30 * 24 * time.Hour

// Retention is how long the community keeps people who did not join.
type Retention struct {
	// ProspectMonths counts from the notice.
	ProspectMonths int `bson:"prospect_months" json:"prospect_months"`
}

// DefaultRetention keeps prospects 12 months after the notice.
var DefaultRetention = Retention{ProspectMonths: 12}

// MinProspectMonths is the shortest retention that may be set.
const MinProspectMonths = 1

// prospectMonths is the setting, or the default where none was saved.
func (r Retention) prospectMonths() int {
	if r.ProspectMonths < MinProspectMonths {
		return DefaultRetention.ProspectMonths
	}
	return r.ProspectMonths
}

// EraseOn is when a prospect is due to be erased: 30 days after the import
// while nobody told them, else the retention period after they were told;
// an admin's extension moves it later. Zero for a member.
func EraseOn(u *User, r Retention) time.Time {
	if !u.IsProspect() || u.Origin == nil {
		return time.Time{}
	}
	var due time.Time
	if u.Origin.InformedAt.IsZero() {
		due = u.Origin.First().At.Add(InformWithin)
	} else {
		due = u.Origin.InformedAt.AddDate(0, r.prospectMonths(), 0)
	}
	for _, e := range u.Origin.Extensions {
		if e.Until.After(due) {
			due = e.Until
		}
	}
	return due
}

// ProspectStatus is where a prospect stands, as recruiters see it.
type ProspectStatus string

// The statuses, in the order a prospect passes them.
const (
	StatusUninformed   ProspectStatus = "uninformed"     // the notice is still to go
	StatusInformByHand ProspectStatus = "inform_by_hand" // no address: a recruiter must tell them
	StatusInformed     ProspectStatus = "informed"
	StatusInvited      ProspectStatus = "invited"
	StatusJoined       ProspectStatus = "joined"
)

// StatusOf is the prospect status of a person ("" for one who never was a prospect).
func StatusOf(u *User) ProspectStatus {
	switch {
	case u == nil || u.Origin == nil || len(u.Origin.Imports) == 0:
		return ""
	case !u.IsProspect():
		return StatusJoined
	case len(u.Origin.Invitations) > 0:
		return StatusInvited
	case !u.Origin.InformedAt.IsZero():
		return StatusInformed
	case !Mailable(u):
		return StatusInformByHand
	}
	return StatusUninformed
}

// NormalEmail is an address as the portal compares it: trimmed, one
// address, lower case. ok is false for what is not an address.
func NormalEmail(s string) (string, bool) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "<>"))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !strings.Contains(s[at+1:], ".") {
		return "", false
	}
	return strings.ToLower(s), true
}

// NormalLinkedIn is a LinkedIn profile address in its one canonical form
// ("https://www.linkedin.com/in/vanity", the vanity in lower case), so the
// same profile written as "nl.linkedin.com/in/Vanity/" matches.
func NormalLinkedIn(s string) (string, bool) {
	canonical, ok := normalizeLinkedInURL(s)
	if !ok {
		return "", false
	}
	u, err := url.Parse(canonical)
	if err != nil {
		return "", false
	}
	vanity := strings.TrimSuffix(strings.TrimPrefix(u.Path, "/in/"), "/")
	return "https://www.linkedin.com/in/" + strings.ToLower(vanity), true
}

// Identity keys name a person by what they are matched on: an address of
// theirs, their LinkedIn profile, or a sign-in.
func EmailKey(normal string) string    { return "email:" + normal }
func LinkedInKey(normal string) string { return "linkedin:" + normal }
func SignInKey(userID string) string   { return "signin:" + userID }

// ImportedPerson is one row of an ATS export as the portal keeps it.
type ImportedPerson struct {
	Line int
	// Emails are the row's addresses, normalised; the first is the one to write to.
	Emails                      []string
	LinkedIn                    string // normalised
	Name, GivenName, FamilyName string
	Phone, City, Country        string
	Headline, Company           string
	Skills, Tags                []string
	Language                    string
	Created                     time.Time
	ATSID                       string
}

// Keys are the identity keys the row is matched by, e-mail first.
func (p ImportedPerson) Keys() []string {
	keys := make([]string, 0, len(p.Emails)+1)
	for _, e := range p.Emails {
		keys = append(keys, EmailKey(e))
	}
	if p.LinkedIn != "" {
		keys = append(keys, LinkedInKey(p.LinkedIn))
	}
	return keys
}

// FillEmpty adds what the row knows to the person where they have nothing:
// an import never overwrites what a member keeps themselves. It reports
// whether anything changed.
func (p ImportedPerson) FillEmpty(u *User) bool {
	changed := false
	fill := func(field *string, v string) {
		if *field == "" && v != "" {
			*field, changed = v, true
		}
	}
	fill(&u.Name, p.Name)
	fill(&u.GivenName, p.GivenName)
	fill(&u.FamilyName, p.FamilyName)
	if len(p.Emails) > 0 {
		fill(&u.Email, p.Emails[0])
	}
	fill(&u.Contact.Phone, p.Phone)
	fill(&u.City, p.City)
	fill(&u.Country, p.Country)
	fill(&u.Headline, p.Headline)
	fill(&u.LinkedInURL, p.LinkedIn)
	fill(&u.Locale, p.Language)
	if len(u.Skills) == 0 && len(p.Skills) > 0 {
		u.Skills, changed = append([]string{}, p.Skills...), true
	}
	if len(u.Positions) == 0 && (p.Company != "" || p.Headline != "") {
		u.Positions, changed = []Position{{Company: p.Company, Title: p.Headline}}, true
	}
	return changed
}

// SuppressionHash is how an objection is remembered: a keyed hash of an
// identity key, so the list of people who left names nobody to whoever
// reads the database, yet the same address is recognised in a later import.
func SuppressionHash(secret, key string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("suppress|" + key))
	return hex.EncodeToString(m.Sum(nil))
}

// ProspectID is the id of the person row line of import importID creates:
// derived, so an import written again after a crash finds them.
func ProspectID(importID string, line int) string {
	sum := sha256.Sum256([]byte(importID + "|" + strconv.Itoa(line)))
	return UserID(ProviderImport, hex.EncodeToString(sum[:12]))
}

// LanguageOfCountry guesses the language of a person from their country,
// for a notice when the file said none.
func LanguageOfCountry(country string) string {
	switch strings.ToLower(strings.TrimSpace(country)) {
	case "nl", "nld", "netherlands", "the netherlands", "nederland", "holland", "be", "belgium", "belgië", "belgie", "suriname":
		return "nl"
	}
	return ""
}
