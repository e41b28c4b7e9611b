package models

import (
	"slices"
	"time"
)

// Insights count what happens in the community per metric, day and key
// (a source, a recruiter, a tier), so the insights page reads a few
// documents instead of the members. A Tally is one such count; the store
// adds them up (flows, such as members who joined) or keeps the day's
// value (snapshots, such as members per engagement tier).

// The metrics and what their keys are.
const (
	MetricJoined        = "joined"             // members who joined, by Source*
	MetricEngagement    = "engagement"         // members per tier on a day (a snapshot)
	MetricTouches       = "touches"            // contacts by the community, by recruiter id
	MetricCameDue       = "came_due"           // members who came due by their rhythm, by owner id (NoOwner)
	MetricSignals       = "signals"            // a member gave a reason to get in touch while none was waiting: SignalRaised
	MetricResponse      = "response"           // those answered by a contact, on the day they were raised, by ResponseBuckets
	MetricReferrals     = "referrals"          // the referral funnel, by the ReferralCounts field
	MetricConsent       = "newsletter_consent" // newsletter consents, ConsentGained or ConsentLost
	MetricVacancies     = "vacancies"          // VacancyShared, VacancyInterested, VacancyHired
	MetricFirstInterest = "first_interest"     // a vacancy's first interested member, on the day it was published, by ResponseBuckets since then
)

// SignalRaised is the key of MetricSignals.
const SignalRaised = "raised"

// The sources of members, as Relationship.Source holds them.
const (
	SourceSignUp   = "signup"
	SourceReferral = "referral"
	SourceImport   = "import"
)

// Sources lists them in the order the charts show them.
var Sources = []string{SourceSignUp, SourceReferral, SourceImport}

// The keys of MetricConsent and MetricVacancies.
const (
	ConsentGained     = "gained"
	ConsentLost       = "lost"
	VacancyShared     = "shared"
	VacancyInterested = "interested"
	VacancyHired      = "hired"
)

// NoOwner keys members nobody looks after.
const NoOwner = "none"

// FormerRecruiter keys what recruiters who were erased did.
const FormerRecruiter = "former"

// ResponseBuckets are how long something took: a day, three days, a week,
// a month, or longer.
var ResponseBuckets = []string{"day", "3days", "week", "month", "later"}

// ResponseBucket is the bucket of a wait.
func ResponseBucket(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d <= day:
		return "day"
	case d <= 3*day:
		return "3days"
	case d <= 7*day:
		return "week"
	case d <= 30*day:
		return "month"
	}
	return "later"
}

// Tally is one count of a metric on the day of At.
type Tally struct {
	Metric string
	Key    string
	At     time.Time
	N      int
}

// TimelineTallies counts new touchpoints (oldest first) of a member whose
// open signals were open before them: members joining by their source,
// the community's contacts by recruiter, vacancies shared and liked, and
// each time the member gave a reason to get in touch while none was
// waiting, with how long it waited for the contact that answered it. A
// signal and its answer are both counted on the day it was raised, so a
// period's rate has every signal raised in it as its denominator, those
// still waiting included. Replaying a whole timeline from no signals gives
// what happened on it.
func TimelineTallies(open []Signal, source string, fresh []Touchpoint) []Tally {
	open = slices.Clone(open)
	var out []Tally
	for _, tp := range fresh {
		switch tp.Kind {
		case KindSignedUp:
			out = append(out, Tally{MetricJoined, sourceOf(source, tp), tp.At, 1})
		case KindVacancyShared:
			out = append(out, Tally{MetricVacancies, VacancyShared, tp.At, 1})
		case KindInterestExpressed:
			out = append(out, Tally{MetricVacancies, VacancyInterested, tp.At, 1})
		}
		switch {
		case IsContact(tp.Kind):
			if tp.RecruiterID != "" {
				out = append(out, Tally{MetricTouches, tp.RecruiterID, tp.At, 1})
			}
			// The oldest signal this contact answers: how long it waited.
			var oldest time.Time
			for _, s := range open {
				if !s.At.After(tp.At) && (oldest.IsZero() || s.At.Before(oldest)) {
					oldest = s.At
				}
			}
			if !oldest.IsZero() {
				out = append(out, Tally{MetricResponse, ResponseBucket(tp.At.Sub(oldest)), oldest, 1})
			}
			open = slices.DeleteFunc(open, func(s Signal) bool { return !s.At.After(tp.At) })
		case RaisesSignal(tp):
			if len(open) == 0 {
				out = append(out, Tally{MetricSignals, SignalRaised, tp.At, 1})
			}
			open = append(open, Signal{ID: tp.ID, Kind: tp.Kind, At: tp.At})
		}
	}
	return out
}

// OpenSignals are the reasons to get in touch on a timeline (newest first)
// since its newest contact: what TimelineTallies counts as waiting. They
// come from the timeline alone, so the live count and a replay of the
// history agree (a milestone waits for its congratulation elsewhere).
func OpenSignals(timeline []Touchpoint) []Signal {
	var open []Signal
	for _, tp := range timeline {
		if IsContact(tp.Kind) {
			break
		}
		if RaisesSignal(tp) {
			open = append(open, Signal{ID: tp.ID, Kind: tp.Kind, At: tp.At})
		}
	}
	return open
}

