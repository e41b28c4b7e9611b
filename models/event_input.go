package models

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of an event.
const (
	MaxEventCapacity = 10000
	MaxVenueLen      = 200
	MaxEventDuration = 14 * 24 * time.Hour
	// DefaultTimeZone is where the community meets unless the host says otherwise.
	DefaultTimeZone = "Europe/Amsterdam"
)

// TimeZones are the zones a host can hold an event in: the community's
// Europe first, then the places its members work with most.
var TimeZones = []string{
	"Europe/Amsterdam", "Europe/Brussels", "Europe/Luxembourg", "Europe/Paris", "Europe/Berlin",
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Rome", "Europe/Zurich",
	"Europe/Vienna", "Europe/Copenhagen", "Europe/Stockholm", "Europe/Oslo", "Europe/Helsinki",
	"Europe/Warsaw", "Europe/Prague", "Europe/Athens", "Europe/Bucharest", "Europe/Istanbul",
	"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto",
	"America/Sao_Paulo", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore",
	"Asia/Tokyo", "Australia/Sydney", "UTC",
}

// localInputLayout is how a datetime-local field sends a wall-clock time.
const localInputLayout = "2006-01-02T15:04"

// EventInput is the recruiter's event form, as typed. Times are wall-clock
// times in TimeZone.
type EventInput struct {
	Title, Description, StartsAt, EndsAt, TimeZone string
	Mode                                           string // "online" or "in_person"
	OnlineURL, Venue, City, Capacity, RSVPBy       string
	Interests, CoverURL                            string
}

// EventFields is a valid event form, ready to be applied; the interests
// still have to be normalised against the taxonomy.
type EventFields struct {
	StartsAt, EndsAt time.Time
	RSVPBy           *time.Time
	Capacity         int
	Interests        []string
}

// Validate checks the form against the event as it stands (nil for a new
// one): an event cannot move into the past, nor shrink below who is coming.
func (in *EventInput) Validate(now time.Time, existing *Event) (EventFields, FieldErrors) {
	e := FieldErrors{}
	var f EventFields
	e.text("title", &in.Title, MaxTitleLen, true)
	in.Description = strings.TrimSpace(strings.ReplaceAll(in.Description, "\r\n", "\n"))
	switch {
	case in.Description == "":
		e.add("description", "validation.required", 0)
	case utf8.RuneCountInString(in.Description) > MaxDescriptionLen:
		e.add("description", "validation.too_long", MaxDescriptionLen)
	}
	e.choice("time_zone", in.TimeZone, TimeZones, true)
	loc, err := time.LoadLocation(in.TimeZone)
	if err != nil || e["time_zone"].Key != "" {
		loc = time.UTC
	}
	start := e.localTime("starts_at", in.StartsAt, loc, true)
	end := e.localTime("ends_at", in.EndsAt, loc, true)
	if start != nil {
		f.StartsAt = *start
		moved := existing == nil || !existing.StartsAt.Equal(*start)
		if moved && !start.After(now) {
			e.add("starts_at", "validation.event_past", 0)
		}
	}
	if start != nil && end != nil {
		f.EndsAt = *end
		switch {
		case !end.After(*start):
			e.add("ends_at", "validation.end_before_start", 0)
		case end.Sub(*start) > MaxEventDuration:
			e.add("ends_at", "validation.event_too_long", int(MaxEventDuration.Hours()/24))
		}
	}
	e.choice("mode", in.Mode, []string{"online", "in_person"}, true)
	in.OnlineURL, in.CoverURL = strings.TrimSpace(in.OnlineURL), strings.TrimSpace(in.CoverURL)
	e.text("venue", &in.Venue, MaxVenueLen, in.Mode == "in_person")
	e.text("city", &in.City, MaxCityLen, in.Mode == "in_person")
	if in.Mode == "online" {
		if in.OnlineURL == "" {
			e.add("online_url", "validation.required", 0)
		} else {
			e.webURL("online_url", in.OnlineURL, true)
		}
	}
	if in.CoverURL != "" {
		e.webURL("cover_url", in.CoverURL, true)
	}
	f.Capacity = e.capacity(strings.TrimSpace(in.Capacity), existing)
	if by := e.localTime("rsvp_by", in.RSVPBy, loc, false); by != nil {
		switch {
		case start != nil && by.After(*start):
			e.add("rsvp_by", "validation.rsvp_after_start", 0)
		case (existing == nil || existing.RSVPBy == nil || !existing.RSVPBy.Equal(*by)) && !by.After(now):
			e.add("rsvp_by", "validation.date_past", 0)
		default:
			f.RSVPBy = by
		}
	}
	f.Interests = e.list("interests", in.Interests, MaxVacancyTags, MaxTermLen)
	return f, e
}

// capacity parses the optional number of places; it may not drop below the
// number already attending.
func (e FieldErrors) capacity(s string, existing *Event) int {
	if s == "" || s == "0" {
		return 0
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n < 0 || n > MaxEventCapacity:
		e.add("capacity", "validation.capacity", MaxEventCapacity)
		return 0
	case existing != nil && n < existing.Going:
		e.add("capacity", "validation.capacity_below_attendees", existing.Going)
		return 0
	}
	return n
}

// localTime parses a datetime-local value as a wall-clock time in loc.
func (e FieldErrors) localTime(field, s string, loc *time.Location, required bool) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			e.add(field, "validation.required", 0)
		}
		return nil
	}
	t, err := time.ParseInLocation(localInputLayout, s, loc)
	if err != nil {
		e.add(field, "validation.datetime", 0)
		return nil
	}
	return &t
}

// Apply writes a valid form to the event.
func (in EventInput) Apply(ev *Event, f EventFields) {
	ev.Title, ev.Description, ev.TimeZone = in.Title, in.Description, in.TimeZone
	ev.StartsAt, ev.EndsAt, ev.RSVPBy, ev.Capacity = f.StartsAt.UTC(), f.EndsAt.UTC(), nil, f.Capacity
	if f.RSVPBy != nil {
		by := f.RSVPBy.UTC()
		ev.RSVPBy = &by
	}
	ev.Online = in.Mode == "online"
	ev.OnlineURL, ev.Venue, ev.City = "", in.Venue, in.City
	if ev.Online {
		ev.OnlineURL, ev.Venue, ev.City = in.OnlineURL, "", ""
	}
	ev.Interests, ev.CoverURL = f.Interests, in.CoverURL
}

// EventInputFrom is the form showing an event, its times in its own zone.
func EventInputFrom(ev *Event) EventInput {
	loc := ev.Location()
	in := EventInput{Title: ev.Title, Description: ev.Description, TimeZone: ev.TimeZone,
		StartsAt: ev.StartsAt.In(loc).Format(localInputLayout), EndsAt: ev.EndsAt.In(loc).Format(localInputLayout),
		Mode: "in_person", OnlineURL: ev.OnlineURL, Venue: ev.Venue, City: ev.City,
		Interests: strings.Join(ev.Interests, ", "), CoverURL: ev.CoverURL}
	if ev.Online {
		in.Mode = "online"
	}
	if ev.Capacity > 0 {
		in.Capacity = strconv.Itoa(ev.Capacity)
	}
	if ev.RSVPBy != nil {
		in.RSVPBy = ev.RSVPBy.In(loc).Format(localInputLayout)
	}
	if !slices.Contains(TimeZones, in.TimeZone) {
		in.TimeZone = DefaultTimeZone
	}
	return in
}
