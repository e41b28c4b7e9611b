package models

import "time"

// ConsentKind names one of the separate consents a candidate gives.
type ConsentKind string

// The consents. Each is separate, explicit and changeable at any time.
const (
	ConsentContact    ConsentKind = "contact"    // may recruiters contact me
	ConsentVisibility ConsentKind = "visibility" // may my profile appear in recruiters' talent search
	ConsentNewsletter ConsentKind = "newsletter" // do I want the newsletter
	// ConsentNewsletterAsked is not a consent but its history's first half:
	// the member said yes and was sent the confirmation mail.
	ConsentNewsletterAsked ConsentKind = "newsletter_asked"
)

// ConsentKinds lists the consents in the order forms show them.
var ConsentKinds = []ConsentKind{ConsentContact, ConsentVisibility, ConsentNewsletter}

// Consent is the current answer to one consent question.
type Consent struct {
	Given bool      `bson:"given" json:"given"`
	At    time.Time `bson:"at,omitempty" json:"at,omitempty"` // zero: never answered
}

// Consents are a candidate's current answers.
type Consents struct {
	Contact    Consent `bson:"contact" json:"contact"`
	Visibility Consent `bson:"visibility" json:"visibility"`
	Newsletter Consent `bson:"newsletter" json:"newsletter"`
}

// Get returns the answer for kind.
func (c Consents) Get(kind ConsentKind) Consent {
	switch kind {
	case ConsentContact:
		return c.Contact
	case ConsentVisibility:
		return c.Visibility
	case ConsentNewsletter:
		return c.Newsletter
	}
	return Consent{}
}

// ConsentEvent is one change of one consent, kept as history.
type ConsentEvent struct {
	Kind  ConsentKind `bson:"kind" json:"kind"`
	Given bool        `bson:"given" json:"given"`
	At    time.Time   `bson:"at" json:"at"`
}

// Purpose is something the portal may want to do with a person's data.
type Purpose string

// The purposes that need a consent.
const (
	PurposeRecruiterContact Purpose = "recruiter_contact"
	PurposeTalentSearch     Purpose = "talent_search"
	PurposeNewsletter       Purpose = "newsletter"
)

// May is the one place that answers "may we do this with this person".
// Every feature asks it; nothing reads the consents directly. Without an
// explicit yes the answer is no.
func May(u *User, p Purpose) bool {
	if u == nil {
		return false
	}
	if u.IsProspect() {
		// Kept under legitimate interest for recruiters to find; they
		// consented to nothing else.
		return p == PurposeTalentSearch
	}
	switch p {
	case PurposeRecruiterContact:
		return u.Consents.Contact.Given
	case PurposeTalentSearch:
		return u.Consents.Visibility.Given
	case PurposeNewsletter:
		return u.Consents.Newsletter.Given
	}
	return false
}
