package views

import (
	"errors"
	"html/template"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
)

// Funcs are the helpers templates may call (the asset URL helper is added by
// the app, which knows the asset hashes).
func Funcs() map[string]any {
	return map[string]any{
		"dict":         dict,
		"domid":        DomID,
		"fieldErr":     fieldErr,
		"changePrefix": func(field string) string { return models.ChangeValuePrefixes[field] },
		"has":          func(list []string, v string) bool { return slices.Contains(list, v) },
		"prev":         func(n int) int { return n - 1 },
		"add":          func(a, b int) int { return a + b },
		"int":          func(n int64) int { return int(n) },
		"hasPrefix":    strings.HasPrefix,
		"join":         func(items []string) string { return strings.Join(items, ", ") },
		"highlight":    Highlight,
		// A tel: link is built of digits and a leading + alone (TelURI), so it
		// is safe as a URL; html/template would otherwise refuse the scheme.
		"telURL": func(c models.ContactPreferences) template.URL { return template.URL(c.TelURI()) },
		// The options of the profile's choices, in the order forms show them.
		"seniorities":          func() []models.Seniority { return models.Seniorities },
		"availabilityStatuses": func() []models.AvailabilityStatus { return models.AvailabilityStatuses },
		"workplaces":           func() []string { return models.Workplaces },
		"employmentTypes":      func() []string { return models.EmploymentTypes },
		"contactFrequencies":   func() []string { return models.ContactFrequencies },
		"contactChannels":      func() []string { return models.ContactChannels },
		"milestoneKinds":       func() []string { return models.MilestoneKinds },
		"touchpointChannels":   func() []string { return models.TouchpointChannels },
		"consentKinds":         func() []models.ConsentKind { return models.ConsentKinds },
		"timeZones":            func() []string { return models.TimeZones },
		"hours":                func() []int { return hours },
		"editionBlocks":        func() []string { return models.EditionBlocks },
		"alertRhythms":         func() []string { return models.AlertRhythms },
		"nurtureGaps":          func() []int { return models.NurtureGaps },
		"mailTopics":           func() []models.MailTopic { return models.MailTopics[:len(models.MailTopics)-1] }, // the newsletter is a consent
		"zone":                 i18n.Zone,
		"iso":                  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	}
}

// fieldErr returns what is wrong with a field, or nil.
func fieldErr(errs models.FieldErrors, field string) *models.FieldError {
	if e, ok := errs[field]; ok {
		return &e
	}
	return nil
}

// dict builds a map for passing several values to a partial template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, errors.New("dict: keys must be strings")
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// DomID turns an id such as "linkedin:abc" into a valid HTML id part.
func DomID(id string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, id)
}

// Highlight escapes text and marks the words of query in it. Every piece of
// the text is escaped; only the <mark> tags are markup, so it is safe for
// any text and any query.
func Highlight(text, query string) template.HTML {
	var searched, words []string
	for _, w := range strings.Fields(query) {
		if len([]rune(w)) >= 2 && !slices.Contains(searched, strings.ToLower(w)) {
			searched = append(searched, strings.ToLower(w))
			words = append(words, regexp.QuoteMeta(strings.ToLower(w)))
		}
	}
	if len(words) == 0 {
		return template.HTML(template.HTMLEscapeString(text))
	}
	// A word found with a typo is marked whole, as the engine matched it.
	for _, f := range models.Words(text) {
		for _, s := range searched {
			if !strings.Contains(strings.ToLower(f), s) && models.SearchedFor(f, s) {
				words = append(words, `\b`+regexp.QuoteMeta(strings.ToLower(f))+`\b`)
			}
		}
	}
	re := regexp.MustCompile("(?i)" + strings.Join(words, "|"))
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(text, -1) {
		b.WriteString(template.HTMLEscapeString(text[last:m[0]]))
		b.WriteString("<mark>" + template.HTMLEscapeString(text[m[0]:m[1]]) + "</mark>")
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String())
}

// hours are the hours of a day, for choosing quiet hours.
var hours = func() []int {
	h := make([]int, 24)
	for i := range h {
		h[i] = i
	}
	return h
}()
