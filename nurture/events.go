package nurture

import (
	"context"
	"slices"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// ReminderLead is how long before an event its attendees are reminded.
const ReminderLead = 24 * time.Hour

// EventReminders reminds every attendee of an event starting within a day,
// once each: those who join later still get theirs on the next run. The
// notification's id names the event and the person, so a second run, or a
// second instance, finds it there and sends nothing.
func EventReminders(st *store.Store) Job {
	return Job{Name: "event-reminders", Every: 5 * time.Minute, Run: func(ctx context.Context, now time.Time) (int, error) {
		events, err := st.EventsStartingBetween(ctx, now, now.Add(ReminderLead))
		if err != nil {
			return 0, err
		}
		sent := 0
		for i := range events {
			e := &events[i]
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
