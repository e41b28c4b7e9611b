package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

func saveEvent(t *testing.T, s *store.Store, e models.Event) {
	t.Helper()
	if e.Status == "" {
		e.Status = models.EventPublished
	}
	if e.StartsAt.IsZero() {
		e.StartsAt = time.Now().Add(72 * time.Hour)
		e.EndsAt = e.StartsAt.Add(2 * time.Hour)
	}
	if err := s.SaveEvent(context.Background(), e); err != nil {
		t.Fatal(err)
	}
}

// The test: 200 people join an event of 50 places at once, each
// clicking twice. Exactly 50 attend and 150 wait, in the order their joins
// landed, nobody twice.
func TestConcurrentJoinsNeverOverbook(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	saveEvent(t, s, models.Event{ID: "meetup", Title: "Meetup", Capacity: 50})

	const people = 200
	var mu sync.Mutex
	told := map[string]models.RSVP{} // what each person's first answer said
	concurrently(t, 2*people, func(i int) error {
		who := fmt.Sprintf("member-%03d", i%people) // each person clicks twice
		r, err := s.JoinEvent(ctx, "meetup", who, time.Now())
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		if prev, seen := told[who]; seen && prev != r {
			return fmt.Errorf("%s was told %+v, then %+v", who, prev, r)
		}
		told[who] = r
		return nil
	})

	e, err := s.Event(ctx, "meetup")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Attendees) != 50 || e.Going != 50 || len(e.Waitlist) != 150 {
		t.Fatalf("%d attending (counted %d), %d waiting; want 50 and 150", len(e.Attendees), e.Going, len(e.Waitlist))
	}
	everyone := append(append([]string{}, e.Attendees...), e.Waitlist...)
	slices.Sort(everyone)
	if len(slices.Compact(everyone)) != people {
		t.Fatalf("someone is listed twice, or someone is missing")
	}
	for i, who := range e.Waitlist {
		if told[who].Position != i+1 {
			t.Errorf("%s waits at %d but was told %d: the waitlist is not in arrival order", who, i+1, told[who].Position)
		}
	}
	for _, who := range e.Attendees {
		if !told[who].Attending {
			t.Errorf("%s attends but was told %+v", who, told[who])
		}
	}
}

