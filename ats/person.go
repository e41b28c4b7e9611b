package ats

import (
	"strings"
	"time"
	"unicode"

	"github.com/talentcommunity/portal/models"
)

// Why a row is not imported (codes the pages translate).
const (
	RejectNoIdentity = "no_identity" // neither an e-mail nor a LinkedIn profile
	RejectBadEmail   = "bad_email"
	RejectBadPhone   = "bad_phone"
)

// Person reads one row through the mapping. It returns the reason the row
// cannot be imported, if it cannot: a row needs a valid e-mail or a
// LinkedIn profile, and an address that is there must be valid.
func Person(row Row, m Mapping) (models.ImportedPerson, string) {
	p := models.ImportedPerson{Line: row.Line}
	get := func(f Field) string { return row.Cell(m.Column(f)) }
	for _, col := range m.Columns(FieldEmail) {
		for _, a := range splitList(row.Cell(col), ",; \n") {
			e, ok := models.NormalEmail(a)
			if !ok {
				return p, RejectBadEmail
			}
			p.Emails = appendNew(p.Emails, e)
		}
	}
	// A links column ("Social links") may hold several: the LinkedIn one counts.
	for _, link := range splitList(get(FieldLinkedIn), ",; \n") {
		if l, ok := models.NormalLinkedIn(link); ok {
			p.LinkedIn = l
			break
		}
	}
	if len(p.Emails) == 0 && p.LinkedIn == "" {
		return p, RejectNoIdentity
	}
	p.GivenName, p.FamilyName = clean(get(FieldFirstName)), clean(get(FieldLastName))
	p.Name = clean(get(FieldFullName))
	switch {
	case p.Name == "" && (p.GivenName != "" || p.FamilyName != ""):
		p.Name = strings.TrimSpace(p.GivenName + " " + p.FamilyName)
	case p.Name != "" && p.GivenName == "" && p.FamilyName == "":
		if given, family, ok := strings.Cut(p.Name, " "); ok {
			p.GivenName, p.FamilyName = given, strings.TrimSpace(family)
		}
	}
	if phones := splitList(get(FieldPhone), ",;\n"); len(phones) > 0 {
		p.Phone = strings.Join(strings.Fields(phones[0]), " ")
		if !models.ValidPhone(p.Phone) {
			return p, RejectBadPhone
		}
	}
	p.City, p.Country = clean(get(FieldCity)), clean(get(FieldCountry))
	if p.Country == "" { // "Utrecht, Netherlands" in one location column
		if city, country, ok := strings.Cut(p.City, ","); ok {
			p.City, p.Country = strings.TrimSpace(city), strings.TrimSpace(country)
		}
	}
	p.Headline, p.Company = clean(get(FieldHeadline)), clean(get(FieldCompany))
	p.Skills = splitList(get(FieldSkills), ",;|\n")
	p.Tags = splitList(get(FieldTags), ",;|\n")
	p.Language = Language(get(FieldLanguage))
	p.Created = parseDate(get(FieldCreated))
	p.ATSID = clean(get(FieldATSID))
	return p, ""
}

// clean keeps a cell's words, without line breaks or control characters,
// at most 200 characters.
func clean(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200])
	}
	return s
}

func splitList(s, seps string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if c := clean(part); c != "" {
			out = appendNew(out, c)
		}
	}
	return out
}

func appendNew(list []string, v string) []string {
	for _, have := range list {
		if strings.EqualFold(have, v) {
			return list
		}
	}
	return append(list, v)
}

// Language reads a language cell: a code or a name, in English or Dutch.
// Only the portal's languages are kept.
func Language(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "nl", "nl-nl", "nl_nl", "nl-be", "dutch", "nederlands", "nederlandse", "vlaams":
		return "nl"
	case "en", "en-gb", "en-us", "en_gb", "en_us", "english", "engels":
		return "en"
	}
	return ""
}

// dateLayouts are how exports write dates, the unambiguous first; a day
// before the month, as Europe writes it.
var dateLayouts = []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02",
	"02-01-2006 15:04", "02-01-2006", "02/01/2006 15:04", "02/01/2006", "2/1/2006", "02.01.2006", "1-2-2006"}

func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
