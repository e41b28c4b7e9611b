package handlers_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/nurture"
)

// The newsletter, end to end over HTTP and a loopback SMTP server: Sanne
// asks for it and confirms from the mail; Mark writes an edition, previews
// it as Sanne and sends it; her mail is in Dutch with her matches; a click
// is counted; the one-click POST from its header unsubscribes her, the
// consent history shows it, and the next edition skips her with the reason.
func TestNewsletterJourney(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	st := p.App.Store
	sanneUser, _ := st.User(ctx, "demo:candidate")
	sanneUser.Locale = "nl"
	if err := st.SaveUser(ctx, *sanneUser); err != nil {
		t.Fatal(err)
	}
	sanne := p.Client()
	sanne.DemoSignIn("candidate")

	// Double opt-in: off, then on again; it counts only from the click.
	sanne.Post("/profile/consents", url.Values{"consent_contact": {"1"}, "consent_visibility": {"1"}})
	sanne.Post("/profile/consents", url.Values{"consent_contact": {"1"}, "consent_visibility": {"1"}, "consent_newsletter": {"1"}})
	if u, _ := st.User(ctx, "demo:candidate"); models.May(u, models.PurposeNewsletter) || u.Mail.NewsletterAskedAt.IsZero() {
		t.Fatalf("the newsletter counted before its confirmation: %+v", u.Consents.Newsletter)
	}
	confirm := p.SendOutbox(t).To("sanne@demo.example")
	if len(confirm) != 1 || confirm[0].Header("Subject") != "Bevestig je aanmelding voor de maandelijkse nieuwsbrief" {
		t.Fatalf("confirmation mails: %d", len(confirm))
	}
	text, _, _ := confirm[0].Parts()
	link := regexp.MustCompile(`/newsletter/confirm/[A-Za-z0-9_.-]+`).FindString(text)
	if page := p.Client().Get(link); page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Ja, stuur me de nieuwsbrief") && !strings.Contains(page.Body, "Yes, send me the newsletter") {
		t.Fatalf("the confirmation page: %d", page.StatusCode)
	}
	if u, _ := st.User(ctx, "demo:candidate"); models.May(u, models.PurposeNewsletter) {
		t.Fatal("opening the link confirmed it (mail scanners open links)")
	}
	if res := p.Client().Post(link, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirming: %d", res.StatusCode)
	}
	u, _ := st.User(ctx, "demo:candidate")
	n := len(u.ConsentHistory)
	if !models.May(u, models.PurposeNewsletter) || u.ConsentHistory[n-2].Kind != models.ConsentNewsletterAsked || u.ConsentHistory[n-1].Kind != models.ConsentNewsletter {
		t.Fatalf("after confirming: %+v", u.ConsentHistory[n-2:])
	}
	p.WaitForNewsletter(t, "demo:candidate", models.NewsletterSubscribed)

	// Mark writes an edition and previews it as Sanne.
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	if res := mark.Post("/recruit/newsletter", url.Values{"subject": {""}, "intro": {""}, "action": {"save"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Please fill this in.") {
		t.Fatalf("an empty edition: %d", res.StatusCode)
	}
	edition := url.Values{"subject": {"Nieuws van december"}, "intro": {"Dit keer: **nieuwe rollen** in de cloud."},
		"note": {"Bel me gerust."}, "blocks": {"vacancies", "articles", "events"}, "action": {"save"}}
	res := mark.Post("/recruit/newsletter", edition)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving an edition: %d %s", res.StatusCode, res.Body)
	}
	page := res.Header.Get("Location")
	edID := strings.TrimPrefix(page, "/recruit/newsletter/")
	if body := mark.Get(page).Body; !strings.Contains(body, "Draft saved. Nothing was sent.") {
		t.Error("saving a draft does not say so")
	}
	// The workspace leads to the newsletter, and the newest edition comes first.
	list := mark.Get("/recruit/newsletter").Body
	if !strings.Contains(list, `<a href="/recruit/newsletter" aria-current="page">Newsletter</a>`) {
		t.Error("no Newsletter tab in the workspace")
	}
	if first := strings.Index(list, "<tbody>"); first < 0 || !strings.Contains(list[first:first+200], "Nieuws van december") {
		t.Error("the newest edition is not first")
	}
	preview := mark.Get(page + "/preview?as=demo:candidate")
	if preview.StatusCode != http.StatusOK || !strings.Contains(preview.Body, "Hoi Sanne,") || !strings.Contains(preview.Body, "Vacatures voor jou") ||
		!strings.Contains(preview.Body, "<strong>nieuwe rollen</strong>") || !strings.Contains(preview.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("the preview as Sanne: %d", preview.StatusCode)
	}
	if body := mark.Get(page).Body; !strings.Contains(body, `src="/recruit/newsletter/`+edID+`/preview?as=`) {
		t.Error("the edition page has no preview frame")
	}

	// Sending asks first, naming how many will get it; nothing goes meanwhile.
	edition.Set("action", "send")
	ask := mark.Post(page, edition)
	if ask.StatusCode != http.StatusOK || !regexp.MustCompile(`goes to \d+ subscribers? now\.`).MatchString(ask.Body) || !strings.Contains(ask.Body, `name="confirmed" value="yes"`) {
		t.Fatalf("sending without a confirmation: %d, no question with the count", ask.StatusCode)
	}
	if ed, _ := st.Edition(ctx, edID); ed.Status != models.EditionDraft {
		t.Fatalf("the edition is %s before the send was confirmed", ed.Status)
	}
	// Sent: queued for its audience, then over SMTP.
	edition.Set("confirmed", "yes")
	if res := mark.Post(page, edition); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sending: %d %s", res.StatusCode, res.Body)
	}
	if _, err := nurture.Newsletter(st, p.App.Index).Run(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	got := p.SendOutbox(t).To("sanne@demo.example")
	if len(got) != 1 || got[0].Header("Subject") != "Nieuws van december" {
		t.Fatalf("sanne got %d editions", len(got))
	}
	_, body, _ := got[0].Parts()
	for _, want := range []string{"Vacatures voor jou", "Bel me gerust. — Mark Jansen", "Afmelden voor de nieuwsbrief"} {
		if !strings.Contains(body, want) {
			t.Errorf("her edition lacks %q", want)
		}
	}
	ed, _ := st.Edition(ctx, edID)
	if ed.Status != models.EditionSent || ed.Recipients == 0 || ed.Stats.Sent != ed.Recipients {
		t.Errorf("the edition's figures: %+v %+v", ed, ed.Stats)
	}
	// A sent edition's preview says it chooses from today's content, not what went.
	if body := mark.Get(page).Body; !strings.Contains(body, `id="preview-today"`) {
		t.Error("the sent edition's preview does not say it shows today's choice")
	}

	// A click goes through the signed redirect and is counted.
	click := html.UnescapeString(regexp.MustCompile(`https?://[^"]*/m/[^"]+`).FindString(body))
	clickURL, _ := url.Parse(click)
	if res := p.Client().Get(clickURL.RequestURI()); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "/vacancies/") {
		t.Fatalf("a click: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	forged := strings.Replace(clickURL.RequestURI(), "%2Fvacancies%2F", "%2Fevil%2F", 1)
	if res := p.Client().Get(forged); res.StatusCode != http.StatusNotFound {
		t.Errorf("a forged click: %d", res.StatusCode)
	}

	// One click from the header unsubscribes her, and counts for the edition.
	unsubscribe := strings.Trim(got[0].Header("List-Unsubscribe"), "<>")
	unsubscribeURL, _ := url.Parse(unsubscribe)
	one, err := http.Post(p.URL+unsubscribeURL.RequestURI(), "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil || one.StatusCode != http.StatusOK {
		t.Fatalf("one-click: %v %v", err, one)
	}
	one.Body.Close()
	ed, _ = st.Edition(ctx, edID)
	if ed.Stats.Clicks[models.LinkKey(clickURL.Query().Get("u"))] != 1 || ed.Stats.Unsubscribed != 1 {
		t.Errorf("clicks %v, unsubscribed %d", ed.Stats.Clicks, ed.Stats.Unsubscribed)
	}
	if body := sanne.Get("/privacy").Body; !strings.Contains(body, "Nieuwsbrief") && !strings.Contains(body, "Send me the newsletter") {
		t.Error("the consent history does not show the unsubscribe")
	}
	p.WaitForNewsletter(t, "demo:candidate", models.NewsletterUnsubscribed)

	// The next edition skips her, with the reason.
	edition.Set("subject", "Nieuws van januari")
	if res := mark.Post("/recruit/newsletter", edition); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the next edition: %d", res.StatusCode)
	}
	if _, err := nurture.Newsletter(st, p.App.Index).Run(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if again := p.SendOutbox(t).To("sanne@demo.example"); len(again) != 0 {
		t.Errorf("sanne got the next edition")
	}
	eds, _ := st.Editions(ctx)
	if eds[0].Subject != "Nieuws van januari" || eds[0].Stats.Skipped[models.SkipStopped] < 1 {
		t.Errorf("the next edition's skipped: %v", eds[0].Stats.Skipped)
	}
	if body := mark.Get("/recruit/newsletter/" + eds[0].ID).Body; !strings.Contains(body, "the member unsubscribed") {
		t.Error("the edition page does not say why members were skipped")
	}

	// Members read past editions in the portal.
	if body := sanne.Get("/newsletter").Body; !strings.Contains(body, "Nieuws van december") {
		t.Error("the archive lacks the edition")
	}
	if res := sanne.Get("/newsletter/" + edID + "/mail"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Nieuws van december") {
		t.Errorf("an archived edition: %d", res.StatusCode)
	}
}
