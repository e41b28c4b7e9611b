package handlers_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// nextJanuary is a date in winter time a while ahead, as a datetime-local value.
func nextJanuary(day int, clock string) string {
	return time.Date(time.Now().Year()+1, 1, day, 0, 0, 0, 0, time.UTC).Format("2006-01-02") + "T" + clock
}

func eventForm(overrides map[string]string) url.Values {
	v := url.Values{
		"title": {"Cloud night Brussels"}, "description": {"Talks about **cloud**."}, "time_zone": {"Europe/Brussels"},
		"starts_at": {nextJanuary(14, "19:00")}, "ends_at": {nextJanuary(14, "21:30")}, "mode": {"in_person"},
		"venue": {"Rue de la Loi 1"}, "city": {"Brussels"}, "capacity": {"1"}, "interests": {"cloud"},
	}
	for k, val := range overrides {
		v.Set(k, val)
	}
	return v
}

func htmxPost(c *apptest.Client, path string, form url.Values) *apptest.Response {
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", c.CSRF())
	return c.Do(http.MethodPost, path, form, map[string]string{"HX-Request": "true"})
}

func parseICS(t *testing.T, body string) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("not iCalendar: %v\n%s", err, body)
	}
	return cal
}

func TestRecruiterPlansAnEventAndBadInputIsRefusedAtTheField(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	cand := p.Client()
	cand.DemoSignIn("candidate")
	for _, path := range []string{"/recruit/events", "/recruit/events/new", "/recruit/events/x/edit", "/recruit/events/x/attendees",
		"/recruit/events/x/attendees.csv", "/recruit/events/x/cancel"} {
		if res := cand.Get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("candidate on %s: %d", path, res.StatusCode)
		}
	}
	for _, path := range []string{"/recruit/events", "/recruit/events/x", "/recruit/events/x/cancel", "/recruit/events/x/checkin"} {
		if res := cand.Post(path, eventForm(nil)); res.StatusCode != http.StatusForbidden {
			t.Errorf("candidate posting to %s: %d", path, res.StatusCode)
		}
	}

	rec := p.Client()
	rec.DemoSignIn("recruiter")
	bad := eventForm(map[string]string{"title": "", "starts_at": "2020-01-01T19:00", "ends_at": "2019-12-31T19:00",
		"time_zone": "Mars/Olympus", "venue": "", "capacity": "lots", "cover_url": "javascript:alert(1)"})
	res := rec.Post("/recruit/events", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad event: %d", res.StatusCode)
	}
	for _, field := range []string{"title", "starts_at", "ends_at", "time_zone", "venue", "capacity", "cover_url"} {
		if !strings.Contains(res.Body, `id="err-`+field+`"`) {
			t.Errorf("no message at %s", field)
		}
	}
	if !strings.Contains(res.Body, `value="lots"`) {
		t.Error("the typed values are lost")
	}
	res = rec.Post("/recruit/events", eventForm(map[string]string{"mode": "online", "online_url": "ftp://x", "rsvp_by": nextJanuary(15, "10:00")}))
	for _, field := range []string{"online_url", "rsvp_by"} {
		if !strings.Contains(res.Body, `id="err-`+field+`"`) {
			t.Errorf("no message at %s", field)
		}
	}
	if es := apptest.Newest(t, p, store.KindEvent, 10, p.App.Store.EventsByID); len(es) != 0 {
		t.Fatal("a refused event was saved")
	}

	res = rec.Post("/recruit/events", eventForm(nil))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.StatusCode, res.Body)
	}
	es := apptest.Newest(t, p, store.KindEvent, 10, p.App.Store.EventsByID)
	if len(es) != 1 {
		t.Fatalf("%d events", len(es))
	}
	e := es[0]
	if e.StartsAt.Hour() != 18 || e.TimeZone != "Europe/Brussels" || e.Interests[0] != "Cloud" || e.OwnerID != "demo:recruiter" || e.Capacity != 1 {
		t.Fatalf("stored: %+v", e)
	}
	// Shown in Brussels time with the zone named, whoever looks.
	page := cand.Get("/events/" + e.ID).Body
	if !strings.Contains(page, "19:00–21:30") || !strings.Contains(page, "(CET, Brussels)") || !strings.Contains(page, "<strong>cloud</strong>") {
		t.Errorf("the event page does not show Brussels time: %s", regexpFind(t, page, `(?s)(<p class="meta">.*?</p>)`))
	}

	// Someone joins; the capacity cannot go below them.
	if _, err := p.App.Store.JoinEvent(ctx, e.ID, "demo:candidate", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.App.Store.JoinEvent(ctx, e.ID, "demo:admin", time.Now()); err != nil {
		t.Fatal(err)
	}
	res = rec.Post("/recruit/events/"+e.ID, eventForm(map[string]string{"capacity": "0"}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("raising to no limit: %d", res.StatusCode)
	}
	if got, _ := p.App.Store.Event(ctx, e.ID); got.Going != 2 || len(got.Waitlist) != 0 {
		t.Errorf("a raised capacity should let the waiting in: %+v", got.Attendance)
	}
	res = rec.Post("/recruit/events/"+e.ID, eventForm(map[string]string{"capacity": "1"}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-capacity"`) {
		t.Errorf("capacity below attendees: %d", res.StatusCode)
	}
}

// Join, wait, leave and move up, over plain forms and htmx; the calendar
// files follow, the online link only for attendees.
func TestJoinWaitlistLeaveAndCalendars(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	e := models.Event{ID: "webinar", Title: "Webinar, live", Description: "Join us", Online: true, OnlineURL: "https://meet.example/room-42",
		TimeZone: "Europe/Amsterdam", StartsAt: start, EndsAt: start.Add(time.Hour), Capacity: 1, Status: models.EventPublished}
	if err := p.App.Store.SaveEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	anon := p.Client()
	if res := anon.Post("/events/webinar/join", nil); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
		t.Errorf("anonymous join: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if ics := anon.Get("/events/webinar.ics"); ics.StatusCode != 200 || strings.Contains(ics.Body, "room-42") ||
		!strings.HasPrefix(ics.Header.Get("Content-Type"), "text/calendar") {
		t.Errorf("anonymous .ics: %d, has link: %v", ics.StatusCode, strings.Contains(ics.Body, "room-42"))
	}
	if strings.Contains(anon.Get("/events/webinar").Body, "room-42") {
		t.Error("the online link shows to someone not attending")
	}

	cand := p.Client()
	cand.DemoSignIn("candidate")
	res := cand.Post("/events/webinar/join", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/events/webinar" {
		t.Fatalf("join: %d", res.StatusCode)
	}
	if page := cand.Get("/events/webinar").Body; !strings.Contains(page, "room-42") || !strings.Contains(page, "You&#39;re going.") {
		t.Error("an attendee sees neither the link nor their place")
	}
	// Joined with htmx, the link appears at the top at once, and the box says "going" once.
	cand.Post("/events/webinar/leave", nil)
	if res := htmxPost(cand, "/events/webinar/join", nil); !strings.Contains(res.Body, `id="event-where" hx-swap-oob="true">Online: <a href="https://meet.example/room-42"`) ||
		strings.Count(res.Body, "You&#39;re going") != 1 {
		t.Errorf("htmx join of an online event:\n%s", res.Body)
	}
	admin := p.Client()
	admin.DemoSignIn("admin")
	res = htmxPost(admin, "/events/webinar/join", nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Body, `<section id="rsvp"`) || !strings.Contains(res.Body, "number 1 on the waitlist") {
		t.Fatalf("htmx join of a full event: %d %s", res.StatusCode, res.Body)
	}
	if again := htmxPost(admin, "/events/webinar/join", nil); !strings.Contains(again.Body, "number 1 on the waitlist") {
		t.Error("a second click changed the place")
	}

	// The candidate's feed: made on request, the event in it with its link.
	if res := cand.Post("/calendar/token", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("feed token: %d", res.StatusCode)
	}
	feedURL := regexpFind(t, cand.Get("/events").Body, `id="feed-url" type="url" value="([^"]+)"`)
	feed := anon.Get(strings.TrimPrefix(feedURL, p.URL)) // calendar apps send no cookies
	cal := parseICS(t, feed.Body)
	if len(cal.Events()) != 1 {
		t.Fatalf("feed has %d events", len(cal.Events()))
	}
	if loc, _ := cal.Events()[0].Props.Text(goical.PropLocation); loc != "https://meet.example/room-42" {
		t.Errorf("the feed's location is %q", loc)
	}
	if sum, _ := cal.Events()[0].Props.Text(goical.PropSummary); sum != "Webinar, live" {
		t.Errorf("summary %q", sum)
	}

	// Leaving frees the place: the admin moves up and is told.
	res = htmxPost(cand, "/events/webinar/leave", nil)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "You&#39;re no longer signed up.") || !strings.Contains(res.Body, "Join the waitlist") {
		t.Errorf("htmx leave: %d %s", res.StatusCode, res.Body)
	}
	got, _ := p.App.Store.Event(ctx, "webinar")
	if strings.Join(got.Attendees, ",") != "demo:admin" || len(got.Waitlist) != 0 {
		t.Fatalf("after leaving: %+v", got.Attendance)
	}
	if inbox := admin.Get("/notifications").Body; !strings.Contains(inbox, "A place came free") || !strings.Contains(inbox, `href="/events/webinar"`) {
		t.Error("the promoted member was not told")
	}
	if evs := parseICS(t, anon.Get(strings.TrimPrefix(feedURL, p.URL)).Body).Events(); len(evs) != 0 {
		t.Errorf("the feed still has the event the member left: %v", evs[0].Props.Get(goical.PropUID))
	}
	// A new address retires the old one.
	cand.Post("/calendar/token", nil)
	if res := anon.Get(strings.TrimPrefix(feedURL, p.URL)); res.StatusCode != http.StatusNotFound {
		t.Errorf("the old feed address answers %d", res.StatusCode)
	}
}

func TestCancellingTellsEveryoneAndClosesSignUp(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	start := time.Now().Add(72 * time.Hour)
	if err := p.App.Store.SaveEvent(ctx, models.Event{ID: "dinner", Title: "Dinner", Description: "x", TimeZone: "Europe/Amsterdam",
		City: "Utrecht", Venue: "Oudegracht 1", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: 1, Status: models.EventPublished}); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"demo:candidate", "demo:admin"} {
		if _, err := p.App.Store.JoinEvent(ctx, "dinner", who, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	rec := p.Client()
	rec.DemoSignIn("recruiter")
	if page := rec.Get("/recruit/events/dinner/cancel").Body; !strings.Contains(page, "1 going and 1 on the waitlist will be told") {
		t.Error("the confirmation does not say who will be told")
	}
	for range 2 { // cancelling twice tells nobody twice
		if res := rec.Post("/recruit/events/dinner/cancel", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancel: %d", res.StatusCode)
		}
	}
	for _, who := range []string{"demo:candidate", "demo:admin"} {
		ns, _ := p.App.Store.Notifications(ctx, who, 10)
		if len(ns) != 1 || ns[0].Kind != models.KindEventCancelled {
			t.Errorf("%s was told %+v", who, ns)
		}
	}
	cand := p.Client()
	cand.DemoSignIn("candidate")
	if status, _ := parseICS(t, cand.Get("/events/dinner.ics").Body).Events()[0].Props.Text(goical.PropStatus); status != "CANCELLED" {
		t.Errorf("a cancelled event's status is %q", status)
	}
	res := cand.Post("/events/dinner/join", nil)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(cand.Get("/events/dinner").Body, "This event has been cancelled.") {
		t.Error("joining a cancelled event is not refused with a message")
	}
	if res := rec.Post("/recruit/events/dinner", eventForm(nil)); res.StatusCode != http.StatusConflict {
		t.Errorf("editing a cancelled event: %d", res.StatusCode)
	}
}

// The door list: a name search, one tap to check in (a touchpoint), and a
// CSV export that spreadsheets cannot be tricked by.
func TestDoorListCheckInAndCSVExport(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	st := p.App.Store
	start := time.Now().Add(2 * time.Hour)
	if err := st.SaveEvent(ctx, models.Event{ID: "party", Title: "Party", Description: "x", TimeZone: "Europe/Amsterdam",
		City: "Utrecht", Venue: "Oudegracht 1", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: 2, Status: models.EventPublished}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, u := range []models.User{
		{ID: "demo:evil", Provider: "demo", Subject: "evil", Name: `=HYPERLINK("https://evil.example","Click")`, Email: "evil@example.com",
			Headline: "+31 6 123", Consents: models.Consents{Contact: models.Consent{Given: true, At: now}}},
		{ID: "demo:quiet", Provider: "demo", Subject: "quiet", Name: "Quinten Stil", Email: "quiet@example.com", City: "Zeist, NL"},
		{ID: "demo:late", Provider: "demo", Subject: "late", Name: "Laura Laat"},
	} {
		if err := st.SaveUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if _, err := st.JoinEvent(ctx, "party", u.ID, now); err != nil {
			t.Fatal(err)
		}
	}
	rec := p.Client()
	rec.DemoSignIn("recruiter")
	list := rec.Do(http.MethodGet, "/recruit/events/party/attendees?q=quin", nil, map[string]string{"HX-Request": "true"})
	if !strings.Contains(list.Body, "Quinten Stil") || strings.Contains(list.Body, "HYPERLINK") || strings.Contains(list.Body, "Laura") {
		t.Errorf("name search: %s", list.Body)
	}
	row := htmxPost(rec, "/recruit/events/party/checkin", url.Values{"user_id": {"demo:quiet"}, "in": {"true"}})
	if row.StatusCode != 200 || !strings.Contains(row.Body, "checked-in") || !strings.HasPrefix(row.Body, "<li") {
		t.Fatalf("check-in: %d %s", row.StatusCode, row.Body)
	}
	tps := apptest.Touchpoints(t, st, "demo:quiet", models.KindEventAttended)
	if len(tps) != 1 || tps[0].Kind != models.KindEventAttended || tps[0].EventID != "party" || tps[0].RecruiterID != "demo:recruiter" {
		t.Errorf("attendance touchpoint: %+v", tps)
	}
	if res := htmxPost(rec, "/recruit/events/party/checkin", url.Values{"user_id": {"demo:late"}, "in": {"true"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("checking in someone on the waitlist: %d", res.StatusCode)
	}

	res := rec.Get("/recruit/events/party/attendees.csv")
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv content type %q", res.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(bytes.NewReader([]byte(res.Body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows: %v", len(rows), rows)
	}
	byName := map[string][]string{}
	for _, r := range rows[1:] {
		byName[r[2]] = r
	}
	evil := byName[`'=HYPERLINK("https://evil.example","Click")`]
	if evil == nil || evil[3] != "'+31 6 123" || evil[5] != "evil@example.com" {
		t.Errorf("formula not defused, or consented e-mail missing: %v", rows)
	}
	quiet := byName["Quinten Stil"]
	if quiet == nil || quiet[5] != "" || quiet[4] != "Zeist, NL" || quiet[6] != "yes" {
		t.Errorf("e-mail without consent, or check-in missing: %v", quiet)
	}
	if late := byName["Laura Laat"]; late == nil || late[0] != "waiting" || late[1] != "1" {
		t.Errorf("waitlist row: %v", late)
	}

	// Undo the check-in: the touchpoint goes too.
	htmxPost(rec, "/recruit/events/party/checkin", url.Values{"user_id": {"demo:quiet"}, "in": {"false"}})
	if tps := apptest.Touchpoints(t, st, "demo:quiet", models.KindEventAttended); len(tps) != 0 {
		t.Errorf("undone check-in keeps its touchpoint: %+v", tps)
	}
}

// The door opens on the event's day: nine days before a meetup nobody can
// be checked in (the page says when it opens, and shows no buttons); at the
// door the counter comes with each check-in; after the event the list can
// still be corrected, and the attendance is dated at the event.
func TestTheDoorOpensOnTheDay(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	st := p.App.Store
	now := time.Now()
	for id, start := range map[string]time.Time{"later": now.AddDate(0, 0, 9), "soon": now.Add(2 * time.Hour), "past": now.AddDate(0, 0, -3)} {
		if err := st.SaveEvent(ctx, models.Event{ID: id, Title: "Meetup " + id, Description: "x", TimeZone: "Europe/Amsterdam",
			City: "Utrecht", Venue: "Oudegracht 1", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: models.EventPublished}); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveUser(ctx, models.User{ID: "demo:guest-" + id, Provider: "demo", Subject: id, Name: "Guest " + id}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.JoinEvent(ctx, id, "demo:guest-"+id, now.AddDate(0, 0, -10)); err != nil {
			t.Fatal(err)
		}
	}
	rec := p.Client()
	rec.DemoSignIn("recruiter")

	page := rec.Get("/recruit/events/later/attendees").Body
	if !strings.Contains(page, `id="door-closed"`) || strings.Contains(page, "/checkin") {
		t.Error("nine days before, the door list offers check-in or does not say when it opens")
	}
	if res := htmxPost(rec, "/recruit/events/later/checkin", url.Values{"user_id": {"demo:guest-later"}, "in": {"true"}}); res.StatusCode != http.StatusConflict ||
		!strings.Contains(res.Body, "People can be checked in from a few hours before the event starts") {
		t.Errorf("a check-in nine days before: %d", res.StatusCode)
	}
	if e, _ := st.Event(ctx, "later"); len(e.CheckedIn) != 0 || len(apptest.Touchpoints(t, st, "demo:guest-later", models.KindEventAttended)) != 0 {
		t.Error("a check-in nine days before was recorded")
	}

	row := htmxPost(rec, "/recruit/events/soon/checkin", url.Values{"user_id": {"demo:guest-soon"}, "in": {"true"}})
	if !strings.Contains(row.Body, `id="attendance-summary" role="status" hx-swap-oob="true">1 going · 1 checked in`) {
		t.Errorf("the check-in does not bring the door's counter:\n%s", row.Body)
	}

	if res := htmxPost(rec, "/recruit/events/past/checkin", url.Values{"user_id": {"demo:guest-past"}, "in": {"true"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("correcting the list afterwards: %d", res.StatusCode)
	}
	past, _ := st.Event(ctx, "past")
	if tps := apptest.Touchpoints(t, st, "demo:guest-past", models.KindEventAttended); len(tps) != 1 || !tps[0].At.Equal(past.StartsAt) {
		t.Errorf("a correction afterwards is dated %+v, not at the event", tps)
	}
}

// Waiting is not joining: a member on a full event's waitlist has
// "joined the waitlist" on their timeline and no event joined in their
// engagement, until they move up, which records the join.
func TestTheWaitlistIsNotJoining(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	st := p.App.Store
	start := time.Now().AddDate(0, 0, 5)
	if err := st.SaveEvent(ctx, models.Event{ID: "small", Title: "Design critique night", Description: "x", TimeZone: "Europe/Amsterdam",
		City: "Rotterdam", Venue: "Witte de Withstraat 50", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: 1, Status: models.EventPublished}); err != nil {
		t.Fatal(err)
	}
	first, second := p.Client(), p.Client()
	first.DemoSignIn("admin")
	second.DemoSignIn("candidate")
	first.Post("/events/small/join", nil)
	second.Post("/events/small/join", nil)
	kinds := func(id string) []string {
		r, err := st.Relationship(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, tp := range r.Timeline {
			if tp.EventID == "small" {
				out = append(out, tp.Kind)
			}
		}
		return out
	}
	if got := kinds("demo:candidate"); len(got) != 1 || got[0] != models.KindEventWaitlisted {
		t.Fatalf("on the waitlist, Sanne's timeline has %v", got)
	}
	r, _ := st.Relationship(ctx, "demo:candidate")
	if n := models.MeasureEngagement(r.Activity, time.Now()).Counts[models.KindEventJoined]; n != 0 {
		t.Errorf("waiting counts as %d event joined in her engagement", n)
	}
	first.Post("/events/small/leave", nil)
	if got := kinds("demo:candidate"); len(got) != 2 || got[0] != models.KindEventJoined {
		t.Errorf("after moving up, Sanne's timeline has %v", got)
	}
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	if body := mark.Get("/recruit/talent/demo:candidate").Body; !strings.Contains(body, "Joined the waitlist of Design critique night") {
		t.Error("her page does not say she waited")
	}
}
