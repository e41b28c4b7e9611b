package models

import (
	"fmt"
	"strings"
	"time"
)

// The length limits of the profile's text fields.
const (
	MaxHeadlineLen  = 120
	MaxCityLen      = 80
	MaxCountryLen   = 60
	MaxTitleLen     = 120
	MaxRoleLen      = 60
	MaxRegionLen    = 60
	MaxLinkedInURL  = 200
	MaxMilestoneAge = 80 // years back a milestone date may lie
)

// BasicsInput is the headline, location, seniority and LinkedIn address.
type BasicsInput struct {
	Headline, City, Country, Seniority, LinkedInURL string
}

// Validate cleans the input in place and says what is wrong with it.
func (in *BasicsInput) Validate() FieldErrors {
	e := FieldErrors{}
	e.text("headline", &in.Headline, MaxHeadlineLen, false)
	e.text("city", &in.City, MaxCityLen, false)
	e.text("country", &in.Country, MaxCountryLen, false)
	e.choice("seniority", in.Seniority, seniorityValues(), false)
	if in.LinkedInURL != "" {
		if len(in.LinkedInURL) > MaxLinkedInURL {
			e.add("linkedin_url", "validation.too_long", MaxLinkedInURL)
		} else if u, ok := normalizeLinkedInURL(in.LinkedInURL); ok {
			in.LinkedInURL = u
		} else {
			e.add("linkedin_url", "validation.linkedin_url", 0)
		}
	}
	return e
}

// Apply writes valid input to the profile.
func (in BasicsInput) Apply(u *User) {
	u.Headline, u.City, u.Country, u.Seniority, u.LinkedInURL = in.Headline, in.City, in.Country, Seniority(in.Seniority), in.LinkedInURL
}

// BasicsFrom is the input that shows the profile's current basics.
func BasicsFrom(u *User) BasicsInput {
	return BasicsInput{Headline: u.Headline, City: u.City, Country: u.Country, Seniority: string(u.Seniority), LinkedInURL: u.LinkedInURL}
}

func seniorityValues() []string {
	out := make([]string, len(Seniorities))
	for i, s := range Seniorities {
		out[i] = string(s)
	}
	return out
}

// AvailabilityInput is the availability form: a status and an optional date.
type AvailabilityInput struct {
	Status, Until string
}

// Validate checks the status and that "until" is a date in the future.
func (in *AvailabilityInput) Validate(now time.Time) FieldErrors {
	e := FieldErrors{}
	allowed := make([]string, len(AvailabilityStatuses))
	for i, s := range AvailabilityStatuses {
		allowed[i] = string(s)
	}
	e.choice("status", in.Status, allowed, true)
	if until := e.date("until", in.Until); until != nil {
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		switch {
		case until.Before(today):
			e.add("until", "validation.date_past", 0)
		case until.After(now.AddDate(5, 0, 0)):
			e.add("until", "validation.date_far", 0)
		}
	}
	return e
}

// Apply sets the availability, stamping when it changed so recruiters can be
// told that someone became available.
func (in AvailabilityInput) Apply(u *User, now time.Time) {
	var until *time.Time
	if in.Until != "" {
		t, _ := time.Parse("2006-01-02", in.Until)
		until = &t
	}
	next := Availability{Status: AvailabilityStatus(in.Status), Until: until, ChangedAt: u.Availability.ChangedAt}
	sameUntil := (until == nil && u.Availability.Until == nil) ||
		(until != nil && u.Availability.Until != nil && until.Equal(*u.Availability.Until))
	if next.Status != u.Availability.Status || !sameUntil {
		next.ChangedAt = now
	}
	u.Availability = next
}

// AvailabilityFrom is the input that shows the current availability.
func AvailabilityFrom(u *User) AvailabilityInput {
	in := AvailabilityInput{Status: string(u.Availability.Status)}
	if u.Availability.Until != nil {
		in.Until = u.Availability.Until.Format("2006-01-02")
	}
	return in
}

// PreferencesInput is the work preferences form; roles and regions are
// comma-separated free text.
type PreferencesInput struct {
	Roles, Regions              string
	Workplaces, EmploymentTypes []string
}

// Validate checks the preferences and returns them.
func (in *PreferencesInput) Validate() (WorkPreferences, FieldErrors) {
	e := FieldErrors{}
	p := WorkPreferences{
		Roles:           e.list("roles", in.Roles, MaxPrefItems, MaxRoleLen),
		Regions:         e.list("regions", in.Regions, MaxPrefItems, MaxRegionLen),
		Workplaces:      in.Workplaces,
		EmploymentTypes: in.EmploymentTypes,
	}
	e.choices("workplaces", &p.Workplaces, Workplaces)
	e.choices("employment_types", &p.EmploymentTypes, EmploymentTypes)
	return p, e
}

// PreferencesFrom is the input that shows the current preferences.
func PreferencesFrom(u *User) PreferencesInput {
	return PreferencesInput{Roles: strings.Join(u.Preferences.Roles, ", "), Regions: strings.Join(u.Preferences.Regions, ", "),
		Workplaces: u.Preferences.Workplaces, EmploymentTypes: u.Preferences.EmploymentTypes}
}

// ContactInput is the contact preferences form.
type ContactInput struct {
	Frequency string
	Channels  []string
	Phone     string
}

