package models

import (
	"math"
	"slices"
	"testing"
	"time"
)

func member(frequency string, contact, visible bool, joined time.Time) *User {
	u := &User{ID: "m", CreatedAt: joined, Contact: ContactPreferences{Frequency: frequency}}
	SetConsents(u, map[ConsentKind]bool{ConsentContact: contact, ConsentVisibility: visible}, joined)
	return u
}

func TestTheRhythmIsTheCandidates(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	joined := now.AddDate(-1, 0, 0)
	called := func(daysAgo int) *Relationship {
		r := &Relationship{}
		r.Record(Touchpoint{ID: "c", Kind: KindContact, RecruiterID: "rec", At: now.AddDate(0, 0, -daysAgo)}, false)
		return r
	}
	cases := []struct {
		name string
		u    *User
		r    *Relationship
		kind string
		due  time.Time
	}{
		{"quarterly, called 97 days ago", member("quarterly", true, true, joined), called(97), TodayRhythm, now.AddDate(0, 0, -7)},
		{"monthly, never called: a month after joining", member("monthly", true, true, joined), nil, TodayRhythm, joined.AddDate(0, 0, 30)},
		{"no answer counts as quarterly", member("", true, true, joined), called(10), TodayRhythm, now.AddDate(0, 0, 80)},
		{"only when relevant: never by rhythm", member("relevant", true, true, joined), called(400), "", time.Time{}},
		{"no contact consent: never", member("monthly", false, true, joined), called(400), "", time.Time{}},
		{"not in the pool: not by rhythm", member("monthly", true, false, joined), called(400), "", time.Time{}},
		{"a recruiter's slower rhythm", member("monthly", true, true, joined), func() *Relationship { r := called(40); r.Rhythm = "quarterly"; return r }(), TodayRhythm, now.AddDate(0, 0, 50)},
		{"never faster than asked", member("quarterly", true, true, joined), func() *Relationship { r := called(40); r.Rhythm = "monthly"; return r }(), TodayRhythm, now.AddDate(0, 0, 50)},
		{"a snooze holds it", member("quarterly", true, true, joined), func() *Relationship { r := called(97); r.SnoozedUntil = now.AddDate(0, 0, 7); return r }(), TodayRhythm, now.AddDate(0, 0, 7)},
	}
	for _, c := range cases {
		got := OnToday(c.u, c.r)
		if got.Kind != c.kind || !got.At.Equal(c.due) {
			t.Errorf("%s: %s at %v, want %s at %v", c.name, got.Kind, got.At, c.kind, c.due)
		}
	}
	if got := RecruiterRhythms(member("quarterly", true, true, joined)); len(got) != 4 || got[0] != "quarterly" {
		t.Errorf("rhythms a recruiter may choose for a quarterly member: %v", got)
	}
}

func TestSignalsComeFirstAndAContactAnswersThem(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	hidden := member("quarterly", true, false, now.AddDate(-1, 0, 0))
	r := &Relationship{}
	r.Record(Touchpoint{ID: "a", Kind: KindAvailabilityChanged, Title: "looking", At: now.Add(-time.Hour)}, RaisesSignal(Touchpoint{Kind: KindAvailabilityChanged, Title: "looking"}))
	if got := OnToday(hidden, r); got.Kind != "" {
		t.Errorf("an availability change of someone outside the pool is a signal: %+v", got)
	}
	r.Record(Touchpoint{ID: "i", Kind: KindInterestExpressed, Title: "Go developer", At: now}, true)
	if got := OnToday(hidden, r); got.Kind != TodaySignal || !got.At.Equal(now) {
		t.Errorf("their own interest is a signal: %+v", got)
	}
	if !r.Record(Touchpoint{ID: "call", Kind: KindContact, RecruiterID: "rec", At: now.Add(time.Minute)}, false) {
		t.Fatal("the call was not recorded")
	}
	if r.Record(Touchpoint{ID: "call", Kind: KindContact, RecruiterID: "rec", At: now.Add(time.Minute)}, false) {
		t.Error("the same touchpoint was recorded twice")
	}
	if len(r.Signals) != 0 || r.LastContact == nil || r.LastContact.ID != "call" {
		t.Errorf("after the call: signals %v, last contact %+v", r.Signals, r.LastContact)
	}
	if len(r.Timeline) != 3 || r.Timeline[0].ID != "call" || r.Timeline[2].ID != "a" {
		t.Errorf("the timeline is not newest first: %+v", r.Timeline)
	}
	m := Milestone{ID: "ms", Title: "Started at Polder Cloud"}
	if !r.RaiseMilestone(m, now) || r.RaiseMilestone(m, now) {
		t.Error("a milestone is raised once")
	}
	r.Congratulate("ms", "rec", now)
	if _, done := r.Congratulation("ms"); !done || len(r.Signals) != 0 {
		t.Error("congratulating does not answer the milestone")
	}
	r.Forget("rec")
	if r.LastContact.RecruiterID != "" || r.Timeline[0].RecruiterID != "" || r.Congratulated[0].ByID != "" || len(r.Authors) != 0 {
		t.Errorf("an erased recruiter is still named: %+v", r)
	}
}

