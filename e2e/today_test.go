package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

// Today says what happened: signals and people due have headings of their
// own, a row offers one action with the rest under "More"; a call logged
// leaves "Logged … Undo" where the row was and the counts follow; Undo
// brings the row, her signals and the counts back. A snoozed member's page
// says until when.
func TestTodayTellsWhatJustHappened(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	p.WaitForIndex(t)
	ctx := context.Background()
	mark := tab(t)
	do(t, mark, chromedp.EmulateViewport(1280, 900))
	signIn(t, mark, p.URL, "recruiter")
	do(t, mark, chromedp.Navigate(p.URL+"/recruit?filter=everyone"), chromedp.WaitVisible(chromedp.CSS("#today-signals")))
	htmxLoaded(t, mark)
	if !eval[bool](t, mark, `!!document.querySelector("#today-due")`) {
		t.Error("no heading for the members due by their rhythm")
	}
	summary := text(t, mark, "#today-summary")
	if n := eval[int](t, mark, `document.querySelectorAll(".today-row .row-actions > a[role=button]").length - document.querySelectorAll(".today-row:not(.today-group)").length`); n != 0 {
		t.Errorf("rows do not have exactly one primary action (%d more)", n)
	}
	audit(t, mark, "Today")

	row := "#today-demo-candidate"
	before, _ := p.App.Store.Relationship(ctx, "demo:candidate")
	do(t, mark, chromedp.Click(chromedp.CSS(row+` a[href*="/touchpoints/new"]`)), chromedp.WaitVisible(chromedp.CSS(row+" .touchpoint-form")))
	settled(t, mark)
	do(t, mark, chromedp.SendKeys(chromedp.CSS(row+" textarea[name=note]"), "Talked about the platform team"),
		chromedp.Click(chromedp.CSS(row+" .touchpoint-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(row+".done")))
	if got := text(t, mark, row); !strings.Contains(got, "Logged: your contact with Sanne de Vries.") || !strings.Contains(got, "Undo") {
		t.Errorf("the handled row says %q", got)
	}
	waitFor(t, mark, `document.querySelector("#today-summary").textContent !== `+jsString(summary), "the counts to follow")
	audit(t, mark, "Today after logging")

	do(t, mark, chromedp.Click(chromedp.CSS(row+" button")), chromedp.WaitVisible(chromedp.CSS(row+` a[href*="/touchpoints/new"]`)))
	waitFor(t, mark, `document.querySelector("#today-summary").textContent === `+jsString(summary), "the counts back after the undo")
	after, _ := p.App.Store.Relationship(ctx, "demo:candidate")
	if len(after.Signals) != len(before.Signals) || len(after.Timeline) != len(before.Timeline) ||
		(before.LastContact == nil) != (after.LastContact == nil) || before.LastContact != nil && !after.LastContact.At.Equal(before.LastContact.At) {
		t.Errorf("the undo did not restore Sanne: signals %d→%d, timeline %d→%d", len(before.Signals), len(after.Signals), len(before.Timeline), len(after.Timeline))
	}
	for _, tp := range apptest.Touchpoints(t, p.App.Store, "demo:candidate", models.KindContact) {
		if tp.Note == "Talked about the platform team" {
			t.Error("the undone call is still on her timeline")
		}
	}

	// Snoozed from More: her page says until when, not "on Today now".
	do(t, mark, chromedp.Click(chromedp.CSS(row+" .row-more summary")), chromedp.Click(chromedp.CSS(row+` button[value=week]`)),
		chromedp.WaitVisible(chromedp.CSS(row+".done")))
	do(t, mark, chromedp.Navigate(p.URL+"/recruit/talent/demo:candidate"), chromedp.WaitVisible(chromedp.CSS(".standing")))
	if got := text(t, mark, ".standing"); !strings.HasPrefix(got, "Snoozed until ") {
		t.Errorf("a snoozed member's page says %q", got)
	}
}

// Members with the same news are one group on Today ("9 checked in at
// Frontend meetup Amsterdam"), handled together: one contact logged for
// all answers the news on each timeline, and the group leaves Today.
func TestTodayGroupsTheSameNews(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	p.WaitForIndex(t)
	for _, size := range sizes {
		mark := tab(t)
		do(t, mark, chromedp.EmulateViewport(size.w, size.h))
		signIn(t, mark, p.URL, "recruiter")
		do(t, mark, chromedp.Navigate(p.URL+"/recruit?filter=everyone"), chromedp.WaitVisible(chromedp.CSS(".today-group")))
		title := text(t, mark, ".today-group .group-title")
		if !strings.Contains(title, "checked in at Frontend meetup Amsterdam") {
			t.Fatalf("%s: the group says %q", size.name, title)
		}
		members := eval[int](t, mark, `document.querySelectorAll(".today-group .group-members li").length`)
		if members < 3 || !strings.HasPrefix(title, strconv.Itoa(members)+" ") {
			t.Errorf("%s: %q over %d members", size.name, title, members)
		}
		// Only someone with other news as well keeps a row of their own.
		if n := eval[int](t, mark, `[...document.querySelectorAll(".today-row:not(.today-group)")].filter(r => { const s = [...r.querySelectorAll(".signal")]; return s.length > 0 && s.every(x => x.textContent.includes("Checked in at Frontend meetup Amsterdam")) }).length`); n != 0 {
			t.Errorf("%s: %d members with only this news have a row of their own", size.name, n)
		}
		audit(t, mark, "Today with a group, "+size.name)
		fitsPhone(t, mark, "Today with a group")
		screenshot(t, mark, "today-group-"+size.name)
		if size.name == "phone" {
			continue
		}
		ids := eval[[]string](t, mark, `[...document.querySelectorAll(".today-group input[name=member]")].map(i => i.value)`)
		do(t, mark, chromedp.SendKeys(chromedp.CSS(".today-group input[name=note]"), "Thanked them for coming"),
			chromedp.Click(chromedp.CSS(".today-group button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".flash-success")))
		if n := eval[int](t, mark, `document.querySelectorAll(".today-group").length`); n != 0 {
			t.Error("the group is still on Today after a contact with all of them")
		}
		for _, id := range ids {
			calls := apptest.Touchpoints(t, p.App.Store, id, models.KindContact)
			if len(calls) == 0 || calls[0].Note != "Thanked them for coming" || calls[0].Channel != "email" {
				t.Errorf("%s's timeline: %+v", id, calls)
			}
		}
	}
}
