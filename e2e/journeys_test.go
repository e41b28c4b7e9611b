package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

// sizes are the screens every journey is walked on.
var sizes = []struct {
	name string
	w, h int64
}{{"phone", 390, 844}, {"desk", 1280, 900}}

// pageCheck checks a page of a journey once it settled: axe-clean, no
// wider than a phone, and a screenshot named after the journey.
func pageCheck(t *testing.T, ctx context.Context, journey, size string) func(page string) {
	return func(page string) {
		t.Helper()
		settled(t, ctx)
		audit(t, ctx, page+", "+size)
		fitsPhone(t, ctx, page)
		screenshot(t, ctx, journey+"-"+strings.ReplaceAll(page, " ", "-")+"-"+size)
	}
}

// logNoteAndCheckTimeline types a note into the log's page (once it
// settled: keys typed into a page still swapping are lost), sends it, and
// checks it is the newest on the member's timeline.
func logNoteAndCheckTimeline(t *testing.T, ctx context.Context, base, member, note string) {
	t.Helper()
	settled(t, ctx)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(".touchpoint-form textarea"), note))
	waitFor(t, ctx, `document.querySelector(".touchpoint-form textarea").value === `+jsString(note), "the note typed")
	do(t, ctx, chromedp.Click(chromedp.CSS(".touchpoint-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".flash-success")))
	do(t, ctx, chromedp.Navigate(base+"/recruit/talent/"+member), chromedp.WaitVisible(chromedp.CSS("#timeline")))
	if got := text(t, ctx, "#timeline li:first-child"); !strings.Contains(got, note) {
		t.Errorf("the newest on the timeline is %q, not the note logged", got)
	}
}

// Mark's Monday, on a phone and at a desk: Today, the pool searched for
// Kubernetes, Sanne's page with her number, a call logged from it, and the
// door of tonight's meetup: a check-in and a walk-in. Every page axe-clean.
func TestMarksMonday(t *testing.T) {
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			p := apptest.Start(t, map[string]string{"SEED": "1"})
			ctx := context.Background()
			start := time.Now().Add(time.Hour)
			if err := p.App.Store.SaveEvent(ctx, models.Event{ID: "tonight", Title: "Kubernetes meetup Utrecht", Description: "Talks.",
				TimeZone: "Europe/Amsterdam", Venue: "Jaarbeursplein 6", City: "Utrecht", StartsAt: start, EndsAt: start.Add(2 * time.Hour),
				Status: models.EventPublished, OwnerID: "demo:recruiter"}); err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= 6; i++ {
				if _, err := p.App.Store.JoinEvent(ctx, "tonight", fmt.Sprintf("demo:member-%02d", i), time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			p.WaitForIndex(t)
			mark := tab(t)
			do(t, mark, chromedp.EmulateViewport(size.w, size.h))
			signIn(t, mark, p.URL, "recruiter")
			check := pageCheck(t, mark, "monday", size.name)

			// Today: what happened, who is due.
			navTo(t, mark, "/recruit", chromedp.WaitVisible(chromedp.CSS("#today-summary")))
			waitFor(t, mark, `location.pathname === "/recruit" && document.querySelector("#today-summary").textContent.includes("signal")`, "Today's summary")
			check("Today")

			// The pool: who knows Kubernetes, best first, saying who they are.
			do(t, mark, chromedp.Click(chromedp.CSS(`.tabs a[href="/recruit/talent"]`)), chromedp.WaitVisible(chromedp.CSS("#tq")))
			htmxLoaded(t, mark)
			do(t, mark, chromedp.SendKeys(chromedp.CSS("#tq"), "kubernetes"))
			waitFor(t, mark, `location.search.includes("q=kubernetes") && !!document.querySelector('#talent-results .talent-list li')`, "the pool's results")
			if top := eval[float64](t, mark, `document.querySelector("#talent-results .talent-list li").getBoundingClientRect().top`); top > float64(size.h) {
				t.Errorf("the first result is %.0f px down, below the first screen", top)
			}
			if got := text(t, mark, "#talent-results .talent-list li"); !strings.Contains(got, "Kubernetes") {
				t.Errorf("the first result does not say why it matched: %q", got)
			}
			check("talent pool")

			// Sanne's page: how to reach her, at the top; a call logged from her number.
			do(t, mark, chromedp.Navigate(p.URL+"/recruit/talent/demo:candidate"), chromedp.WaitVisible(chromedp.CSS(".reach-phone")))
			if href := eval[string](t, mark, `document.querySelector(".reach-phone").getAttribute("href")`); !strings.HasPrefix(href, "tel:+") {
				t.Errorf("her number links to %q", href)
			}
			check("member page")
			do(t, mark, chromedp.Click(chromedp.CSS(`a[href$="touchpoints/new?channel=call"]`)))
			// Her page has a touchpoint form too: wait for the log's own page.
			waitFor(t, mark, `location.pathname.endsWith("/touchpoints/new") && !document.querySelector(".reach-list") && !!document.querySelector(".touchpoint-form textarea")`, "the log's page")
			logNoteAndCheckTimeline(t, mark, p.URL, "demo:candidate", "Called about the platform team.")

			// Tonight's door: the events, its attendees, a check-in, a walk-in.
			do(t, mark, chromedp.Navigate(p.URL+"/recruit/events"), chromedp.WaitVisible(chromedp.CSS(`a[href="/recruit/events/tonight/attendees"]`)))
			check("recruiters' events")
			do(t, mark, chromedp.Click(chromedp.CSS(`a[href="/recruit/events/tonight/attendees"]`)), chromedp.WaitVisible(chromedp.CSS(".door-list")))
			htmxLoaded(t, mark)
			first := text(t, mark, ".door-list li .who strong")
			do(t, mark, chromedp.SendKeys(chromedp.CSS("#attendee-q"), strings.Fields(first)[0]))
			waitFor(t, mark, `document.querySelectorAll(".door-list li").length >= 1 && [...document.querySelectorAll(".door-list li .who strong")].every(s => s.textContent.includes(`+jsString(strings.Fields(first)[0])+`))`, "the name search")
			settled(t, mark)
			do(t, mark, chromedp.Click(chromedp.CSS(".door-list li button")))
			waitFor(t, mark, `document.querySelector("#attendance-summary").textContent.includes("1 checked in") && document.querySelector("#attendee-q").value === ""`, "the check-in counted")
			settled(t, mark)
			do(t, mark, chromedp.SendKeys(chromedp.CSS("#g-name"), "Ana Costa"), chromedp.SendKeys(chromedp.CSS("#g-email"), "ana@example.com"),
				chromedp.Click(chromedp.CSS(`#walk-in input[name=agreed]`)), chromedp.Click(chromedp.CSS("#walk-in button[type=submit]")))
			waitFor(t, mark, `!!document.querySelector("#walk-in .flash-success") && document.querySelector("#attendance-summary").textContent.includes("1 guest")`, "the walk-in added")
			if got := eval[string](t, mark, `document.querySelector("#g-name").value`); got != "" {
				t.Errorf("the walk-in form still holds %q for the next person", got)
			}
			check("door")
		})
	}
}

// Sanne's week, on a phone and at a desk: her dashboard with matches, a
// vacancy she is interested in (it says so, and her dashboard lists it),
// an event she joins, her preferences changed, her inbox and her referral
// link. Every page axe-clean.
func TestSannesWeek(t *testing.T) {
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			p := apptest.Start(t, map[string]string{"SEED": "1"})
			p.WaitForIndex(t)
			sanne := tab(t)
			do(t, sanne, chromedp.EmulateViewport(size.w, size.h))
			signIn(t, sanne, p.URL, "candidate")
			check := pageCheck(t, sanne, "week", size.name)
			do(t, sanne, chromedp.Navigate(p.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#matches-title")))
			check("dashboard")

			// A match: she is interested, and it stays said.
			href := eval[string](t, sanne, `document.querySelector('section[aria-labelledby=matches-title] a[href^="/vacancies/"]').getAttribute("href")`)
			do(t, sanne, chromedp.Navigate(p.URL+href), chromedp.WaitVisible(chromedp.CSS("h1")))
			do(t, sanne, chromedp.Click(chromedp.CSS(`form[action$="/interest"] button`)), chromedp.WaitVisible(chromedp.CSS("#interested")))
			do(t, sanne, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#interested")))
			check("vacancy she is interested in")
			do(t, sanne, chromedp.Navigate(p.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#interested-title")))
			if n := eval[int](t, sanne, `document.querySelectorAll(`+jsString(fmt.Sprintf("section.interested a[href=%q]", href))+`).length`); n != 1 {
				t.Error("her dashboard does not list the vacancy she is interested in")
			}

			// An event: she joins the data evening.
			do(t, sanne, chromedp.Navigate(p.URL+"/events/evt-03"), chromedp.WaitVisible(chromedp.CSS("#rsvp")))
			htmxLoaded(t, sanne)
			do(t, sanne, chromedp.Click(chromedp.CSS(`#rsvp form[action$="/join"] button`)))
			waitFor(t, sanne, `!!document.querySelector('#rsvp form[action$="/leave"]')`, "her place")
			check("event she joined")

			// Her preferences: remote work from now on.
			do(t, sanne, chromedp.Navigate(p.URL+"/profile?edit=preferences#profile-preferences"), chromedp.WaitVisible(chromedp.CSS(`input[name=workplaces][value=remote]`)))
			htmxLoaded(t, sanne)
			if !eval[bool](t, sanne, `document.querySelector("input[name=workplaces][value=remote]").checked`) {
				do(t, sanne, chromedp.Click(chromedp.CSS(`input[name=workplaces][value=remote]`)))
			} else {
				do(t, sanne, chromedp.Click(chromedp.CSS(`input[name=workplaces][value=onsite]`)))
			}
			do(t, sanne, chromedp.Click(chromedp.CSS(`#profile-preferences button[type=submit]`)))
			waitFor(t, sanne, `!document.querySelector("#profile-preferences form")`, "the preferences saved")
			check("profile")

			do(t, sanne, chromedp.Navigate(p.URL+"/notifications"), chromedp.WaitVisible(chromedp.CSS("h1")))
			check("inbox")
			do(t, sanne, chromedp.Navigate(p.URL+"/referrals"), chromedp.WaitVisible(chromedp.CSS("h1")))
			check("referrals")
		})
	}
}
