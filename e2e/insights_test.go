package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
)

// drawn is true once every chart on the page has a canvas with something
// painted on it.
const drawn = `(() => {
  const figs = [...document.querySelectorAll("figure.chart")];
  return figs.length > 0 && figs.every(f => {
    const c = f.querySelector("canvas");
    if (!c || c.width === 0) return false;
    const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
    return false;
  });
})()`

// Mark reads the insights of the demo's year: every chart draws, the
// period changes them, a wrong date is refused at its field, a chart
// downloads as CSV, nothing breaks the content security policy, and the
// page is axe-clean at a desk and on a phone.
func TestInsightsChartsDrawAndDownload(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	mark := tab(t)
	do(t, mark, chromedp.EmulateViewport(1280, 900))
	signIn(t, mark, p.URL, "recruiter")
	do(t, mark, chromedp.Navigate(p.URL+"/recruit/referrals"), chromedp.WaitVisible(chromedp.CSS(`a[href="/recruit/insights"]`)))
	htmxLoaded(t, mark)
	// The page stays the same document as htmx boosts the links, so this
	// hears every violation from here on.
	do(t, mark, chromedp.Evaluate[chromedp.Void](`window.csp = []; document.addEventListener("securitypolicyviolation",
		e => window.csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber))`),
		chromedp.Click(chromedp.CSS(`a[href="/recruit/insights"]`)))
	waitFor(t, mark, `location.pathname === "/recruit/insights" && `+drawn, "the charts drawn")
	if n := eval[int](t, mark, `document.querySelectorAll("figure.chart").length`); n != 10 {
		t.Errorf("%d charts drew, want 10", n)
	}
	members := `JSON.parse(document.querySelector("#chart-members figure").dataset.chart)`
	if step := eval[string](t, mark, members+`.step`); step != "week" {
		t.Errorf("the last 90 days come in %q buckets", step)
	}
	audit(t, mark, "insights")
	screenshot(t, mark, "insights-desk")
	// The events are bars named by their titles, their dates in the reader's language.
	events := `JSON.parse(document.querySelector("#chart-events figure").dataset.chart)`
	if got := eval[string](t, mark, events+`.labels[0]`); !regexp.MustCompile(`^.+ \(\d{1,2} [A-Z][a-z]+ \d{4}\)$`).MatchString(got) {
		t.Errorf("an event is named %q, not by its title and date", got)
	}

	// The last 30 days: a point a day.
	do(t, mark, chromedp.Click(chromedp.CSS(`input[name=range][value="30"]`)),
		chromedp.Click(chromedp.CSS(`form.insights-period button[type=submit]`)))
	waitFor(t, mark, `location.search.includes("range=30") && document.querySelector("#chart-members figure") !== null && `+
		members+`.x.length === 30 && `+drawn, "the charts of 30 days")

	// A period that starts tomorrow is refused next to its field; the page
	// still shows the charts it had.
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	do(t, mark, chromedp.Click(chromedp.CSS(`input[name=range][value="custom"]`)),
		chromedp.SetValue(chromedp.CSS("#i-from"), tomorrow), chromedp.SetValue(chromedp.CSS("#i-to"), tomorrow),
		chromedp.Click(chromedp.CSS(`form.insights-period button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#err-from")))
	if got := eval[string](t, mark, `document.querySelector("#i-from").getAttribute("aria-invalid")`); got != "true" {
		t.Errorf("the start date is not marked invalid: %q", got)
	}
	waitFor(t, mark, drawn, "the charts under the error")
	audit(t, mark, "insights with an error")

	// A chart's figures download as CSV, as the table shows them.
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(mark, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, BrowserContextID: chromedp.FromContext(mark).BrowserContextID,
	}); err != nil {
		t.Fatal(err)
	}
	do(t, mark, chromedp.Click(chromedp.CSS(`#chart-members a[download]`)))
	var body []byte
	for deadline := time.Now().Add(10 * time.Second); body == nil && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if files, _ := filepath.Glob(filepath.Join(dir, "members-*.csv")); len(files) == 1 {
			body, _ = os.ReadFile(files[0])
		}
	}
	rows := strings.Split(strings.TrimSpace(string(body)), "\n")
	if len(rows) < 2 || !strings.HasPrefix(rows[0], "Week,Signed up,Referred,Imported") {
		t.Errorf("the downloaded CSV begins %q", rows[:min(2, len(rows))])
	}
	if v := eval[[]string](t, mark, `window.csp`); len(v) > 0 {
		t.Errorf("content security policy violations: %q", v)
	}

	// On a phone.
	do(t, mark, chromedp.EmulateViewport(390, 844), chromedp.Navigate(p.URL+"/recruit/insights?range=365"))
	waitFor(t, mark, drawn, "the charts on a phone")
	fitsPhone(t, mark, "insights on a phone")
	audit(t, mark, "insights on a phone")
}