// Twenty attendees leave at once: exactly the first twenty waiting move up,
// each once, and the rest keep their order.
func TestConcurrentLeavesPromoteTheWaitlistInOrder(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	saveEvent(t, s, models.Event{ID: "dinner", Title: "Dinner", Capacity: 30})
	for i := 0; i < 45; i++ {
		if _, err := s.JoinEvent(ctx, "dinner", fmt.Sprintf("m%02d", i), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	var promoted []string
	concurrently(t, 20, func(i int) error {
		p, err := s.LeaveEvent(ctx, "dinner", fmt.Sprintf("m%02d", i), time.Now())
		mu.Lock()
		promoted = append(promoted, p...)
		mu.Unlock()
		return err
	})
	e, _ := s.Event(ctx, "dinner")
	slices.Sort(promoted)
	want := []string{}
	for i := 30; i < 45; i++ {
		want = append(want, fmt.Sprintf("m%02d", i))
	}
	if fmt.Sprint(promoted) != fmt.Sprint(want) {
		t.Errorf("promoted %v, want everyone waiting %v", promoted, want)
	}
	if e.Going != 25 || len(e.Attendees) != 25 || len(e.Waitlist) != 0 {
		t.Errorf("after 20 left: %d attending (counted %d), %d waiting; want 25 and 0", len(e.Attendees), e.Going, len(e.Waitlist))
	}
}

func TestJoinRules(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now()
	past := now.Add(-time.Hour)
	saveEvent(t, s, models.Event{ID: "small", Title: "Small", Capacity: 1})
	saveEvent(t, s, models.Event{ID: "cancelled", Title: "Off", Status: models.EventCancelled})
	saveEvent(t, s, models.Event{ID: "started", Title: "Started", StartsAt: past, EndsAt: now.Add(time.Hour)})
	saveEvent(t, s, models.Event{ID: "rsvp-over", Title: "Late", RSVPBy: &past})

	if r, _ := s.JoinEvent(ctx, "small", "a", now); !r.Attending {
		t.Errorf("first to join a free place attends: %+v", r)
	}
	if r, _ := s.JoinEvent(ctx, "small", "b", now); r.Position != 1 {
		t.Errorf("second waits first in line: %+v", r)
	}
	for id, reason := range map[string]string{"cancelled": models.JoinCancelled, "started": models.JoinStarted, "rsvp-over": models.JoinRSVPOver} {
		var closed store.ErrEventClosed
		if _, err := s.JoinEvent(ctx, id, "a", now); !errors.As(err, &closed) || closed.Reason != reason {
			t.Errorf("joining %s: %v, want closed because %s", id, err, reason)
		}
	}
	if _, err := s.JoinEvent(ctx, "nope", "a", now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown event: %v", err)
	}

	// The capacity cannot drop below who attends, even when a join lands
	// between the host's form and the save.
	e, _ := s.Event(ctx, "small")
	if _, err := s.JoinEvent(ctx, "small", "c", now); err != nil {
		t.Fatal(err)
	}
	e.Capacity = 2
	if err := s.SaveEvent(ctx, *e); err != nil {
		t.Fatalf("raising the capacity: %v", err)
	}
	if p, err := s.PromoteWaitlist(ctx, "small", time.Now()); err != nil || fmt.Sprint(p) != "[b]" {
		t.Errorf("a raised capacity promotes the first waiting: %v %v", p, err)
	}
	e.Capacity = 1
	if err := s.SaveEvent(ctx, *e); !errors.Is(err, store.ErrCapacityBelowAttendees) {
		t.Errorf("lowering the capacity below two attendees: %v", err)
	}
	if got, _ := s.Event(ctx, "small"); got.Capacity != 2 || fmt.Sprint(got.Attendees, got.Waitlist) != "[a b] [c]" {
		t.Errorf("a refused save changed the event: %+v", got)
	}
}

// A waiting member who says "I can't make it" at the moment a place frees
// up is gone from both lists afterwards, and the place goes to the next in
// line, whichever of the two writes comes first (issue 11: the promotion
// once moved them into the place they had just given up).
func TestLeavingWhileMovingUpLeaves(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	for trial := range 20 {
		id := fmt.Sprintf("talk-%d", trial)
		saveEvent(t, s, models.Event{ID: id, Title: "Talk", Capacity: 1})
		for _, who := range []string{"host-friend", "waiting", "next"} {
			if _, err := s.JoinEvent(ctx, id, who, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		concurrently(t, 2, func(i int) error {
			_, err := s.LeaveEvent(ctx, id, []string{"host-friend", "waiting"}[i], time.Now())
			return err
		})
		e, _ := s.Event(ctx, id)
		if r := e.RSVPOf("waiting"); r.Joined() {
			t.Fatalf("trial %d: the member who left still holds %+v (attending %v, waiting %v)", trial, r, e.Attendees, e.Waitlist)
		}
		if fmt.Sprint(e.Attendees, e.Waitlist, e.Going) != "[next] [] 1" {
			t.Fatalf("trial %d: attending %v, waiting %v, counted %d; want the next in line in the place", trial, e.Attendees, e.Waitlist, e.Going)
		}
	}
}

// Free places with people waiting (what a process killed between a leave
// and its promotion leaves behind, here made by raising the capacity
// without promoting): a newcomer queues behind them, and the queue moves
// up first.
func TestJoiningNeverOvertakesTheQueue(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	saveEvent(t, s, models.Event{ID: "lunch", Title: "Lunch", Capacity: 1})
	for _, who := range []string{"a", "b", "c"} {
		if _, err := s.JoinEvent(ctx, "lunch", who, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	e, _ := s.Event(ctx, "lunch")
	e.Capacity = 2 // one free place, and b and c waiting
	if err := s.SaveEvent(ctx, *e); err != nil {
		t.Fatal(err)
	}
	r, err := s.JoinEvent(ctx, "lunch", "newcomer", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	e, _ = s.Event(ctx, "lunch")
	if r.Attending || fmt.Sprint(e.Attendees, e.Waitlist) != "[a b] [c newcomer]" || r.Position != 2 {
		t.Errorf("the newcomer got %+v; attending %v, waiting %v; want b moved up and the newcomer behind c", r, e.Attendees, e.Waitlist)
	}
	if ns, _ := s.Notifications(ctx, "b", 10); len(ns) != 1 || ns[0].Kind != models.KindEventPromoted {
		t.Errorf("b moved up without being told: %+v", ns)
	}
}
