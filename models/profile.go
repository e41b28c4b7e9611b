package models

import (
	"strings"
	"time"
)

// The limits on what a profile holds, so that a page and a document stay small.
const (
	MaxSkills     = 30
	MaxInterests  = 20
	MaxTermLen    = 40
	MaxMilestones = 50
	MaxPositions  = 30
	MaxEducation  = 15
	MaxPrefItems  = 10
	MaxConsentLog = 200
)

// Seniority is how experienced a candidate says they are.
type Seniority string

// The seniorities a candidate can choose.
var Seniorities = []Seniority{"junior", "medior", "senior", "lead", "principal"}

// AvailabilityStatus is whether a candidate is looking for a new job.
type AvailabilityStatus string

// The availability statuses.
const (
	AvailabilityLooking    AvailabilityStatus = "looking"
	AvailabilityOpen       AvailabilityStatus = "open"
	AvailabilityNotLooking AvailabilityStatus = "not_looking"
)

// AvailabilityStatuses lists them in the order a form shows them.
var AvailabilityStatuses = []AvailabilityStatus{AvailabilityLooking, AvailabilityOpen, AvailabilityNotLooking}

// Availability is a candidate's availability, timestamped so recruiters can be
// told when someone becomes available.
type Availability struct {
	Status    AvailabilityStatus `bson:"status,omitempty" json:"status,omitempty"`
	Until     *time.Time         `bson:"until,omitempty" json:"until,omitempty"`
	ChangedAt time.Time          `bson:"changed_at,omitempty" json:"changed_at,omitempty"`
}

// The options of the work preferences.
var (
	Workplaces      = []string{"remote", "hybrid", "onsite"}
	EmploymentTypes = []string{"permanent", "contract", "freelance", "parttime", "internship"}
)

// WorkPreferences is what kind of work a candidate wants.
type WorkPreferences struct {
	Roles           []string `bson:"roles,omitempty" json:"roles,omitempty"`
	Workplaces      []string `bson:"workplaces,omitempty" json:"workplaces,omitempty"`
	EmploymentTypes []string `bson:"employment_types,omitempty" json:"employment_types,omitempty"`
	Regions         []string `bson:"regions,omitempty" json:"regions,omitempty"`
}

// Empty reports whether nothing was chosen.
func (w WorkPreferences) Empty() bool {
	return len(w.Roles)+len(w.Workplaces)+len(w.EmploymentTypes)+len(w.Regions) == 0
}

// The options of the contact preferences.
var (
	ContactFrequencies = []string{"monthly", "quarterly", "relevant"}
	ContactChannels    = []string{"email", "inapp"}
)

// ContactPreferences is how often and how a candidate wants to hear from us.
type ContactPreferences struct {
	Frequency string   `bson:"frequency,omitempty" json:"frequency,omitempty"`
	Channels  []string `bson:"channels,omitempty" json:"channels,omitempty"`
	// Phone is the number recruiters may call, as the member wrote it;
	// shown to recruiters only while the member allows contact.
	Phone string `bson:"phone,omitempty" json:"phone,omitempty"`
}

// MaxPhoneDigits is the most digits a phone number has (E.164), and
// MinPhoneDigits the fewest of a number one can call from abroad.
const (
	MaxPhoneDigits = 15
	MinPhoneDigits = 6
)

// TelURI is the phone number as a tel: link (RFC 3966): its digits, with
// the + of an international number.
func (c ContactPreferences) TelURI() string {
	var b strings.Builder
	b.WriteString("tel:")
	for i, r := range strings.TrimSpace(c.Phone) {
		if r == '+' && i == 0 || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MilestoneKinds are the milestones recruiters congratulate on.
var MilestoneKinds = []string{"new_job", "promotion", "certification", "graduation", "other"}

// Milestone is a moment in a candidate's career that they chose to share.
type Milestone struct {
	ID      string    `bson:"id" json:"id"`
	Kind    string    `bson:"kind" json:"kind"`
	Title   string    `bson:"title" json:"title"`
	Date    time.Time `bson:"date" json:"date"`
	AddedAt time.Time `bson:"added_at" json:"added_at"`
}

// Position is a job held, as imported from LinkedIn or a JSON Resume.
// Dates are "YYYY-MM" (or "YYYY"); End is empty for a current position.
type Position struct {
	Title       string `bson:"title" json:"title"`
	Company     string `bson:"company" json:"company"`
	Location    string `bson:"location,omitempty" json:"location,omitempty"`
	Description string `bson:"description,omitempty" json:"description,omitempty"`
	Start       string `bson:"start,omitempty" json:"start,omitempty"`
	End         string `bson:"end,omitempty" json:"end,omitempty"`
}

// Education is a school attended.
type Education struct {
	School string `bson:"school" json:"school"`
	Degree string `bson:"degree,omitempty" json:"degree,omitempty"`
	Start  string `bson:"start,omitempty" json:"start,omitempty"`
	End    string `bson:"end,omitempty" json:"end,omitempty"`
}

// OnboardingSteps is how many steps the onboarding wizard has.
const OnboardingSteps = 4

// Onboarding is how far a new member got through the wizard.
type Onboarding struct {
	Step int  `bson:"step" json:"step"` // the next step to show, 1-based
	Done bool `bson:"done" json:"done"`
}
