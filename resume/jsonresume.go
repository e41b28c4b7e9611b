package resume

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/talentcommunity/portal/models"
)

// JSONResume is the part of the JSON Resume schema (jsonresume.org) that a
// talent profile maps to.
type JSONResume struct {
	Schema    string       `json:"$schema,omitempty"`
	Basics    Basics       `json:"basics"`
	Work      []Work       `json:"work,omitempty"`
	Education []Study      `json:"education,omitempty"`
	Skills    []Skill      `json:"skills,omitempty"`
	Interests []NamedThing `json:"interests,omitempty"`
}

// Basics is who the résumé is about.
type Basics struct {
	Name     string    `json:"name,omitempty"`
	Label    string    `json:"label,omitempty"`
	Email    string    `json:"email,omitempty"`
	Phone    string    `json:"phone,omitempty"`
	Image    string    `json:"image,omitempty"`
	Location Location  `json:"location"`
	Profiles []Profile `json:"profiles,omitempty"`
}

// Location is where they live.
type Location struct {
	City        string `json:"city,omitempty"`
	Region      string `json:"region,omitempty"`
	CountryCode string `json:"countryCode,omitempty"`
}

// Profile is a social network profile.
type Profile struct {
	Network string `json:"network,omitempty"`
	URL     string `json:"url,omitempty"`
}

// Work is a position held.
type Work struct {
	Name      string `json:"name,omitempty"`
	Position  string `json:"position,omitempty"`
	Location  string `json:"location,omitempty"`
	StartDate string `json:"startDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
	Summary   string `json:"summary,omitempty"`
}

// Study is a school attended.
type Study struct {
	Institution string `json:"institution,omitempty"`
	Area        string `json:"area,omitempty"`
	StudyType   string `json:"studyType,omitempty"`
	StartDate   string `json:"startDate,omitempty"`
	EndDate     string `json:"endDate,omitempty"`
}

// Skill is a skill, with related keywords.
type Skill struct {
	Name     string   `json:"name,omitempty"`
	Keywords []string `json:"keywords,omitempty"`
}

// NamedThing is an interest.
type NamedThing struct {
	Name string `json:"name,omitempty"`
}

// ParseJSONResume reads a JSON Resume file.
func ParseJSONResume(data []byte) (Import, error) {
	if len(data) > MaxUpload {
		return Import{}, ErrTooLarge
	}
	var r JSONResume
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&r); err != nil {
		return Import{}, ErrNotJSON
	}
	im := Import{Headline: r.Basics.Label, City: r.Basics.Location.City, Country: r.Basics.Location.CountryCode}
	for _, s := range r.Skills {
		im.Skills = append(append(im.Skills, s.Name), s.Keywords...)
	}
	for _, i := range r.Interests {
		im.Interests = append(im.Interests, i.Name)
	}
	for _, w := range r.Work {
		im.Positions = append(im.Positions, models.Position{Title: w.Position, Company: w.Name, Location: w.Location,
			Description: w.Summary, Start: month(w.StartDate), End: month(w.EndDate)})
	}
	for _, e := range r.Education {
		degree := strings.TrimSpace(e.StudyType + " " + e.Area)
		im.Education = append(im.Education, models.Education{School: e.Institution, Degree: degree,
			Start: month(e.StartDate), End: month(e.EndDate)})
	}
	im = Clean(im)
	if im.Empty() {
		return Import{}, ErrNoData
	}
	return im, nil
}

// ToJSONResume writes a profile as a JSON Resume.
func ToJSONResume(u *models.User) JSONResume {
	r := JSONResume{
		Schema: "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
		Basics: Basics{Name: u.Name, Label: u.Headline, Email: u.Email, Phone: u.Contact.Phone, Image: u.Picture,
			Location: Location{City: u.City, Region: u.Country}},
	}
	if u.LinkedInURL != "" {
		r.Basics.Profiles = []Profile{{Network: "LinkedIn", URL: u.LinkedInURL}}
	}
	for _, p := range u.Positions {
		r.Work = append(r.Work, Work{Name: p.Company, Position: p.Title, Location: p.Location,
			StartDate: p.Start, EndDate: p.End, Summary: p.Description})
	}
	for _, e := range u.Education {
		r.Education = append(r.Education, Study{Institution: e.School, Area: e.Degree, StartDate: e.Start, EndDate: e.End})
	}
	for _, s := range u.Skills {
		r.Skills = append(r.Skills, Skill{Name: s})
	}
	for _, i := range u.Interests {
		r.Interests = append(r.Interests, NamedThing{Name: i})
	}
	return r
}
