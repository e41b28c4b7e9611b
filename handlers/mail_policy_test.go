package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

// The profile's contact section shows the contact policy in plain words
// and changes it; a wrong time zone is refused next to its field with
// nothing saved; the browser's time zone is taken once.
func TestContactPolicyInTheProfile(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	sanne := p.Client()
	sanne.DemoSignIn("candidate")

	page := sanne.Get("/profile")
	for _, want := range []string{"Your mail rules", "at most one mail every 7 days, never between 21:00 and 8:00 (Europe/Amsterdam)", `name="time-zone-ask"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the profile lacks %q", want)
		}
	}

	if res := sanne.Post("/profile/timezone", url.Values{"time_zone": {"Mars/Olympus"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown zone from the browser: %d", res.StatusCode)
	}
	if res := sanne.Post("/profile/timezone", url.Values{"time_zone": {"Europe/London"}}); res.StatusCode != http.StatusNoContent {
		t.Fatalf("the browser's zone: %d", res.StatusCode)
	}
	sanne.Post("/profile/timezone", url.Values{"time_zone": {"Asia/Tokyo"}}) // asked once: the first answer stays
	if u, _ := p.App.Store.User(ctx, "demo:candidate"); u.Mail.TimeZone != "Europe/London" {
		t.Errorf("time zone %q, want the browser's first answer", u.Mail.TimeZone)
	}
	if strings.Contains(sanne.Get("/profile").Body, `name="time-zone-ask"`) {
		t.Error("the zone is asked again after it was given")
	}

	form := url.Values{"frequency": {"monthly"}, "channels": {"email", "inapp"}, "time_zone": {"Nowhere/Land"},
		"quiet_from": {"22"}, "quiet_until": {"7"}, "nurture_days": {"14"}, "topics": {"recruiters"}, "alerts": {"weekly"}}
	res := sanne.Post("/profile/contact", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Choose a time zone from the list.") {
		t.Fatalf("a wrong time zone: %d", res.StatusCode)
	}
	if u, _ := p.App.Store.User(ctx, "demo:candidate"); u.Mail.NurtureDays != 0 || u.Mail.TimeZone != "Europe/London" {
		t.Errorf("half-saved after a refusal: %+v", u.Mail)
	}

	form.Set("time_zone", "America/Chicago")
	if res := sanne.Post("/profile/contact", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the policy: %d %s", res.StatusCode, res.Body)
	}
	u, _ := p.App.Store.User(ctx, "demo:candidate")
	from, until := u.Mail.Quiet()
	if u.Mail.TimeZone != "America/Chicago" || from != 22 || until != 7 || u.Mail.NurtureDays != 14 ||
		!u.Mail.Stops(models.TopicAlerts) || u.Mail.Stops(models.TopicRecruiters) || !u.Mail.NoClickTracking {
		t.Errorf("the policy saved: %+v", u.Mail)
	}
	if body := sanne.Get("/profile").Body; !strings.Contains(body, "at most one mail every 14 days, never between 22:00 and 7:00 (America/Chicago)") ||
		!strings.Contains(body, "we count no clicks of yours") {
		t.Error("the profile does not say the new policy")
	}
}
