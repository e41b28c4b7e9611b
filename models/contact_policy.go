package models

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The contact policy: which mail a member gets, and when. Mail is either
// transactional (it answers something the member did: the reminders and
// changes of events they joined, confirming the newsletter) or nurture
// (everything else, in topics the member can stop one by one). Nurture
// mail needs the member's yes to being contacted, is capped, and waits out
// their quiet hours; the newsletter needs its own confirmed yes and waits
// out quiet hours, but does not count towards the cap.

// MailTopic is a kind of nurture mail a member can stop on its own.
type MailTopic string

// The mail topics; transactional mail has none.
const (
	TopicRecruiters MailTopic = "recruiters" // vacancies and messages recruiters send
	TopicAlerts     MailTopic = "alerts"     // new vacancies, articles and events that fit
	TopicReferrals  MailTopic = "referrals"  // thank-yous for referrals
	TopicNewsletter MailTopic = "newsletter" // the monthly newsletter
)

// MailTopics lists the topics in the order pages show them.
var MailTopics = []MailTopic{TopicRecruiters, TopicAlerts, TopicReferrals, TopicNewsletter}

// The two more classes: the newsletter (its own consent, no cap) and the
// confirmation the member just asked for (only an address needed).
const (
	MailNewsletter   MailClass = "newsletter"
	MailConfirmation MailClass = "confirmation"
	// MailProspect is the one kind of mail a prospect may get: the notice
	// that we hold their data (and, at most twice, an invitation to join).
	MailProspect MailClass = "prospect"
)

// The purposes of the mail to prospects.
const (
	PurposeProspectNotice = "prospect_notice"
	PurposeInvitation     = "prospect_invitation"
)

// The purposes of mail that follow no notification.
const (
	PurposeNewsletterConfirm = "newsletter_confirm"
	PurposeNewsletterEdition = "newsletter"
)

// MailKind says which class and topic the mail for a notification kind
// (or another purpose) has, and whether that kind goes by mail at all.
func MailKind(kind string) (MailClass, MailTopic, bool) {
	switch kind {
	case KindEventReminder, KindEventPromoted, KindEventCancelled:
		return MailTransactional, "", true
	case PurposeNewsletterConfirm:
		return MailConfirmation, "", true
	case KindTodayDigest: // a recruiter's own work, asked for by being one
		return MailTransactional, "", true
	case KindVacancyShared, KindMessage:
		return MailNurture, TopicRecruiters, true
	case KindReferralSignUp, KindReferralConverted, KindReferralHired:
		return MailNurture, TopicReferrals, true
	case KindVacancyAlert, KindAlertDigest:
		return MailNurture, TopicAlerts, true
	case PurposeNewsletterEdition:
		return MailNewsletter, TopicNewsletter, true
	}
	return "", "", false
}

// The defaults of the contact policy.
const (
	DefaultQuietFrom   = 21 // quiet hours start, in the member's time zone
	DefaultQuietUntil  = 8  // and end
	DefaultNurtureDays = 7  // at most one nurture mail in this many days
)

// NurtureGaps are the caps a member can choose: at most one nurture mail
// in this many days.
var NurtureGaps = []int{3, 7, 14, 30}

// MailPolicy is a member's contact policy and what it needs to remember.
type MailPolicy struct {
	// TimeZone is an IANA zone, asked from the browser once; empty: by country.
	TimeZone string `bson:"time_zone,omitempty" json:"time_zone,omitempty"`
	// QuietFrom and QuietUntil are whole hours; both zero: the defaults.
	QuietFrom  int `bson:"quiet_from,omitempty" json:"quiet_from,omitempty"`
	QuietUntil int `bson:"quiet_until,omitempty" json:"quiet_until,omitempty"`
	// NurtureDays caps nurture mail; zero: DefaultNurtureDays.
	NurtureDays int `bson:"nurture_days,omitempty" json:"nurture_days,omitempty"`
	// Stopped are the topics the member unsubscribed from.
	Stopped []MailTopic `bson:"stopped,omitempty" json:"stopped,omitempty"`
	// Alerts is how news that fits the member comes by mail: one of AlertRhythms; empty: AlertsInstant.
	Alerts string `bson:"alerts,omitempty" json:"alerts,omitempty"`
	// NoClickTracking: links in their mail go straight to where they lead.
	NoClickTracking bool `bson:"no_click_tracking,omitempty" json:"no_click_tracking,omitempty"`
	// NewsletterAskedAt is when the member said yes to the newsletter and
	// was sent the confirmation (zero when nothing waits for it).
	NewsletterAskedAt time.Time `bson:"newsletter_asked_at,omitempty" json:"newsletter_asked_at,omitempty"`
	// LastNurtureAt is when the last nurture mail went to them.
	LastNurtureAt time.Time `bson:"last_nurture_at,omitempty" json:"last_nurture_at,omitempty"`
}

