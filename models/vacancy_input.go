package models

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a vacancy.
const (
	MaxDescriptionLen = 20000
	MaxVacancySkills  = 15
	MaxVacancyTags    = 10
	MaxSalary         = 1_000_000
)

// VacancyInput is the recruiter's vacancy form, as typed.
type VacancyInput struct {
	Title, Company, City, Workplace, EmploymentType, Seniority string
	Skills, NiceSkills, Interests                              string // comma-separated
	Description                                                string // Markdown
	SalaryMin, SalaryMax, ClosesAt, ApplyURL                   string
}

// VacancyFields is a valid vacancy form, ready to be applied; the terms
// still have to be normalised against the taxonomy.
type VacancyFields struct {
	Skills, NiceSkills, Interests []string
	SalaryMin, SalaryMax          int
	ClosesAt                      *time.Time
}

// Validate checks the form and says what is wrong, field by field.
func (in *VacancyInput) Validate(now time.Time) (VacancyFields, FieldErrors) {
	e := FieldErrors{}
	var f VacancyFields
	e.text("title", &in.Title, MaxTitleLen, true)
	e.text("company", &in.Company, MaxTitleLen, true)
	e.text("city", &in.City, MaxCityLen, false)
	e.choice("workplace", in.Workplace, Workplaces, true)
	e.choice("employment_type", in.EmploymentType, EmploymentTypes, false)
	e.choice("seniority", in.Seniority, seniorityValues(), false)
	f.Skills = e.list("skills", in.Skills, MaxVacancySkills, MaxTermLen)
	if len(f.Skills) == 0 {
		e.add("skills", "validation.required", 0)
	}
	f.NiceSkills = e.list("nice_skills", in.NiceSkills, MaxVacancySkills, MaxTermLen)
	f.Interests = e.list("interests", in.Interests, MaxVacancyTags, MaxTermLen)
	in.Description = strings.TrimSpace(in.Description)
	switch {
	case in.Description == "":
		e.add("description", "validation.required", 0)
	case utf8.RuneCountInString(in.Description) > MaxDescriptionLen:
		e.add("description", "validation.too_long", MaxDescriptionLen)
	}
	f.SalaryMin = e.amount("salary_min", in.SalaryMin)
	f.SalaryMax = e.amount("salary_max", in.SalaryMax)
	if f.SalaryMin > 0 && f.SalaryMax > 0 && f.SalaryMin > f.SalaryMax {
		e.add("salary_max", "validation.salary_order", 0)
	}
	if d := e.date("closes_at", in.ClosesAt); d != nil {
		if d.Before(now.Truncate(24 * time.Hour)) {
			e.add("closes_at", "validation.date_past", 0)
		} else {
			f.ClosesAt = d
		}
	}
	in.ApplyURL = strings.TrimSpace(in.ApplyURL)
	if in.ApplyURL != "" {
		e.webURL("apply_url", in.ApplyURL, false)
	}
	return f, e
}

// amount parses an optional whole number of euros.
func (e FieldErrors) amount(field, s string) int {
	s = strings.NewReplacer(".", "", ",", "", " ", "", "€", "").Replace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > MaxSalary {
		e.add(field, "validation.amount", 0)
		return 0
	}
	return n
}

// Apply writes a valid form to the vacancy; skills and interests are the
// normalised ones.
func (in VacancyInput) Apply(v *Vacancy, f VacancyFields) {
	v.Title, v.Company, v.City, v.Workplace = in.Title, in.Company, in.City, in.Workplace
	v.EmploymentType, v.Seniority, v.Description, v.ApplyURL = in.EmploymentType, Seniority(in.Seniority), in.Description, in.ApplyURL
	v.Skills, v.NiceSkills, v.Interests = f.Skills, f.NiceSkills, f.Interests
	v.SalaryMin, v.SalaryMax, v.ClosesAt = f.SalaryMin, f.SalaryMax, f.ClosesAt
}

// VacancyInputFrom is the form showing a vacancy.
func VacancyInputFrom(v *Vacancy) VacancyInput {
	in := VacancyInput{Title: v.Title, Company: v.Company, City: v.City, Workplace: v.Workplace, EmploymentType: v.EmploymentType,
		Seniority: string(v.Seniority), Skills: strings.Join(v.Skills, ", "), NiceSkills: strings.Join(v.NiceSkills, ", "),
		Interests: strings.Join(v.Interests, ", "), Description: v.Description, ApplyURL: v.ApplyURL}
	if v.SalaryMin > 0 {
		in.SalaryMin = strconv.Itoa(v.SalaryMin)
	}
	if v.SalaryMax > 0 {
		in.SalaryMax = strconv.Itoa(v.SalaryMax)
	}
	if v.ClosesAt != nil {
		in.ClosesAt = v.ClosesAt.Format("2006-01-02")
	}
	return in
}
