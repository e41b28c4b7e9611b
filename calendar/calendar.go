// Package calendar writes events as iCalendar (RFC 5545), for a single
// event's .ics download and a member's personal feed, and builds the "add to
// Google / Outlook calendar" links.
package calendar

import (
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/talentcommunity/portal/markdown"
	"github.com/talentcommunity/portal/models"
)

// Entry is one event as a given reader may see it.
type Entry struct {
	Event *models.Event
	// PageURL is the event's page on the portal.
	PageURL string
	// WithOnlineLink says the reader attends: only then is an online
	// event's link in the file.
	WithOnlineLink bool
	// Waiting says the reader is on the waitlist: the event is tentative.
	Waiting bool
	// Organizer is the community that holds the event, by its brand's name
	// and contact address (none without an address).
	Organizer Organizer
}

// Organizer names who holds an event.
type Organizer struct{ Name, Email string }

// localLayout is a DATE-TIME in local time, qualified by a TZID.
const localLayout = "20060102T150405"

// Write writes a calendar with the entries. now is the DTSTAMP; the
// SEQUENCE follows the event's version, so a calendar that imported an
// earlier copy takes the newer one (and a cancellation) over.
func Write(w io.Writer, name, host string, entries []Entry, now time.Time) error {
	cal := ics.NewCalendarFor(host)
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetRefreshInterval("PT1H")
	zones := map[string]*span{}
	var order []string
	for _, en := range entries {
		e := en.Event
		loc := e.Location()
		if loc != time.UTC {
			z, ok := zones[loc.String()]
			if !ok {
				z = &span{loc: loc, from: e.StartsAt, to: e.EndsAt}
				zones[loc.String()] = z
				order = append(order, loc.String())
			}
			z.include(e.StartsAt, e.EndsAt)
		}
	}
	for _, id := range order {
		cal.AddVTimezone(zones[id].vtimezone())
	}
	for _, en := range entries {
		cal.AddVEvent(vevent(en, host, now))
	}
	return cal.SerializeTo(w, ics.WithNewLine("\r\n"))
}

func vevent(en Entry, host string, now time.Time) *ics.VEvent {
	e := en.Event
	ev := ics.NewEvent(e.ID + "@" + host)
	ev.SetDtStampTime(now)
	ev.SetSequence(int(e.Version))
	if !e.PublishedAt.IsZero() {
		ev.SetCreatedTime(e.PublishedAt)
	}
	if loc := e.Location(); loc == time.UTC {
		ev.SetStartAt(e.StartsAt)
		ev.SetEndAt(e.EndsAt)
	} else {
		ev.SetProperty(ics.ComponentPropertyDtStart, e.StartsAt.In(loc).Format(localLayout), ics.WithTZID(loc.String()))
		ev.SetProperty(ics.ComponentPropertyDtEnd, e.EndsAt.In(loc).Format(localLayout), ics.WithTZID(loc.String()))
	}
	ev.SetSummary(e.Title)
	ev.SetDescription(description(en))
	ev.SetURL(en.PageURL)
	if loc := Location(en); loc != "" {
		ev.SetLocation(loc)
	}
	switch {
	case e.Cancelled():
		ev.SetStatus(ics.ObjectStatusCancelled)
	case en.Waiting:
		ev.SetStatus(ics.ObjectStatusTentative)
	default:
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	if o := en.Organizer; o.Email != "" {
		ev.SetOrganizer("mailto:"+o.Email, ics.WithCN(o.Name))
	}
	for _, tag := range e.Interests {
		ev.AddCategory(tag)
	}
	return ev
}

// Location is where the entry's reader goes: the address, or for an online
// event its link when they attend (and nothing when they do not).
func Location(en Entry) string {
	e := en.Event
	if e.Online {
		if en.WithOnlineLink {
			return e.OnlineURL
		}
		return ""
	}
	return models.JoinNonEmpty(", ", e.Venue, e.City)
}

// description is the event's text with its page, in plain text: calendars
// show no Markdown, so its marks go. iCalendar has no carriage returns in
// values.
func description(en Entry) string {
	text := markdown.PlainText(strings.ReplaceAll(en.Event.Description, "\r", ""))
	return strings.TrimSpace(text + "\n\n" + en.PageURL)
}

// span is the stretch of time a calendar needs one zone's rules for.
type span struct {
	loc      *time.Location
	from, to time.Time
}

func (s *span) include(from, to time.Time) {
	if from.Before(s.from) {
		s.from = from
	}
	if to.After(s.to) {
		s.to = to
	}
}

// vtimezone describes the zone's offsets over the span: the observance in
// effect at its start and every change until its end, read from Go's zone
// database, so a calendar shows the same wall-clock time as the portal.
func (s *span) vtimezone() *ics.VTimezone {
	tz := ics.NewTimezone(s.loc.String())
	t := s.from.In(s.loc)
	for {
		start, end := t.ZoneBounds()
		tz.Components = append(tz.Components, observance(t, start))
		if end.IsZero() || !end.Before(s.to) {
			return tz
		}
		t = end.In(s.loc)
	}
}

// observance is one STANDARD or DAYLIGHT part, starting at onset (zero when
// the zone never changed), as RFC 5545 wants it: DTSTART in the local time
// before the change.
func observance(t, onset time.Time) ics.Component {
	name, offset := t.Zone()
	from := offset
	if !onset.IsZero() {
		_, from = onset.Add(-time.Second).Zone()
	}
	dtstart := "19700101T000000"
	if !onset.IsZero() {
		dtstart = onset.UTC().Add(time.Duration(from) * time.Second).Format(localLayout)
	}
	base := ics.ComponentBase{}
	base.SetProperty(ics.ComponentPropertyDtStart, dtstart)
	base.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(from))
	base.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(offset))
	base.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
	if t.IsDST() {
		return &ics.Daylight{ComponentBase: base}
	}
	return &ics.Standard{ComponentBase: base}
}

// utcOffset formats seconds east of UTC as iCalendar's +HHMM.
func utcOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	return fmt.Sprintf("%c%02d%02d", sign, seconds/3600, seconds%3600/60)
}

// maxLinkText keeps "add to calendar" links well inside what browsers and
// the calendar sites accept.
const maxLinkText = 1000

// GoogleURL opens Google Calendar with the event filled in.
func GoogleURL(en Entry) string {
	e := en.Event
	q := url.Values{}
	q.Set("action", "TEMPLATE")
	q.Set("text", e.Title)
	q.Set("dates", e.StartsAt.UTC().Format("20060102T150405Z")+"/"+e.EndsAt.UTC().Format("20060102T150405Z"))
	q.Set("details", models.Clip(description(en), maxLinkText))
	q.Set("location", Location(en))
	q.Set("ctz", e.Location().String())
	return "https://calendar.google.com/calendar/render?" + q.Encode()
}

// OutlookURL opens Outlook on the web with the event filled in.
func OutlookURL(en Entry) string {
	e := en.Event
	q := url.Values{}
	q.Set("path", "/calendar/action/compose")
	q.Set("rru", "addevent")
	q.Set("subject", e.Title)
	q.Set("startdt", e.StartsAt.UTC().Format(time.RFC3339))
	q.Set("enddt", e.EndsAt.UTC().Format(time.RFC3339))
	q.Set("body", models.Clip(description(en), maxLinkText))
	q.Set("location", Location(en))
	return "https://outlook.live.com/calendar/0/action/compose?" + q.Encode()
}