// sourceOf is how a member came in: through a referral when their sign-up
// names whoever invited them (as the referral funnel counts it), else the
// relationship's source.
func sourceOf(source string, signUp Touchpoint) string {
	switch {
	case signUp.Title != "":
		return SourceReferral
	case slices.Contains(Sources, source):
		return source
	}
	return SourceSignUp
}

// MemberSource is how a member came in: imported, through a referral link,
// or by signing up themselves.
func MemberSource(u *User, r *Relationship) string {
	switch {
	case r != nil && r.Source == SourceImport:
		return SourceImport
	case u.ReferredBy != nil:
		return SourceReferral
	case r != nil && slices.Contains(Sources, r.Source):
		return r.Source
	}
	return SourceSignUp
}

// HistoryTallies replays a member's whole timeline up to now: what
// TimelineTallies counts, their engagement tier at the end of each past
// month since they joined, and each day they came due by their rhythm
// without a contact before it. It is how existing and seeded members get
// their history into the insights.
//
// The engagement is measured as the daily snapshot measures it, so a chart
// has one method for every month: the same members (the talent pool, not
// staff) and the same doings (their own on the timeline, with the sign-ins
// and newsletter clicks the relationship keeps for the last 90 days).
func HistoryTallies(u *User, r *Relationship, now time.Time) []Tally {
	timeline := slices.Clone(r.Timeline)
	slices.Reverse(timeline) // oldest first
	out := TimelineTallies(nil, MemberSource(u, r), timeline)
	if Reachable(u) && !u.IsRecruiter() {
		out = append(out, engagementHistory(u, r, now)...)
	}

	if !Reachable(u) || !May(u, PurposeRecruiterContact) {
		return out
	}
	days, ok := rhythmDays[EffectiveRhythm(u, r)]
	if !ok {
		return out
	}
	owner := r.OwnerID
	if owner == "" {
		owner = NoOwner
	}
	since := u.CreatedAt
	for _, tp := range timeline {
		if !IsContact(tp.Kind) {
			continue
		}
		if due := since.AddDate(0, 0, days); due.Before(tp.At) {
			out = append(out, Tally{MetricCameDue, owner, due, 1})
		}
		since = tp.At
	}
	if due := since.AddDate(0, 0, days); due.Before(now) {
		out = append(out, Tally{MetricCameDue, owner, due, 1})
	}
	return out
}

// engagementHistory is the member's tier at the end of each past month
// since they joined.
func engagementHistory(u *User, r *Relationship, now time.Time) []Tally {
	doings := historyDoings(r)
	var out []Tally
	next := 0
	for end := monthStart(u.CreatedAt).AddDate(0, 1, 0); end.Before(now); end = end.AddDate(0, 1, 0) {
		for next < len(doings) && doings[next].At.Before(end) {
			next++
		}
		last := end.Add(-time.Nanosecond)
		out = append(out, Tally{MetricEngagement, tierOf(engagementScore(doings[:next], last, nil)), last, 1})
	}
	return out
}

// historyDoings are the member's doings that count for engagement, oldest
// first: their own on the timeline, with the sign-ins and newsletter clicks
// the relationship keeps for the last 90 days (the timeline does not).
func historyDoings(r *Relationship) []Activity {
	var doings []Activity
	for _, tp := range r.Timeline {
		if EngagementWeight(tp.Kind) > 0 {
			doings = append(doings, Activity{Kind: tp.Kind, At: tp.At})
		}
	}
	for _, a := range r.Activity {
		if a.Kind == KindSignIn || a.Kind == KindNewsletterClick {
			doings = append(doings, a)
		}
	}
	slices.SortStableFunc(doings, func(a, b Activity) int { return a.At.Compare(b.At) })
	return doings
}

// ReplayedTier is the member's engagement tier at a moment as the history
// replay measures it: for a check that it agrees with the daily snapshot.
func ReplayedTier(r *Relationship, at time.Time) string {
	return tierOf(engagementScore(historyDoings(r), at, nil))
}

// ConsentTallies counts the newsletter consents given and withdrawn in the
// history entries added.
func ConsentTallies(added []ConsentEvent) []Tally {
	var out []Tally
	for _, e := range added {
		if e.Kind != ConsentNewsletter {
			continue
		}
		key := ConsentLost
		if e.Given {
			key = ConsentGained
		}
		out = append(out, Tally{MetricConsent, key, e.At, 1})
	}
	return out
}

func monthStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// ClickTally counts a click on a referral link.
func ClickTally(at time.Time) Tally { return Tally{MetricReferrals, "clicks", at, 1} }

// FirstInterestTally counts a vacancy's first interested member, at, by how
// long after its publication they came, on the day it was published: a
// period's rate has every vacancy published in it as its denominator (the
// search index counts those).
func FirstInterestTally(published, at time.Time) Tally {
	return Tally{MetricFirstInterest, ResponseBucket(at.Sub(published)), published, 1}
}

// ConversionTallies counts a referral conversion in the funnel, and a hire
// through a vacancy's link among the vacancy's hires.
func ConversionTallies(c ReferralConversion) []Tally {
	out := []Tally{{MetricReferrals, CounterField(c.Kind), c.At, 1}}
	if c.Kind == ConversionHire && c.TargetKind == TargetVacancy {
		out = append(out, Tally{MetricVacancies, VacancyHired, c.At, 1})
	}
	return out
}
