package models

import (
	"fmt"
	"slices"
	"time"
)

// The touchpoint kinds of the timeline, beside those that are also
// notifications (notification.go). A touchpoint is anything that happened
// between the community and a member, whoever started it.
const (
	KindContact             = "contact"              // a recruiter logged a contact by hand (Channel says how)
	KindCongratulated       = "congratulated"        // a recruiter congratulated on a milestone
	KindSignedUp            = "signed_up"            // the member joined the community
	KindEventJoined         = "event_joined"         // the member got a place at an event (joining, or moving up from its waitlist)
	KindEventWaitlisted     = "event_waitlisted"     // the member joined a full event's waitlist: waiting is not joining
	KindNoShow              = "no_show"              // the member joined but was not checked in
	KindProfileChanged      = "profile_changed"      // the member changed their profile
	KindAvailabilityChanged = "availability_changed" // the member changed their availability
	KindMilestone           = "milestone"            // the member shared a milestone, or one came round
	KindSignIn              = "sign_in"              // activity only: not on the timeline
)

// TouchpointChannels are how a recruiter can have been in touch.
var TouchpointChannels = []string{"call", "email", "linkedin", "meeting", "event", "other"}

// Rhythms are how often a member hears from the community, from often to
// seldom; "relevant" means only when there is a reason.
var Rhythms = []string{"monthly", "quarterly", "half_yearly", "yearly", "relevant"}

// RhythmRelevant is the rhythm of someone who wants to hear only when
// something concerns them.
const RhythmRelevant = "relevant"

// rhythmDays is how many days apart contacts are at each rhythm.
var rhythmDays = map[string]int{"monthly": 30, "quarterly": 90, "half_yearly": 182, "yearly": 365}

// The limits of what one relationship keeps.
const (
	MaxTimeline     = 1000 // touchpoints kept, newest first
	MaxNotes        = 200
	MaxNoteLen      = 2000
	MaxTags         = 20
	MaxSignals      = 20
	activityKept    = 300
	touchpointsSeen = 2000
)

// Relationship is what the community keeps about how it stands with one
// member: keyed by the member, so their whole story is one read by _id.
// The candidate keeps their profile; recruiters keep this.
type Relationship struct {
	ID string `bson:"_id" json:"member_id"`
	// OwnerID is the one recruiter who looks after the member ("" for nobody).
	OwnerID string   `bson:"owner_id,omitempty" json:"owner_id,omitempty"`
	Tags    []string `bson:"tags,omitempty" json:"tags,omitempty"`
	// Rhythm is a recruiter's slower rhythm for the member; "" follows the
	// member's own contact preference (see EffectiveRhythm).
	Rhythm string `bson:"rhythm,omitempty" json:"rhythm,omitempty"`
	// Source is how the member came in: signup, referral or import.
	Source string `bson:"source,omitempty" json:"source,omitempty"`
	// LastContact is the newest contact by the community, if any.
	LastContact  *Touchpoint `bson:"last_contact,omitempty" json:"last_contact,omitempty"`
	SnoozedUntil time.Time   `bson:"snoozed_until,omitempty" json:"snoozed_until,omitempty"`
	// Signals are reasons to get in touch now, newest first, until a
	// recruiter handles them.
	Signals []Signal `bson:"signals,omitempty" json:"signals,omitempty"`
	// Activity is what the member did themselves lately, newest first: the
	// input of their engagement.
	Activity      []Activity       `bson:"activity,omitempty" json:"activity,omitempty"`
	Congratulated []Congratulation `bson:"congratulated,omitempty" json:"congratulated,omitempty"`
	Notes         []Note           `bson:"notes,omitempty" json:"notes,omitempty"`
	// Timeline is every touchpoint, newest first (the newest MaxTimeline).
	Timeline []Touchpoint `bson:"timeline,omitempty" json:"timeline,omitempty"`
	// Seen are the ids of touchpoints recorded, so recording one twice
	// (a repeated click, a job run twice) keeps it once.
	Seen []string `bson:"seen,omitempty" json:"-"`
	// Authors are the recruiters this document names (owner, notes,
	// touchpoints), so their export and erasure find it without a search.
	Authors []string `bson:"authors,omitempty" json:"-"`
	// Undo is what the newest contact changed, so it can be taken back at
	// once (Today's "Undo").
	Undo    *ContactUndo `bson:"undo,omitempty" json:"-"`
	Version int64        `bson:"version" json:"-"`
}

// ContactUndo is what a contact answered and ended: its signals and a snooze.
type ContactUndo struct {
	TouchpointID string    `bson:"touchpoint_id"`
	Signals      []Signal  `bson:"signals,omitempty"`
	SnoozedUntil time.Time `bson:"snoozed_until,omitempty"`
}

