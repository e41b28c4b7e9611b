package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/talentcommunity/portal/models"
)

// ErrEventClosed is returned when an event no longer takes sign-ups; the
// Reason is a message key saying why.
type ErrEventClosed struct{ Reason string }

func (e ErrEventClosed) Error() string { return "store: event closed: " + e.Reason }

// ErrCapacityBelowAttendees is returned when a new capacity would leave
// attendees without a place: someone joined while the host was editing.
var ErrCapacityBelowAttendees = errors.New("store: capacity below attendees")

// SaveEvent creates or updates an event's details, queued for the index.
// Who is coming is never written here: joins own those fields. A capacity
// is only lowered while it still fits everyone attending.
func (s *Store) SaveEvent(ctx context.Context, e models.Event) error {
	if err := s.trace(ctx, e.OwnerID, colEvents, e.ID); err != nil {
		return err
	}
	fields, err := documentFields(KindEvent, e.ID, e)
	if err != nil {
		return err
	}
	for _, f := range models.AttendanceFields {
		delete(fields, f)
	}
	return s.indexed(ctx, KindEvent, e.ID, func() error {
		_, err := modify(ctx, s, colEvents, e.ID, true, func(old *models.Event) (bson.M, error) {
			update := bson.M{"$set": fields}
			if old == nil {
				update["$setOnInsert"] = bson.M{"attendees": bson.A{}, "waitlist": bson.A{}, "going": 0}
			} else if e.Capacity > 0 && old.Going > e.Capacity {
				return nil, ErrCapacityBelowAttendees
			}
			return update, nil
		})
		return err
	})
}

// Event returns one event, or ErrNotFound.
func (s *Store) Event(ctx context.Context, id string) (*models.Event, error) {
	return findOne[models.Event](ctx, s.read(colEvents), bson.M{"_id": id}, "event "+id)
}

// EventsByID returns the events with the given ids (those that exist).
func (s *Store) EventsByID(ctx context.Context, ids []string) ([]models.Event, error) {
	return byIDs[models.Event](ctx, s.read(colEvents), ids, "events by id")
}

// EventsJoinedBy returns the events a member attends or waits for, soonest
// first, read by _id from the list on the member's document.
func (s *Store) EventsJoinedBy(ctx context.Context, userID string) ([]models.Event, error) {
	u, err := s.User(ctx, userID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	events, err := s.EventsByID(ctx, u.Events)
	if err != nil {
		return nil, err
	}
	joined := slices.DeleteFunc(events, func(e models.Event) bool { return !e.RSVPOf(userID).Joined() })
	slices.SortFunc(joined, func(a, b models.Event) int { return a.StartsAt.Compare(b.StartsAt) })
	return joined, nil
}

// listEventOnMember adds (or removes) an event on the member's own list.
func (s *Store) listEventOnMember(ctx context.Context, userID, eventID string, listed bool) error {
	op := "$pull"
	if listed {
		op = "$addToSet"
	}
	if _, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": userID}, bson.M{op: bson.M{"events": eventID}}); err != nil {
		return fmt.Errorf("store: events of member %s: %w", userID, err)
	}
	return nil
}

// modifyEvent is modify on an event.
func (s *Store) modifyEvent(ctx context.Context, id string, change func(e *models.Event) (bson.M, error)) (*models.Event, error) {
	return modify(ctx, s, colEvents, id, false, change)
}

// JoinEvent gives a member a place, or a place on the waitlist when the
// event is full or others wait, in order of arrival. It is one conditional
// write of the event document (modify): a place only while fewer than the
// capacity attend and nobody waits, and nothing when the member is on
// either list already. So it never overbooks, never lets anyone in ahead of
// the queue, and joining twice (a double click) changes nothing. Free places
// with people waiting (a process that stopped between a leave and its
// promotion) are given to the queue first, newcomer last.
func (s *Store) JoinEvent(ctx context.Context, eventID, userID string, now time.Time) (models.RSVP, error) {
	if err := s.listEventOnMember(ctx, userID, eventID, true); err != nil {
		return models.RSVP{}, err
	}
	var rsvp models.RSVP
	e, err := s.modifyEvent(ctx, eventID, func(e *models.Event) (bson.M, error) {
		if rsvp = e.RSVPOf(userID); rsvp.Joined() {
			return nil, errNoChange
		}
		if reason := e.CanJoin(now); reason != models.JoinOK {
			return nil, ErrEventClosed{Reason: reason}
		}
		if e.Full() || len(e.Waitlist) > 0 {
			return bson.M{"$addToSet": bson.M{"waitlist": userID}}, nil
		}
		return bson.M{"$addToSet": bson.M{"attendees": userID}, "$inc": bson.M{"going": 1}}, nil
	})
	if err != nil {
		var closed ErrEventClosed
		if errors.As(err, &closed) || errors.Is(err, ErrNotFound) {
			err = errors.Join(err, s.listEventOnMember(ctx, userID, eventID, false))
		}
		return models.RSVP{}, err
	}
	if !e.Full() && len(e.Waitlist) > 0 {
		if _, err := s.PromoteWaitlist(ctx, eventID, now); err != nil {
			return models.RSVP{}, err
		}
		if e, err = s.Event(ctx, eventID); err != nil {
			return models.RSVP{}, err
		}
	}
	return e.RSVPOf(userID), nil
}

