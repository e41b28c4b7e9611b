package models

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// MailClass says which rules a mail follows: transactional mail (sign-in,
// reminders and changes of events one joined) answers something the member
// did; nurture mail is everything else, within the member's contact policy.
type MailClass string

// The mail classes.
const (
	MailTransactional MailClass = "transactional"
	MailNurture       MailClass = "nurture"
)

// The states of a mail in the outbox.
const (
	MailQueued        = "queued"
	MailSent          = "sent"
	MailUndeliverable = "undeliverable" // the server refused it for good (5xx)
	MailSkipped       = "skipped"       // the contact policy held it back for good
)

// Mail is one message in the outbox, keyed by what it is for, so queueing
// the same mail twice (a job run twice, two instances) sends it once.
type Mail struct {
	// ID is the idempotency key: purpose, subject and recipient, e.g.
	// "event_reminder|evt-01|demo:candidate".
	ID      string    `bson:"_id" json:"id"`
	Purpose string    `bson:"purpose" json:"purpose"`
	Class   MailClass `bson:"class" json:"class"`
	Topic   MailTopic `bson:"topic,omitempty" json:"topic,omitempty"`
	UserID  string    `bson:"user_id,omitempty" json:"user_id,omitempty"`
	To      string    `bson:"to" json:"to"`
	Subject string    `bson:"subject" json:"subject"`
	// FromName is the sender's name as the recipient reads it: the
	// community's, or a recruiter's on their own message ("" keeps the
	// configured one).
	FromName string `bson:"from_name,omitempty" json:"from_name,omitempty"`
	Text     string `bson:"text" json:"text"`
	HTML     string `bson:"html,omitempty" json:"html,omitempty"`
	// Note is the notification the mail tells of: such mail is written
	// when it goes, in the member's language then, and To is their address then.
	Note *Notification `bson:"note,omitempty" json:"note,omitempty"`
	// Headers are extra headers (List-Unsubscribe and the like).
	Headers   map[string]string `bson:"headers,omitempty" json:"headers,omitempty"`
	Status    string            `bson:"status" json:"status"`
	Attempts  int               `bson:"attempts" json:"attempts"`
	LastError string            `bson:"last_error,omitempty" json:"last_error,omitempty"`
	Skipped   string            `bson:"skipped,omitempty" json:"skipped,omitempty"` // why, when MailSkipped
	CreatedAt time.Time         `bson:"created_at" json:"created_at"`
	// NotBefore holds a mail back until then (a weekly digest, a scheduled edition).
	NotBefore time.Time `bson:"not_before,omitempty" json:"not_before,omitempty"`
	// LocalDay ("2006-01-02") holds it until 08:00 that day in the recipient's zone.
	LocalDay string     `bson:"local_day,omitempty" json:"local_day,omitempty"`
	SentAt   *time.Time `bson:"sent_at,omitempty" json:"sent_at,omitempty"`
}

// Undeliverable is a permanent refusal of a member's address.
type Undeliverable struct {
	Address string    `bson:"address" json:"address"`
	Reason  string    `bson:"reason" json:"reason"`
	At      time.Time `bson:"at" json:"at"`
}

// Mailable reports whether mail can go to the member's address now.
func Mailable(u *User) bool {
	return u != nil && u.Email != "" && (u.Undeliverable == nil || !strings.EqualFold(u.Undeliverable.Address, u.Email))
}

// MailKey joins a mail's purpose, what it is about and its recipient.
func MailKey(purpose, subject, recipient string) string {
	return purpose + "|" + subject + "|" + recipient
}

// MessageID derives a mail's Message-ID from its key and the sending
// domain: a mail sent again (the one window in which that can happen) has
// the same Message-ID, which receiving systems use to drop duplicates.
func MessageID(key, domain string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16]) + "@" + domain
}

// MailDomain is the domain of a sender's address.
func MailDomain(from string) string {
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		return strings.Trim(from[i+1:], "> ")
	}
	return "localhost"
}

// The limits of sending.
const (
	// MailMaxAttempts is how often a temporary failure is retried before
	// the mail is given up as undeliverable.
	MailMaxAttempts = 8
)

// MailRetryAfter is how long to wait after the nth failed attempt (1-based):
// a minute, doubling, at most six hours.
func MailRetryAfter(attempt int) time.Duration {
	d := time.Minute << min(max(attempt-1, 0), 9)
	return min(d, 6*time.Hour)
}

// LocalMorning is when a mail held for a local day goes to a member in loc
// (zero when it is not held so).
func (m *Mail) LocalMorning(loc *time.Location) time.Time {
	day, err := time.ParseInLocation(time.DateOnly, m.LocalDay, loc)
	if err != nil {
		return time.Time{}
	}
	return day.Add(8 * time.Hour)
}
