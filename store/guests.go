package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/talentcommunity/portal/models"
)

// ErrGuestKnown is a walk-in whose address is already a guest of the event.
var ErrGuestKnown = errors.New("store: already a guest of this event")

// ErrTooManyGuests is a walk-in past models.MaxGuests.
var ErrTooManyGuests = errors.New("store: the event has as many guests as it keeps")

// AddGuest notes a walk-in at the door of an event: only once the door is
// open, and once per address.
func (s *Store) AddGuest(ctx context.Context, eventID string, g models.Guest) error {
	_, err := s.modifyEvent(ctx, eventID, func(e *models.Event) (bson.M, error) {
		switch _, known := e.Guest(g.Email); {
		case !e.CanCheckIn(g.At):
			return nil, models.ErrDoorNotOpen
		case !e.CanAddGuest(g.At):
			return nil, models.ErrDoorClosed
		case known:
			return nil, ErrGuestKnown
		case len(e.Guests) >= models.MaxGuests:
			return nil, ErrTooManyGuests
		}
		return bson.M{"$set": bson.M{"guests": append(slices.Clone(e.Guests), g)}}, nil
	})
	if err != nil && !errors.Is(err, ErrGuestKnown) && !errors.Is(err, models.ErrDoorNotOpen) && !errors.Is(err, models.ErrDoorClosed) &&
		!errors.Is(err, ErrTooManyGuests) && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("store: guest at %s: %w", eventID, err)
	}
	return err
}

// ClaimGuest makes a guest who joined an attendee who came: their visit
// moves from the guest list (name and address forgotten there) onto their
// profile, checked in. It returns the guest, or ErrNotFound when the event
// has no such guest (claimed already, or forgotten).
func (s *Store) ClaimGuest(ctx context.Context, eventID, email, userID string) (models.Guest, error) {
	if err := s.listEventOnMember(ctx, userID, eventID, true); err != nil {
		return models.Guest{}, err
	}
	var guest models.Guest
	joined := false // on the event's lists before: then it stays on their profile whatever happens
	_, err := s.modifyEvent(ctx, eventID, func(e *models.Event) (bson.M, error) {
		joined = e.RSVPOf(userID).Joined()
		g, ok := e.Guest(email)
		if !ok {
			return nil, ErrNotFound
		}
		guest = g
		rest := slices.DeleteFunc(slices.Clone(e.Guests), func(x models.Guest) bool { return x.Email == g.Email })
		update := bson.M{"$set": bson.M{"guests": rest}, "$addToSet": bson.M{"checked_in": userID}}
		r := e.RSVPOf(userID)
		switch {
		case r.Attending:
		case r.Position > 0: // they came: their place is no longer on the waitlist
			update["$pull"] = bson.M{"waitlist": userID}
			fallthrough
		default:
			update["$addToSet"] = bson.M{"checked_in": userID, "attendees": userID}
			update["$inc"] = bson.M{"going": 1}
		}
		return update, nil
	})
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			err = fmt.Errorf("store: claim a guest of %s: %w", eventID, err)
		}
		return models.Guest{}, errors.Join(err, s.listEventOnMember(ctx, userID, eventID, joined))
	}
	// Their invitation named them: it goes with their name and address.
	return guest, s.write(colOutbox).DeleteIDs(ctx, []string{models.GuestInvitationKey(eventID, guest.Email)})
}

// ForgetGuests drops the names and addresses of an event's guests who did
// not join (see models.GuestKeep), with the invitations that named them.
func (s *Store) ForgetGuests(ctx context.Context, eventID string) error {
	var keys []string
	_, err := s.modifyEvent(ctx, eventID, func(e *models.Event) (bson.M, error) {
		keys = keys[:0]
		for _, g := range e.Guests {
			keys = append(keys, models.GuestInvitationKey(eventID, g.Email))
		}
		return bson.M{"$unset": bson.M{"guests": ""}}, nil
	})
	if err != nil {
		return fmt.Errorf("store: forget the guests of %s: %w", eventID, err)
	}
	if err := s.write(colOutbox).DeleteIDs(ctx, keys); err != nil {
		return fmt.Errorf("store: forget the guests' invitations of %s: %w", eventID, err)
	}
	return nil
}
