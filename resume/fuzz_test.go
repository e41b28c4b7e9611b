package resume

import (
	"testing"
	"unicode/utf8"

	"github.com/talentcommunity/portal/models"
)

// within says an import fits the profile's limits, as Clean promises.
func within(t *testing.T, im Import) {
	t.Helper()
	if len(im.Skills) > models.MaxSkills || len(im.Interests) > models.MaxInterests ||
		len(im.Positions) > models.MaxPositions || len(im.Education) > models.MaxEducation ||
		utf8.RuneCountInString(im.Headline) > models.MaxHeadlineLen || !utf8.ValidString(im.Headline+im.City+im.Country) {
		t.Fatalf("an import beyond the profile's limits: %+v", im)
	}
}

// A LinkedIn export, or anything posing as one, is read without a panic,
// and what comes of it fits the profile once cleaned.
func FuzzParseLinkedInZip(f *testing.F) {
	f.Add(zipOf(f, linkedInExport()))
	f.Add(zipOf(f, map[string]string{"Skills.csv": "Name\nGo\n\"Kubernetes\nPostgreSQL"}))
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if im, err := ParseLinkedInZip(data); err == nil {
			within(t, Clean(im))
		}
	})
}

// A JSON Resume file, or anything posing as one, likewise.
func FuzzParseJSONResume(f *testing.F) {
	f.Add([]byte(`{"basics":{"label":"Go developer","location":{"city":"Utrecht","countryCode":"NL"}},"skills":[{"name":"Go"}],"work":[{"name":"Acme","position":"Engineer","startDate":"2020-01"}]}`))
	f.Add([]byte(`{"basics":{"label":"` + string(make([]byte, 300)) + `"}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"skills":[{"name":null},{"keywords":[1,2]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if im, err := ParseJSONResume(data); err == nil {
			within(t, Clean(im))
		}
	})
}
