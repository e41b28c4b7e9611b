package models

import (
	"strings"
	"time"
)

// What a referral link points to.
const (
	TargetCommunity = "community"
	TargetVacancy   = "vacancy"
	TargetEvent     = "event"
)

// ReferralTargets lists the kinds of things a member can share.
var ReferralTargets = []string{TargetCommunity, TargetVacancy, TargetEvent}

// What a referral led to, in funnel order after the click.
const (
	ConversionSignUp   = "signup"
	ConversionJoin     = "join"     // joined the event they were invited to
	ConversionInterest = "interest" // said "I'm interested" in the vacancy they were invited to
	ConversionHire     = "hire"     // a recruiter marked them hired
)

// ReferralLink is a member's personal link to the community, a vacancy or an
// event. Its code is the whole secret: short, random and not guessable. The
// counters are kept on the link, so "My referrals" is one read.
type ReferralLink struct {
	Code           string    `bson:"_id" json:"code"`
	Key            string    `bson:"key" json:"-"` // one link per (referrer, target): ReferralKey
	ReferrerID     string    `bson:"referrer_id" json:"-"`
	TargetKind     string    `bson:"target_kind" json:"target_kind"`
	TargetID       string    `bson:"target_id,omitempty" json:"target_id,omitempty"`
	TargetTitle    string    `bson:"target_title,omitempty" json:"target_title,omitempty"` // as it was when shared
	CreatedAt      time.Time `bson:"created_at" json:"created_at"`
	Disabled       bool      `bson:"disabled" json:"disabled"`
	ReferralCounts `bson:",inline"`
}

// LinkRef is one of a member's referral links, as listed on the member's
// own document, so their links are found without a query on the links.
type LinkRef struct {
	Key       string    `bson:"key"` // ReferralKey: one link per target
	Code      string    `bson:"code"`
	CreatedAt time.Time `bson:"created_at"`
}

// ReferralCounts is what one link, or several added up, led to.
type ReferralCounts struct {
	Clicks    int `bson:"clicks" json:"clicks"`
	SignUps   int `bson:"signups" json:"signups"`
	Joins     int `bson:"joins" json:"joins"`
	Interests int `bson:"interests" json:"interests"`
	Hires     int `bson:"hires" json:"hires"`
}

// Add adds another link's counts.
func (c *ReferralCounts) Add(o ReferralCounts) {
	c.Clicks += o.Clicks
	c.SignUps += o.SignUps
	c.Joins += o.Joins
	c.Interests += o.Interests
	c.Hires += o.Hires
}

// Score ranks referrers: everyone they brought in, and what those people did.
func (c ReferralCounts) Score() int { return c.SignUps + c.Joins + c.Interests + c.Hires }

// ReferralKey names the one link a referrer has for a target.
func ReferralKey(referrerID, kind, targetID string) string {
	return referrerID + "|" + kind + "|" + targetID
}

// Path is where the link's target lives on the portal.
func (l *ReferralLink) Path() string { return targetPath(l.TargetKind, l.TargetID) }

func targetPath(kind, id string) string {
	switch kind {
	case TargetVacancy:
		return "/vacancies/" + id
	case TargetEvent:
		return "/events/" + id
	}
	return "/"
}

// CounterField is the link's counter a conversion of this kind raises.
func CounterField(kind string) string {
	switch kind {
	case ConversionSignUp:
		return "signups"
	case ConversionJoin:
		return "joins"
	case ConversionInterest:
		return "interests"
	case ConversionHire:
		return "hires"
	}
	return ""
}

// ConversionNotice is the kind of thank-you a referrer gets for a conversion.
func ConversionNotice(kind string) string {
	switch kind {
	case ConversionSignUp:
		return KindReferralSignUp
	case ConversionHire:
		return KindReferralHired
	}
	return KindReferralConverted
}

// ReferredBy is how a member came in: the link they clicked first, kept on
// their own document (the link, not the person, so it names nobody else).
type ReferredBy struct {
	Code       string    `bson:"code" json:"code"`
	TargetKind string    `bson:"target_kind" json:"target_kind"`
	TargetID   string    `bson:"target_id,omitempty" json:"target_id,omitempty"`
	At         time.Time `bson:"at" json:"at"`
}

// Path is where the member was invited to.
func (r *ReferredBy) Path() string { return targetPath(r.TargetKind, r.TargetID) }

// ReferralConversion is one thing a referred member did, recorded once: its
// id names the link, the member and the kind.
type ReferralConversion struct {
	ID         string    `bson:"_id"`
	Code       string    `bson:"code"`
	ReferrerID string    `bson:"referrer_id"`
	ReferredID string    `bson:"referred_id"`
	Kind       string    `bson:"kind"`
	TargetKind string    `bson:"target_kind"`
	TargetID   string    `bson:"target_id,omitempty"`
	At         time.Time `bson:"at"`
}

// NewConversion is the conversion of kind by the member a link brought in.
func NewConversion(l *ReferralLink, referredID, kind string, now time.Time) ReferralConversion {
	return ReferralConversion{ID: l.Code + "|" + referredID + "|" + kind, Code: l.Code, ReferrerID: l.ReferrerID,
		ReferredID: referredID, Kind: kind, TargetKind: l.TargetKind, TargetID: l.TargetID, At: now}
}

// Converts tells whether a member's action on a target completes their
// referral: they came in through a link to exactly that target.
func Converts(u *User, targetKind, targetID string) bool {
	return u != nil && u.ReferredBy != nil && u.ReferredBy.TargetKind == targetKind && u.ReferredBy.TargetID == targetID
}

// botMarkers are parts of the user agents of crawlers and link previewers;
// their visits are not people clicking.
var botMarkers = []string{"bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit", "embedly", "whatsapp",
	"skypeuripreview", "curl/", "wget/", "python-requests", "go-http-client", "okhttp", "httpclient", "java/", "monitor"}

// IsBot recognises the obvious non-people: no user agent, or a known crawler
// or link previewer (LinkedIn's, Slack's, Twitter's…).
func IsBot(userAgent string) bool {
	ua := strings.ToLower(strings.TrimSpace(userAgent))
	if ua == "" {
		return true
	}
	for _, m := range botMarkers {
		if strings.Contains(ua, m) {
			return true
		}
	}
	return false
}