func TestEngagementDecays(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	at := func(kind string, daysAgo int) Activity { return Activity{Kind: kind, At: now.AddDate(0, 0, -daysAgo)} }
	cases := []struct {
		name     string
		activity []Activity
		score    float64
		tier     string
	}{
		{"nothing", nil, 0, TierDormant},
		{"checked in today", []Activity{at(KindEventAttended, 0)}, 5, TierWarm},
		{"checked in 30 days ago counts half", []Activity{at(KindEventAttended, 30)}, 2.5, TierCooling},
		{"a sign-in 91 days ago no longer counts", []Activity{at(KindSignIn, 91)}, 0, TierDormant},
		{"a meetup, an interest and two sign-ins this week", []Activity{at(KindEventAttended, 0), at(KindInterestExpressed, 0), at(KindSignIn, 0), at(KindSignIn, 0)}, 11, TierActive},
	}
	for _, c := range cases {
		e := MeasureEngagement(c.activity, now)
		if math.Abs(e.Score-c.score) > 0.01 || e.Tier != c.tier {
			t.Errorf("%s: %.2f %s, want %.2f %s", c.name, e.Score, e.Tier, c.score, c.tier)
		}
	}
	e := MeasureEngagement([]Activity{at(KindEventAttended, 0)}, now)
	// 5 halves to below 3 after 30·log2(5/3) ≈ 22.1 days: warm until day 23.
	if want := now.AddDate(0, 0, 23); !e.Until.Equal(want) {
		t.Errorf("warm until %v, want %v", e.Until, want)
	}
	r := &Relationship{}
	r.Act(KindSignIn, now)
	if r.Act(KindSignIn, now.Add(time.Hour)) || len(r.Activity) != 1 {
		t.Error("two sign-ins on one day count twice")
	}
}

func TestATouchpointCannotLieInTheFuture(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in    TouchpointInput
		field string
	}{
		{TouchpointInput{Channel: "call", At: "2026-12-05T10:00"}, "at"},
		{TouchpointInput{Channel: "pigeon"}, "channel"},
		{TouchpointInput{Channel: "call", At: "yesterday"}, "at"},
		{TouchpointInput{Channel: "call", At: "1999-12-31T10:00"}, "at"},
	} {
		if _, errs := c.in.Validate(now, time.UTC); errs[c.field].Key == "" {
			t.Errorf("%+v: no message at %s", c.in, c.field)
		}
	}
	at, errs := (&TouchpointInput{Channel: "meeting", At: "2026-11-30T14:30"}).Validate(now, time.UTC)
	if errs.Any() || !at.Equal(time.Date(2026, 11, 30, 14, 30, 0, 0, time.UTC)) {
		t.Errorf("a past meeting: %v %v", at, errs)
	}
	if at, _ := (&TouchpointInput{Channel: "call"}).Validate(now, time.UTC); !at.Equal(now) {
		t.Errorf("no time is now: %v", at)
	}
}

// The last contact a member's page names is always on the timeline its
// recruiters see: also of a member outside the talent pool (whose timeline
// shows only their own doings and the community's contacts), and after the
// contact itself was taken off as a mistake.
func TestTheLastContactIsOnTheTimeline(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	hidden := member("quarterly", true, false, now.AddDate(-1, 0, 0))
	r := &Relationship{}
	r.Record(Touchpoint{ID: "old-call", Kind: KindContact, RecruiterID: "rec", At: now.AddDate(0, -2, 0)}, false)
	r.Record(Touchpoint{ID: "share", Kind: KindVacancyShared, RecruiterID: "rec", At: now.AddDate(0, -1, 0)}, false)
	r.Record(Touchpoint{ID: "note", Kind: KindAvailabilityChanged, Title: "open", At: now.Add(-time.Hour)}, false)
	r.Record(Touchpoint{ID: "door", Kind: KindEventAttended, Title: "Meetup", At: now}, true)
	seen := RecruiterTimeline(hidden, r.Timeline)
	if !slices.ContainsFunc(seen, func(tp Touchpoint) bool { return tp.ID == r.LastContact.ID }) {
		t.Errorf("the last contact %q is not on the timeline shown: %+v", r.LastContact.ID, seen)
	}
	if slices.ContainsFunc(seen, func(tp Touchpoint) bool { return tp.ID == "note" }) {
		t.Error("an availability change of a member outside the pool is shown")
	}
	if got := RecruiterTimeline(member("quarterly", true, true, now), r.Timeline); len(got) != 4 {
		t.Errorf("a member in the pool shows %d of 4 touchpoints", len(got))
	}
	r.ForgetTouchpoint("share")
	if r.LastContact == nil || r.LastContact.ID != "old-call" {
		t.Errorf("after the newest contact was taken off, the last contact is %+v, want the call before it", r.LastContact)
	}
	r.ForgetTouchpoint("old-call")
	if r.LastContact != nil {
		t.Errorf("no contact is left, yet the last contact is %+v", r.LastContact)
	}
}
