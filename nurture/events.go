package nurture

import (
	"context"
	"slices"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// ReminderLead is how long before an event its attendees are reminded.
const ReminderLead = 24 * time.Hour

// EventReminders reminds every attendee of an event starting within a day,
// once each: those who join later still get theirs on the next run. The
// notification's id names the event and the person, so a second run, or a
// second instance, finds it there and sends nothing.
//
// The search index lists the events starting soon; each is read by _id and
// checked again, as the index may be a moment behind.
func EventReminders(st *store.Store, idx search.Index) Job {
	return Job{Name: "event-reminders", Every: 5 * time.Minute, Run: func(ctx context.Context, now time.Time) (int, error) {
		until := now.Add(ReminderLead)
		events, err := publishedEvents(ctx, st, idx, now, until)
		if err != nil {
			return 0, err
		}
		sent := 0
		for i := range events {
			e := &events[i]
			if e.Cancelled() || e.StartsAt.Before(now) || !e.StartsAt.Before(until) {
				continue
			}
			for _, userID := range e.Attendees {
				if slices.Contains(e.Reminded, userID) {
					continue
				}
				isNew, err := st.Notify(ctx, models.EventNotification(models.KindEventReminder, e, userID, now))
				if err != nil {
					return sent, err
				}
				if isNew {
					sent++
				}
				if err := st.MarkReminded(ctx, e.ID, userID); err != nil {
					return sent, err
				}
			}
		}
		return sent, nil
	}}
}

// WaitlistRepair gives free places to the people waiting for them, in
// order, wherever a process stopped between someone leaving and the
// promotion that follows (a crash or kill -9 in between). It runs at start
// and then with the other sweeps; joining never overtakes the queue
// meanwhile (see store.JoinEvent).
func WaitlistRepair(st *store.Store, idx search.Index) Job {
	return Job{Name: "waitlist-repair", Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) (int, error) {
		events, err := publishedEvents(ctx, st, idx, now, time.Time{})
		if err != nil {
			return 0, err
		}
		promoted := 0
		for i := range events {
			if e := &events[i]; e.Cancelled() || e.Full() || len(e.Waitlist) == 0 {
				continue
			}
			ids, err := st.PromoteWaitlist(ctx, events[i].ID, now)
			promoted += len(ids)
			if err != nil {
				return promoted, err
			}
		}
		return promoted, nil
	}}
}

// publishedEvents reads the published events the index has starting from
// after until before (zero for no end), and those saved but not indexed
// yet, by _id. The index may be a moment behind: callers check what they
// need on the events themselves.
func publishedEvents(ctx context.Context, st *store.Store, idx search.Index, after, before time.Time) ([]models.Event, error) {
	refs, err := search.Refs(ctx, idx, st, store.KindEvent, search.Query{
		Filters: map[string][]string{"status": {models.EventPublished}}, After: after, Before: before})
	if err != nil {
		return nil, err
	}
	return st.EventsByID(ctx, refs)
}
