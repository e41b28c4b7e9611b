package e2e

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	goical "github.com/emersion/go-ical"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

func signIn(t *testing.T, ctx context.Context, base, account string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/signin"), chromedp.Click(chromedp.CSS("#demo-"+account)), chromedp.WaitVisible(chromedp.CSS(".flash-success")))
}

// A recruiter plans an evening with one place. A candidate joins it and
// finds it in her calendar feed; the admin joins the waitlist; the candidate
// leaves, and the admin moves up and is told.
func TestEventJoinCalendarLeaveAndPromotion(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	day := time.Now().AddDate(0, 0, 10).Format("2006-01-02")

	rec := tab(t)
	signIn(t, rec, p.URL, "recruiter")
	do(t, rec, chromedp.Navigate(p.URL+"/recruit/events/new"), chromedp.WaitVisible(chromedp.CSS("#e-title")),
		chromedp.SendKeys(chromedp.CSS("#e-title"), "Small dinner"),
		chromedp.SendKeys(chromedp.CSS("#e-description"), "One table, **good food**."),
		chromedp.SetValue(chromedp.CSS("#e-starts"), day+"T19:00"),
		chromedp.SetValue(chromedp.CSS("#e-ends"), day+"T18:00"), // before the start: refused at the field
		chromedp.SendKeys(chromedp.CSS("#e-venue"), "Oudegracht 1"),
		chromedp.SendKeys(chromedp.CSS("#e-city"), "Utrecht"),
		chromedp.SendKeys(chromedp.CSS("#e-capacity"), "1"),
		chromedp.Click(chromedp.CSS(`form[action="/recruit/events"] button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#err-ends_at")))
	audit(t, rec, "event form with errors")
	do(t, rec, chromedp.SetValue(chromedp.CSS("#e-ends"), day+"T22:00"),
		chromedp.Click(chromedp.CSS(`form[action="/recruit/events"] button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".flash-success")))
	audit(t, rec, "recruiter events")
	es := apptest.Newest(t, p, store.KindEvent, 5, p.App.Store.EventsByID)
	if len(es) != 1 {
		t.Fatalf("events: %v", es)
	}
	id := es[0].ID
	if _, err := p.App.Syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	cand := tab(t)
	signIn(t, cand, p.URL, "candidate")
	do(t, cand, chromedp.Navigate(p.URL+"/events"), chromedp.WaitVisible(chromedp.CSS(`#results a[href="/events/`+id+`"]`)))
	audit(t, cand, "events")
	do(t, cand, chromedp.Click(chromedp.CSS(`#results a[href="/events/`+id+`"]`)), chromedp.WaitVisible(chromedp.CSS("#rsvp")))
	htmxLoaded(t, cand)
	do(t, cand, chromedp.Click(chromedp.CSS("#rsvp button")), chromedp.WaitVisible(chromedp.CSS(`#rsvp form[action$="/leave"]`)))
	if got := text(t, cand, "#rsvp .rsvp-message"); got != "You're going. See you there!" {
		t.Errorf("after joining the box says %q", got)
	}
	if got := text(t, cand, "#rsvp .places"); !strings.Contains(got, "Full") {
		t.Errorf("after the only place was taken: %q", got)
	}
	audit(t, cand, "event joined")

	admin := tab(t)
	signIn(t, admin, p.URL, "admin")
	do(t, admin, chromedp.Navigate(p.URL+"/events/"+id), chromedp.WaitVisible(chromedp.CSS("#rsvp button")))
	htmxLoaded(t, admin)
	if got := text(t, admin, "#rsvp button"); got != "Join the waitlist" {
		t.Errorf("a full event offers %q", got)
	}
	do(t, admin, chromedp.Click(chromedp.CSS("#rsvp button")), chromedp.WaitVisible(chromedp.CSS("#rsvp .rsvp-status.waiting")))
	if got := text(t, admin, "#rsvp .rsvp-status"); !strings.Contains(got, "number 1 on the waitlist") {
		t.Errorf("waiting member sees %q", got)
	}

	// The candidate's calendar feed has the dinner.
	do(t, cand, chromedp.Navigate(p.URL+"/events"), chromedp.WaitVisible(chromedp.CSS("#my-calendar button")),
		chromedp.Click(chromedp.CSS("#my-calendar button")), chromedp.WaitVisible(chromedp.CSS("#feed-url")))
	audit(t, cand, "events with a calendar feed")
	feedURL := eval[string](t, cand, `document.getElementById("feed-url").value`)
	if got := feedEvents(t, feedURL); len(got) != 1 || got[0] != "Small dinner" {
		t.Fatalf("feed events = %v", got)
	}
	if got := text(t, cand, ".my-events .card-title"); got != "Small dinner" {
		t.Errorf("your events = %q", got)
	}

	// She cannot come after all: the admin moves up.
	do(t, cand, chromedp.Navigate(p.URL+"/events/"+id), chromedp.WaitVisible(chromedp.CSS("#rsvp .rsvp-status.going")))
	htmxLoaded(t, cand)
	do(t, cand, chromedp.Click(chromedp.CSS("#rsvp button")), chromedp.WaitVisible(chromedp.CSS("#rsvp .rsvp-message")))
	if got := text(t, cand, "#rsvp .rsvp-message"); got != "You're no longer signed up." {
		t.Errorf("after leaving: %q", got)
	}
	if got := feedEvents(t, feedURL); len(got) != 0 {
		t.Errorf("the feed still has %v", got)
	}
	do(t, admin, chromedp.Navigate(p.URL+"/"))
	waitFor(t, admin, `[...document.querySelectorAll("nav .badge")].some(b => b.offsetParent)`, "a count in the navigation")
	navTo(t, admin, "/notifications", chromedp.WaitVisible(chromedp.CSS(".notifications")))
	if got := text(t, admin, ".notifications li"); !strings.Contains(got, "A place came free") || !strings.Contains(got, "Small dinner") {
		t.Errorf("inbox = %q", got)
	}
	do(t, admin, chromedp.Click(chromedp.CSS(`.notifications a[href="/events/`+id+`"]`)), chromedp.WaitVisible(chromedp.CSS("#rsvp .rsvp-status.going")))
}

