package models

// ProfileStep is one thing that makes a profile more useful, with its weight.
type ProfileStep struct {
	Key     string // message key suffix and the profile section to open
	Section string
	Weight  int
	done    func(u *User) bool
}

// profileSteps are ordered by how much they help matching: the first one
// missing is the next most useful step.
var profileSteps = []ProfileStep{
	{Key: "skills", Section: "skills", Weight: 20, done: func(u *User) bool { return len(u.Skills) >= 3 }},
	{Key: "availability", Section: "availability", Weight: 15, done: func(u *User) bool { return u.Availability.Status != "" }},
	{Key: "headline", Section: "basics", Weight: 15, done: func(u *User) bool { return u.Headline != "" }},
	{Key: "interests", Section: "interests", Weight: 15, done: func(u *User) bool { return len(u.Interests) >= 2 }},
	{Key: "location", Section: "basics", Weight: 10, done: func(u *User) bool { return u.City != "" || u.Country != "" }},
	{Key: "preferences", Section: "preferences", Weight: 10, done: func(u *User) bool { return !u.Preferences.Empty() }},
	{Key: "consents", Section: "consents", Weight: 5, done: func(u *User) bool {
		return !u.Consents.Contact.At.IsZero() && !u.Consents.Visibility.At.IsZero() && !u.Consents.Newsletter.At.IsZero()
	}},
	{Key: "contact", Section: "contact", Weight: 5, done: func(u *User) bool { return u.Contact.Frequency != "" }},
	{Key: "seniority", Section: "basics", Weight: 5, done: func(u *User) bool { return u.Seniority != "" }},
}

// Completeness says how complete a profile is (0–100) and which step would
// help most next; next is nil for a complete profile.
func Completeness(u *User) (percent int, next *ProfileStep) {
	total, got := 0, 0
	for i := range profileSteps {
		s := &profileSteps[i]
		total += s.Weight
		if s.done(u) {
			got += s.Weight
		} else if next == nil {
			next = s
		}
	}
	return got * 100 / total, next
}