// Validate checks the choices and the phone number and returns them.
func (in *ContactInput) Validate() (ContactPreferences, FieldErrors) {
	e := FieldErrors{}
	e.choice("frequency", in.Frequency, ContactFrequencies, true)
	in.Phone = strings.Join(strings.Fields(in.Phone), " ")
	e.phone("phone", in.Phone)
	c := ContactPreferences{Frequency: in.Frequency, Channels: in.Channels, Phone: in.Phone}
	e.choices("channels", &c.Channels, ContactChannels)
	return c, e
}

// MilestoneInput is the form that adds a milestone.
type MilestoneInput struct {
	Kind, Title, Date string
}

// Validate checks the milestone and returns it; id names it for removal.
func (in *MilestoneInput) Validate(now time.Time, id string) (Milestone, FieldErrors) {
	e := FieldErrors{}
	e.choice("kind", in.Kind, MilestoneKinds, true)
	e.text("title", &in.Title, MaxTitleLen, true)
	m := Milestone{ID: id, Kind: in.Kind, Title: in.Title, AddedAt: now}
	if in.Date == "" {
		e.add("date", "validation.required", 0)
	} else if d := e.date("date", in.Date); d != nil {
		switch {
		case d.After(now.AddDate(1, 0, 0)):
			e.add("date", "validation.date_far", 0)
		case d.Before(now.AddDate(-MaxMilestoneAge, 0, 0)):
			e.add("date", "validation.date_old", 0)
		default:
			m.Date = *d
		}
	}
	return m, e
}

// AddMilestone adds m, newest first, within the cap.
func AddMilestone(u *User, m Milestone) error {
	if len(u.Milestones) >= MaxMilestones {
		return fmt.Errorf("%w: at most %d milestones", ErrLimit, MaxMilestones)
	}
	u.Milestones = append(u.Milestones, m)
	for i := len(u.Milestones) - 1; i > 0 && u.Milestones[i].Date.After(u.Milestones[i-1].Date); i-- {
		u.Milestones[i], u.Milestones[i-1] = u.Milestones[i-1], u.Milestones[i]
	}
	return nil
}

// RemoveMilestone removes the milestone with the given id.
func RemoveMilestone(u *User, id string) {
	out := u.Milestones[:0:0]
	for _, m := range u.Milestones {
		if m.ID != id {
			out = append(out, m)
		}
	}
	u.Milestones = out
}

// SetConsents records the answers that changed, each with the moment and
// in the history, which keeps the latest MaxConsentLog changes.
func SetConsents(u *User, answers map[ConsentKind]bool, now time.Time) {
	for _, kind := range ConsentKinds {
		given, asked := answers[kind]
		if !asked {
			continue
		}
		current := u.Consents.Get(kind)
		if !current.At.IsZero() && current.Given == given {
			continue
		}
		if kind == ConsentNewsletter {
			if given && !current.Given { // double opt-in: it counts from the confirmation
				u.Mail.NewsletterAskedAt = now
				u.ConsentHistory = append(u.ConsentHistory, ConsentEvent{Kind: ConsentNewsletterAsked, Given: true, At: now})
				continue
			}
			u.Mail.NewsletterAskedAt = time.Time{}
		}
		c := Consent{Given: given, At: now}
		switch kind {
		case ConsentContact:
			u.Consents.Contact = c
		case ConsentVisibility:
			u.Consents.Visibility = c
		case ConsentNewsletter:
			u.Consents.Newsletter = c
		}
		u.ConsentHistory = append(u.ConsentHistory, ConsentEvent{Kind: kind, Given: given, At: now})
	}
	if n := len(u.ConsentHistory); n > MaxConsentLog {
		u.ConsentHistory = append([]ConsentEvent{}, u.ConsentHistory[n-MaxConsentLog:]...)
	}
}

// ConfirmNewsletter makes the newsletter consent count, from the click on
// the confirmation link; it reports false when nothing was asked.
func ConfirmNewsletter(u *User, now time.Time) bool {
	if u.Mail.NewsletterAskedAt.IsZero() {
		return false
	}
	u.Mail.NewsletterAskedAt = time.Time{}
	u.Consents.Newsletter = Consent{Given: true, At: now}
	u.ConsentHistory = append(u.ConsentHistory, ConsentEvent{Kind: ConsentNewsletter, Given: true, At: now})
	if n := len(u.ConsentHistory); n > MaxConsentLog {
		u.ConsentHistory = append([]ConsentEvent{}, u.ConsentHistory[n-MaxConsentLog:]...)
	}
	return true
}

// AddTermTo adds a normalised skill or interest within its cap. It returns
// false when a variant of the term was there already.
func AddTermTo(u *User, kind TermKind, term string) (bool, error) {
	list, max := &u.Skills, MaxSkills
	if kind == TermInterest {
		list, max = &u.Interests, MaxInterests
	}
	if len([]rune(term)) > MaxTermLen {
		return false, fmt.Errorf("%w: a term has at most %d characters", ErrTooLong, MaxTermLen)
	}
	next, added := AddTerm(*list, term)
	if added && len(next) > max {
		return false, fmt.Errorf("%w: at most %d", ErrLimit, max)
	}
	*list = next
	return added, nil
}