// Signal is a reason to get in touch now.
type Signal struct {
	ID    string    `bson:"id" json:"id"`
	Kind  string    `bson:"kind" json:"kind"`   // a touchpoint kind
	Title string    `bson:"title" json:"title"` // what it is about, as it was then
	At    time.Time `bson:"at" json:"at"`
	// MilestoneID names the milestone to congratulate on, for a milestone.
	MilestoneID string `bson:"milestone_id,omitempty" json:"milestone_id,omitempty"`
}

// Activity is one thing a member did themselves.
type Activity struct {
	Kind string    `bson:"kind" json:"kind"`
	At   time.Time `bson:"at" json:"at"`
}

// Congratulation records who congratulated on a milestone, so a second
// recruiter does not send another.
type Congratulation struct {
	MilestoneID string    `bson:"milestone_id" json:"milestone_id"`
	ByID        string    `bson:"by_id" json:"by_id"`
	At          time.Time `bson:"at" json:"at"`
}

// Note is a recruiter's private note about a member; the member sees it in
// their data export.
type Note struct {
	ID       string    `bson:"id" json:"id"`
	AuthorID string    `bson:"author_id" json:"author_id"`
	Text     string    `bson:"text" json:"text"`
	At       time.Time `bson:"at" json:"at"`
	EditedAt time.Time `bson:"edited_at,omitempty" json:"edited_at,omitempty"`
}

// CandidateRhythm is the rhythm the member asked for; no answer counts as
// quarterly, the middle of the three they can choose.
func CandidateRhythm(u *User) string {
	if slices.Contains(Rhythms, u.Contact.Frequency) {
		return u.Contact.Frequency
	}
	return "quarterly"
}

// slower reports whether rhythm a is slower than b.
func slower(a, b string) bool { return slices.Index(Rhythms, a) > slices.Index(Rhythms, b) }

// EffectiveRhythm is how often the member is due: a recruiter may choose a
// slower rhythm than the member asked for, never a faster one.
func EffectiveRhythm(u *User, r *Relationship) string {
	own := CandidateRhythm(u)
	if r != nil && slices.Contains(Rhythms, r.Rhythm) && slower(r.Rhythm, own) {
		return r.Rhythm
	}
	return own
}

// RecruiterRhythms are the rhythms a recruiter may choose for the member:
// the member's own and the slower ones.
func RecruiterRhythms(u *User) []string {
	return Rhythms[slices.Index(Rhythms, CandidateRhythm(u)):]
}

// Reachable reports whether recruiters may see the member's profile:
// without the visibility consent they see only what the member did with
// them (joined at the door, said "I'm interested").
func Reachable(u *User) bool { return May(u, PurposeTalentSearch) }

// selfActed are the signals of a member's own dealings with the community,
// the only ones raised for someone who is not in the talent pool.
var selfActed = []string{KindInterestExpressed, KindEventAttended, KindEventJoined, KindEventWaitlisted, KindReferralSignUp}

// Today is where a member stands on the recruiters' Today list.
type Today struct {
	// Kind is "signal" (something happened), "rhythm" (a contact is due)
	// or "" (not on Today).
	Kind string
	// At is when they come on: the newest open signal, or the due date.
	At time.Time
}

// The kinds of Today.
const (
	TodaySignal = "signal"
	TodayRhythm = "rhythm"
)

// OnToday says when the member comes on Today and why. Without the contact
// consent never. Open signals come first; then the rhythm: the last contact
// (or the day they joined) plus its days, never for "only when relevant".
// A snooze holds both until it ends. Without the visibility consent only
// signals of their own doing count.
func OnToday(u *User, r *Relationship) Today {
	if !May(u, PurposeRecruiterContact) {
		return Today{}
	}
	if r == nil {
		r = &Relationship{}
	}
	hold := func(t time.Time) time.Time {
		if r.SnoozedUntil.After(t) {
			return r.SnoozedUntil
		}
		return t
	}
	for _, s := range r.Signals {
		if Reachable(u) || slices.Contains(selfActed, s.Kind) {
			return Today{Kind: TodaySignal, At: hold(s.At)}
		}
	}
	days, ok := rhythmDays[EffectiveRhythm(u, r)]
	if !ok || !Reachable(u) {
		return Today{}
	}
	since := u.CreatedAt
	if r.LastContact != nil {
		since = r.LastContact.At
	}
	return Today{Kind: TodayRhythm, At: hold(since.AddDate(0, 0, days))}
}

