package models

import (
	"testing"
	"time"
)

func TestEventInputValidation(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	ok := EventInput{Title: "Meetup", Description: "Talks", TimeZone: "Europe/Brussels", StartsAt: "2027-01-14T19:00",
		EndsAt: "2027-01-14T21:30", Mode: "in_person", Venue: "Rue de la Loi 1", City: "Brussels", Capacity: "40", RSVPBy: "2027-01-13T12:00"}
	f, errs := ok.Validate(now, nil)
	if errs.Any() {
		t.Fatalf("a good form is refused: %v", errs)
	}
	if want := time.Date(2027, 1, 14, 18, 0, 0, 0, time.UTC); !f.StartsAt.Equal(want) || f.Capacity != 40 || f.RSVPBy == nil {
		t.Errorf("parsed %+v", f)
	}

	going := &Event{StartsAt: time.Date(2026, 11, 1, 18, 0, 0, 0, time.UTC), Attendance: Attendance{Going: 12}}
	for name, tc := range map[string]struct {
		change   func(in *EventInput)
		existing *Event
		field    string
		key      string
	}{
		"start in the past":         {func(in *EventInput) { in.StartsAt = "2026-11-27T12:00" }, nil, "starts_at", "validation.event_past"},
		"end before start":          {func(in *EventInput) { in.EndsAt = "2027-01-14T18:00" }, nil, "ends_at", "validation.end_before_start"},
		"three weeks long":          {func(in *EventInput) { in.EndsAt = "2027-02-05T19:00" }, nil, "ends_at", "validation.event_too_long"},
		"not a date":                {func(in *EventInput) { in.StartsAt = "tomorrow" }, nil, "starts_at", "validation.datetime"},
		"unknown zone":              {func(in *EventInput) { in.TimeZone = "Mars/Olympus" }, nil, "time_zone", "validation.choice"},
		"in person without address": {func(in *EventInput) { in.Venue = "" }, nil, "venue", "validation.required"},
		"online without link":       {func(in *EventInput) { in.Mode = "online" }, nil, "online_url", "validation.required"},
		"online over http":          {func(in *EventInput) { in.Mode, in.OnlineURL = "online", "http://meet.example/x" }, nil, "online_url", "validation.https_url"},
		"capacity a word":           {func(in *EventInput) { in.Capacity = "lots" }, nil, "capacity", "validation.capacity"},
		"capacity too big":          {func(in *EventInput) { in.Capacity = "10001" }, nil, "capacity", "validation.capacity"},
		"fewer places than going":   {func(in *EventInput) { in.Capacity = "10" }, going, "capacity", "validation.capacity_below_attendees"},
		"sign-up after the start":   {func(in *EventInput) { in.RSVPBy = "2027-01-14T20:00" }, nil, "rsvp_by", "validation.rsvp_after_start"},
		"sign-up closed already":    {func(in *EventInput) { in.RSVPBy = "2026-11-01T20:00" }, nil, "rsvp_by", "validation.date_past"},
	} {
		t.Run(name, func(t *testing.T) {
			in := ok
			tc.change(&in)
			_, errs := in.Validate(now, tc.existing)
			if errs[tc.field].Key != tc.key {
				t.Errorf("%s: %+v, want %s", tc.field, errs, tc.key)
			}
		})
	}

	// An event that already started can still be edited, as long as its start stays.
	past := EventInputFrom(&Event{Title: "Running", Description: "x", TimeZone: "Europe/Amsterdam", StartsAt: now.Add(-time.Hour),
		EndsAt: now.Add(time.Hour), City: "Utrecht", Venue: "Plein 1"})
	if _, errs := past.Validate(now, &Event{StartsAt: now.Add(-time.Hour)}); errs.Any() {
		t.Errorf("editing a running event: %v", errs)
	}
}

func TestJoiningCloses(t *testing.T) {
	now := time.Now()
	by := now.Add(-time.Minute)
	for want, e := range map[string]Event{
		JoinOK:        {StartsAt: now.Add(time.Hour)},
		JoinCancelled: {StartsAt: now.Add(time.Hour), Status: EventCancelled},
		JoinStarted:   {StartsAt: now.Add(-time.Minute)},
		JoinRSVPOver:  {StartsAt: now.Add(time.Hour), RSVPBy: &by},
	} {
		if got := e.CanJoin(now); got != want {
			t.Errorf("CanJoin = %q, want %q", got, want)
		}
	}
}
