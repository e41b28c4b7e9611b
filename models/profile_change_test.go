package models

import (
	"reflect"
	"testing"
	"time"
)

func TestProfileChangesSayWhatChanged(t *testing.T) {
	before := &User{City: "Utrecht", Interests: []string{"Cloud", "Design"}, Contact: ContactPreferences{Frequency: "monthly", Phone: "+31 6 1"}}
	after := &User{City: "Amsterdam", Interests: []string{"Cloud", "Data"}, Contact: ContactPreferences{Frequency: "relevant", Phone: "+31 6 2"},
		Preferences: WorkPreferences{Workplaces: []string{"remote"}}}
	want := []Change{{Field: "city", From: "Utrecht", To: "Amsterdam"}, {Field: "interests", Added: []string{"Data"}, Removed: []string{"Design"}},
		{Field: "workplaces", Added: []string{"remote"}}, {Field: "frequency", From: "monthly", To: "relevant"}}
	if got := ProfileChanges(before, after); !reflect.DeepEqual(got, want) {
		t.Errorf("ProfileChanges =\n%+v\nwant\n%+v", got, want)
	}
	if got := ProfileChanges(after, after); len(got) != 0 {
		t.Errorf("no change reported %+v", got)
	}
}

// Five interests added one by one are one line; an interest added and
// taken off again within the hour is no line at all.
func TestProfileChangesCloseTogetherAreOneLine(t *testing.T) {
	r := &Relationship{}
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	record := func(min int, c Change) {
		r.Record(Touchpoint{ID: at.Add(time.Duration(min) * time.Minute).String(), Kind: KindProfileChanged, Changes: []Change{c},
			At: at.Add(time.Duration(min) * time.Minute)}, false)
	}
	record(0, Change{Field: "interests", Added: []string{"Go"}})
	record(1, Change{Field: "interests", Added: []string{"Data"}})
	record(2, Change{Field: "city", From: "Utrecht", To: "Delft"})
	record(3, Change{Field: "city", From: "Delft", To: "Leiden"})
	if len(r.Timeline) != 1 || !reflect.DeepEqual(r.Timeline[0].Changes, []Change{{Field: "interests", Added: []string{"Go", "Data"}},
		{Field: "city", From: "Utrecht", To: "Leiden"}}) {
		t.Fatalf("timeline %+v", r.Timeline)
	}
	record(4, Change{Field: "interests", Removed: []string{"Go", "Data"}})
	record(5, Change{Field: "city", From: "Leiden", To: "Utrecht"})
	if len(r.Timeline) != 0 {
		t.Errorf("changes taken back are still on the timeline: %+v", r.Timeline)
	}
	record(120, Change{Field: "interests", Added: []string{"AI"}})
	record(200, Change{Field: "interests", Added: []string{"Security"}})
	if len(r.Timeline) != 2 {
		t.Errorf("changes hours apart are %d lines", len(r.Timeline))
	}
}
