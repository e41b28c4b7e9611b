package e2e

import (
	"context"
	stdhtml "html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/nurture"
)

// The newsletter in the browser. Sanne says yes to it in her profile and
// confirms from the mail she received over SMTP. Mark writes an edition,
// is stopped at an empty subject, previews it as Sanne and sends it; her
// mail has her matched vacancies in Dutch. A one-click POST from its
// header (as her mail program sends it) unsubscribes her, her consent
// history shows it, and Mark's next edition skips her with the reason.
func TestNewsletterFromYesToUnsubscribe(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	st := p.App.Store
	u, err := st.User(ctx, "demo:candidate")
	if err != nil {
		t.Fatal(err)
	}
	u.Locale = "nl"
	models.SetConsents(u, map[models.ConsentKind]bool{models.ConsentNewsletter: false}, time.Now().Add(-time.Hour))
	if err := st.SaveUser(ctx, *u); err != nil {
		t.Fatal(err)
	}
	nl := p.App.I18n.Localizer("nl")

	// Sanne says yes in her profile; it counts only once she confirms.
	sanne := tab(t)
	signIn(t, sanne, p.URL, "candidate")
	do(t, sanne, chromedp.Navigate(p.URL+"/profile?edit=consents#profile-consents"),
		chromedp.WaitVisible(chromedp.CSS(`#profile-consents input[name=consent_newsletter]`)))
	htmxLoaded(t, sanne)
	if eval[bool](t, sanne, `document.querySelector("#profile-consents input[name=consent_newsletter]").checked`) {
		t.Fatal("the newsletter switch is on before she said yes")
	}
	do(t, sanne, chromedp.Click(chromedp.CSS(`#profile-consents input[name=consent_newsletter]`)),
		chromedp.Click(chromedp.CSS(`#profile-consents button[type=submit]`)))
	waitFor(t, sanne, `document.querySelector("#profile-consents ul.consents") !== null`, "the consents saved")
	if got := text(t, sanne, "#profile-consents ul.consents"); !strings.Contains(got, nl.T("consent.newsletter.pending")) {
		t.Errorf("her consents do not say the confirmation is pending: %q", got)
	}
	if u, _ := st.User(ctx, "demo:candidate"); models.May(u, models.PurposeNewsletter) {
		t.Fatal("the newsletter counted before its confirmation")
	}
	confirm := p.SendOutbox(t).To("sanne@demo.example")
	if len(confirm) != 1 {
		t.Fatalf("%d confirmation mails", len(confirm))
	}
	body, _, _ := confirm[0].Parts()
	link := regexp.MustCompile(`https?://\S+/newsletter/confirm/[A-Za-z0-9_.-]+`).FindString(body)
	if link == "" {
		t.Fatalf("no confirmation link in:\n%s", body)
	}
	do(t, sanne, chromedp.Navigate(p.URL+link[strings.Index(link, "/newsletter/confirm/"):]),
		chromedp.WaitVisible(chromedp.CSS(`form[action^="/newsletter/confirm/"] button`)))
	audit(t, sanne, "newsletter confirmation")
	do(t, sanne, chromedp.Click(chromedp.CSS(`form[action^="/newsletter/confirm/"] button`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if u, _ := st.User(ctx, "demo:candidate"); !models.May(u, models.PurposeNewsletter) {
		t.Fatal("confirming did not give the consent")
	}
	p.WaitForNewsletter(t, "demo:candidate", models.NewsletterSubscribed)

	// Mark writes an edition: an empty subject is refused at its field.
	mark := tab(t)
	signIn(t, mark, p.URL, "recruiter")
	do(t, mark, chromedp.Navigate(p.URL+"/recruit/newsletter/new"), chromedp.WaitVisible(chromedp.CSS("#n-subject")),
		chromedp.SendKeys(chromedp.CSS("#n-intro"), "Dit keer: **nieuwe rollen** in de cloud."),
		chromedp.Click(chromedp.CSS(`button[value=save]`)), chromedp.WaitVisible(chromedp.CSS("#err-subject")))
	audit(t, mark, "an edition with an error")
	do(t, mark, chromedp.SendKeys(chromedp.CSS("#n-subject"), "Nieuws van december"),
		chromedp.SendKeys(chromedp.CSS("#n-note"), "Bel me gerust."),
		chromedp.Click(chromedp.CSS(`button[value=save]`)), chromedp.WaitVisible(chromedp.CSS("#n-as")))
	page := eval[string](t, mark, `location.pathname`)

	// He previews it as Sanne: the frame shows her mail, in Dutch, with her matches.
	do(t, mark, chromedp.SendKeys(chromedp.CSS("#n-who"), "Sanne de Vries"),
		chromedp.Click(chromedp.CSS(`form:has(#n-who) button[type=submit]`)))
	waitFor(t, mark, `location.search.includes("who=") && document.querySelector("#n-as") !== null`, "the recipients found")
	if names := text(t, mark, "#n-as"); !strings.Contains(names, "Sanne de Vries") {
		t.Fatalf("looking for Sanne found %q", names)
	}
	do(t, mark, chromedp.SetValue(chromedp.CSS("#n-as"), "demo:candidate"),
		chromedp.Click(chromedp.CSS(`form:has(#n-as) button[type=submit]`)))
	waitFor(t, mark, `decodeURIComponent(document.querySelector("iframe.mail-frame")?.src ?? "").endsWith("as=demo:candidate")`, "the preview as Sanne")
	audit(t, mark, "an edition's preview")
	do(t, mark, chromedp.Evaluate[chromedp.Void](`fetch(document.querySelector("iframe.mail-frame").src).then(r => r.text()).then(t => window.preview = t)`))
	waitFor(t, mark, `typeof window.preview === "string"`, "the preview")
	preview := eval[string](t, mark, `window.preview`)
	for _, want := range []string{"Hoi Sanne,", nl.T("newsletter.block.for_you"), "<strong>nieuwe rollen</strong>"} {
		if !strings.Contains(preview, want) {
			t.Errorf("the preview as Sanne lacks %q", want)
		}
	}

	// The preview says who it comes from and what it is called.
	if got := text(t, mark, ".mail-head"); !strings.Contains(got, "Nieuws van december") || !strings.Contains(got, "Northwind Talent Community") {
		t.Errorf("the preview's head says %q", got)
	}
	// He sends it, once he has said yes to the number who get it; it goes by SMTP.
	do(t, mark, chromedp.Click(chromedp.CSS(`button[value=send]`)), chromedp.WaitVisible(chromedp.CSS("#confirm-send")))
	if got := text(t, mark, "#confirm-text"); !regexp.MustCompile(`goes to \d+ subscribers? now`).MatchString(got) {
		t.Errorf("the confirmation says %q", got)
	}
	audit(t, mark, "the send confirmation")
	do(t, mark, chromedp.Click(chromedp.CSS(`#confirm-send button[value=send]`)), chromedp.WaitVisible(chromedp.CSS("#stats-title")))
	if _, err := nurture.Newsletter(st, p.App.Index).Run(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	got := p.SendOutbox(t).To("sanne@demo.example")
	if len(got) != 1 || got[0].Header("Subject") != "Nieuws van december" {
		t.Fatalf("sanne got %d editions", len(got))
	}
	_, html, _ := got[0].Parts()
	for _, want := range []string{nl.T("newsletter.block.for_you"), "Bel me gerust."} {
		if !strings.Contains(html, want) {
			t.Errorf("her edition lacks %q", want)
		}
	}
	// Its vacancy links go through the click counter, and only there.
	click := regexp.MustCompile(`href="https?://[^/"]+(/m/[^"]+%2Fvacancies%2F[^"]+)"`).FindStringSubmatch(html)
	if click == nil {
		t.Fatalf("her edition has no vacancy link:\n%s", html)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(p.URL + stdhtml.UnescapeString(click[1]))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if to := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound || !strings.Contains(to, "/vacancies/") {
		t.Errorf("her vacancy link answered %d to %q", res.StatusCode, to)
	}

	// Her mail program's one-click unsubscribe, from the header.
	unsubscribe := strings.Trim(got[0].Header("List-Unsubscribe"), "<>")
	one, err := http.Post(p.URL+unsubscribe[strings.Index(unsubscribe, "/u/"):], "application/x-www-form-urlencoded",
		strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil || one.StatusCode != http.StatusOK {
		t.Fatalf("one-click: %v %v", err, one)
	}
	one.Body.Close()
	do(t, sanne, chromedp.Navigate(p.URL+"/privacy"), chromedp.WaitVisible(chromedp.CSS(`section[aria-labelledby=consents-title] tbody`)))
	last := eval[string](t, sanne, `[...document.querySelectorAll("section[aria-labelledby=consents-title] tbody tr")].at(-1).innerText`)
	if !strings.Contains(last, nl.T("consent.newsletter.label")) || !strings.Contains(last, nl.T("consent.no")) {
		t.Errorf("the last line of her consent history: %q", last)
	}
	p.WaitForNewsletter(t, "demo:candidate", models.NewsletterUnsubscribed)

	// Mark's next edition skips her, and says why.
	do(t, mark, chromedp.Navigate(p.URL+"/recruit/newsletter/new"), chromedp.WaitVisible(chromedp.CSS("#n-subject")),
		chromedp.SendKeys(chromedp.CSS("#n-subject"), "Nieuws van januari"),
		chromedp.SendKeys(chromedp.CSS("#n-intro"), "Een nieuw jaar."),
		chromedp.Click(chromedp.CSS(`button[value=save]`)), chromedp.WaitVisible(chromedp.CSS("#n-as")),
		chromedp.Click(chromedp.CSS(`button[value=send]`)), chromedp.WaitVisible(chromedp.CSS("#confirm-send")),
		chromedp.Click(chromedp.CSS(`#confirm-send button[value=send]`)), chromedp.WaitVisible(chromedp.CSS("#stats-title")))
	if _, err := nurture.Newsletter(st, p.App.Index).Run(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if again := p.SendOutbox(t).To("sanne@demo.example"); len(again) != 0 {
		t.Error("sanne got the next edition")
	}
	do(t, mark, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#stats-title")))
	if stats := text(t, mark, "section[aria-labelledby=stats-title]"); !strings.Contains(stats, "the member unsubscribed: 1") {
		t.Errorf("the next edition's figures: %q", stats)
	}
	audit(t, mark, "a sent edition")
	if eval[string](t, mark, `location.pathname`) == page {
		t.Error("the next edition is the first one")
	}
}
