package models

import "time"

// The kinds of notifications and touchpoints.
const (
	KindVacancyShared     = "vacancy_shared"     // a recruiter shared a vacancy with a candidate
	KindInterestExpressed = "interest_expressed" // a candidate said "I'm interested"
	KindEventReminder     = "event_reminder"     // an event one attends starts within a day
	KindEventPromoted     = "event_promoted"     // a place came free for someone on the waitlist
	KindEventCancelled    = "event_cancelled"    // the host called off an event one joined
	KindEventAttended     = "event_attended"     // a candidate was checked in at the door
	KindReferralSignUp    = "referral_signup"    // someone a member invited signed up
	KindReferralConverted = "referral_converted" // they joined the event or liked the vacancy they were invited to
	KindReferralHired     = "referral_hired"     // they were hired
	KindMessage           = "message"            // a recruiter wrote to the member (a congratulation)
	KindTodayDigest       = "today_digest"       // a recruiter's morning note: who is due today
	KindVacancyAlert      = "vacancy_alert"      // a newly published vacancy fits the member
	KindAlertDigest       = "alert_digest"       // the week's alerts in one mail (mail only)
)

// Notification is a message in a member's in-app inbox.
type Notification struct {
	ID        string `bson:"_id" json:"id"`
	UserID    string `bson:"user_id" json:"user_id"` // the recipient
	Kind      string `bson:"kind" json:"kind"`
	VacancyID string `bson:"vacancy_id,omitempty" json:"vacancy_id,omitempty"`
	EventID   string `bson:"event_id,omitempty" json:"event_id,omitempty"`
	Title     string `bson:"title" json:"title"` // what it is about, as it was then
	FromID    string `bson:"from_id,omitempty" json:"from_id,omitempty"`
	FromName  string `bson:"from_name,omitempty" json:"from_name,omitempty"`
	// Body is a personal message (a congratulation), written by FromName
	// under the Subject they chose.
	Body      string     `bson:"body,omitempty" json:"body,omitempty"`
	Subject   string     `bson:"subject,omitempty" json:"subject,omitempty"`
	CreatedAt time.Time  `bson:"created_at" json:"created_at"`
	ReadAt    *time.Time `bson:"read_at,omitempty" json:"read_at,omitempty"`
}

// Touchpoint is one moment in a member's story with the community: a
// contact by a recruiter (logged by hand or done through the portal) or
// something the member did, kept on their timeline.
type Touchpoint struct {
	ID          string `bson:"_id" json:"id"`
	CandidateID string `bson:"candidate_id" json:"candidate_id"`
	RecruiterID string `bson:"recruiter_id,omitempty" json:"recruiter_id,omitempty"`
	Kind        string `bson:"kind" json:"kind"`
	Channel     string `bson:"channel,omitempty" json:"channel,omitempty"` // how, for a contact: one of TouchpointChannels
	Note        string `bson:"note,omitempty" json:"note,omitempty"`
	Title       string `bson:"title,omitempty" json:"title,omitempty"` // what it was about, as it was then
	VacancyID   string `bson:"vacancy_id,omitempty" json:"vacancy_id,omitempty"`
	EventID     string `bson:"event_id,omitempty" json:"event_id,omitempty"`
	// Changes says what a member changed on their profile.
	Changes []Change  `bson:"changes,omitempty" json:"changes,omitempty"`
	At      time.Time `bson:"at" json:"at"`
}

// TouchpointID makes the same touchpoint land on the same document, so
// sharing a vacancy twice or clicking "interested" twice records it once.
func TouchpointID(kind, candidateID, vacancyID string) string {
	return kind + "|" + candidateID + "|" + vacancyID
}

// EventNotification tells an attendee (or someone waiting) about an event.
// Its id is the same for the same news to the same person, so a job that
// runs twice, or on two instances, tells them once.
func EventNotification(kind string, e *Event, userID string, now time.Time) Notification {
	return Notification{ID: kind + "|" + e.ID + "|" + userID, UserID: userID, Kind: kind, EventID: e.ID,
		Title: e.Title, CreatedAt: now}
}