// How alerts about new vacancies that fit come by mail: each strong match
// at once (within the cap), a weekly digest, or only in the newsletter. In
// the portal's inbox they come at once, whatever the choice.
const (
	AlertsInstant    = "instant"
	AlertsWeekly     = "weekly"
	AlertsNewsletter = "newsletter"
)

// AlertRhythms lists them in the order forms show them.
var AlertRhythms = []string{AlertsInstant, AlertsWeekly, AlertsNewsletter}

// AlertRhythm is the member's choice, the default filled in.
func (p MailPolicy) AlertRhythm() string {
	if p.Alerts == "" {
		return AlertsInstant
	}
	return p.Alerts
}

// NextWeeklyDigest is when the weekly digest of the week t falls in goes:
// the next Monday at 09:00 in the member's zone.
func NextWeeklyDigest(t time.Time, loc *time.Location) time.Time {
	local := t.In(loc)
	days := (8 - int(local.Weekday())) % 7
	if days == 0 {
		days = 7
	}
	return time.Date(local.Year(), local.Month(), local.Day()+days, 9, 0, 0, 0, loc)
}

// Quiet returns the quiet hours, defaults filled in.
func (p MailPolicy) Quiet() (from, until int) {
	if p.QuietFrom == 0 && p.QuietUntil == 0 {
		return DefaultQuietFrom, DefaultQuietUntil
	}
	return p.QuietFrom, p.QuietUntil
}

// Gap is the least time between two nurture mails.
func (p MailPolicy) Gap() time.Duration {
	days := p.NurtureDays
	if days <= 0 {
		days = DefaultNurtureDays
	}
	return time.Duration(days) * 24 * time.Hour
}

// Stops reports whether the member stopped a topic.
func (p MailPolicy) Stops(t MailTopic) bool { return slices.Contains(p.Stopped, t) }

// countryZones is the time zone assumed for a member who has not told us
// theirs, by country; the community's own zone otherwise.
var countryZones = map[string]string{
	"NL": "Europe/Amsterdam", "BE": "Europe/Brussels", "DE": "Europe/Berlin", "FR": "Europe/Paris",
	"GB": "Europe/London", "IE": "Europe/Dublin", "ES": "Europe/Madrid", "PT": "Europe/Lisbon",
	"IT": "Europe/Rome", "PL": "Europe/Warsaw", "SE": "Europe/Stockholm", "DK": "Europe/Copenhagen",
	"NO": "Europe/Oslo", "FI": "Europe/Helsinki", "CH": "Europe/Zurich", "AT": "Europe/Vienna",
	"US": "America/New_York", "CA": "America/Toronto", "IN": "Asia/Kolkata", "AU": "Australia/Sydney",
}

// zoneByCountry finds countryZones' zone by an ISO code or a country's
// name in English or Dutch (profiles keep the name, as LinkedIn gave it or
// the member typed it).
var zoneByCountry = func() map[string]string {
	m := map[string]string{}
	for code, zone := range countryZones {
		m[strings.ToLower(code)] = zone
		region := language.MustParseRegion(code)
		for _, namer := range []display.Namer{display.English.Regions(), display.Dutch.Regions()} {
			m[strings.ToLower(namer.Name(region))] = zone
		}
	}
	m["the netherlands"], m["holland"] = countryZones["NL"], countryZones["NL"]
	return m
}()

// CommunityZone is the community's own time zone.
const CommunityZone = "Europe/Amsterdam"

