// Package models holds the portal's domain types and the pure rules about them.
package models

import (
	"slices"
	"strings"
	"time"
)

// Role is what a person may do in the portal. Everyone is a candidate.
type Role string

// The roles, from least to most trusted.
const (
	RoleCandidate Role = "candidate"
	RoleRecruiter Role = "recruiter"
	RoleAdmin     Role = "admin"
)

// User is a member of the talent community, keyed on the identity provider's subject.
type User struct {
	ID            string    `bson:"_id"`
	Provider      string    `bson:"provider"` // "linkedin", or ProviderDemo and ProviderSeed for made-up members
	Subject       string    `bson:"subject"`
	Name          string    `bson:"name"`
	GivenName     string    `bson:"given_name,omitempty"`
	FamilyName    string    `bson:"family_name,omitempty"`
	Email         string    `bson:"email,omitempty"`
	EmailVerified bool      `bson:"email_verified"`
	Picture       string    `bson:"picture,omitempty"`
	Locale        string    `bson:"locale,omitempty"`
	Roles         []Role    `bson:"roles"`
	SignInCount   int64     `bson:"sign_in_count"`
	CreatedAt     time.Time `bson:"created_at"`
	LastSignInAt  time.Time `bson:"last_sign_in_at,omitempty"`

	// The talent profile, kept on the same document: one read by _id shows it all.
	Headline       string             `bson:"headline,omitempty"`
	City           string             `bson:"city,omitempty"`
	Country        string             `bson:"country,omitempty"`
	Seniority      Seniority          `bson:"seniority,omitempty"`
	LinkedInURL    string             `bson:"linkedin_url,omitempty"`
	Skills         []string           `bson:"skills,omitempty"`
	Interests      []string           `bson:"interests,omitempty"`
	Availability   Availability       `bson:"availability"`
	Preferences    WorkPreferences    `bson:"preferences"`
	Contact        ContactPreferences `bson:"contact"`
	Mail           MailPolicy         `bson:"mail"`
	Milestones     []Milestone        `bson:"milestones,omitempty"`
	Positions      []Position         `bson:"positions,omitempty"`
	Education      []Education        `bson:"education,omitempty"`
	Consents       Consents           `bson:"consents"`
	ConsentHistory []ConsentEvent     `bson:"consent_history,omitempty"`
	Onboarding     Onboarding         `bson:"onboarding"`
	NotForMe       []Dismissal        `bson:"not_for_me,omitempty"`

	// UnreadNotifications is kept on the owner's document, so the badge costs no query.
	UnreadNotifications int64 `bson:"unread_notifications"`

	// CalendarToken is the secret in the address of the member's calendar
	// feed; a new one makes the old address stop working.
	CalendarToken string `bson:"calendar_token,omitempty"`

	// Events are the ids of the events the member joined or waits for, so
	// their own events are read by _id; a superset, since the event's own
	// lists decide (an id is added before joining, removed after leaving).
	Events []string `bson:"events,omitempty"`

	// ReferralLinks are the member's own links (newest last).
	ReferralLinks []LinkRef `bson:"referral_links,omitempty"`

	// ReferralTotals are the member's links added up (see store.countReferral).
	ReferralTotals ReferralCounts `bson:"referral_totals,omitempty"`
	// ReferredBy is the referral link that brought the member in, if any.
	ReferredBy *ReferredBy `bson:"referred_by,omitempty"`
	// OnLeaderboard is the member's choice to appear on the public referral leaderboard.
	OnLeaderboard bool `bson:"on_leaderboard,omitempty"`

	// Undeliverable says the mail server refused the member's address for
	// good: mail to it stops until the address changes.
	Undeliverable *Undeliverable `bson:"undeliverable,omitempty"`

	// Origin is where the portal first had the person's data from, when not
	// from themselves (an ATS import), and what it told them.
	Origin *Origin `bson:"origin,omitempty"`
	// Identities are the keys that lead to the person (see store's identities).
	Identities []string `bson:"identities,omitempty"`

	// Version counts the writes of the profile (see store.modify).
	Version int64 `bson:"version"`
}

// UserID derives the portal's user id from the identity provider and its subject,
// so a returning person always lands on the same document.
func UserID(provider, subject string) string {
	return provider + ":" + subject
}

// Has reports whether the user holds role r. Admins may do what recruiters may.
func (u *User) Has(r Role) bool {
	if u == nil {
		return false
	}
	if r == RoleCandidate {
		return true
	}
	if slices.Contains(u.Roles, RoleAdmin) {
		return true
	}
	return slices.Contains(u.Roles, r)
}

// IsRecruiter reports whether the user may use the recruiter pages.
func (u *User) IsRecruiter() bool { return u.Has(RoleRecruiter) }

// IsAdmin reports whether the user may use the admin pages.
func (u *User) IsAdmin() bool { return u.Has(RoleAdmin) }

// FirstName is how the portal greets the user.
func (u *User) FirstName() string {
	if u.GivenName != "" {
		return u.GivenName
	}
	if f := strings.Fields(u.Name); len(f) > 0 {
		return f[0]
	}
	return u.Name
}

// ShortName is the first name and the initial of the last, "Anna B." for
// Anna de Boer, for public places such as the referral leaderboard.
func (u *User) ShortName() string {
	family := strings.Fields(u.FamilyName)
	if len(family) == 0 {
		if f := strings.Fields(u.Name); len(f) > 1 {
			family = f[1:]
		}
	}
	if len(family) == 0 {
		return u.FirstName()
	}
	last := []rune(family[len(family)-1])
	return u.FirstName() + " " + strings.ToUpper(string(last[0])) + "."
}

// Initials stand in for a missing profile picture.
func (u *User) Initials() string {
	var b strings.Builder
	for _, f := range strings.Fields(u.Name) {
		r := []rune(f)
		b.WriteRune(r[0])
		if b.Len() >= 2 {
			break
		}
	}
	return strings.ToUpper(b.String())
}

// RolesFromEmail lists the roles that the configured address lists grant to a
// verified email address. An unverified address is granted nothing: anyone can
// type an address into a LinkedIn account.
func RolesFromEmail(email string, verified bool, admins, recruiters []string) []Role {
	email = strings.ToLower(strings.TrimSpace(email))
	if !verified || email == "" {
		return nil
	}
	var roles []Role
	if slices.Contains(admins, email) {
		roles = append(roles, RoleAdmin)
	}
	if slices.Contains(recruiters, email) {
		roles = append(roles, RoleRecruiter)
	}
	return roles
}
