package models

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The states of a newsletter edition.
const (
	EditionDraft     = "draft"
	EditionScheduled = "scheduled" // its recipients are queued; each mail waits for its time
	EditionSent      = "sent"      // every recipient is queued and its time has come
)

// The blocks an edition can hold, each filled in per recipient.
const (
	BlockVacancies = "vacancies" // their best matches, and near ones "for someone you know"
	BlockArticles  = "articles"  // articles on their interests
	BlockEvents    = "events"    // upcoming events near them or online
)

// EditionBlocks lists them in the order a mail shows them.
var EditionBlocks = []string{BlockVacancies, BlockArticles, BlockEvents}

// Limits of an edition's text.
const (
	MaxEditionSubject = 150
	MaxEditionIntro   = 5000
	MaxEditionNote    = 1000
)

// Edition is one newsletter: what the recruiter wrote, whom it goes to,
// when, and what came of it.
type Edition struct {
	ID       string          `bson:"_id"`
	Subject  string          `bson:"subject"`
	Intro    string          `bson:"intro"`          // Markdown
	Note     string          `bson:"note,omitempty"` // a personal note, signed by the author
	Blocks   []string        `bson:"blocks"`
	Audience EditionAudience `bson:"audience"`
	Status   string          `bson:"status"`
	// SendAt is when it goes; with LocalMorning, each recipient gets it at
	// 08:00 on SendAt's day in their own time zone.
	SendAt        time.Time    `bson:"send_at"`
	LocalMorning  bool         `bson:"local_morning,omitempty"`
	AuthorID      string       `bson:"author_id"`
	AuthorName    string       `bson:"author_name"`
	CreatedAt     time.Time    `bson:"created_at"`
	QueuedThrough string       `bson:"queued_through"` // the last of its audience queued (an index id), where queueing goes on
	Recipients    int          `bson:"recipients"`     // mails queued
	Stats         EditionStats `bson:"stats"`
	Version       int64        `bson:"version"`
}

// EditionAudience narrows the subscribers an edition goes to (empty: all).
type EditionAudience struct {
	Interests []string  `bson:"interests,omitempty"`
	City      string    `bson:"city,omitempty"`
	Seniority Seniority `bson:"seniority,omitempty"`
}

// Empty reports whether the edition goes to every subscriber.
func (a EditionAudience) Empty() bool {
	return len(a.Interests) == 0 && a.City == "" && a.Seniority == ""
}

// EditionStats is what came of an edition, counted as it happens.
type EditionStats struct {
	Sent         int               `bson:"sent"`
	Failed       int               `bson:"failed"`
	Skipped      map[string]int    `bson:"skipped,omitempty"` // by reason (SkipReasons)
	Unsubscribed int               `bson:"unsubscribed"`
	Clicks       map[string]int    `bson:"clicks,omitempty"` // by link key (LinkKey)
	Links        map[string]string `bson:"links,omitempty"`  // link key → address
}

// Editable reports whether the edition can still be changed.
func (e *Edition) Editable() bool { return e.Status == EditionDraft }

// RecipientDay is the day a LocalMorning edition goes, as "2006-01-02".
func (e *Edition) RecipientDay() string {
	if !e.LocalMorning {
		return ""
	}
	return e.SendAt.In(time.UTC).Format(time.DateOnly)
}

// RecipientTime is when the edition goes to a member in zone loc.
func (e *Edition) RecipientTime(loc *time.Location) time.Time {
	if !e.LocalMorning {
		return e.SendAt
	}
	y, m, d := e.SendAt.Date()
	return time.Date(y, m, d, 8, 0, 0, 0, loc)
}

// EditionInput is the edition form.
type EditionInput struct {
	Subject, Intro, Note string
	Blocks               []string
	Interests, City      string // the audience
	Seniority            string
	SendAt               string // "2006-01-02T15:04" in the community's zone; empty: now
	LocalMorning         bool
}

