package calendar_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"github.com/talentcommunity/portal/calendar"
	"github.com/talentcommunity/portal/models"
)

// Whatever a host types into an event, its calendar file is valid
// iCalendar (lines of at most 75 octets) that another library reads back
// to the same title and place.
func FuzzCalendarRoundTrip(f *testing.F) {
	f.Add("Go, Cloud; and \\ more", "Line one\r\nLine two", "Rue de la Loi 1", "Brussels")
	f.Add("BEGIN:VEVENT\r\nEND:VCALENDAR", "\\n\\,;", "a\nb", "Zürich")
	f.Add(strings.Repeat("ü", 80), strings.Repeat("€", 200), "", "")
	f.Fuzz(func(t *testing.T, title, description, venue, city string) {
		if !utf8.ValidString(title+description+venue+city) || strings.ContainsAny(title+venue+city, "\r\n") {
			return // the portal's forms take valid text, and one line for these
		}
		start := time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)
		e := &models.Event{ID: "evt-1", Title: title, Description: description, Venue: venue, City: city,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), TimeZone: "Europe/Amsterdam", Status: models.EventPublished}
		var buf bytes.Buffer
		if err := calendar.Write(&buf, "Community", "portal.example", []calendar.Entry{{Event: e, PageURL: "https://portal.example/events/evt-1"}}, start); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(buf.String(), "\r\n") {
			if len(line) > 75 {
				t.Fatalf("a line of %d octets: %q", len(line), line)
			}
		}
		cal, err := goical.NewDecoder(&buf).Decode()
		if err != nil {
			t.Fatalf("not valid iCalendar: %v", err)
		}
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("%d events", len(events))
		}
		if got, _ := events[0].Props.Text(goical.PropSummary); got != title {
			t.Fatalf("SUMMARY = %q, want %q", got, title)
		}
		if got, want := calendarLocation(events[0]), calendar.Location(calendar.Entry{Event: e}); got != want {
			t.Fatalf("LOCATION = %q, want %q", got, want)
		}
	})
}

func calendarLocation(ev goical.Event) string {
	s, _ := ev.Props.Text(goical.PropLocation)
	return s
}
