package handlers_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// A walk-in at the door becomes a guest of the event, with the one
// invitation to join they agreed to; the link in it adds the visit to the
// profile they make, and their name and address leave the guest list.
func TestWalkInBecomesAMemberWhoCame(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	start := time.Now().Add(time.Hour)
	if err := p.App.Store.SaveEvent(ctx, models.Event{ID: "tonight", Title: "Frontend meetup Amsterdam", Description: "Talks.", TimeZone: "Europe/Amsterdam",
		Venue: "Rokin 75", City: "Amsterdam", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: models.EventPublished}); err != nil {
		t.Fatal(err)
	}
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	const door = "/recruit/events/tonight/walk-ins" // the door opens on the day
	walkIn := url.Values{"name": {"Ana Costa"}, "email": {"Ana.Costa@example.com"}, "lang": {"en"}, "csrf_token": {mark.CSRF()}}

	if res := mark.Do(http.MethodPost, door, walkIn, htmx); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-agreed"`) {
		t.Fatalf("a walk-in who did not agree to the mail: %d", res.StatusCode)
	}
	walkIn.Set("agreed", "yes")
	res := mark.Do(http.MethodPost, door, walkIn, htmx)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Ana Costa is a guest of this event") || !strings.Contains(res.Body, "1 guest") {
		t.Fatalf("a walk-in: %d", res.StatusCode)
	}
	if res := mark.Do(http.MethodPost, door, walkIn, htmx); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "already a guest") {
		t.Errorf("the same walk-in twice: %d", res.StatusCode)
	}
	if res := mark.Do(http.MethodPost, "/recruit/events/evt-01/walk-ins", walkIn, htmx); res.StatusCode != http.StatusConflict {
		t.Errorf("a walk-in days before the event: %d", res.StatusCode)
	}
	// After the day, the door is closed to walk-ins: their yes is taken there.
	if res := mark.Do(http.MethodPost, "/recruit/events/evt-09/walk-ins", walkIn, htmx); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "The door has closed") {
		t.Errorf("a walk-in ten days after the event: %d", res.StatusCode)
	}
	if page := mark.Get("/recruit/events/tonight/attendees").Body; !strings.Contains(page, "Ana Costa") || !strings.Contains(page, "guest, invited to join") {
		t.Error("the door does not list the guest")
	}

	sent := p.SendOutbox(t).To("ana.costa@example.com")
	if len(sent) != 1 {
		t.Fatalf("%d invitations to the guest", len(sent))
	}
	text, _, err := sent[0].Parts()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Hi Ana,") || !strings.Contains(text, "Thank you for coming to Frontend meetup Amsterdam") ||
		!strings.Contains(text, "Northwind Recruitment B.V.") {
		t.Errorf("the invitation:\n%s", text)
	}
	link := regexp.MustCompile(`https?://\S+/join\?next=\S+`).FindString(text)
	u, err := url.Parse(link)
	if err != nil || link == "" {
		t.Fatalf("no join link in the invitation: %q", link)
	}
	next := u.Query().Get("next")
	token := strings.TrimPrefix(next[strings.Index(next, "?"):], "?guest=")

	// She joins (the demo's candidate stands in for her new account) and
	// follows the link: the event offers to add her visit.
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	if page := sanne.Get(next).Body; !strings.Contains(page, "You came to this event as a guest") {
		t.Fatal("the event does not offer to add the visit")
	}
	if res := sanne.Post("/events/evt-01/visit", url.Values{"guest": {token}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("the token on another event: %d", res.StatusCode)
	}
	if res := sanne.Post("/events/tonight/visit", url.Values{"guest": {token}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add the visit: %d", res.StatusCode)
	}
	e, err := p.App.Store.Event(ctx, "tonight")
	if err != nil {
		t.Fatal(err)
	}
	if !e.RSVPOf("demo:candidate").Attending || !slices.Contains(e.CheckedIn, "demo:candidate") || len(e.Guests) != 0 || e.Going != len(e.Attendees) {
		t.Errorf("after the claim: attending %v, checked in %v, guests %+v, going %d of %d", e.RSVPOf("demo:candidate").Attending,
			slices.Contains(e.CheckedIn, "demo:candidate"), e.Guests, e.Going, len(e.Attendees))
	}
	// Her invitation named her: it went with her name and address.
	if _, err := p.App.Store.OutboxMail(ctx, models.GuestInvitationKey("tonight", "ana.costa@example.com")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the claimed guest's invitation is still in the outbox: %v", err)
	}
	if tps := apptest.Touchpoints(t, p.App.Store, "demo:candidate", models.KindEventAttended); !slices.ContainsFunc(tps, func(tp models.Touchpoint) bool { return tp.EventID == "tonight" }) {
		t.Error("the visit is not on her timeline")
	}
	if res := sanne.Post("/events/tonight/visit", url.Values{"guest": {token}}); res.StatusCode != http.StatusSeeOther ||
		!strings.Contains(sanne.Get("/events/tonight").Body, "added already") {
		t.Errorf("the link used twice: %d", res.StatusCode)
	}

	// A guest who never joins is forgotten with their invitation.
	walkIn.Set("name", "Bo Jansen")
	walkIn.Set("email", "bo@example.com")
	if res := mark.Do(http.MethodPost, door, walkIn, htmx); res.StatusCode != http.StatusOK {
		t.Fatalf("a second walk-in: %d", res.StatusCode)
	}
	if err := p.App.Store.ForgetGuests(ctx, "tonight"); err != nil {
		t.Fatal(err)
	}
	if e, _ := p.App.Store.Event(ctx, "tonight"); len(e.Guests) != 0 {
		t.Errorf("guests after forgetting: %+v", e.Guests)
	}
	if _, err := p.App.Store.OutboxMail(ctx, models.GuestInvitationKey("tonight", "bo@example.com")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the forgotten guest's invitation is still in the outbox: %v", err)
	}
}