// InputFrom fills the form from an edition.
func InputFrom(e *Edition) EditionInput {
	in := EditionInput{Subject: e.Subject, Intro: e.Intro, Note: e.Note, Blocks: e.Blocks,
		Interests: strings.Join(e.Audience.Interests, ", "), City: e.Audience.City, Seniority: string(e.Audience.Seniority),
		LocalMorning: e.LocalMorning}
	if !e.SendAt.IsZero() {
		in.SendAt = e.SendAt.In(communityZone()).Format("2006-01-02T15:04")
	}
	return in
}

// Validate checks the form and applies it to e; scheduling also needs a
// time that has not passed (checked with now).
func (in *EditionInput) Validate(e *Edition, scheduling bool, now time.Time) FieldErrors {
	errs := FieldErrors{}
	errs.text("subject", &in.Subject, MaxEditionSubject, true)
	in.Intro = strings.TrimSpace(in.Intro)
	if in.Intro == "" {
		errs.add("intro", "validation.required", 0)
	} else if utf8.RuneCountInString(in.Intro) > MaxEditionIntro {
		errs.add("intro", "validation.too_long", MaxEditionIntro)
	}
	in.Note = strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(in.Note) > MaxEditionNote {
		errs.add("note", "validation.too_long", MaxEditionNote)
	}
	errs.choices("blocks", &in.Blocks, EditionBlocks)
	interests := errs.list("interests", in.Interests, MaxInterests, MaxTermLen)
	errs.text("city", &in.City, MaxCityLen, false)
	errs.choice("seniority", in.Seniority, seniorityValues(), false)
	var sendAt time.Time
	if in.SendAt != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", in.SendAt, communityZone())
		switch {
		case err != nil:
			errs.add("send_at", "validation.datetime", 0)
		case scheduling && t.Before(now.Add(-time.Minute)) && !in.LocalMorning:
			errs.add("send_at", "validation.event_past", 0)
		}
		sendAt = t
	} else if in.LocalMorning {
		errs.add("send_at", "validation.required", 0)
	}
	if errs.Any() {
		return errs
	}
	e.Subject, e.Intro, e.Note, e.Blocks = in.Subject, in.Intro, in.Note, in.Blocks
	e.Audience = EditionAudience{Interests: interests, City: in.City, Seniority: Seniority(in.Seniority)}
	e.SendAt, e.LocalMorning = sendAt, in.LocalMorning
	return errs
}

func communityZone() *time.Location {
	loc, err := time.LoadLocation(CommunityZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// LinkKey names a link of an edition in its click counts.
func LinkKey(url string) string {
	sum := sha256.Sum256([]byte(url))
	return hex.EncodeToString(sum[:6])
}

// ClickToken signs an edition's link, so the click redirect leads only to
// links the portal put in that edition.
func ClickToken(secret []byte, editionID, url string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("click\x00" + editionID + "\x00" + url))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// ValidClick checks a click token.
func ValidClick(secret []byte, editionID, url, token string) bool {
	return hmac.Equal([]byte(ClickToken(secret, editionID, url)), []byte(token))
}

// NewsletterWhy says why a member gets the newsletter: the interests
// they asked for news about, if any.
func NewsletterWhy(u *User) []string {
	return slices.Clone(u.Interests[:min(len(u.Interests), 3)])
}

// The newsletter standings the index holds of a member.
const (
	NewsletterSubscribed   = "subscribed"
	NewsletterUnsubscribed = "unsubscribed" // had it once: an edition counts them as skipped
)

// NewsletterStatus is a member's newsletter standing.
func NewsletterStatus(u *User) string {
	if u.Consents.Newsletter.Given {
		return NewsletterSubscribed
	}
	for _, e := range u.ConsentHistory {
		if e.Kind == ConsentNewsletter && e.Given {
			return NewsletterUnsubscribed
		}
	}
	return ""
}
