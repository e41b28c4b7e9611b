package models

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// Guest is someone who came to an event without being a member: a walk-in
// a recruiter added at the door. They get one invitation to join, in which
// a link adds the visit to their new profile. Their name and address are
// kept on the event only until then, or until GuestKeep after the event.
type Guest struct {
	Name  string    `bson:"name"`
	Email string    `bson:"email"` // lower case
	Lang  string    `bson:"lang"`  // of the invitation
	At    time.Time `bson:"at"`    // when they came in
}

// GuestKeep is how long after an event its guests' names and addresses are
// kept for them to join.
const GuestKeep = 30 * 24 * time.Hour

// Limits of the guests: how many one event keeps (they live on its
// document), and the length of a name.
const (
	MaxGuests       = 500
	MaxGuestNameLen = 100
)

// PurposeGuestInvitation is the one mail a walk-in gets: the invitation to join.
const PurposeGuestInvitation = "guest_invitation"

// GuestInvitationKey names a guest's invitation in the outbox, so it is
// forgotten with them.
func GuestInvitationKey(eventID, email string) string {
	return MailKey(PurposeGuestInvitation, eventID, email)
}

// ErrDoorClosed is a walk-in added after the door closed: guests are added
// on the day.
var ErrDoorClosed = errors.New("models: the door has closed")

// CanAddGuest reports whether a walk-in can be added at now: while the
// door is open, on the day (unlike a member's check-in, not afterwards: a
// guest's address is taken at the door, with their yes).
func (e *Event) CanAddGuest(now time.Time) bool {
	return e.CanCheckIn(now) && now.Before(e.EndsAt.Add(DoorClosesAfter))
}

// GuestsForgottenAt is when the guests who did not join are forgotten.
func (e *Event) GuestsForgottenAt() time.Time { return e.EndsAt.Add(GuestKeep) }

// Guest finds a guest by address.
func (e *Event) Guest(email string) (Guest, bool) {
	i := slices.IndexFunc(e.Guests, func(g Guest) bool { return g.Email == strings.ToLower(email) })
	if i < 0 {
		return Guest{}, false
	}
	return e.Guests[i], true
}

// GuestInput is the door's walk-in form, as typed.
type GuestInput struct {
	Name, Email string
	// Agreed says the guest said yes to one invitation to join by mail.
	Agreed bool
}

// Validate checks the form and cleans it.
func (in *GuestInput) Validate() FieldErrors {
	e := FieldErrors{}
	e.text("name", &in.Name, MaxGuestNameLen, true)
	in.Email = strings.ToLower(in.Email)
	e.email("email", &in.Email, true)
	if !in.Agreed {
		e.add("agreed", "door.guest.agree_needed", 0)
	}
	return e
}

// GuestToken signs an event and a guest's address, for the link in their
// invitation that adds the visit to the profile they make.
func GuestToken(secret []byte, eventID, email string) string {
	return signToken(secret, "guest", eventID, email)
}

// ParseGuestToken checks a guest token and returns what it names.
func ParseGuestToken(secret []byte, token string) (eventID, email string, ok bool) {
	parts, ok := parseToken(secret, "guest", token, 2)
	if !ok || parts[1] == "" {
		return "", "", false
	}
	return parts[0], parts[1], true
}
