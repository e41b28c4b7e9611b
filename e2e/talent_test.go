package e2e

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, ctx context.Context, cond, what string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		seen, _ := chromedp.Run(context.WithoutCancel(ctx), chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 800)`))
		t.Fatalf("%s: %v; the page was %s", what, err, seen)
	}
}

// Mark's day: on his phone he opens Today, sees Sanne overdue and why,
// logs a call and she leaves the list; he congratulates Lotte on her new
// job. Lotte finds the message in her inbox and the congratulation in her
// contact history, Sanne the call in hers. At his desk Mark finds Sanne in
// the talent pool by a misspelled skill, narrows with two facets, tags her
// and saves the search. Every page passes axe.
func TestRecruiterNurturesTheTalentPool(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	if _, err := p.App.Syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	mark := tab(t)
	do(t, mark, chromedp.EmulateViewport(390, 844))
	signIn(t, mark, p.URL, "recruiter")
	navTo(t, mark, "/recruit", chromedp.WaitVisible(chromedp.CSS(".today-list")))
	htmxLoaded(t, mark)
	fitsPhone(t, mark, "Today on a phone")
	audit(t, mark, "Today")
	if badge := text(t, mark, ".menu-toggle .badge"); badge == "" { // on a phone Today's count is on the menu
		t.Error("no count on the menu's badge")
	}
	sanne := "#today-demo-candidate"
	if got := text(t, mark, sanne+" .why"); !strings.Contains(got, "Wants to hear from us quarterly; last contact 97 days ago") ||
		!strings.Contains(got, "overdue by 7 days") {
		t.Fatalf("Sanne's reason: %q", got)
	}

	// Two clicks: open the form in her row (a call, now), save it.
	do(t, mark, chromedp.Click(chromedp.CSS(sanne+` a[href*="/touchpoints/new"]`)), chromedp.WaitVisible(chromedp.CSS(sanne+" .touchpoint-form")))
	settled(t, mark)
	audit(t, mark, "logging a touchpoint on Today")
	do(t, mark, chromedp.SendKeys(chromedp.CSS(sanne+" textarea[name=note]"), "Talked about the platform team"),
		chromedp.Click(chromedp.CSS(sanne+" .touchpoint-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(sanne+".done")))
	calls := apptest.Touchpoints(t, p.App.Store, "demo:candidate", models.KindContact)
	if len(calls) == 0 || calls[0].Note != "Talked about the platform team" || calls[0].Channel != "call" {
		t.Fatalf("the call: %+v", calls)
	}

	// Congratulate Lotte on her new job, from her row, at a desk.
	do(t, mark, chromedp.EmulateViewport(1280, 900))
	lotte := "#today-demo-member-02"
	if got := text(t, mark, lotte+" .why"); !strings.Contains(got, "New milestone: Started at Polder Cloud") {
		t.Fatalf("Lotte's reason: %q", got)
	}
	do(t, mark, chromedp.Click(chromedp.CSS(lotte+` a[href*="/congratulate"]`)), chromedp.WaitVisible(chromedp.CSS(lotte+" .congratulate textarea")))
	settled(t, mark)
	audit(t, mark, "congratulating on Today")
	if msg := eval[string](t, mark, `document.querySelector("`+lotte+` .congratulate textarea").value`); !strings.Contains(msg, "congratulations on the new job!") {
		t.Fatalf("prefilled message: %q", msg)
	}
	do(t, mark, chromedp.SendKeys(chromedp.CSS(lotte+" .congratulate textarea"), "\nSee you at the next meetup!"),
		chromedp.Click(chromedp.CSS(lotte+" .congratulate button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(lotte+".done")))

	// Lotte signs in: the message is in her inbox, the congratulation in her contact history.
	lotteTab := tab(t)
	cookie := p.SessionCookie("demo:member-02")
	if _, err := chromedp.Call(lotteTab, network.SetCookie, network.SetCookieParams{Name: cookie.Name, Value: cookie.Value, URL: p.URL}); err != nil {
		t.Fatal(err)
	}
	do(t, lotteTab, chromedp.Navigate(p.URL+"/notifications"), chromedp.WaitVisible(chromedp.CSS(".notifications")))
	if got := text(t, lotteTab, ".notifications"); !strings.Contains(got, "Congratulations on the new job") || !strings.Contains(got, "from Mark Jansen") || !strings.Contains(got, "See you at the next meetup!") {
		t.Fatalf("Lotte's inbox: %q", got)
	}
	audit(t, lotteTab, "inbox with a congratulation")
	do(t, lotteTab, chromedp.Navigate(p.URL+"/privacy"), chromedp.WaitVisible(chromedp.CSS("#contacts-title")))
	if got := text(t, lotteTab, "section[aria-labelledby=contacts-title] table"); !strings.Contains(got, "Mark Jansen") || !strings.Contains(got, "Congratulations") {
		t.Errorf("Lotte's contact history: %q", got)
	}
	audit(t, lotteTab, "privacy centre with a contact history")
	sanneTab := tab(t)
	signIn(t, sanneTab, p.URL, "candidate")
	do(t, sanneTab, chromedp.Navigate(p.URL+"/privacy"), chromedp.WaitVisible(chromedp.CSS("#contacts-title")))
	if got := text(t, sanneTab, "section[aria-labelledby=contacts-title] table"); !strings.Contains(got, "Call") {
		t.Errorf("Sanne's contact history: %q", got)
	}

	// The talent pool: a misspelled skill finds Sanne; two facets narrow it.
	do(t, mark, chromedp.Navigate(p.URL+"/recruit/talent"), chromedp.WaitVisible(chromedp.CSS("#tq")))
	htmxLoaded(t, mark)
	audit(t, mark, "talent pool")
	do(t, mark, chromedp.SendKeys(chromedp.CSS("#tq"), "kubernets"))
	waitFor(t, mark, `location.search.includes("q=kubernets") && !!document.querySelector('#talent-results a[href="/recruit/talent/demo:candidate"]')`,
		"the misspelled skill did not find Sanne")
	settled(t, mark)
	for _, facet := range []string{"#tf-city-Utrecht", "#tf-availability-open"} {
		do(t, mark, chromedp.Click(chromedp.CSS(facet)))
		waitFor(t, mark, `location.search.includes("`+strings.Split(strings.TrimPrefix(facet, "#tf-"), "-")[0]+`=")`, "the facet did not narrow the search")
		settled(t, mark)
	}
	if got := text(t, mark, "#talent-results"); !strings.Contains(got, "Sanne de Vries") {
		t.Fatalf("two facets lost Sanne: %q", got)
	}
	audit(t, mark, "talent pool narrowed")
	if n := eval[int](t, mark, `document.querySelectorAll(".filter-chips .chip").length`); n != 2 {
		t.Errorf("%d chips for the two filters in force", n)
	}
	if got := text(t, mark, "#talent-results .talent-list"); !strings.Contains(got, "Backend developer") {
		t.Errorf("the rows do not say who people are: %q", got)
	}
	do(t, mark, chromedp.Click(chromedp.CSS("button[data-select-all]")))
	if !eval[bool](t, mark, `document.querySelector("#pick-demo-candidate").checked`) {
		t.Fatal("select all did not tick Sanne")
	}
	// The bulk actions come beside the selection: on the screen, saying how many.
	if !eval[bool](t, mark, `(r => r.top >= 0 && r.bottom <= innerHeight + 1)(document.querySelector("#bulk-tag").getBoundingClientRect())`) {
		t.Error("after ticking, the bulk actions are off the screen")
	}
	ticked := eval[int](t, mark, `document.querySelectorAll('input[form=bulk]:checked').length`)
	if got := text(t, mark, "#bulk summary"); !strings.HasPrefix(got, strconv.Itoa(ticked)+" selected") {
		t.Errorf("the bulk bar says %q with %d ticked", got, ticked)
	}
	screenshot(t, mark, "talent-bulk-phone")
	do(t, mark, chromedp.SendKeys(chromedp.CSS("#bulk-tag"), "platform"),
		chromedp.Click(chromedp.CSS(`#bulk button[value=tag]`)), chromedp.WaitVisible(chromedp.CSS(".flash-success")))
	if r, _ := p.App.Store.Relationship(ctx, "demo:candidate"); strings.Join(r.Tags, ",") != "platform" {
		t.Errorf("Sanne's tags: %v", r.Tags)
	}
	if !strings.Contains(eval[string](t, mark, "location.search"), "city=Utrecht") {
		t.Error("the bulk action did not come back to the search")
	}
	do(t, mark, chromedp.SendKeys(chromedp.CSS("#ss-name"), "Kubernetes in Utrecht"), chromedp.Click(chromedp.CSS("#save-search button")),
		chromedp.WaitVisible(chromedp.CSS(".saved-searches li a")))
	if got := text(t, mark, ".saved-searches"); !strings.Contains(got, "Kubernetes in Utrecht") {
		t.Errorf("saved searches: %q", got)
	}
	audit(t, mark, "talent pool with a saved search")
	do(t, mark, chromedp.Click(chromedp.CSS(`.filter-chips a.chip`)))
	waitFor(t, mark, `!location.search.includes("availability=")`, "removing the availability chip did not remove its filter")
	do(t, mark, chromedp.EmulateViewport(390, 844))
	fitsPhone(t, mark, "talent pool on a phone")

	// Sanne's page: the call on her timeline; in Dutch too.
	do(t, mark, chromedp.Navigate(p.URL+"/recruit/talent/demo:candidate"), chromedp.WaitVisible(chromedp.CSS("#timeline")))
	if got := text(t, mark, "#timeline"); !strings.Contains(got, "Call by Mark Jansen") {
		t.Errorf("timeline: %q", got)
	}
	fitsPhone(t, mark, "a member's page on a phone")
	audit(t, mark, "a member's page")
	do(t, mark, chromedp.Click(chromedp.CSS(`.lang-switch button[value="nl"]`)), chromedp.WaitReady(chromedp.CSS(`html[lang="nl"]`)),
		chromedp.WaitVisible(chromedp.CSS("#timeline")))
	if got := text(t, mark, "#timeline"); !strings.Contains(got, "Telefoongesprek door Mark Jansen") {
		t.Errorf("Dutch timeline: %q", got)
	}
	audit(t, mark, "a member's page in Dutch")
}

// The demo's outbox, on a phone: the list and a mail as its recipient sees it.
func TestDemoOutboxOnAPhone(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	m := models.Mail{ID: models.MailKey("test", "hello", "demo:candidate"), Purpose: "test", UserID: "demo:candidate", To: "sanne@demo.example",
		Subject: "Your week in the community", Text: "Hello Sanne", HTML: "<p>Hello <b>Sanne</b></p>"}
	if _, err := p.App.Store.QueueMail(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(p.URL+"/outbox"), chromedp.WaitVisible(chromedp.CSS("main table")))
	fitsPhone(t, ctx, "outbox")
	audit(t, ctx, "outbox")
	do(t, ctx, chromedp.Navigate(p.URL+"/outbox/"+url.PathEscape(m.ID)),
		chromedp.WaitVisible(chromedp.CSS(".mail-text")))
	if got := text(t, ctx, ".mail-text"); got != "Hello Sanne" {
		t.Errorf("the text part: %q", got)
	}
	fitsPhone(t, ctx, "a mail in the outbox")
	audit(t, ctx, "a mail in the outbox")
}