// feedEvents fetches a calendar feed as a calendar app would (no cookies)
// and returns the titles of its events.
func feedEvents(t *testing.T, url string) []string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	cal, err := goical.NewDecoder(strings.NewReader(string(body))).Decode()
	if err != nil {
		t.Fatalf("feed is not iCalendar: %v\n%s", err, body)
	}
	var titles []string
	for _, e := range cal.Events() {
		s, _ := e.Props.Text(goical.PropSummary)
		titles = append(titles, s)
	}
	return titles
}

// At the door, on a phone: find a guest by name and check them in with one tap.
func TestRecruiterChecksInAtTheDoorOnAPhone(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	st := p.App.Store
	start := time.Now().Add(30 * time.Minute)
	if err := st.SaveEvent(ctx, models.Event{ID: "door", Title: "Data & drinks", Description: "x", TimeZone: "Europe/Amsterdam",
		Venue: "Keizersgracht 174", City: "Amsterdam", StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: models.EventPublished}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Anouk Bakker", "Bram de Boer", "Chantal Visser", "Daan Smit"} {
		id := "demo:" + strings.ToLower(strings.Fields(name)[0])
		if err := st.SaveUser(ctx, models.User{ID: id, Provider: "demo", Subject: id, Name: name, Headline: "Data engineer"}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.JoinEvent(ctx, "door", id, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	rec := tab(t)
	do(t, rec, chromedp.EmulateViewport(390, 844))
	signIn(t, rec, p.URL, "recruiter")
	do(t, rec, chromedp.Navigate(p.URL+"/recruit/events/door/attendees"), chromedp.WaitVisible(chromedp.CSS(".door-list")))
	htmxLoaded(t, rec)
	fitsPhone(t, rec, "door list")
	audit(t, rec, "door list on a phone")
	do(t, rec, chromedp.SendKeys(chromedp.CSS("#attendee-q"), "chan"))
	if _, err := chromedp.Run(rec, chromedp.Poll[bool](`document.querySelectorAll(".door-list li").length === 1`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal("the name search did not narrow the list")
	}
	settled(t, rec)
	if got := text(t, rec, ".door-list li .who strong"); got != "Chantal Visser" {
		t.Fatalf("found %q", got)
	}
	do(t, rec, chromedp.Click(chromedp.CSS(".door-list li button")), chromedp.WaitVisible(chromedp.CSS(".door-list li.checked-in")))
	// The counter counts her, and the search box is ready for the next name.
	waitFor(t, rec, `document.querySelector("#attendance-summary").textContent.includes("1 checked in") &&
		document.querySelector("#attendee-q").value === "" && document.activeElement.id === "attendee-q" &&
		document.querySelectorAll(".door-list li").length === 4`, "the counter and an empty search after the check-in")
	settled(t, rec)
	fitsPhone(t, rec, "door list after a check-in")
	audit(t, rec, "door list after a check-in")
	e, _ := st.Event(ctx, "door")
	if strings.Join(e.CheckedIn, ",") != "demo:chantal" {
		t.Errorf("checked in: %v", e.CheckedIn)
	}
	if tps := apptest.Touchpoints(t, st, "demo:chantal", models.KindEventAttended); len(tps) != 1 {
		t.Errorf("touchpoints: %+v", tps)
	}
}

// An event in Brussels shows Brussels time with the zone named, and a
// reader in New York also sees their own time.
func TestEventTimeForAReaderInAnotherZone(t *testing.T) {
	p := apptest.Start(t, nil)
	brussels, _ := time.LoadLocation("Europe/Brussels")
	start := time.Date(time.Now().Year()+1, 1, 14, 19, 0, 0, 0, brussels)
	if err := p.App.Store.SaveEvent(context.Background(), models.Event{ID: "bxl", Title: "Cloud night", Description: "x",
		TimeZone: "Europe/Brussels", Venue: "Rue de la Loi 1", City: "Brussels", StartsAt: start.UTC(), EndsAt: start.Add(2 * time.Hour).UTC(),
		Status: models.EventPublished}); err != nil {
		t.Fatal(err)
	}
	ctx := tab(t)
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/New_York"}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(p.URL+"/events/bxl"), chromedp.WaitVisible(chromedp.CSS(".event-when .local-time")))
	when := text(t, ctx, "header .event-when")
	if !strings.Contains(when, "19:00–21:00") || !strings.Contains(when, "(CET, Brussels)") {
		t.Errorf("event time = %q, want Brussels time with its zone", when)
	}
	if local := text(t, ctx, "header .local-time"); !strings.Contains(local, "Your time:") || !strings.Contains(local, "13:00") || !strings.Contains(local, "15:00") {
		t.Errorf("local time = %q, want 13:00–15:00 New York time", local)
	}
	audit(t, ctx, "event page in another zone")
}
