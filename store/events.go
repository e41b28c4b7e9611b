package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// ErrEventClosed is returned when an event no longer takes sign-ups; the
// Reason is a message key saying why.
type ErrEventClosed struct{ Reason string }

func (e ErrEventClosed) Error() string { return "store: event closed: " + e.Reason }

// ErrCapacityBelowAttendees is returned when a new capacity would leave
// attendees without a place: someone joined while the host was editing.
var ErrCapacityBelowAttendees = errors.New("store: capacity below attendees")

// maxJoinAttempts bounds the retries of a join whose event changed between
// reading and writing; each retry reads the new state.
const maxJoinAttempts = 20

// SaveEvent creates or updates an event's details and marks it for
// indexing. Who is coming is never written here: joins own those fields.
// A capacity is only lowered while it still fits everyone attending.
func (s *Store) SaveEvent(ctx context.Context, e models.Event) error {
	fields, err := documentFields(KindEvent, e.ID, e)
	if err != nil {
		return err
	}
	for _, f := range models.AttendanceFields {
		delete(fields, f)
	}
	filter := bson.M{"_id": e.ID}
	if e.Capacity > 0 {
		filter["going"] = bson.M{"$lte": e.Capacity}
	}
	update := bson.M{"$set": fields, "$inc": bson.M{"version": 1}}
	res, err := s.w.Collection(colEvents).UpdateOne(ctx, filter, update)
	if err != nil {
		return fmt.Errorf("store: save event %s: %w", e.ID, err)
	}
	if res.MatchedCount == 1 {
		return nil
	}
	// New, or too many attending for the new capacity.
	update["$setOnInsert"] = bson.M{"attendees": bson.A{}, "waitlist": bson.A{}, "going": 0}
	_, err = s.w.Collection(colEvents).UpdateOne(ctx, filter, update, options.Update().SetUpsert(true))
	if isDuplicate(err) {
		return ErrCapacityBelowAttendees
	}
	if err != nil {
		return fmt.Errorf("store: save event %s: %w", e.ID, err)
	}
	return nil
}

// Event returns one event, or ErrNotFound.
func (s *Store) Event(ctx context.Context, id string) (*models.Event, error) {
	return findOne[models.Event](ctx, s.r.Collection(colEvents), bson.M{"_id": id}, "event "+id)
}

// EventsByID returns the events with the given ids (those that exist).
func (s *Store) EventsByID(ctx context.Context, ids []string) ([]models.Event, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.findEvents(ctx, bson.M{"_id": bson.M{"$in": ids}}, nil)
}

// Events returns the events in every state, latest start first, for recruiters.
func (s *Store) Events(ctx context.Context, limit int) ([]models.Event, error) {
	return s.findEvents(ctx, bson.M{}, newestFirst("starts_at", limit))
}

// EventsJoinedBy returns the events a member attends or waits for, soonest first.
func (s *Store) EventsJoinedBy(ctx context.Context, userID string) ([]models.Event, error) {
	filter := bson.M{"$or": bson.A{bson.M{"attendees": userID}, bson.M{"waitlist": userID}}}
	return s.findEvents(ctx, filter, options.Find().SetSort(bson.D{{Key: "starts_at", Value: 1}}).SetLimit(500))
}

// EventsStartingBetween returns the published events that start in [from, to).
func (s *Store) EventsStartingBetween(ctx context.Context, from, to time.Time) ([]models.Event, error) {
	filter := bson.M{"status": models.EventPublished, "starts_at": bson.M{"$gte": from, "$lt": to}}
	return s.findEvents(ctx, filter, nil)
}

func (s *Store) findEvents(ctx context.Context, filter bson.M, opts *options.FindOptions) ([]models.Event, error) {
	return findMany[models.Event](ctx, s.r.Collection(colEvents), filter, opts, "events")
}

// JoinEvent gives a member a place, or a place on the waitlist when the
// event is full, in order of arrival. Each attempt is one conditional update
// of the event document: it only lands while the member is on neither list
// and, for a place, while fewer than the capacity attend. So it never
// overbooks, and joining twice (a double click) changes nothing.
func (s *Store) JoinEvent(ctx context.Context, eventID, userID string, now time.Time) (models.RSVP, error) {
	for attempt := 0; attempt < maxJoinAttempts; attempt++ {
		// A stale read costs at most a retry: the update below decides.
		e, err := s.Event(ctx, eventID)
		if err != nil {
			return models.RSVP{}, err
		}
		if r := e.RSVPOf(userID); r.Joined() {
			return r, nil
		}
		if reason := e.CanJoin(now); reason != models.JoinOK {
			return models.RSVP{}, ErrEventClosed{Reason: reason}
		}
		filter := bson.M{"_id": eventID, "status": bson.M{"$ne": models.EventCancelled}, "capacity": e.Capacity,
			"attendees": bson.M{"$ne": userID}, "waitlist": bson.M{"$ne": userID}}
		var update bson.M
		if e.Full() {
			filter["going"] = bson.M{"$gte": e.Capacity}
			update = bson.M{"$addToSet": bson.M{"waitlist": userID}}
		} else {
			if e.Capacity > 0 {
				filter["going"] = bson.M{"$lt": e.Capacity}
			}
			update = bson.M{"$addToSet": bson.M{"attendees": userID}, "$inc": bson.M{"going": 1}}
		}
		after, err := s.updateEvent(ctx, filter, update)
		if errors.Is(err, ErrNotFound) {
			// The event changed since we read it (a place taken or freed, the
			// capacity edited, the member joined in another tab): read again.
			continue
		}
		if err != nil {
			return models.RSVP{}, fmt.Errorf("store: join event %s: %w", eventID, err)
		}
		return after.RSVPOf(userID), nil
	}
	return models.RSVP{}, fmt.Errorf("store: join event %s: %w", eventID, ErrConflict)
}