// VisibleSignals are the open signals recruiters may see for the member.
func VisibleSignals(u *User, r *Relationship) []Signal {
	if r == nil {
		return nil
	}
	var out []Signal
	for _, s := range r.Signals {
		if Reachable(u) || slices.Contains(selfActed, s.Kind) {
			out = append(out, s)
		}
	}
	return out
}

// DaysSince counts whole days from t to now.
func DaysSince(t, now time.Time) int {
	if t.IsZero() || now.Before(t) {
		return 0
	}
	return int(now.Sub(t).Hours() / 24)
}

// Congratulation returns who congratulated on a milestone, if anyone did.
func (r *Relationship) Congratulation(milestoneID string) (Congratulation, bool) {
	if r == nil {
		return Congratulation{}, false
	}
	for _, c := range r.Congratulated {
		if c.MilestoneID == milestoneID {
			return c, true
		}
	}
	return Congratulation{}, false
}

// Record adds a touchpoint to the relationship unless it was recorded
// before, and reports whether it did. A contact by the community becomes
// the last contact and answers the open signals; the member's own doings
// count as activity, and those worth a call become signals.
func (r *Relationship) Record(tp Touchpoint, signal bool) bool {
	if slices.Contains(r.Seen, tp.ID) {
		return false
	}
	if tp.Kind == KindProfileChanged && len(r.Timeline) > 0 {
		// Changes close together are one line: the newest one takes them in.
		if last := &r.Timeline[0]; last.Kind == KindProfileChanged && tp.At.Sub(last.At) < profileChangeWindow && !tp.At.Before(last.At) {
			last.Changes, last.At = mergeChanges(last.Changes, tp.Changes), tp.At
			if len(last.Changes) == 0 {
				r.Timeline = r.Timeline[1:] // all taken back
			}
			return true
		}
	}
	r.Seen = append([]string{tp.ID}, r.Seen[:min(len(r.Seen), touchpointsSeen-1)]...)
	at := slices.IndexFunc(r.Timeline, func(e Touchpoint) bool { return e.At.Before(tp.At) })
	if at < 0 {
		at = len(r.Timeline)
	}
	r.Timeline = slices.Insert(r.Timeline, at, tp)
	r.Timeline = r.Timeline[:min(len(r.Timeline), MaxTimeline)]
	r.addAuthor(tp.RecruiterID)
	switch {
	case IsContact(tp.Kind):
		if r.LastContact == nil || !tp.At.Before(r.LastContact.At) {
			r.LastContact = lastContact(tp)
		}
		answered := func(s Signal) bool { return !s.At.After(tp.At) }
		r.Undo = &ContactUndo{TouchpointID: tp.ID, SnoozedUntil: r.SnoozedUntil}
		for _, s := range r.Signals {
			if answered(s) {
				r.Undo.Signals = append(r.Undo.Signals, s)
			}
		}
		r.Signals = slices.DeleteFunc(r.Signals, answered)
		r.SnoozedUntil = time.Time{}
	case signal:
		r.raise(Signal{ID: tp.ID, Kind: tp.Kind, Title: tp.Title, At: tp.At})
	}
	if EngagementWeight(tp.Kind) > 0 {
		r.Act(tp.Kind, tp.At)
	}
	return true
}

// ForgetTouchpoint takes a touchpoint recorded by mistake off the timeline,
// with the signal it raised, and reports whether it was there.
func (r *Relationship) ForgetTouchpoint(id string) bool {
	i := slices.IndexFunc(r.Timeline, func(tp Touchpoint) bool { return tp.ID == id })
	if i < 0 {
		return false
	}
	r.Timeline = slices.Delete(r.Timeline, i, i+1)
	r.Seen = slices.DeleteFunc(r.Seen, func(s string) bool { return s == id })
	r.Signals = slices.DeleteFunc(r.Signals, func(s Signal) bool { return s.ID == id })
	if r.LastContact != nil && r.LastContact.ID == id { // the last contact is the newest left on the timeline
		r.LastContact = nil
		if j := slices.IndexFunc(r.Timeline, func(tp Touchpoint) bool { return IsContact(tp.Kind) }); j >= 0 {
			r.LastContact = lastContact(r.Timeline[j])
		}
	}
	return true
}

// Touchpoints are the newest touchpoints of a kind, at most n.
func (r *Relationship) Touchpoints(kind string, n int) []Touchpoint {
	var out []Touchpoint
	for _, tp := range r.Timeline { // newest first
		if tp.Kind == kind && len(out) < n {
			out = append(out, tp)
		}
	}
	return out
}

