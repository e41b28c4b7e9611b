package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

var htmx = map[string]string{"HX-Request": "true"}

// signedInNewcomer signs in a demo account that has no profile yet (the
// portal is not seeded), as a first-time member would arrive.
func signedInNewcomer(t *testing.T) (*apptest.Portal, *apptest.Client) {
	p := apptest.Start(t, nil)
	c := p.Client()
	c.DemoSignIn("candidate")
	return p, c
}

func user(t *testing.T, p *apptest.Portal) *models.User {
	t.Helper()
	u, err := p.App.Store.User(context.Background(), "demo:candidate")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestProfileSectionsSaveAndRefuseBadInput(t *testing.T) {
	p, c := signedInNewcomer(t)

	// Plain forms (no JavaScript): a wrong value comes back at its field, with what was typed.
	res := c.Post("/profile/basics", url.Values{"headline": {"Tester"}, "seniority": {"wizard"}, "linkedin_url": {"https://evil.example/in/x"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-linkedin_url"`) ||
		!strings.Contains(res.Body, `id="err-seniority"`) || !strings.Contains(res.Body, `value="Tester"`) || !strings.Contains(res.Body, "<!doctype html>") {
		t.Fatalf("bad basics: %d\n%s", res.StatusCode, res.Body)
	}
	if u := user(t, p); u.Headline != "" {
		t.Fatal("a refused form saved the headline")
	}
	res = c.Post("/profile/basics", url.Values{"headline": {"<script>alert(1)</script>"}, "city": {"Utrecht"}, "seniority": {"senior"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/profile#profile-basics" {
		t.Fatalf("good basics: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	page := c.Get("/profile").Body
	if strings.Contains(page, "<script>alert(1)</script>") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatal("markup in a headline is not escaped")
	}
	if !strings.Contains(page, "Your profile was saved.") {
		t.Error("no flash after a plain save")
	}

	// htmx: edit mode, then save, each a fragment of the section.
	res = c.Do(http.MethodGet, "/profile/availability/edit", nil, htmx)
	if res.StatusCode != 200 || strings.Contains(res.Body, "<!doctype html>") || !strings.Contains(res.Body, `name="status"`) {
		t.Fatalf("edit fragment: %d\n%s", res.StatusCode, res.Body)
	}
	token := c.CSRF()
	form := url.Values{"status": {"looking"}, "until": {"31-12-2030"}, "csrf_token": {token}}
	res = c.Do(http.MethodPost, "/profile/availability", form, htmx)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Enter a date like 2027-03-01.") {
		t.Fatalf("bad date: %d\n%s", res.StatusCode, res.Body)
	}
	form.Set("until", "")
	res = c.Do(http.MethodPost, "/profile/availability", form, htmx)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Actively looking") || strings.Contains(res.Body, "<form") ||
		!strings.Contains(res.Body, `<p class="saved" role="status">✓ Saved</p>`) {
		t.Fatalf("saved availability: %d\n%s", res.StatusCode, res.Body)
	}
	if u := user(t, p); u.Availability.Status != models.AvailabilityLooking || u.Availability.ChangedAt.IsZero() {
		t.Fatalf("availability not stored with its time: %+v", u.Availability)
	}

	res = c.Post("/profile/preferences", url.Values{"roles": {"Backend developer, SRE"}, "workplaces": {"remote", "hybrid"}, "employment_types": {"freelance"}, "regions": {"Randstad"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("preferences: %d %s", res.StatusCode, res.Body)
	}
	if res := c.Post("/profile/contact", url.Values{"frequency": {"daily"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unknown frequency: %d", res.StatusCode)
	}
	res = c.Post("/profile/contact", url.Values{"frequency": {"quarterly"}, "channels": {"email"}, "phone": {"call me maybe"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-phone"`) || !strings.Contains(res.Body, `value="call me maybe"`) {
		t.Fatalf("a wrong phone number: %d, not refused at its field with what was typed", res.StatusCode)
	}
	if u := user(t, p); u.Contact.Frequency == "quarterly" {
		t.Fatal("a contact form with a wrong phone number was half-saved")
	}
	if res := c.Post("/profile/contact", url.Values{"frequency": {"quarterly"}, "channels": {"email"}, "phone": {"+31 6  1234 5678"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("contact: %d", res.StatusCode)
	}
	u := user(t, p)
	if u.Contact.Phone != "+31 6 1234 5678" {
		t.Errorf("phone stored as %q", u.Contact.Phone)
	}
	if len(u.Preferences.Workplaces) != 2 || u.Preferences.Roles[1] != "SRE" || u.Contact.Frequency != "quarterly" {
		t.Fatalf("preferences or contact not stored: %+v %+v", u.Preferences, u.Contact)
	}
	if res := c.Get("/profile/nope"); res.StatusCode != 404 {
		t.Errorf("unknown section: %d", res.StatusCode)
	}
	if res := c.Get("/profile/basics/delete"); res.StatusCode != 404 {
		t.Errorf("unknown mode: %d", res.StatusCode)
	}
	if res := p.Client().Get("/profile"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous profile: %d", res.StatusCode)
	}
}

func TestSkillsAndInterestsChips(t *testing.T) {
	p, c := signedInNewcomer(t)
	token := c.CSRF()
	add := func(kind, term string) *apptest.Response {
		return c.Do(http.MethodPost, "/profile/"+kind+"/add", url.Values{"term": {term}, "csrf_token": {token}}, htmx)
	}
	for _, term := range []string{"golang", "K8S", "Go", "  Zig  "} {
		if res := add("skills", term); res.StatusCode != 200 {
			t.Fatalf("add %q: %d %s", term, res.StatusCode, res.Body)
		}
	}
	if u := user(t, p); strings.Join(u.Skills, "|") != "Go|Kubernetes|Zig" {
		t.Fatalf("skills %v", u.Skills)
	}
	if res := add("skills", "   "); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Please fill this in.") {
		t.Fatalf("empty term: %d", res.StatusCode)
	}
	if res := add("skills", strings.Repeat("x", models.MaxTermLen+1)); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "at most 40 characters") {
		t.Fatalf("long term: %d %s", res.StatusCode, res.Body)
	}
	if res := add("interests", "fintech"); res.StatusCode != 200 || !strings.Contains(res.Body, "Fintech") {
		t.Fatalf("interest: %d", res.StatusCode)
	}
	res := c.Do(http.MethodPost, "/profile/skills/remove", url.Values{"term": {"kubernetes"}, "csrf_token": {token}}, htmx)
	if res.StatusCode != 200 || strings.Contains(res.Body, ">Kubernetes") {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	for i := 0; len(user(t, p).Skills) < models.MaxSkills; i++ {
		add("skills", "skill"+strings.Repeat("z", i%5)+string(rune('a'+i)))
	}
	if res := add("skills", "one too many"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "You can add at most 30.") {
		t.Fatalf("cap: %d %s", res.StatusCode, res.Body)
	}
	res = c.Do(http.MethodGet, "/profile/suggest/skills?term=type", nil, htmx)
	if !strings.Contains(res.Body, `<datalist id="skills-options"><option value="TypeScript">`) {
		t.Fatalf("suggestions: %s", res.Body)
	}
	if res := c.Get("/profile/suggest/hobbies?term=x"); res.StatusCode != 404 {
		t.Errorf("unknown kind: %d", res.StatusCode)
	}
}

func TestMilestones(t *testing.T) {
	p, c := signedInNewcomer(t)
	res := c.Post("/profile/milestones/add", url.Values{"kind": {"promotion"}, "title": {""}, "date": {"2026-02-30"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-title"`) || !strings.Contains(res.Body, `id="err-date"`) {
		t.Fatalf("bad milestone: %d", res.StatusCode)
	}
	res = c.Post("/profile/milestones/add", url.Values{"kind": {"certification"}, "title": {"CKA"}, "date": {"2026-06-01"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("milestone: %d %s", res.StatusCode, res.Body)
	}
	u := user(t, p)
	if len(u.Milestones) != 1 || u.Milestones[0].Title != "CKA" {
		t.Fatalf("%+v", u.Milestones)
	}
	if res := c.Post("/profile/milestones/remove", url.Values{"id": {"not-mine"}}); res.StatusCode != 404 {
		t.Errorf("remove unknown: %d", res.StatusCode)
	}
	if res := c.Post("/profile/milestones/remove", url.Values{"id": {u.Milestones[0].ID}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("remove: %d", res.StatusCode)
	}
	if len(user(t, p).Milestones) != 0 {
		t.Error("milestone not removed")
	}
}

// The visibility consent decides, through the sync mechanism, whether the
// profile is in the talent index.
func TestVisibilityConsentControlsTheTalentIndex(t *testing.T) {
	p, c := signedInNewcomer(t)
	ctx := context.Background()
	inIndex := func() bool {
		t.Helper()
		if _, err := p.App.Syncer.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
		res, err := p.App.Index.Search(ctx, search.TalentPool(search.Query{}))
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.Ref == "demo:candidate" {
				return true
			}
		}
		return false
	}
	c.Post("/profile/skills/add", url.Values{"term": {"Go"}})
	if inIndex() {
		t.Fatal("in the talent index without consent")
	}
	if res := c.Post("/profile/consents", url.Values{"consent_visibility": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("consent: %d", res.StatusCode)
	}
	if !inIndex() {
		t.Fatal("not in the talent index with consent")
	}
	u := user(t, p)
	if !models.May(u, models.PurposeTalentSearch) || models.May(u, models.PurposeRecruiterContact) || len(u.ConsentHistory) != 3 {
		t.Fatalf("consents %+v, history %d", u.Consents, len(u.ConsentHistory))
	}
	c.Post("/profile/consents", url.Values{}) // every box unticked: withdrawn
	if inIndex() {
		t.Fatal("still in the talent index after withdrawing consent")
	}
	if n := len(user(t, p).ConsentHistory); n != 4 {
		t.Fatalf("history has %d entries, want 4 (three first answers, one withdrawal)", n)
	}
	if body := c.Get("/privacy").Body; !strings.Contains(body, "Show my profile in the talent search") || strings.Count(body, "<tr>") != 5 {
		t.Error("privacy centre does not show the consent history")
	}
}

func TestExportAndDelete(t *testing.T) {
	p, c := signedInNewcomer(t)
	ctx := context.Background()
	c.Post("/profile/basics", url.Values{"headline": {"Data engineer"}})
	c.Post("/profile/consents", url.Values{"consent_visibility": {"1"}})
	if _, err := p.App.Syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	res := c.Get("/privacy/export")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	var export struct {
		Data map[string][]map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(res.Body), &export); err != nil {
		t.Fatal(err)
	}
	for _, col := range store.PersonalCollections() {
		if _, listed := export.Data[col]; !listed {
			t.Errorf("export does not cover %s", col)
		}
	}
	if len(export.Data["users"]) != 1 || len(export.Data["sessions"]) == 0 {
		t.Errorf("export lacks the account or the sessions: %v", export.Data)
	}
	if export.Data["users"][0]["headline"] != "Data engineer" || export.Data["users"][0]["consent_history"] == nil {
		t.Errorf("export lacks the profile: %v", export.Data["users"][0])
	}

	// Without the confirmation nothing happens.
	if res := c.Post("/privacy/delete", url.Values{}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Tick the box to confirm.") {
		t.Fatalf("unconfirmed delete: %d", res.StatusCode)
	}
	if _, err := p.App.Store.User(ctx, "demo:candidate"); err != nil {
		t.Fatal("deleted without confirmation")
	}
	other := p.Client()
	other.DemoSignIn("recruiter")
	// They hold the one place at a dinner the recruiter waits for.
	start := time.Now().Add(48 * time.Hour)
	if err := p.App.Store.SaveEvent(ctx, models.Event{ID: "dinner", Title: "Dinner", StartsAt: start, EndsAt: start.Add(time.Hour),
		Capacity: 1, Status: models.EventPublished}); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"demo:candidate", "demo:recruiter"} {
		if _, err := p.App.Store.JoinEvent(ctx, "dinner", who, time.Now()); err != nil {
			t.Fatal(err)
		}
	}

	res = c.Post("/privacy/delete", url.Values{"confirm": {"1"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if body := c.Get("/").Body; !strings.Contains(body, "Your data has been deleted.") || strings.Contains(body, "Welcome back") {
		t.Fatal("not signed out with a goodbye")
	}
	counts, err := p.App.Store.CountPersonData(ctx, "demo:candidate")
	if err != nil {
		t.Fatal(err)
	}
	for col, n := range counts {
		if n != 0 {
			t.Errorf("%d documents left in %s", n, col)
		}
	}
	if e, _ := p.App.Store.Event(ctx, "dinner"); strings.Join(e.Attendees, ",") != "demo:recruiter" {
		t.Errorf("the place did not pass to the next in line: %+v", e.Attendance)
	}
	if ns, _ := p.App.Store.Notifications(ctx, "demo:recruiter", 5); len(ns) != 1 || ns[0].Kind != models.KindEventPromoted {
		t.Errorf("the next in line was not told: %+v", ns)
	}
	if _, err := p.App.Syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	hits, _ := p.App.Index.Search(ctx, search.TalentPool(search.Query{}))
	for _, h := range hits.Hits {
		if h.Ref == "demo:candidate" {
			t.Fatal("erased person still in the talent index")
		}
	}
	if ids, _ := p.App.Store.IndexDeletions(ctx, 10); len(ids) != 0 {
		t.Errorf("tombstones left: %v", ids)
	}
	if n, _ := p.App.Store.ErasedMembers(ctx); n != 1 {
		t.Errorf("anonymous count %d", n)
	}
	if !strings.Contains(other.Get("/").Body, "Welcome back, Mark") {
		t.Error("someone else's session ended too")
	}

	// Signing in again starts fresh.
	c.DemoSignIn("candidate")
	u := user(t, p)
	if u.Headline != "" || u.SignInCount != 1 || u.Onboarding.Done || len(u.ConsentHistory) != 0 {
		t.Fatalf("not a fresh account: %+v", u)
	}
}

func TestOnboardingSkipAndResume(t *testing.T) {
	p, c := signedInNewcomer(t)
	if body := c.Get("/").Body; !strings.Contains(body, "Finish your profile") {
		t.Error("dashboard does not invite to finish onboarding")
	}
	if body := c.Get("/onboarding").Body; !strings.Contains(body, "Step 1 of 4") {
		t.Fatal("wizard does not start at step 1")
	}
	res := c.Post("/onboarding/1", url.Values{"action": {"skip"}, "headline": {strings.Repeat("x", 500)}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/onboarding?step=2" {
		t.Fatalf("skip: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// Leave and come back: the wizard resumes at step 2.
	if body := c.Get("/onboarding").Body; !strings.Contains(body, "Step 2 of 4") {
		t.Fatal("wizard does not resume")
	}
	res = c.Post("/onboarding/2", url.Values{"action": {"save"}, "skills": {strings.Repeat("a,", 0) + "golang, postgres"}, "interests": {"x" + strings.Repeat("y", 50)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-interests"`) {
		t.Fatalf("bad step 2: %d", res.StatusCode)
	}
	if len(user(t, p).Skills) != 0 {
		t.Fatal("a refused step saved its skills")
	}
	res = c.Post("/onboarding/2", url.Values{"action": {"save"}, "skills": {"golang, postgres"}, "interests": {"cloud"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("step 2: %d", res.StatusCode)
	}
	if u := user(t, p); strings.Join(u.Skills, ",") != "Go,PostgreSQL" || u.Interests[0] != "Cloud" {
		t.Fatalf("step 2 saved %v %v", u.Skills, u.Interests)
	}
	c.Post("/onboarding/3", url.Values{"action": {"skip"}})
	res = c.Post("/onboarding/4", url.Values{"action": {"save"}, "frequency": {"monthly"}, "consent_newsletter": {"1"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/profile" {
		t.Fatalf("finish: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	u := user(t, p)
	// The newsletter waits for the confirmation from its mail (double opt-in).
	if !u.Onboarding.Done || models.May(u, models.PurposeNewsletter) || u.Mail.NewsletterAskedAt.IsZero() || models.May(u, models.PurposeTalentSearch) {
		t.Fatalf("after the wizard: %+v %+v", u.Onboarding, u.Consents)
	}
	if res := c.Post("/onboarding/9", url.Values{}); res.StatusCode != 404 {
		t.Errorf("unknown step: %d", res.StatusCode)
	}
}

// A change to the profile is on the member's timeline with what changed,
// in the recruiter's language; changes made together are one line.
func TestTimelineSaysWhatTheMemberChanged(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	before, err := p.App.Store.User(context.Background(), "demo:candidate")
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"roles": {strings.Join(before.Preferences.Roles, ", ")}, "regions": {strings.Join(before.Preferences.Regions, ", ")},
		"workplaces": {"onsite"}, "employment_types": before.Preferences.EmploymentTypes}
	if res := sanne.Post("/profile/preferences", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save preferences: %d", res.StatusCode)
	}
	if res := sanne.Post("/profile/interests/add", url.Values{"term": {"Security"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add an interest: %d", res.StatusCode)
	}
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	page := mark.Get("/recruit/talent/demo:candidate").Body
	i := strings.Index(page, "Changed their profile:")
	if i < 0 {
		t.Fatal("the timeline does not say Sanne changed her profile")
	}
	line := page[i : i+strings.Index(page[i:], "<")]
	if !strings.Contains(line, "workplace +On-site") || !strings.Contains(line, "interests +Security") || strings.Count(page, "Changed their profile:") != 1 {
		t.Errorf("the timeline says %q", line)
	}
}