// LeaveEvent gives up a member's place (or their place on the waitlist) and
// returns who was promoted from the waitlist into the freed place.
func (s *Store) LeaveEvent(ctx context.Context, eventID, userID string, now time.Time) ([]string, error) {
	freed := false
	_, err := s.modifyEvent(ctx, eventID, func(e *models.Event) (bson.M, error) {
		r := e.RSVPOf(userID)
		freed = r.Attending
		switch {
		case r.Attending:
			return bson.M{"$pull": bson.M{"attendees": userID, "checked_in": userID}, "$inc": bson.M{"going": -1}}, nil
		case r.Position > 0:
			return bson.M{"$pull": bson.M{"waitlist": userID}}, nil
		}
		return nil, errNoChange
	})
	if err != nil {
		return nil, err
	}
	if err := s.listEventOnMember(ctx, userID, eventID, false); err != nil || !freed {
		return nil, err
	}
	return s.PromoteWaitlist(ctx, eventID, now)
}

// PromoteWaitlist moves the first people on the waitlist into free places
// (after someone left or the capacity went up), tells them, and returns who
// moved up, in one conditional write: nobody is ever put before someone
// already waiting, and two promotions racing never give one place twice.
// Once the event has started nobody moves up.
func (s *Store) PromoteWaitlist(ctx context.Context, eventID string, now time.Time) ([]string, error) {
	var promoted []string
	e, err := s.modifyEvent(ctx, eventID, func(e *models.Event) (bson.M, error) {
		promoted = nil
		if e.Cancelled() || !e.StartsAt.After(now) || len(e.Waitlist) == 0 || e.Full() {
			return nil, errNoChange
		}
		n := len(e.Waitlist)
		if e.Capacity > 0 {
			n = min(n, e.Capacity-e.Going)
		}
		promoted = append([]string{}, e.Waitlist[:n]...)
		return bson.M{
			"$set": bson.M{"waitlist": e.Waitlist[n:], "attendees": append(append([]string{}, e.Attendees...), promoted...)},
			"$inc": bson.M{"going": n, "promoted": n},
		}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: promote on event %s: %w", eventID, err)
	}
	for _, userID := range promoted {
		n := models.EventNotification(models.KindEventPromoted, e, userID, now)
		// One notification per promotion: one can move up again after
		// leaving and joining again, and this write has its own version.
		n.ID += "|" + strconv.FormatInt(e.Version, 10)
		if _, err := s.Notify(ctx, n); err != nil {
			return promoted, err
		}
		// Now they have joined: on their timeline, and in their engagement.
		tp := models.Touchpoint{ID: models.TouchpointID(models.KindEventJoined, userID, eventID), CandidateID: userID,
			Kind: models.KindEventJoined, EventID: eventID, Title: e.Title, At: now}
		if _, err := s.RecordTouchpoint(ctx, tp, models.Notification{}); err != nil {
			return promoted, err
		}
	}
	return promoted, nil
}

// CancelEvent calls an event off; it keeps who had joined, so they can be
// told and their calendars show it cancelled.
func (s *Store) CancelEvent(ctx context.Context, id string) (*models.Event, error) {
	var e *models.Event
	err := s.indexed(ctx, KindEvent, id, func() error {
		var err error
		e, err = s.modifyEvent(ctx, id, func(*models.Event) (bson.M, error) {
			return bson.M{"$set": bson.M{"status": models.EventCancelled}}, nil
		})
		return err
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("store: cancel event %s: %w", id, err)
	}
	return e, err
}

// SetCheckedIn records (or undoes) an attendee's arrival at the door,
// never before the door opens (models.ErrDoorNotOpen).
func (s *Store) SetCheckedIn(ctx context.Context, eventID, userID string, in bool, now time.Time) error {
	_, err := s.modifyEvent(ctx, eventID, func(e *models.Event) (bson.M, error) {
		if !e.RSVPOf(userID).Attending {
			return nil, ErrNotFound
		}
		if in && !e.CanCheckIn(now) {
			return nil, models.ErrDoorNotOpen
		}
		if in {
			return bson.M{"$addToSet": bson.M{"checked_in": userID}}, nil
		}
		return bson.M{"$pull": bson.M{"checked_in": userID}}, nil
	})
	if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, models.ErrDoorNotOpen) {
		return fmt.Errorf("store: check in at %s: %w", eventID, err)
	}
	return err
}

// MarkReminded notes that an attendee was reminded of an event.
func (s *Store) MarkReminded(ctx context.Context, eventID, userID string) error {
	if _, err := s.write(colEvents).UpdateOne(ctx, bson.M{"_id": eventID},
		bson.M{"$addToSet": bson.M{"reminded": userID}}); err != nil {
		return fmt.Errorf("store: mark reminded on %s: %w", eventID, err)
	}
	return nil
}
