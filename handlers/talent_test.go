package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

// synced brings the search index up to date with what was written.
func synced(t *testing.T, p *apptest.Portal) {
	t.Helper()
	if _, err := p.App.Syncer.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestTodayShowsWhoIsDueAndWhy(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	synced(t, p)
	mark := p.Client()
	if res := mark.Post("/auth/demo", url.Values{"account": {"recruiter"}}); res.Header.Get("Location") != "/recruit" {
		t.Errorf("a recruiter's sign-in lands on %q, want Today", res.Header.Get("Location"))
	}
	today := mark.Get("/recruit?filter=mine")
	if today.StatusCode != 200 || !strings.Contains(today.Body, "Sanne de Vries") ||
		!strings.Contains(today.Body, "Wants to hear from us quarterly; last contact 97 days ago") {
		t.Fatalf("Sanne is not overdue on Today, or without the reason: %d", today.StatusCode)
	}
	if !strings.Contains(today.Body, `id="today-badge"> <span class="badge">`) {
		t.Error("no Today badge in the navigation")
	}
	before := len(apptest.Touchpoints(t, p.App.Store, "demo:candidate", models.KindContact))

	// A contact cannot lie in the future, nor be of an unknown kind; nothing is saved.
	future := time.Now().Add(48 * time.Hour).Format("2006-01-02T15:04")
	res := mark.Post("/recruit/talent/demo:candidate/touchpoints", url.Values{"channel": {"pigeon"}, "at": {future}, "note": {"x"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-at"`) || !strings.Contains(res.Body, `id="err-channel"`) {
		t.Fatalf("bad touchpoint: %d", res.StatusCode)
	}
	if n := len(apptest.Touchpoints(t, p.App.Store, "demo:candidate", models.KindContact)); n != before {
		t.Fatal("a refused touchpoint was saved")
	}

	// Logged from her row of Today: the row goes, the badge follows.
	res = mark.Do(http.MethodPost, "/recruit/talent/demo:candidate/touchpoints",
		url.Values{"csrf_token": {mark.CSRF()}, "channel": {"call"}, "note": {"Catch-up about platform roles"}, "from": {"today"}, "back": {"/recruit"}},
		map[string]string{"HX-Request": "true"})
	if res.StatusCode != 200 || res.Header.Get("HX-Retarget") != "closest .today-row" || !strings.Contains(res.Body, `hx-swap-oob="true"`) {
		t.Fatalf("logging from Today: %d %q %s", res.StatusCode, res.Header.Get("HX-Retarget"), res.Body)
	}
	calls := apptest.Touchpoints(t, p.App.Store, "demo:candidate", models.KindContact)
	if len(calls) != before+1 || calls[0].Channel != "call" || calls[0].RecruiterID != "demo:recruiter" || time.Since(calls[0].At) > time.Minute {
		t.Fatalf("the call: %+v", calls)
	}
	synced(t, p)
	if strings.Contains(mark.Get("/recruit?filter=mine").Body, "Sanne de Vries") {
		t.Error("Sanne is still on Today after the call")
	}
	page := mark.Get("/recruit/talent/demo:candidate").Body
	if !strings.Contains(page, "Catch-up about platform roles") || !strings.Contains(page, "Call by Mark Jansen") {
		t.Error("the call is not on her timeline")
	}

	// Sanne sees who contacted her, when and how.
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	privacy := sanne.Get("/privacy").Body
	if !strings.Contains(privacy, "Your contact history") || !strings.Contains(privacy, "<td>Mark Jansen</td>") || !strings.Contains(privacy, "<td>Call") {
		t.Error("the call is not in her contact history")
	}
	if res := sanne.Get("/recruit"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a candidate on Today: %d", res.StatusCode)
	}

	// Snoozed for a week: off Today until then, and her page says so.
	r, _ := p.App.Store.ChangeRelationship(ctx, "demo:member-02", "", func(r *models.Relationship) (bool, error) { return true, nil })
	if len(r.Signals) == 0 {
		t.Fatal("the demo's milestone signal is missing")
	}
	if res := mark.Post("/recruit/talent/demo:member-02/snooze", url.Values{"for": {"date"}, "date": {"2020-01-01"}}); res.StatusCode != 303 {
		t.Fatalf("snooze into the past: %d", res.StatusCode)
	}
	if r, _ := p.App.Store.Relationship(ctx, "demo:member-02"); !r.SnoozedUntil.IsZero() {
		t.Error("snoozed into the past")
	}
	mark.Post("/recruit/talent/demo:member-02/snooze", url.Values{"for": {"week"}})
	if r, _ := p.App.Store.Relationship(ctx, "demo:member-02"); r.SnoozedUntil.Sub(time.Now()) < 6*24*time.Hour {
		t.Errorf("snoozed until %v", r.SnoozedUntil)
	}
	synced(t, p)
	if strings.Contains(mark.Get("/recruit?filter=everyone").Body, "/recruit/talent/demo:member-02\"") {
		t.Error("a snoozed member is on Today")
	}
}

func TestCongratulatingOnAMilestoneOnce(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	form := mark.Get("/recruit/talent/demo:member-02/congratulate?milestone=ms-polder")
	// A new job gets a new job's words, not "Congratulations on Started at…".
	if form.StatusCode != 200 || !strings.Contains(form.Body, `value="Congratulations on the new job, Daan!"`) ||
		!strings.Contains(form.Body, "congratulations on the new job! I hope the first weeks") || strings.Contains(form.Body, "Congratulations on Started") {
		t.Fatalf("the prefilled subject and message: %d\n%s", form.StatusCode, form.Body)
	}
	if res := mark.Post("/recruit/talent/demo:member-02/congratulate", url.Values{"milestone": {"ms-polder"}, "subject": {""}, "message": {""}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `id="err-message"`) || !strings.Contains(res.Body, `id="err-subject"`) {
		t.Fatalf("an empty message: %d", res.StatusCode)
	}
	msg := "Hi Daan,\n\nCongratulations on the new job at Polder Cloud!\nThey are lucky to have you.\n\nMark"
	if res := mark.Post("/recruit/talent/demo:member-02/congratulate", url.Values{"milestone": {"ms-polder"}, "subject": {"Well done, Daan"}, "message": {msg}}); res.StatusCode != 303 {
		t.Fatalf("congratulate: %d", res.StatusCode)
	}
	// The mail is Mark's message: from him by name, under his subject, his
	// line breaks kept, one greeting (his), and a reply goes to him.
	sent := p.SendOutbox(t).To("member02@demo.example")
	if len(sent) != 1 {
		t.Fatalf("%d mails to Lotte", len(sent))
	}
	m := sent[0]
	if got := m.Header("Subject"); got != "Well done, Daan" {
		t.Errorf("subject %q", got)
	}
	if got := m.Header("From"); !strings.Contains(got, "Mark Jansen via ") {
		t.Errorf("from %q", got)
	}
	if got := m.Header("Reply-To"); !strings.Contains(got, "Mark Jansen") || !strings.Contains(got, "@") {
		t.Errorf("reply-to %q", got)
	}
	text, html, err := m.Parts()
	if err != nil {
		t.Fatal(err)
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.Count(text, "Hi ") != 1 || !strings.Contains(text, "Polder Cloud!\nThey are lucky") {
		t.Errorf("text part:\n%s", text)
	}
	if strings.Count(html, "Hi ") != 1 || !strings.Contains(html, "Polder Cloud!<br") {
		t.Errorf("html part:\n%s", html)
	}
	inbox, _ := p.App.Store.Notifications(ctx, "demo:member-02", 10)
	if len(inbox) != 1 || inbox[0].Body != strings.ReplaceAll(msg, "\r\n", "\n") || inbox[0].FromName != "Mark Jansen" || inbox[0].Kind != models.KindMessage {
		t.Fatalf("inbox: %+v", inbox)
	}
	if tps := apptest.Touchpoints(t, p.App.Store, "demo:member-02", models.KindCongratulated); len(tps) != 1 {
		t.Fatalf("congratulation touchpoints: %+v", tps)
	}
	r, _ := p.App.Store.Relationship(ctx, "demo:member-02")
	if len(models.VisibleSignals(&models.User{}, r)) != 0 && r.Signals[0].MilestoneID == "ms-polder" {
		t.Error("the milestone is still a signal after the congratulation")
	}

	// A second recruiter is told who did, and cannot send another.
	fatima := p.Client()
	fatima.DemoSignIn("admin")
	if body := fatima.Get("/recruit/talent/demo:member-02/congratulate?milestone=ms-polder").Body; !strings.Contains(body, "Mark Jansen congratulated on") {
		t.Error("the second recruiter is not told who congratulated")
	}
	if res := fatima.Post("/recruit/talent/demo:member-02/congratulate", url.Values{"milestone": {"ms-polder"}, "message": {"Again!"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a second congratulation: %d", res.StatusCode)
	}
	if inbox, _ := p.App.Store.Notifications(ctx, "demo:member-02", 10); len(inbox) != 1 {
		t.Errorf("%d messages after a second try", len(inbox))
	}
}

func TestTalentPoolSearchFacetsBulkAndSavedSearches(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	synced(t, p)
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	res := mark.Get("/recruit/talent?q=kubernets")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Sanne de Vries") {
		t.Fatalf("a misspelled skill does not find Sanne: %d", res.StatusCode)
	}
	narrowed := mark.Get("/recruit/talent?q=kubernets&city=Utrecht&availability=open")
	if !strings.Contains(narrowed.Body, "Sanne de Vries") || strings.Contains(narrowed.Body, `name="city" value="Den Haag" checked`) {
		t.Fatal("two facets lost Sanne")
	}
	// Members who are not in the talent pool are never found there.
	if u, _ := p.App.Store.User(ctx, "demo:member-01"); !models.Reachable(u) && strings.Contains(mark.Get("/recruit/talent?q="+url.QueryEscape(u.Name)).Body, u.Name+"</strong>") {
		t.Error("a member without the visibility consent is in the pool")
	}

	// Tag and assign in bulk; a member outside the pool is skipped.
	back := "/recruit/talent?q=kubernets&city=Utrecht"
	if res := mark.Post("/recruit/talent/bulk", url.Values{"member": {"demo:candidate"}, "action": {"tag"}, "tag": {"  Meetup Speaker "}, "back": {back}}); res.StatusCode != 303 || res.Header.Get("Location") != back {
		t.Fatalf("bulk tag: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if r, _ := p.App.Store.Relationship(ctx, "demo:candidate"); strings.Join(r.Tags, ",") != "meetup speaker" {
		t.Errorf("tags: %v", r.Tags)
	}
	mark.Post("/recruit/talent/bulk", url.Values{"member": {"demo:candidate"}, "action": {"log"}, "channel": {"event"}, "note": {"met at the meetup"}})
	if tps := apptest.Touchpoints(t, p.App.Store, "demo:candidate", models.KindContact); len(tps) == 0 || tps[0].Note != "met at the meetup" {
		t.Errorf("bulk log: %+v", tps)
	}
	mark.Post("/recruit/talent/bulk", url.Values{"member": {"demo:candidate"}, "action": {"assign"}, "owner": {"demo:candidate"}})
	if r, _ := p.App.Store.Relationship(ctx, "demo:candidate"); r.OwnerID != "demo:recruiter" {
		t.Errorf("a candidate became the owner: %q", r.OwnerID)
	}
	// Pressing Assign without choosing takes nobody's owner away; "No owner" does.
	mark.Post("/recruit/talent/bulk", url.Values{"member": {"demo:candidate"}, "action": {"assign"}, "owner": {""}})
	if r, _ := p.App.Store.Relationship(ctx, "demo:candidate"); r.OwnerID != "demo:recruiter" {
		t.Errorf("an untouched owner list took Sanne's owner away: %q", r.OwnerID)
	}
	mark.Post("/recruit/talent/bulk", url.Values{"member": {"demo:candidate"}, "action": {"assign"}, "owner": {"none"}})
	if r, _ := p.App.Store.Relationship(ctx, "demo:candidate"); r.OwnerID != "" {
		t.Errorf("'No owner' left %q", r.OwnerID)
	}
	synced(t, p)
	if body := mark.Get("/recruit/talent?labels=meetup+speaker").Body; !strings.Contains(body, "Sanne de Vries") {
		t.Error("the tag is not a facet")
	}

	// Save the search; a member who joins later is new to it.
	if res := mark.Post("/recruit/talent/saved", url.Values{"name": {""}, "search": {back}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-name"`) {
		t.Fatalf("a search without a name: %d", res.StatusCode)
	}
	if res := mark.Post("/recruit/talent/saved", url.Values{"name": {"Kubernetes in Utrecht"}, "search": {back}}); res.StatusCode != 303 {
		t.Fatalf("save search: %d", res.StatusCode)
	}
	newbie := models.User{ID: "demo:newbie", Name: "Noor Nieuw", Skills: []string{"Kubernetes"}, City: "Utrecht", CreatedAt: time.Now(), Version: 1}
	models.SetConsents(&newbie, map[models.ConsentKind]bool{models.ConsentVisibility: true}, time.Now())
	if err := p.App.Store.SaveUser(ctx, newbie); err != nil {
		t.Fatal(err)
	}
	synced(t, p)
	if body := mark.Get("/recruit/talent").Body; !strings.Contains(body, "Kubernetes in Utrecht") || !strings.Contains(body, "1 new since you last looked") {
		t.Error("the saved search does not say one member is new")
	}
	saved, _ := p.App.Store.SavedSearches(ctx, "demo:recruiter")
	mark.Get("/recruit/talent?" + saved[0].Query + "&saved=" + saved[0].ID)
	if body := mark.Get("/recruit/talent").Body; strings.Contains(body, "new since you last looked") {
		t.Error("still new after looking")
	}
}

func TestRhythmConsentsAndPrivateNotes(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	mark := p.Client()
	mark.DemoSignIn("recruiter")

	// Sanne asked for quarterly: monthly is refused, half-yearly moves her due date.
	mark.Post("/recruit/talent/demo:candidate/rhythm", url.Values{"rhythm": {"monthly"}})
	if r, _ := p.App.Store.Relationship(ctx, "demo:candidate"); r.Rhythm != "" {
		t.Fatalf("a faster rhythm than she asked for was saved: %q", r.Rhythm)
	}
	mark.Post("/recruit/talent/demo:candidate/rhythm", url.Values{"rhythm": {"half_yearly"}})
	u, _ := p.App.Store.User(ctx, "demo:candidate")
	r, _ := p.App.Store.Relationship(ctx, "demo:candidate")
	if got := models.OnToday(u, r); got.Kind != models.TodayRhythm || got.At.Before(time.Now()) {
		t.Errorf("half-yearly after 97 days is not due yet: %+v", got)
	}

	// Notes: checked, saved, editable by their author only, and in her export.
	if res := mark.Post("/recruit/talent/demo:candidate/notes", url.Values{"text": {"  "}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-text"`) {
		t.Fatalf("an empty note: %d", res.StatusCode)
	}
	mark.Post("/recruit/talent/demo:candidate/notes", url.Values{"text": {"Prefers calls after five <b>pm</b>"}})
	r, _ = p.App.Store.Relationship(ctx, "demo:candidate")
	if len(r.Notes) != 1 || r.Notes[0].AuthorID != "demo:recruiter" {
		t.Fatalf("notes: %+v", r.Notes)
	}
	page := mark.Get("/recruit/talent/demo:candidate").Body
	if !strings.Contains(page, "Prefers calls after five &lt;b&gt;pm&lt;/b&gt;") || !strings.Contains(page, "can read them when they ask for their data") {
		t.Error("the note is not shown escaped, or without the warning")
	}
	fatima := p.Client()
	fatima.DemoSignIn("admin")
	if res := fatima.Post("/recruit/talent/demo:candidate/notes/"+r.Notes[0].ID, url.Values{"text": {"rewritten"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("editing someone else's note: %d", res.StatusCode)
	}
	sanne := p.Client()
	sanne.DemoSignIn("candidate")
	var export struct {
		Data map[string][]map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(sanne.Get("/privacy/export").Body), &export); err != nil {
		t.Fatal(err)
	}
	if rel := export.Data["relationships"]; len(rel) != 1 || !strings.Contains(toJSON(rel[0]["notes"]), "Prefers calls after five") {
		t.Errorf("the note is not in her export: %v", export.Data["relationships"])
	}

	// Without the contact consent she is never on Today, and her page says so.
	sanne.Post("/profile/consents", url.Values{"consent_visibility": {"1"}})
	u, _ = p.App.Store.User(ctx, "demo:candidate")
	if got := models.OnToday(u, r); got.Kind != "" {
		t.Errorf("on Today without contact consent: %+v", got)
	}
	if !strings.Contains(mark.Get("/recruit/talent/demo:candidate").Body, "Does not want to be contacted") {
		t.Error("her page does not say she does not want to be contacted")
	}

	// Someone outside the pool who did nothing with us is not found; after
	// saying "I'm interested" only that shows, not their profile.
	sanne.Post("/profile/consents", url.Values{"consent_contact": {"1"}})
	if res := mark.Get("/recruit/talent/demo:candidate"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a member outside the pool who did nothing: %d", res.StatusCode)
	}
	if _, err := p.App.Store.RecordTouchpoint(ctx, models.Touchpoint{ID: "i1", CandidateID: "demo:candidate", Kind: models.KindInterestExpressed,
		Title: "Senior backend developer", At: time.Now()}, models.Notification{}); err != nil {
		t.Fatal(err)
	}
	page = mark.Get("/recruit/talent/demo:candidate").Body
	if !strings.Contains(page, "Interested in Senior backend developer") || strings.Contains(page, "Go and Kubernetes") || strings.Contains(page, "Prefers calls") {
		t.Error("a member outside the pool shows more than what they did")
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// A member's page starts with how to reach them (their address, their
// phone number when they gave one, LinkedIn), each with the way to log it,
// only while they allow contact; and the last contact it names is on the
// timeline it shows, also for members outside the talent pool.
func TestMemberPageSaysHowToReachThem(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	sanne, err := p.App.Store.User(ctx, "demo:candidate")
	if err != nil || sanne.Contact.Phone == "" {
		t.Fatalf("the demo's Sanne has no phone number: %+v %v", sanne, err)
	}
	body := html.UnescapeString(mark.Get("/recruit/talent/demo:candidate").Body)
	for _, want := range []string{`href="mailto:` + sanne.Email + `"`, `href="` + sanne.Contact.TelURI() + `"`, ">" + sanne.Contact.Phone + "</a>",
		`href="/recruit/talent/demo:candidate/touchpoints/new?channel=call"`, `href="/recruit/talent/demo:candidate/touchpoints/new?channel=email"`} {
		if !strings.Contains(body, want) {
			t.Errorf("Sanne's page lacks %s", want)
		}
	}
	if strings.Index(body, "reach-phone") > strings.Index(body, `id="timeline"`) {
		t.Error("how to reach Sanne comes after her timeline")
	}
	if form := mark.Get("/recruit/talent/demo:candidate/touchpoints/new?channel=call").Body; !strings.Contains(form, `value="call" checked`) &&
		!strings.Contains(form, `value="call" selected`) {
		t.Error("logging a call from the number does not choose the call")
	}

	if _, err := p.App.Store.ModifyProfile(ctx, "demo:candidate", func(u *models.User) error {
		models.SetConsents(u, map[models.ConsentKind]bool{models.ConsentContact: false}, time.Now())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	body = mark.Get("/recruit/talent/demo:candidate").Body
	if strings.Contains(body, "mailto:sanne@") || strings.Contains(body, `href="tel:`) || !strings.Contains(body, "Sanne has not agreed to be contacted by recruiters") {
		t.Error("the address or number of a member who does not want contact is shown")
	}

	checked := 0
	for i := 1; i <= 60; i++ {
		id := fmt.Sprintf("demo:member-%02d", i)
		u, _ := p.App.Store.User(ctx, id)
		r, err := p.App.Store.Relationship(ctx, id)
		if err != nil || u == nil || models.Reachable(u) || r.LastContact == nil {
			continue
		}
		res := mark.Get("/recruit/talent/" + id)
		if res.StatusCode != http.StatusOK {
			continue // not known to recruiters at all
		}
		timeline := res.Body[strings.Index(res.Body, `id="timeline"`):]
		if !strings.Contains(res.Body, "last contact") || !strings.Contains(timeline, "tp-"+r.LastContact.Kind) {
			t.Errorf("%s: the page names a last contact (%s) its timeline does not show", id, r.LastContact.Kind)
		}
		// Outside the pool no rhythm applies: the page offers none.
		if strings.Contains(res.Body, `action="/recruit/talent/`+id+`/rhythm"`) || !strings.Contains(res.Body, `id="no-rhythm"`) {
			t.Errorf("%s: outside the pool, the page offers a rhythm", id)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("the demo has no member outside the pool with a contact: nothing was checked")
	}
}

// The pool says who people are: each row has the member's headline and
// their skills and interests, those the search asked for first and marked.
// Every word of a search must match (a typo still tolerated), the filters
// in force are chips that remove themselves, and staff are not talent.
func TestTalentPoolRowsSayWhoPeopleAre(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	synced(t, p)
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	sanne, _ := p.App.Store.User(ctx, "demo:candidate")

	body := mark.Get("/recruit/talent?q=kubernets+backend").Body
	row := rowOf(t, body, "Sanne de Vries")
	if plain := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(row, ""); !strings.Contains(plain, sanne.Headline) {
		t.Errorf("Sanne's row lacks her headline %q:\n%s", sanne.Headline, row)
	}
	if !strings.Contains(row, `<li class="match"><mark>Backend</mark></li>`) || !strings.Contains(row, `<li class="match"><mark>Kubernetes</mark></li>`) {
		t.Errorf("the interest the search asked for is not marked on her row:\n%s", row)
	}
	// All words must match: members who know Kubernetes but have nothing
	// to do with the backend are not found by both words.
	for _, hit := range rowsOf(body) {
		if !strings.Contains(strings.ToLower(hit), "backend") {
			t.Errorf("a row without the word backend for kubernets+backend:\n%s", hit)
		}
	}
	one, both := len(rowsOf(mark.Get("/recruit/talent?q=kubernets").Body)), len(rowsOf(body))
	if both == 0 || both >= one {
		t.Errorf("kubernets found %d, kubernets backend %d: the second word did not narrow", one, both)
	}

	// Chips: the filters in force, each a link to the search without it.
	body = mark.Get("/recruit/talent?q=kubernets&city=Utrecht&availability=open&contact=never").Body
	for _, want := range []string{`href="/recruit/talent?availability=open&amp;contact=never&amp;q=kubernets"`,
		`href="/recruit/talent?city=Utrecht&amp;contact=never&amp;q=kubernets"`, `href="/recruit/talent?availability=open&amp;city=Utrecht&amp;q=kubernets"`,
		"Availability: Open to opportunities", `href="/recruit/talent?q=kubernets" class="small">Clear all filters`} {
		if !strings.Contains(body, want) {
			t.Errorf("the chips lack %s", want)
		}
	}

	// Staff are not talent: the demo's recruiter and admin are in the pool
	// nowhere, even when searched for by name, nor on Today.
	for _, name := range []string{"Mark Jansen", "Fatima El Amrani"} {
		if strings.Contains(mark.Get("/recruit/talent?q="+url.QueryEscape(name)).Body, name+"</strong>") {
			t.Errorf("%s, staff, is in the talent pool", name)
		}
		if strings.Contains(mark.Get("/recruit/talent").Body, name+"</strong>") {
			t.Errorf("%s, staff, is in the talent pool's list", name)
		}
	}
}

// rowsOf cuts the talent pool's rows out of a page: each from its
// checkbox to the next one's.
func rowsOf(body string) []string {
	const box = `<input type="checkbox" name="member"`
	parts := strings.Split(body, box)[1:]
	if len(parts) > 0 {
		last := parts[len(parts)-1]
		parts[len(parts)-1] = last[:strings.Index(last, "</li></ul>")]
	}
	return parts
}

// rowOf is the row of the named member.
func rowOf(t *testing.T, body, name string) string {
	t.Helper()
	for _, r := range rowsOf(body) {
		if strings.Contains(r, name+"</strong>") {
			return r
		}
	}
	t.Fatalf("no row for %s", name)
	return ""
}

// Logging a contact with someone whose news is about a vacancy or an event
// says so already: the form's "About" is that vacancy or event.
func TestLoggingAContactIsAboutTheNews(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	checked := 0
	for i := 1; i <= 60 && checked < 3; i++ {
		id := fmt.Sprintf("demo:member-%02d", i)
		u, _ := p.App.Store.User(ctx, id)
		r, err := p.App.Store.Relationship(ctx, id)
		if err != nil || u == nil {
			continue
		}
		signals := models.VisibleSignals(u, r)
		if len(signals) == 0 || signals[0].Kind != models.KindInterestExpressed {
			continue
		}
		var vacancy string
		for _, tp := range r.Timeline {
			if tp.ID == signals[0].ID {
				vacancy = tp.VacancyID
			}
		}
		form := mark.Get("/recruit/talent/" + id + "/touchpoints/new").Body
		if !strings.Contains(form, `<option value="vacancies:`+vacancy+`" selected>`) {
			t.Errorf("%s is interested in %s, and the log's About is not it", id, vacancy)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no member's newest news is an interest: nothing was checked")
	}
}