// updateEvent applies a conditional update and returns the event after it,
// in one round trip; ErrNotFound when the condition no longer holds.
func (s *Store) updateEvent(ctx context.Context, filter, update bson.M) (*models.Event, error) {
	var e models.Event
	err := s.w.Collection(colEvents).FindOneAndUpdate(ctx, filter, update,
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&e)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// LeaveEvent gives up a member's place (or their place on the waitlist) and
// returns who was promoted from the waitlist into the freed place.
func (s *Store) LeaveEvent(ctx context.Context, eventID, userID string, now time.Time) ([]string, error) {
	col := s.w.Collection(colEvents)
	res, err := col.UpdateOne(ctx, bson.M{"_id": eventID, "attendees": userID},
		bson.M{"$pull": bson.M{"attendees": userID, "checked_in": userID}, "$inc": bson.M{"going": -1}})
	if err != nil {
		return nil, fmt.Errorf("store: leave event %s: %w", eventID, err)
	}
	if res.MatchedCount == 0 {
		if _, err := col.UpdateOne(ctx, bson.M{"_id": eventID, "waitlist": userID},
			bson.M{"$pull": bson.M{"waitlist": userID}}); err != nil {
			return nil, fmt.Errorf("store: leave waitlist %s: %w", eventID, err)
		}
		return nil, nil
	}
	return s.PromoteWaitlist(ctx, eventID, now)
}

// PromoteWaitlist moves the first people on the waitlist into free places
// (after someone left or the capacity went up) and returns who moved up.
// Each move is one conditional update: the person must still be waiting and
// a place still free, so two promotions racing never give one place twice.
// Being still on the waitlist means still first: nobody is ever put before
// someone already waiting. Once the event has started nobody moves up.
func (s *Store) PromoteWaitlist(ctx context.Context, eventID string, now time.Time) ([]string, error) {
	var promoted []string
	for attempt := 0; attempt < maxJoinAttempts; {
		// Read through the writer: a stale "full" here would leave a freed
		// place empty instead of costing a retry.
		e, err := findOne[models.Event](ctx, s.w.Collection(colEvents), bson.M{"_id": eventID}, "promote on event "+eventID)
		if err != nil {
			return promoted, err
		}
		if e.Cancelled() || !e.StartsAt.After(now) || len(e.Waitlist) == 0 || e.Full() {
			return promoted, nil
		}
		next := e.Waitlist[0]
		filter := bson.M{"_id": eventID, "capacity": e.Capacity, "waitlist": next}
		if e.Capacity > 0 {
			filter["going"] = bson.M{"$lt": e.Capacity}
		}
		res, err := s.w.Collection(colEvents).UpdateOne(ctx, filter, bson.M{
			"$pull": bson.M{"waitlist": next}, "$addToSet": bson.M{"attendees": next}, "$inc": bson.M{"going": 1}})
		if err != nil {
			return promoted, fmt.Errorf("store: promote on event %s: %w", eventID, err)
		}
		if res.MatchedCount == 1 {
			promoted = append(promoted, next)
			continue
		}
		attempt++
	}
	return promoted, fmt.Errorf("store: promote on event %s: %w", eventID, ErrConflict)
}

// CancelEvent calls an event off; it keeps who had joined, so they can be
// told and their calendars show it cancelled.
func (s *Store) CancelEvent(ctx context.Context, id string) (*models.Event, error) {
	e, err := s.updateEvent(ctx, bson.M{"_id": id},
		bson.M{"$set": bson.M{"status": models.EventCancelled, "index_pending": true}, "$inc": bson.M{"version": 1}})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("store: cancel event %s: %w", id, err)
	}
	return e, err
}

// SetCheckedIn records (or undoes) an attendee's arrival at the door.
func (s *Store) SetCheckedIn(ctx context.Context, eventID, userID string, in bool) error {
	update := bson.M{"$pull": bson.M{"checked_in": userID}}
	if in {
		update = bson.M{"$addToSet": bson.M{"checked_in": userID}}
	}
	res, err := s.w.Collection(colEvents).UpdateOne(ctx, bson.M{"_id": eventID, "attendees": userID}, update)
	if err != nil {
		return fmt.Errorf("store: check in at %s: %w", eventID, err)
	}
	if res.MatchedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// MarkReminded notes that an attendee was reminded of an event.
func (s *Store) MarkReminded(ctx context.Context, eventID, userID string) error {
	if _, err := s.w.Collection(colEvents).UpdateOne(ctx, bson.M{"_id": eventID},
		bson.M{"$addToSet": bson.M{"reminded": userID}}); err != nil {
		return fmt.Errorf("store: mark reminded on %s: %w", eventID, err)
	}
	return nil
}
