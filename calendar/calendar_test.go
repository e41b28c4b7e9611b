package calendar_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/talentcommunity/portal/calendar"
	"github.com/talentcommunity/portal/models"
)

func brussels(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// parse reads the output back with a second, independent iCalendar library.
func parse(t *testing.T, data []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("not valid iCalendar: %v\n%s", err, data)
	}
	return cal
}

func write(t *testing.T, entries ...calendar.Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := calendar.Write(&buf, "Talent community", "portal.example", entries, time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEventRoundTripsThroughAnotherParser(t *testing.T) {
	loc := brussels(t)
	e := &models.Event{
		ID: "evt-1", Title: "Go, Cloud; and \\ more", Version: 3, TimeZone: "Europe/Brussels",
		Description: "Line one\r\nLine two, with a comma; and a semicolon.\n\n" + strings.Repeat("Long text ", 30),
		StartsAt:    time.Date(2026, 12, 3, 19, 0, 0, 0, loc).UTC(), EndsAt: time.Date(2026, 12, 3, 21, 30, 0, 0, loc).UTC(),
		Venue: "Rue de la Loi 1", City: "Brussels", Interests: []string{"Cloud", "Go"}, Status: models.EventPublished,
	}
	data := write(t, calendar.Entry{Event: e, PageURL: "https://portal.example/events/evt-1"})
	for _, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
	}
	cal := parse(t, data)
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	ev := events[0]
	check := func(prop, want string) {
		t.Helper()
		got, err := ev.Props.Text(prop)
		if err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", prop, got, err, want)
		}
	}
	check(goical.PropUID, "evt-1@portal.example")
	check(goical.PropSummary, e.Title)
	check(goical.PropLocation, "Rue de la Loi 1, Brussels")
	check(goical.PropStatus, "CONFIRMED")
	check(goical.PropDescription, strings.ReplaceAll(strings.TrimSpace(e.Description), "\r", "")+"\n\nhttps://portal.example/events/evt-1")
	if ev.Props.Get(goical.PropDateTimeStamp) == nil || ev.Props.Get(goical.PropSequence).Value != "3" {
		t.Error("DTSTAMP or SEQUENCE missing")
	}
	start, err := ev.DateTimeStart(nil)
	if err != nil || !start.Equal(e.StartsAt) || start.Location().String() != "Europe/Brussels" {
		t.Errorf("DTSTART = %v (%v), want %v in Europe/Brussels", start, err, e.StartsAt)
	}
	if p := ev.Props.Get(goical.PropDateTimeStart); p.Value != "20261203T190000" || p.Params.Get(goical.ParamTimezoneID) != "Europe/Brussels" {
		t.Errorf("DTSTART is not the local time with its zone: %+v", p)
	}
	end, _ := ev.DateTimeEnd(nil)
	if !end.Equal(e.EndsAt) {
		t.Errorf("DTEND = %v, want %v", end, e.EndsAt)
	}
	var tz *goical.Component
	for _, c := range cal.Children {
		if c.Name == goical.CompTimezone {
			tz = c
		}
	}
	if tz == nil || tz.Props.Get(goical.PropTimezoneID).Value != "Europe/Brussels" {
		t.Fatalf("no VTIMEZONE for the event's zone:\n%s", data)
	}
	if len(tz.Children) != 1 || tz.Children[0].Name != goical.CompTimezoneStandard ||
		tz.Children[0].Props.Get(goical.PropTimezoneOffsetTo).Value != "+0100" ||
		tz.Children[0].Props.Get(goical.PropTimezoneOffsetFrom).Value != "+0200" ||
		tz.Children[0].Props.Get(goical.PropDateTimeStart).Value != "20261025T030000" {
		t.Errorf("the zone's winter time is wrong:\n%s", data)
	}
}

// A feed spanning the change to summer time carries both offsets, each
// starting where Go's zone database says.
func TestFeedAcrossDaylightSavingTime(t *testing.T) {
	loc := brussels(t)
	winter := &models.Event{ID: "w", Title: "Winter", TimeZone: "Europe/Brussels",
		StartsAt: time.Date(2027, 3, 10, 19, 0, 0, 0, loc).UTC(), EndsAt: time.Date(2027, 3, 10, 21, 0, 0, 0, loc).UTC()}
	summer := &models.Event{ID: "s", Title: "Summer", TimeZone: "Europe/Brussels", Status: models.EventCancelled,
		StartsAt: time.Date(2027, 4, 10, 19, 0, 0, 0, loc).UTC(), EndsAt: time.Date(2027, 4, 10, 21, 0, 0, 0, loc).UTC()}
	data := write(t, calendar.Entry{Event: winter, PageURL: "https://p/events/w"}, calendar.Entry{Event: summer, PageURL: "https://p/events/s"})
	cal := parse(t, data)
	if n := strings.Count(string(data), "BEGIN:VTIMEZONE"); n != 1 {
		t.Errorf("%d VTIMEZONEs for one zone", n)
	}
	if !strings.Contains(string(data), "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST") {
		t.Errorf("summer time should start on 28 March 2027 at 02:00:\n%s", data)
	}
	for _, ev := range cal.Events() {
		start, _ := ev.DateTimeStart(nil)
		if start.In(loc).Hour() != 19 {
			t.Errorf("%s starts at %v, want 19:00 local", ev.Props.Get(goical.PropSummary).Value, start.In(loc))
		}
	}
	if status, _ := cal.Events()[1].Props.Text(goical.PropStatus); status != "CANCELLED" {
		t.Errorf("a cancelled event's status is %q", status)
	}
}

