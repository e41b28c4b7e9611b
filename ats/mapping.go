package ats

import (
	"slices"
	"strings"
	"unicode"
)

// Field is what a column holds, as the portal keeps it.
type Field string

// The fields a column may map to; FieldIgnore leaves the column out.
const (
	FieldIgnore    Field = ""
	FieldEmail     Field = "email"
	FieldFirstName Field = "first_name"
	FieldLastName  Field = "last_name"
	FieldFullName  Field = "full_name"
	FieldPhone     Field = "phone"
	FieldLinkedIn  Field = "linkedin"
	FieldCity      Field = "city"
	FieldCountry   Field = "country"
	FieldHeadline  Field = "headline"
	FieldCompany   Field = "company"
	FieldSkills    Field = "skills"
	FieldTags      Field = "tags"
	FieldLanguage  Field = "language"
	FieldCreated   Field = "created"
	FieldATSID     Field = "ats_id"
)

// Fields lists the fields in the order the mapping form offers them.
var Fields = []Field{FieldEmail, FieldFirstName, FieldLastName, FieldFullName, FieldPhone, FieldLinkedIn,
	FieldCity, FieldCountry, FieldHeadline, FieldCompany, FieldSkills, FieldTags, FieldLanguage, FieldCreated, FieldATSID}

// ValidField reports whether f is a field (or FieldIgnore).
func ValidField(f Field) bool { return f == FieldIgnore || slices.Contains(Fields, f) }

// Mapping says, per column of the file, which field it fills.
type Mapping []Field

// Column is the first column mapped to f, or -1.
func (m Mapping) Column(f Field) int { return slices.Index(m, f) }

// Columns are every column mapped to f (an export may have two e-mail columns).
func (m Mapping) Columns(f Field) []int {
	var out []int
	for i, g := range m {
		if g == f {
			out = append(out, i)
		}
	}
	return out
}

// Identifies reports whether the mapping can tell who a row is: an e-mail
// or a LinkedIn column.
func (m Mapping) Identifies() bool {
	return m.Column(FieldEmail) >= 0 || m.Column(FieldLinkedIn) >= 0
}

// aliases are the header names, in English and Dutch, that say which field
// a column holds (folded: lower case, letters and digits only).
var aliases = map[Field][]string{
	FieldEmail:     {"email", "emails", "emailaddress", "emailadres", "mail", "mailadres", "e", "emailaddresses", "primaryemail", "workemail", "personalemail"},
	FieldFirstName: {"firstname", "first", "givenname", "voornaam", "roepnaam"},
	FieldLastName:  {"lastname", "last", "surname", "familyname", "achternaam", "familienaam"},
	FieldFullName:  {"name", "fullname", "candidatename", "candidate", "naam", "volledigenaam", "kandidaat", "kandidaatnaam"},
	FieldPhone:     {"phone", "phones", "phonenumber", "telephone", "mobile", "mobilephone", "telefoon", "telefoonnummer", "mobiel", "mobielnummer", "tel"},
	FieldLinkedIn:  {"linkedin", "linkedinurl", "linkedinprofile", "linkedinprofileurl", "linkedinprofiel", "sociallinks", "socialprofiles", "links", "profileurl"},
	FieldCity:      {"city", "location", "town", "woonplaats", "plaats", "stad", "locatie", "residence"},
	FieldCountry:   {"country", "land", "countrycode"},
	FieldHeadline:  {"headline", "title", "currenttitle", "jobtitle", "currentjobtitle", "position", "currentposition", "functie", "huidigefunctie", "functietitel", "kop"},
	FieldCompany:   {"company", "currentcompany", "employer", "currentemployer", "bedrijf", "huidigbedrijf", "werkgever", "organisation", "organization"},
	FieldSkills:    {"skills", "skill", "vaardigheden", "competenties", "expertise"},
	FieldTags:      {"tags", "tag", "labels", "label", "trefwoorden"},
	FieldLanguage:  {"language", "locale", "preferredlanguage", "taal", "voorkeurstaal"},
	FieldCreated:   {"created", "createdat", "createddate", "datecreated", "added", "addedat", "applied", "appliedat", "applicationdate", "aangemaakt", "aangemaaktop", "datum", "sollicitatiedatum", "toegevoegd"},
	FieldATSID:     {"id", "candidateid", "atsid", "externalid", "kandidaatid", "profileid", "opportunityid"},
}

// Preset is the export of one ATS: the columns that tell it apart, and
// what its headers hold where the common names would guess wrong.
type Preset struct {
	Name string
	// Marks are headers only this export has (folded); a file with all of
	// them is taken for this export.
	Marks   []string
	Columns map[string]Field
}

// Presets are the exports of the ATSs teams come from. The columns are
// assumed from each vendor's help pages on exporting candidates (see the
// README); the common names cover what they do not say.
var Presets = []Preset{
	{Name: "Recruitee", Marks: []string{"emails", "phones", "sources"},
		Columns: map[string]Field{"name": FieldFullName, "emails": FieldEmail, "phones": FieldPhone, "sociallinks": FieldLinkedIn, "links": FieldLinkedIn, "createdat": FieldCreated, "tags": FieldTags, "id": FieldATSID, "sources": FieldIgnore}},
	{Name: "Teamtailor", Marks: []string{"firstname", "lastname", "linkedinurl", "pitch"},
		Columns: map[string]Field{"candidateid": FieldATSID, "id": FieldATSID, "pitch": FieldIgnore, "linkedinurl": FieldLinkedIn, "createdat": FieldCreated}},
	{Name: "Greenhouse", Marks: []string{"firstname", "lastname", "currentcompany", "currenttitle", "candidateid"},
		Columns: map[string]Field{"currenttitle": FieldHeadline, "currentcompany": FieldCompany, "location": FieldCity, "socialmedia": FieldLinkedIn, "created": FieldCreated, "candidateid": FieldATSID}},
	{Name: "Lever", Marks: []string{"name", "email", "headline", "opportunityid"},
		Columns: map[string]Field{"headline": FieldHeadline, "links": FieldLinkedIn, "location": FieldCity, "opportunityid": FieldATSID, "createdat": FieldCreated, "origin": FieldIgnore}},
}

// fold is how headers are compared: "E-mail adres" and "emailAdres" alike.
func fold(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Guess maps a header to fields: by the preset it recognises (its name is
// returned, "" for none) and otherwise by the common names. A field is
// guessed for one column only, except e-mail, which may come in several.
func Guess(header []string) (Mapping, string) {
	folded := make([]string, len(header))
	for i, h := range header {
		folded[i] = fold(h)
	}
	var preset *Preset
	for i := range Presets {
		p := &Presets[i]
		if containsAll(folded, p.Marks) {
			preset = p
			break
		}
	}
	m := make(Mapping, len(header))
	taken := map[Field]bool{}
	for i, h := range folded {
		f, known := FieldIgnore, false
		if preset != nil {
			f, known = preset.Columns[h]
		}
		if !known {
			f = aliasOf(h)
		}
		if f != FieldIgnore && taken[f] && f != FieldEmail {
			f = FieldIgnore
		}
		taken[f] = true
		m[i] = f
	}
	if preset == nil {
		return m, ""
	}
	return m, preset.Name
}

func aliasOf(folded string) Field {
	for _, f := range Fields {
		if slices.Contains(aliases[f], folded) {
			return f
		}
	}
	return FieldIgnore
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