// VacancyTouch is when the member's newest touchpoint of kind about the
// vacancy happened (zero if none): when they said they are interested,
// when it was shared with them.
func (r *Relationship) VacancyTouch(kind, vacancyID string) time.Time {
	for _, tp := range r.Timeline { // newest first
		if tp.Kind == kind && tp.VacancyID == vacancyID {
			return tp.At
		}
	}
	return time.Time{}
}

// lastContact is a contact as the relationship keeps it for "last
// contact": without its note (the timeline has it).
func lastContact(tp Touchpoint) *Touchpoint {
	tp.Note = ""
	return &tp
}

// UndoContact takes back the newest contact at once: off the timeline, its
// signals open again and a snooze it ended back. It reports whether id was
// that contact.
func (r *Relationship) UndoContact(id string) bool {
	u := r.Undo
	if u == nil || u.TouchpointID != id || !r.ForgetTouchpoint(id) {
		return false
	}
	r.Undo = nil
	for i := len(u.Signals) - 1; i >= 0; i-- { // raise puts each in front: oldest first keeps newest first
		r.raise(u.Signals[i])
	}
	slices.SortStableFunc(r.Signals, func(a, b Signal) int { return b.At.Compare(a.At) })
	r.SnoozedUntil = u.SnoozedUntil
	return true
}

// RaisesSignal reports whether a touchpoint is a reason to get in touch
// now: the member showed interest, came to an event, became available,
// shared a milestone, or joined through someone's referral (Title names them).
func RaisesSignal(tp Touchpoint) bool {
	switch tp.Kind {
	case KindInterestExpressed, KindEventAttended, KindMilestone:
		return true
	case KindAvailabilityChanged:
		return tp.Title == string(AvailabilityLooking) || tp.Title == string(AvailabilityOpen)
	case KindSignedUp:
		return tp.Title != ""
	}
	return false
}

// IsContact reports whether a touchpoint kind is the community getting in
// touch, which resets the rhythm.
func IsContact(kind string) bool {
	return kind == KindContact || kind == KindCongratulated || kind == KindVacancyShared
}

// raise adds a signal, newest first, replacing one with the same id.
func (r *Relationship) raise(s Signal) {
	r.Signals = slices.DeleteFunc(r.Signals, func(o Signal) bool { return o.ID == s.ID })
	r.Signals = append([]Signal{s}, r.Signals...)
	r.Signals = r.Signals[:min(len(r.Signals), MaxSignals)]
}

// Act records something the member did themselves, keeping what the
// engagement window looks at (a sign-in counts once a day), and reports
// whether it did.
func (r *Relationship) Act(kind string, at time.Time) bool {
	if kind == KindSignIn {
		for _, a := range r.Activity {
			if a.Kind == KindSignIn && sameDay(a.At, at) {
				return false
			}
		}
	}
	i := slices.IndexFunc(r.Activity, func(a Activity) bool { return a.At.Before(at) })
	if i < 0 {
		i = len(r.Activity)
	}
	r.Activity = slices.Insert(r.Activity, i, Activity{Kind: kind, At: at})
	cut := at.Add(-EngagementWindow)
	r.Activity = slices.DeleteFunc(r.Activity, func(a Activity) bool { return a.At.Before(cut) })
	r.Activity = r.Activity[:min(len(r.Activity), activityKept)]
	return true
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	return ay == by && am == bm && ad == bd
}

func (r *Relationship) addAuthor(id string) {
	if id != "" && !slices.Contains(r.Authors, id) {
		r.Authors = append(r.Authors, id)
	}
}

// Assign makes a recruiter (or nobody) the member's owner.
func (r *Relationship) Assign(ownerID string) {
	r.OwnerID = ownerID
	r.addAuthor(ownerID)
}

// AddNote adds a recruiter's note, newest first.
func (r *Relationship) AddNote(n Note) error {
	if len(r.Notes) >= MaxNotes {
		return ErrLimit
	}
	r.Notes = append([]Note{n}, r.Notes...)
	r.addAuthor(n.AuthorID)
	return nil
}

// EditNote changes a note; only its author may.
func (r *Relationship) EditNote(id, authorID, text string, at time.Time) bool {
	for i := range r.Notes {
		if r.Notes[i].ID == id && r.Notes[i].AuthorID == authorID {
			r.Notes[i].Text, r.Notes[i].EditedAt = text, at
			return true
		}
	}
	return false
}

// Congratulate records who congratulated on a milestone, and answers its signal.
func (r *Relationship) Congratulate(milestoneID, byID string, at time.Time) {
	r.Congratulated = append(r.Congratulated, Congratulation{MilestoneID: milestoneID, ByID: byID, At: at})
	r.Signals = slices.DeleteFunc(r.Signals, func(s Signal) bool { return s.MilestoneID == milestoneID })
}

