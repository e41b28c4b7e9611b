package handlers

import (
	"testing"

	"github.com/talentcommunity/portal/models"
)

// The same news is the same kind about the same event: two events of one
// name are two groups, and someone with other news too keeps their row.
func TestGroupTodayKeepsNewsApart(t *testing.T) {
	row := func(signals ...models.Signal) todayRow {
		return todayRow{Kind: models.TodaySignal, Signals: signals}
	}
	at := func(event, member string) models.Signal {
		return models.Signal{ID: models.TouchpointID(models.KindEventAttended, member, event), Kind: models.KindEventAttended, Title: "Meetup"}
	}
	other := models.Signal{ID: "milestone|m7|x", Kind: models.KindMilestone, Title: "New job"}
	rows := []todayRow{row(at("e1", "m1")), row(at("e1", "m2")), row(at("e1", "m3")), row(at("e2", "m4")), row(at("e2", "m5")),
		row(at("e2", "m6")), row(at("e1", "m7"), other), row(at("e3", "m8"))}
	groups, rest := groupToday(rows)
	if len(groups) != 2 || len(groups[0].Rows) != 3 || len(groups[1].Rows) != 3 {
		t.Fatalf("groups %+v", groups)
	}
	if len(rest) != 2 {
		t.Errorf("%d rows left of their own, want 2 (other news too; a group of one)", len(rest))
	}
}
