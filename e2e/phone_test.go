package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
)

// On a 390 × 844 phone the content comes first: the site's links fold
// behind a Menu button, the filters behind a Filters button that says how
// many are in force, so the first result of the talent pool, the vacancies
// and the events is on the first screen; the recruiters' lists are stacked
// rows with the way to the door in reach.
func TestPhonesShowTheContentFirst(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	p.WaitForIndex(t)
	mark := tab(t)
	do(t, mark, chromedp.EmulateViewport(390, 844))
	signIn(t, mark, p.URL, "recruiter")

	for _, page := range []struct{ name, path, first string }{
		{"talent pool", "/recruit/talent?city=Utrecht", ".talent-list > li"},
		{"vacancies", "/vacancies?q=developer", "#results .card, #results article, #results li"},
		{"events", "/events", "#results .card, #results article, #results li"},
	} {
		do(t, mark, chromedp.Navigate(p.URL+page.path), chromedp.WaitVisible(chromedp.CSS(page.first)))
		waitFor(t, mark, `!!document.querySelector(".menu-toggle:not([hidden])")`, "the menu button on "+page.name)
		top := eval[float64](t, mark, `document.querySelector(`+jsString(page.first)+`).getBoundingClientRect().top`)
		if top > 844-60 {
			t.Errorf("%s: the first result is %.0f px down, not on the first screen", page.name, top)
		}
		fitsPhone(t, mark, page.name)
		audit(t, mark, page.name+" on a phone")
		screenshot(t, mark, "phone-"+page.name)
	}
	// Ticking two members in the pool: the bulk bar is one line until
	// tapped, so the list stays in view; tapped, its actions are on the screen.
	do(t, mark, chromedp.Navigate(p.URL+"/recruit/talent"), chromedp.WaitVisible(chromedp.CSS(".talent-list > li")))
	do(t, mark, chromedp.Click(chromedp.CSS(".talent-list > li:nth-child(1) input[type=checkbox]")),
		chromedp.Click(chromedp.CSS(".talent-list > li:nth-child(2) input[type=checkbox]")))
	waitFor(t, mark, `document.querySelector("#bulk").classList.contains("active")`, "the bulk bar")
	if h := eval[float64](t, mark, `document.querySelector("#bulk").getBoundingClientRect().height`); h > 844/5 {
		t.Errorf("the bulk bar covers %.0f px of the phone's 844 after two ticks", h)
	}
	do(t, mark, chromedp.Click(chromedp.CSS("#bulk summary")))
	if !eval[bool](t, mark, `(r => r.top >= 0 && r.bottom <= innerHeight + 1)(document.querySelector("#bulk-tag").getBoundingClientRect())`) {
		t.Error("the bulk actions, opened, are off the screen")
	}
	audit(t, mark, "the talent pool with two ticked on a phone")
	do(t, mark, chromedp.Navigate(p.URL+"/events"), chromedp.WaitVisible(chromedp.CSS("details.filters summary")))
	if got := text(t, mark, "details.filters summary"); got != "Filters" {
		t.Errorf("the events' filters say %q with none in force", got)
	}
	do(t, mark, chromedp.Navigate(p.URL+"/recruit/talent?city=Utrecht&availability=open"), chromedp.WaitVisible(chromedp.CSS(".talent-list")))
	if got := text(t, mark, "details.filters summary"); got != "Filters (2)" {
		t.Errorf("the pool's filters say %q with two in force", got)
	}
	if eval[bool](t, mark, `document.querySelector("details.filters").open`) {
		t.Error("the filters are open on a phone")
	}

	// The menu: closed, it hides the links; open, it shows them all.
	if eval[bool](t, mark, `!!document.querySelector('#site-links a[href="/recruit"]').offsetParent`) {
		t.Error("the site's links show on a phone before the menu is opened")
	}
	do(t, mark, chromedp.Click(chromedp.CSS(".menu-toggle")), chromedp.WaitVisible(chromedp.CSS(`#site-links a[href="/recruit"]`)))
	if got := eval[string](t, mark, `document.querySelector(".menu-toggle").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("the open menu's button says aria-expanded=%s", got)
	}
	audit(t, mark, "the menu open")

	// The recruiters' events: stacked rows, the door's link on the screen.
	do(t, mark, chromedp.Navigate(p.URL+"/recruit/events"), chromedp.WaitVisible(chromedp.CSS("table.stack")))
	fitsPhone(t, mark, "the recruiters' events")
	if right := eval[float64](t, mark, `document.querySelector('a[href$="/attendees"]').getBoundingClientRect().right`); right > 390 {
		t.Errorf("the attendees link ends at %.0f px, off the phone's screen", right)
	}
	audit(t, mark, "the recruiters' events on a phone")
	screenshot(t, mark, "phone-recruit-events")
	for _, path := range []string{"/recruit", "/recruit/talent/demo:candidate"} {
		do(t, mark, chromedp.Navigate(p.URL+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if top := eval[float64](t, mark, `document.querySelector("main h1").getBoundingClientRect().top`); top > 844/3 {
			t.Errorf("%s: the heading is %.0f px down, under the navigation", path, top)
		}
	}

	// At a desk the links and the filters are open as before.
	do(t, mark, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(p.URL+"/recruit/talent"), chromedp.WaitVisible(chromedp.CSS(".talent-list")))
	if !eval[bool](t, mark, `!!document.querySelector('#site-links a[href="/recruit"]').offsetParent && document.querySelector("details.filters").open`) {
		t.Error("at a desk the links or the filters are folded")
	}
}