func TestOnlineLinkOnlyForAttendees(t *testing.T) {
	e := &models.Event{ID: "o", Title: "Webinar", Online: true, OnlineURL: "https://meet.example/secret-room", TimeZone: "UTC",
		StartsAt: time.Date(2027, 1, 5, 16, 0, 0, 0, time.UTC), EndsAt: time.Date(2027, 1, 5, 17, 0, 0, 0, time.UTC)}
	public := write(t, calendar.Entry{Event: e, PageURL: "https://p/events/o"})
	if strings.Contains(string(public), "secret-room") {
		t.Error("the online link is in a file for someone not attending")
	}
	mine := parse(t, write(t, calendar.Entry{Event: e, PageURL: "https://p/events/o", WithOnlineLink: true}))
	if loc, _ := mine.Events()[0].Props.Text(goical.PropLocation); loc != e.OnlineURL {
		t.Errorf("an attendee's location is %q", loc)
	}
	if start := mine.Events()[0].Props.Get(goical.PropDateTimeStart).Value; start != "20270105T160000Z" {
		t.Errorf("a UTC event starts at %q", start)
	}
}

func TestAddToCalendarLinks(t *testing.T) {
	loc := brussels(t)
	e := &models.Event{ID: "g", Title: "Meetup & drinks", TimeZone: "Europe/Brussels", City: "Ghent", Venue: "Korenmarkt 1",
		StartsAt: time.Date(2026, 12, 3, 19, 0, 0, 0, loc).UTC(), EndsAt: time.Date(2026, 12, 3, 21, 0, 0, 0, loc).UTC()}
	en := calendar.Entry{Event: e, PageURL: "https://p/events/g"}
	g, _ := url.Parse(calendar.GoogleURL(en))
	if g.Host != "calendar.google.com" || g.Query().Get("dates") != "20261203T180000Z/20261203T200000Z" ||
		g.Query().Get("text") != "Meetup & drinks" || g.Query().Get("ctz") != "Europe/Brussels" || g.Query().Get("location") != "Korenmarkt 1, Ghent" {
		t.Errorf("Google link: %s", g)
	}
	o, _ := url.Parse(calendar.OutlookURL(en))
	if o.Host != "outlook.live.com" || o.Query().Get("startdt") != "2026-12-03T18:00:00Z" || o.Query().Get("subject") != "Meetup & drinks" {
		t.Errorf("Outlook link: %s", o)
	}
}

// A calendar shows no Markdown: the description loses its marks, in the
// file and in the Google link; the community organises, by its brand.
func TestDescriptionIsPlainTextAndTheBrandOrganises(t *testing.T) {
	e := &models.Event{ID: "evt-2", Title: "Breakfast", TimeZone: "UTC", Description: "Start the day with **coffee** and *talks*.",
		StartsAt: time.Date(2027, 1, 5, 8, 0, 0, 0, time.UTC), EndsAt: time.Date(2027, 1, 5, 9, 30, 0, 0, time.UTC), Status: models.EventPublished}
	en := calendar.Entry{Event: e, PageURL: "https://portal.example/events/evt-2", Organizer: calendar.Organizer{Name: "Acme Talent", Email: "talent@acme.example"}}
	ev := parse(t, write(t, en)).Events()[0]
	if got, _ := ev.Props.Text(goical.PropDescription); got != "Start the day with coffee and talks.\n\nhttps://portal.example/events/evt-2" {
		t.Errorf("DESCRIPTION = %q", got)
	}
	if o := ev.Props.Get(goical.PropOrganizer); o == nil || o.Value != "mailto:talent@acme.example" || o.Params.Get(goical.ParamCommonName) != "Acme Talent" {
		t.Errorf("ORGANIZER = %+v", o)
	}
	u, _ := url.Parse(calendar.GoogleURL(en))
	if d := u.Query().Get("details"); strings.Contains(d, "*") || !strings.Contains(d, "coffee and talks") {
		t.Errorf("Google details = %q", d)
	}
}
