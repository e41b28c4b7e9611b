package bench

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/calendar"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

func benchEvent(b *testing.B, s *store.Store, id string, capacity int) {
	b.Helper()
	start := time.Now().Add(72 * time.Hour)
	if err := s.SaveEvent(context.Background(), models.Event{ID: id, Title: "Meetup", StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		Capacity: capacity, Status: models.EventPublished}); err != nil {
		b.Fatal(err)
	}
}

// A rush on a popular event: 200 members join an event of 50 places at the
// same moment, on the embedded FerretDB. Reports the time until all 200 have
// their answer, and the p95 wait of one member.
func BenchmarkJoinRush200(b *testing.B) {
	s := apptest.OpenStore(b)
	ctx := context.Background()
	var waits []time.Duration
	var total time.Duration
	for i := 0; i < b.N; i++ {
		id := fmt.Sprintf("rush-%d", i)
		benchEvent(b, s, id, 50)
		var mu sync.Mutex
		var wg sync.WaitGroup
		began := time.Now()
		for m := 0; m < 200; m++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				t0 := time.Now()
				if _, err := s.JoinEvent(ctx, id, fmt.Sprintf("m%03d", m), time.Now()); err != nil {
					b.Error(err)
				}
				mu.Lock()
				waits = append(waits, time.Since(t0))
				mu.Unlock()
			}()
		}
		wg.Wait()
		total += time.Since(began)
	}
	slices.Sort(waits)
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/rush")
	b.ReportMetric(float64(waits[len(waits)*95/100].Microseconds())/1000, "p95-ms/join")
}

// One join into an event that already has 2,000 attendees: the document
// carries everyone's id, so this is the cost of that design at a large event.
func BenchmarkJoinLargeEvent(b *testing.B) {
	s := apptest.OpenStore(b)
	ctx := context.Background()
	benchEvent(b, s, "big", 0)
	for m := 0; m < 2000; m++ {
		if _, err := s.JoinEvent(ctx, "big", fmt.Sprintf("m%05d", m), time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.JoinEvent(ctx, "big", fmt.Sprintf("late-%d", i), time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

// A member's calendar feed with 50 events in three zones.
func BenchmarkCalendarFeed50(b *testing.B) {
	zones := []string{"Europe/Amsterdam", "Europe/London", "America/New_York"}
	entries := make([]calendar.Entry, 50)
	for i := range entries {
		start := time.Date(2027, 1, 1, 18, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i)
		entries[i] = calendar.Entry{Event: &models.Event{ID: fmt.Sprintf("e%d", i), Title: "Meetup, with drinks; and talks",
			Description: "A description of a few lines.\nWith a second line.", TimeZone: zones[i%3], Venue: "Street 1", City: "Utrecht",
			StartsAt: start, EndsAt: start.Add(2 * time.Hour)}, PageURL: "https://portal.example/events/x"}
	}
	for i := 0; i < b.N; i++ {
		if err := calendar.Write(io.Discard, "My events", "portal.example", entries, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}
