package nurture_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/nurture"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

func reminders(t *testing.T, s *store.Store, userID string) int {
	t.Helper()
	ns, err := s.Notifications(context.Background(), userID, 50)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Kind == models.KindEventReminder {
			n++
		}
	}
	return n
}

// Four portal instances run the reminder job at the same moment: the lease
// lets one of them send, and even runs that overlap (a lease that ran out
// mid-run) remind each attendee exactly once.
func TestEventRemindersGoOutOnceAcrossInstances(t *testing.T) {
	s := apptest.OpenStore(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	events := []models.Event{
		{ID: "tomorrow", StartsAt: now.Add(20 * time.Hour)},
		{ID: "later", StartsAt: now.Add(30 * time.Hour)},
		{ID: "called-off", StartsAt: now.Add(10 * time.Hour)},
	}
	for _, e := range events {
		e.Title, e.Status, e.EndsAt = "Event "+e.ID, models.EventPublished, e.StartsAt.Add(time.Hour)
		if err := s.SaveEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, join := range [][2]string{{"tomorrow", "ann"}, {"tomorrow", "bob"}, {"later", "cas"}, {"called-off", "dee"}} {
		if _, err := s.JoinEvent(ctx, join[0], join[1], now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CancelEvent(ctx, "called-off"); err != nil {
		t.Fatal(err)
	}

	// The job finds the events through the index, as the portal's sync
	// worker leaves it, not through the queue of work still to index.
	idx, _, err := search.OpenBleve(filepath.Join(t.TempDir(), "index"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if n, err := (&search.Syncer{Store: s, Index: idx}).SyncOnce(ctx); err != nil || n != len(events) {
		t.Fatalf("indexed %d events (%v), want %d", n, err, len(events))
	}
	job := nurture.EventReminders(s, idx)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var wg sync.WaitGroup
	ran := make(chan bool, 4)
	for _, holder := range []string{"i1", "i2", "i3", "i4"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sched := &nurture.Scheduler{Store: s, Holder: holder, Log: log, Now: func() time.Time { return now }}
			did, err := sched.RunOnce(ctx, job)
			if err != nil {
				t.Error(err)
			}
			ran <- did
		}()
	}
	wg.Wait()
	close(ran)
	runs := 0
	for did := range ran {
		if did {
			runs++
		}
	}
	if runs != 1 {
		t.Errorf("%d instances ran the job under one lease", runs)
	}
	for who, want := range map[string]int{"ann": 1, "bob": 1, "cas": 0, "dee": 0} {
		if got := reminders(t, s, who); got != want {
			t.Errorf("%s has %d reminders, want %d", who, got, want)
		}
	}

	// Someone joins late; four overlapping runs, without the lease, remind them once.
	if _, err := s.JoinEvent(ctx, "tomorrow", "eve", now); err != nil {
		t.Fatal(err)
	}
	var overlap sync.WaitGroup
	for range 4 {
		overlap.Add(1)
		go func() {
			defer overlap.Done()
			if _, err := job.Run(ctx, now.Add(time.Minute)); err != nil {
				t.Error(err)
			}
		}()
	}
	overlap.Wait()
	for who, want := range map[string]int{"ann": 1, "bob": 1, "eve": 1} {
		if got := reminders(t, s, who); got != want {
			t.Errorf("after overlapping runs %s has %d reminders, want %d", who, got, want)
		}
	}
}

// The repair pass gives free places to the people waiting (left behind by a
// process that stopped between a leave and its promotion), and tells them.
func TestWaitlistRepairFillsFreePlaces(t *testing.T) {
	s := apptest.OpenStore(t)
	ctx := context.Background()
	now := time.Now()
	e := models.Event{ID: "workshop", Title: "Workshop", Status: models.EventPublished, Capacity: 1,
		StartsAt: now.Add(48 * time.Hour), EndsAt: now.Add(50 * time.Hour)}
	if err := s.SaveEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"ann", "bob", "cas"} {
		if _, err := s.JoinEvent(ctx, "workshop", who, now); err != nil {
			t.Fatal(err)
		}
	}
	e.Capacity = 3 // two free places, nobody promoted yet
	if err := s.SaveEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	idx, _, err := search.OpenBleve(filepath.Join(t.TempDir(), "index"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if _, err := (&search.Syncer{Store: s, Index: idx}).SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := nurture.WaitlistRepair(s, idx).Run(ctx, now)
	if err != nil || n != 2 {
		t.Fatalf("the repair promoted %d (%v), want 2", n, err)
	}
	got, _ := s.Event(ctx, "workshop")
	if len(got.Waitlist) != 0 || got.Going != 3 {
		t.Errorf("after the repair: attending %v, waiting %v", got.Attendees, got.Waitlist)
	}
	for _, who := range []string{"bob", "cas"} {
		if ns, _ := s.Notifications(ctx, who, 10); len(ns) != 1 || ns[0].Kind != models.KindEventPromoted {
			t.Errorf("%s moved up without being told: %+v", who, ns)
		}
	}
}
