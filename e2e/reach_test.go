package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/i18n"
)

// Mark, on his phone, opens Sanne's page, finds her number at the top as a
// link that calls, and logs the call from beside it; the timeline and the
// last contact then say so. The page is axe-clean on the phone and at a desk.
func TestRecruiterCallsFromTheNumberShown(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	mark := tab(t)
	signIn(t, mark, p.URL, "recruiter")
	do(t, mark, chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(p.URL+"/recruit/talent/demo:candidate"), chromedp.WaitVisible(chromedp.CSS(".reach-phone")))
	if href := eval[string](t, mark, `document.querySelector(".reach-phone").getAttribute("href")`); !strings.HasPrefix(href, "tel:+316") {
		t.Errorf("the number links to %q, not a call", href)
	}
	if top := eval[float64](t, mark, `document.querySelector(".reach-email").getBoundingClientRect().top`); top > 844 {
		t.Errorf("her address is %.0f px down, below the phone's first screen", top)
	}
	audit(t, mark, "member page, phone")
	fitsPhone(t, mark, "member page")
	screenshot(t, mark, "member-phone")

	// Her page has a touchpoint form too: wait for the log's own page.
	do(t, mark, chromedp.Click(chromedp.CSS(`a[href$="touchpoints/new?channel=call"]`)))
	waitFor(t, mark, `location.pathname.endsWith("/touchpoints/new") && !document.querySelector(".reach-list") && !!document.querySelector(".touchpoint-form textarea")`, "the log's page")
	if got := eval[string](t, mark, `document.querySelector(".touchpoint-form select[name=channel]").value`); got != "call" {
		t.Errorf("logging from the number chose %q, not a call", got)
	}
	logNoteAndCheckTimeline(t, mark, p.URL, "demo:candidate", "Talked about the platform role.")
	today := time.Now().In(i18n.Amsterdam()).Format("2 January 2006") // the page's dates are Amsterdam's
	if got := text(t, mark, ".standing"); !strings.Contains(got, "last contact "+today) && !strings.Contains(got, "Last contact "+today) {
		t.Errorf("the standing line says %q, not a contact today (%s)", got, today)
	}

	do(t, mark, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(p.URL+"/recruit/talent/demo:candidate"), chromedp.WaitVisible(chromedp.CSS(".reach-phone")))
	audit(t, mark, "member page, desk")
	screenshot(t, mark, "member-desk")
}
