// Package resume reads what candidates already have elsewhere, so they need
// not retype it: the ZIP that LinkedIn's "Get a copy of your data" produces
// and a JSON Resume file. It also writes a profile as JSON Resume. It does
// no I/O; every limit on hostile input is enforced here.
package resume

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/talentcommunity/portal/models"
)

// Import is what a file offers to add to a profile, cleaned and within the
// profile's limits, for the candidate to preview and confirm.
type Import struct {
	Headline  string             `json:"headline,omitempty"`
	City      string             `json:"city,omitempty"`
	Country   string             `json:"country,omitempty"`
	Skills    []string           `json:"skills,omitempty"`
	Interests []string           `json:"interests,omitempty"`
	Positions []models.Position  `json:"positions,omitempty"`
	Education []models.Education `json:"education,omitempty"`
	// Dropped counts what did not fit the profile's caps.
	Dropped int `json:"dropped,omitempty"`
}

// Empty reports whether the file held nothing the profile can use.
func (im Import) Empty() bool {
	return im.Headline == "" && im.City == "" && im.Country == "" && len(im.Skills) == 0 &&
		len(im.Interests) == 0 && len(im.Positions) == 0 && len(im.Education) == 0
}

// Errors a candidate sees as a message at the file field.
var (
	ErrTooLarge = errors.New("resume: file too large")
	ErrNotZip   = errors.New("resume: not a ZIP archive")
	ErrUnsafe   = errors.New("resume: archive refused as unsafe")
	ErrNoData   = errors.New("resume: no profile data found")
	ErrNotJSON  = errors.New("resume: not a JSON Resume file")
)

// MaxUpload is the largest file accepted.
const MaxUpload = 5 << 20

// Limits on the text of imported items.
const (
	maxCompanyLen     = 120
	maxLocationLen    = 120
	maxDescriptionLen = 2000
	maxSchoolLen      = 160
	maxDegreeLen      = 160
)

// Clean brings an import within the profile's limits: it trims and cuts
// every text, drops repeats and empty items, and caps every list. It is
// applied to what a file gave and again to what comes back from the preview,
// so a tampered confirmation cannot store more than a file could.
func Clean(im Import) Import {
	out := Import{
		Headline: cut(im.Headline, models.MaxHeadlineLen),
		City:     cut(im.City, models.MaxCityLen),
		Country:  cut(im.Country, models.MaxCountryLen),
		Dropped:  im.Dropped,
	}
	out.Skills, out.Dropped = terms(im.Skills, models.MaxSkills, out.Dropped)
	out.Interests, out.Dropped = terms(im.Interests, models.MaxInterests, out.Dropped)
	for _, p := range im.Positions {
		p = models.Position{
			Title: cut(p.Title, models.MaxTitleLen), Company: cut(p.Company, maxCompanyLen),
			Location: cut(p.Location, maxLocationLen), Description: cutText(p.Description, maxDescriptionLen),
			Start: monthOrEmpty(p.Start), End: monthOrEmpty(p.End),
		}
		if p.Title == "" && p.Company == "" {
			continue
		}
		if len(out.Positions) == models.MaxPositions {
			out.Dropped++
			continue
		}
		out.Positions = append(out.Positions, p)
	}
	for _, e := range im.Education {
		e = models.Education{School: cut(e.School, maxSchoolLen), Degree: cut(e.Degree, maxDegreeLen),
			Start: monthOrEmpty(e.Start), End: monthOrEmpty(e.End)}
		if e.School == "" {
			continue
		}
		if len(out.Education) == models.MaxEducation {
			out.Dropped++
			continue
		}
		out.Education = append(out.Education, e)
	}
	return out
}

func terms(in []string, max, dropped int) ([]string, int) {
	var out []string
	for _, t := range in {
		t = models.CleanTerm(t)
		if t == "" || utf8.RuneCountInString(t) > models.MaxTermLen {
			continue
		}
		var added bool
		if out, added = models.AddTerm(out, t); added && len(out) > max {
			out = out[:max]
			dropped++
		}
	}
	return out, dropped
}

// cut cleans a one-line text and cuts it to max characters.
func cut(s string, max int) string { return models.Clip(models.CleanTerm(s), max) }

// cutText keeps line breaks of a longer text but cuts it to max characters.
func cutText(s string, max int) string {
	return models.Clip(strings.ToValidUTF8(strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")), ""), max)
}