// ValidTimeZone reports whether name is an IANA zone we can use.
func ValidTimeZone(name string) bool {
	if name == "" || name == "Local" || strings.Contains(name, "..") {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// Zone is the member's time zone: theirs, or their country's, or the community's.
func (u *User) Zone() *time.Location {
	for _, name := range []string{u.Mail.TimeZone, zoneByCountry[strings.ToLower(strings.TrimSpace(u.Country))], CommunityZone} {
		if name == "" {
			continue
		}
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.UTC
}

// ChoseMail reports whether e-mail is among the member's chosen channels.
func ChoseMail(u *User) bool { return slices.Contains(u.Contact.Channels, "email") }

// The reasons a mail is not sent.
const (
	SkipNoAddress = "no_address"   // no address, or it bounced for good
	SkipNoChannel = "no_channel"   // mail is not among their channels
	SkipNoConsent = "no_consent"   // the consent it needs is not given
	SkipStopped   = "unsubscribed" // they stopped this topic
	SkipExpired   = "expired"      // it waited for the cap too long to be news
	SkipErased    = "erased"       // the member is gone
	SkipNothing   = "nothing_new"  // a digest found nothing to tell
	SkipProspect  = "prospect"     // a prospect consented to no mail but the notice
	SkipJoined    = "joined"       // a prospect's mail, but they joined meanwhile
)

// SkipReasons lists them for stats.
var SkipReasons = []string{SkipNoAddress, SkipNoChannel, SkipNoConsent, SkipStopped, SkipExpired, SkipErased, SkipNothing}

// MailExpiry is how long nurture mail may wait for the cap before it is no
// longer worth sending (it is still in the member's inbox in the portal).
const MailExpiry = 14 * 24 * time.Hour

// WantsMail says why a member gets no mail of a class and topic at all
// (a reason from SkipReasons), or "" when they do, whatever the hour.
func WantsMail(u *User, class MailClass, topic MailTopic) string {
	switch {
	case u == nil:
		return SkipErased
	case !Mailable(u):
		return SkipNoAddress
	case topic != "" && u.Mail.Stops(topic):
		return SkipStopped
	case u.IsProspect() != (class == MailProspect):
		if class == MailProspect {
			return SkipJoined
		}
		return SkipProspect
	}
	switch class {
	case MailProspect:
		return ""
	case MailConfirmation:
		if u.Mail.NewsletterAskedAt.IsZero() {
			return SkipNoConsent // withdrawn or confirmed in the meantime
		}
	case MailNewsletter:
		if !May(u, PurposeNewsletter) {
			return SkipNoConsent
		}
	case MailNurture:
		if !ChoseMail(u) {
			return SkipNoChannel
		}
		if !May(u, PurposeRecruiterContact) {
			return SkipNoConsent
		}
	default:
		if !ChoseMail(u) {
			return SkipNoChannel
		}
	}
	return ""
}

// MailVerdict is what to do with a mail now: send it, hold it until a
// time, or skip it for a reason.
type MailVerdict struct {
	Hold time.Time
	Skip string
}

// Send reports whether the mail may go now.
func (v MailVerdict) Send() bool { return v.Skip == "" && v.Hold.IsZero() }

// DecideMail applies the contact policy to a mail queued at queuedAt, at
// now: transactional mail goes at once; nurture mail waits for the cap and
// out of quiet hours (and is skipped once it waited too long); the
// newsletter waits out quiet hours.
func DecideMail(u *User, class MailClass, topic MailTopic, queuedAt, now time.Time) MailVerdict {
	if why := WantsMail(u, class, topic); why != "" {
		return MailVerdict{Skip: why}
	}
	if class == MailTransactional || class == MailConfirmation {
		return MailVerdict{}
	}
	at := now
	if class == MailNurture && !u.Mail.LastNurtureAt.IsZero() {
		if next := u.Mail.LastNurtureAt.Add(u.Mail.Gap()); next.After(at) {
			if next.Sub(queuedAt) > MailExpiry {
				return MailVerdict{Skip: SkipExpired}
			}
			at = next
		}
	}
	at = u.Mail.AfterQuietHours(at, u.Zone())
	if at.After(now) {
		return MailVerdict{Hold: at}
	}
	return MailVerdict{}
}

// AfterQuietHours returns t, or the end of the quiet hours t falls in.
func (p MailPolicy) AfterQuietHours(t time.Time, loc *time.Location) time.Time {
	from, until := p.Quiet()
	local := t.In(loc)
	h := local.Hour()
	quiet := from > until && (h >= from || h < until) || from < until && h >= from && h < until
	if !quiet {
		return t
	}
	end := time.Date(local.Year(), local.Month(), local.Day(), until, 0, 0, 0, loc)
	if !end.After(local) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

// SetMailTopics starts or stops topics of nurture mail, recording each
// change in the consent history with its time. The newsletter is its own
// consent: stopping it withdraws that; starting it again takes the
// double opt-in (see AskNewsletter), so it is not started here.
func SetMailTopics(u *User, want map[MailTopic]bool, now time.Time) {
	for _, t := range MailTopics {
		on, asked := want[t]
		if !asked {
			continue
		}
		if t == TopicNewsletter {
			if !on && u.Consents.Newsletter.Given {
				SetConsents(u, map[ConsentKind]bool{ConsentNewsletter: false}, now)
			}
			continue
		}
		if on != u.Mail.Stops(t) {
			continue
		}
		if on {
			u.Mail.Stopped = slices.DeleteFunc(slices.Clone(u.Mail.Stopped), func(s MailTopic) bool { return s == t })
		} else {
			u.Mail.Stopped = append(slices.Clone(u.Mail.Stopped), t)
		}
		u.ConsentHistory = append(u.ConsentHistory, ConsentEvent{Kind: TopicConsent(t), Given: on, At: now})
	}
	if n := len(u.ConsentHistory); n > MaxConsentLog {
		u.ConsentHistory = append([]ConsentEvent{}, u.ConsentHistory[n-MaxConsentLog:]...)
	}
}

// TopicConsent is how a topic shows in the consent history.
func TopicConsent(t MailTopic) ConsentKind {
	if t == TopicNewsletter {
		return ConsentNewsletter
	}
	return ConsentKind("mail_" + string(t))
}

// GetsTopic reports whether a member gets a topic now, as far as their own
// choices go (the unsubscribe page shows these).
func GetsTopic(u *User, t MailTopic) bool {
	if t == TopicNewsletter {
		return u.Consents.Newsletter.Given
	}
	return !u.Mail.Stops(t)
}

// MailPolicyInput is the contact policy part of the profile's contact form.
type MailPolicyInput struct {
	TimeZone            string
	QuietFrom           string // an hour, "0" to "23"
	QuietUntil          string
	NurtureDays         string
	Topics              []string // the topics kept, the newsletter aside
	Alerts              string
	ClickTracking       bool
	NewsletterConfirmed bool // shown, not changed here
}

// PolicyInput fills the form from the member's policy.
func PolicyInput(u *User) MailPolicyInput {
	from, until := u.Mail.Quiet()
	in := MailPolicyInput{TimeZone: u.Zone().String(), QuietFrom: strconv.Itoa(from), QuietUntil: strconv.Itoa(until),
		NurtureDays: strconv.Itoa(int(u.Mail.Gap().Hours() / 24)), ClickTracking: !u.Mail.NoClickTracking,
		Alerts: u.Mail.AlertRhythm()}
	for _, t := range MailTopics {
		if t != TopicNewsletter && !u.Mail.Stops(t) {
			in.Topics = append(in.Topics, string(t))
		}
	}
	return in
}

// Validate checks the policy and applies it to u (through apply, so that
// nothing changes when a field is wrong).
func (in *MailPolicyInput) Validate() (apply func(u *User, now time.Time), e FieldErrors) {
	e = FieldErrors{}
	if !ValidTimeZone(in.TimeZone) {
		e.add("time_zone", "validation.time_zone", 0)
	}
	from, errFrom := strconv.Atoi(in.QuietFrom)
	until, errUntil := strconv.Atoi(in.QuietUntil)
	switch {
	case errFrom != nil || errUntil != nil || from < 0 || from > 23 || until < 0 || until > 23:
		e.add("quiet", "validation.choice", 0)
	case from == until:
		e.add("quiet", "validation.quiet_empty", 0)
	}
	days, err := strconv.Atoi(in.NurtureDays)
	if err != nil || !slices.Contains(NurtureGaps, days) {
		e.add("nurture_days", "validation.choice", 0)
	}
	if !slices.Contains(AlertRhythms, in.Alerts) {
		e.add("alerts", "validation.choice", 0)
	}
	topics := map[MailTopic]bool{}
	for _, t := range MailTopics {
		if t != TopicNewsletter {
			topics[t] = slices.Contains(in.Topics, string(t))
		}
	}
	return func(u *User, now time.Time) {
		u.Mail.TimeZone, u.Mail.QuietFrom, u.Mail.QuietUntil, u.Mail.NurtureDays = in.TimeZone, from, until, days
		u.Mail.NoClickTracking, u.Mail.Alerts = !in.ClickTracking, in.Alerts
		SetMailTopics(u, topics, now)
	}, e
}

// VacancyAlert records that the members a new vacancy fits were told.
type VacancyAlert struct {
	VacancyID string    `bson:"_id"`
	Alerted   int       `bson:"alerted"` // members told
	At        time.Time `bson:"at"`
}

// AlertWindow is how recent a vacancy must be to alert anyone: one found
// later (the job was down, the portal just started on old data) is no
// longer news, and shows under For you all the same.
const AlertWindow = 3 * 24 * time.Hour

// VacancyAlertNote is the inbox notification about a new vacancy that fits;
// its id makes a second publication (an edit) tell nobody twice.
func VacancyAlertNote(v *Vacancy, userID string, now time.Time) Notification {
	return Notification{ID: KindVacancyAlert + "|" + v.ID + "|" + userID, UserID: userID, Kind: KindVacancyAlert,
		VacancyID: v.ID, Title: v.Title, CreatedAt: now}
}