// RaiseMilestone makes a milestone a signal, unless it was congratulated on
// or raised before.
func (r *Relationship) RaiseMilestone(m Milestone, at time.Time) bool {
	if _, done := r.Congratulation(m.ID); done {
		return false
	}
	id := KindMilestone + "|" + m.ID
	if slices.Contains(r.Seen, id) {
		return false
	}
	r.Seen = append([]string{id}, r.Seen...)
	r.raise(Signal{ID: id, Kind: KindMilestone, Title: m.Title, At: at, MilestoneID: m.ID})
	return true
}

// Forget takes a recruiter out of the relationship (their erasure): what
// they recorded stays, as the community's, without their name.
func (r *Relationship) Forget(recruiterID string) {
	r.Authors = slices.DeleteFunc(r.Authors, func(id string) bool { return id == recruiterID })
	if r.OwnerID == recruiterID {
		r.OwnerID = ""
	}
	for i := range r.Timeline {
		if r.Timeline[i].RecruiterID == recruiterID {
			r.Timeline[i].RecruiterID = ""
		}
	}
	if r.LastContact != nil && r.LastContact.RecruiterID == recruiterID {
		r.LastContact.RecruiterID = ""
	}
	for i := range r.Notes {
		if r.Notes[i].AuthorID == recruiterID {
			r.Notes[i].AuthorID = ""
		}
	}
	for i := range r.Congratulated {
		if r.Congratulated[i].ByID == recruiterID {
			r.Congratulated[i].ByID = ""
		}
	}
}

// LastContactRange names how long ago the last contact was, for the talent
// pool's facet: "never", or longer than three months, six months, a year.
type LastContactRange struct {
	Name   string
	Months int // 0 for never
}

// LastContactRanges are the last-contact facet's options.
var LastContactRanges = []LastContactRange{{"never", 0}, {"3m", 3}, {"6m", 6}, {"1y", 12}}

// MaxSavedSearches bounds a recruiter's saved talent searches.
const MaxSavedSearches = 30

// SavedSearch is a talent search a recruiter comes back to.
type SavedSearch struct {
	ID    string `bson:"id" json:"id"`
	Name  string `bson:"name" json:"name"`
	Query string `bson:"query" json:"query"` // the search's URL query
	// LookedAt is when the recruiter last opened it: members who joined
	// since are new to them.
	LookedAt time.Time `bson:"looked_at" json:"looked_at"`
}

// OwnDoings are the touchpoints of the member's own dealings with the
// community: what makes someone who is not in the talent pool known to
// recruiters.
func OwnDoings(timeline []Touchpoint) []Touchpoint {
	return slices.DeleteFunc(slices.Clone(timeline), func(tp Touchpoint) bool { return !slices.Contains(selfActed, tp.Kind) })
}

// RecruiterTimeline is what recruiters see of a member's timeline: all of
// it for a member in the talent pool; of anyone else their own dealings
// with the community and the community's contacts with them, so that the
// last contact a member's page names is always on it.
func RecruiterTimeline(u *User, timeline []Touchpoint) []Touchpoint {
	if Reachable(u) {
		return timeline
	}
	return slices.DeleteFunc(slices.Clone(timeline), func(tp Touchpoint) bool {
		return !slices.Contains(selfActed, tp.Kind) && !IsContact(tp.Kind)
	})
}

// AutomaticMilestones are the milestones that come round by themselves
// around now: a year (or more) in the community on the day one joined, and
// a work anniversary in the month a current position started. Their ids
// name the year, so each is raised once a year. lang picks their titles.
func AutomaticMilestones(u *User, now time.Time, title func(key string, years int, args ...any) string) []Milestone {
	var out []Milestone
	years := now.Year() - u.CreatedAt.Year()
	if years >= 1 && u.CreatedAt.Month() == now.Month() && u.CreatedAt.Day() == now.Day() {
		out = append(out, Milestone{ID: fmt.Sprintf("community-%d", now.Year()), Kind: "other",
			Title: title("milestone.auto.community", years), Date: now, AddedAt: now})
	}
	for _, p := range u.Positions {
		start, err := time.Parse("2006-01", p.Start)
		if p.End != "" || err != nil || start.Month() != now.Month() || start.Year() >= now.Year() {
			continue
		}
		out = append(out, Milestone{ID: fmt.Sprintf("work-%d-%s", now.Year(), Slug(p.Company)), Kind: "other",
			Title: title("milestone.auto.work", now.Year()-start.Year(), "Company", p.Company), Date: now, AddedAt: now})
	}
	return out
}
