package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/talentcommunity/portal/models"
)

// Relationship reads how the community stands with a member: one read by
// _id. A member nobody has dealt with yet has an empty one.
func (s *Store) Relationship(ctx context.Context, memberID string) (*models.Relationship, error) {
	r, err := sharedByID[models.Relationship](ctx, s.read(colRelationships), memberID, "relationship")
	if errors.Is(err, ErrNotFound) {
		return &models.Relationship{ID: memberID}, nil
	}
	return r, err
}

// ChangeRelationship changes a member's relationship in one atomic step
// and has the talent index catch up (Today and the pool read it there).
// by is the recruiter making the change (or ""): their footprint lists the
// document before it names them, so their export and erasure find it.
// change returns false to leave everything as it was.
func (s *Store) ChangeRelationship(ctx context.Context, memberID, by string, change func(r *models.Relationship) (bool, error)) (*models.Relationship, error) {
	// A recruiter's footprint grows with every member they deal with; once
	// the document names them, their footprint lists it already (traced
	// before it named them), and the write to a large footprint is spared.
	if by != "" {
		have, err := s.Relationship(ctx, memberID)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(have.Authors, by) {
			if err := s.trace(ctx, by, colRelationships, memberID); err != nil {
				return nil, err
			}
		}
	}
	var out *models.Relationship
	var fresh []models.Touchpoint
	var tallies []models.Tally
	err := s.indexed(ctx, KindUser, memberID, func() error {
		var err error
		out, err = modify(ctx, s, colRelationships, memberID, true, func(r *models.Relationship) (bson.M, error) {
			if r == nil {
				r = &models.Relationship{ID: memberID}
			}
			newest := ""
			if len(r.Seen) > 0 {
				newest = r.Seen[0]
			}
			open := models.OpenSignals(r.Timeline)
			changed, err := change(r)
			if err != nil {
				return nil, err
			}
			if !changed {
				return nil, errNoChange
			}
			out = r
			fresh = freshTouchpoints(r, newest)
			tallies = models.TimelineTallies(open, r.Source, fresh)
			return relationshipUpdate(r), nil
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: relationship of %s: %w", memberID, err)
	}
	if err := s.tallyFresh(ctx, tallies, fresh); err != nil {
		return out, fmt.Errorf("store: relationship of %s: %w", memberID, err)
	}
	return out, nil
}

// freshTouchpoints are those a change recorded, oldest first: the ids
// Record put in front of newest, the one seen last before it.
func freshTouchpoints(r *models.Relationship, newest string) []models.Touchpoint {
	if newest != "" && !slices.Contains(r.Seen, newest) {
		return nil // the newest was forgotten: the change took something away
	}
	var fresh []models.Touchpoint
	for _, id := range r.Seen {
		if id == newest {
			break
		}
		if i := slices.IndexFunc(r.Timeline, func(tp models.Touchpoint) bool { return tp.ID == id }); i >= 0 {
			fresh = append(fresh, r.Timeline[i])
		}
	}
	slices.SortStableFunc(fresh, func(a, b models.Touchpoint) int { return a.At.Compare(b.At) })
	return fresh
}

// SaveRelationship writes a whole relationship (the seeder's), each
// recruiter it names traced first.
func (s *Store) SaveRelationship(ctx context.Context, r models.Relationship) error {
	for _, by := range r.Authors {
		if err := s.trace(ctx, by, colRelationships, r.ID); err != nil {
			return err
		}
	}
	_, err := s.ChangeRelationship(ctx, r.ID, "", func(have *models.Relationship) (bool, error) {
		r.Version = have.Version
		*have = r
		return true, nil
	})
	return err
}

// relationshipUpdate sets every field of r (the version is modify's).
func relationshipUpdate(r *models.Relationship) bson.M {
	raw, _ := bson.Marshal(r) // a plain struct: it always marshals
	var set bson.M
	_ = bson.Unmarshal(raw, &set)
	delete(set, "_id")
	delete(set, "version")
	unset := bson.M{}
	for _, f := range []string{"owner_id", "tags", "rhythm", "source", "last_contact", "snoozed_until", "signals",
		"activity", "congratulated", "notes", "timeline", "seen", "authors"} {
		if _, ok := set[f]; !ok {
			unset[f] = ""
		}
	}
	update := bson.M{"$set": set}
	if len(unset) > 0 {
		update["$unset"] = unset
	}
	return update
}

// RecordTouchpoint puts a touchpoint on the member's timeline and, when it
// is new, delivers the notification n (if it has a recipient). Recording the
// same touchpoint again changes nothing, so a repeated click notifies once.
func (s *Store) RecordTouchpoint(ctx context.Context, tp models.Touchpoint, n models.Notification) (bool, error) {
	recorded := false
	_, err := s.ChangeRelationship(ctx, tp.CandidateID, tp.RecruiterID, func(r *models.Relationship) (bool, error) {
		recorded = r.Record(tp, models.RaisesSignal(tp))
		return recorded, nil
	})
	if err != nil || !recorded || n.UserID == "" {
		return recorded, err
	}
	if _, err := s.Notify(ctx, n); err != nil {
		return true, err
	}
	return true, nil
}

// DeleteTouchpoint forgets a touchpoint recorded by mistake (a check-in
// undone), with the signal it raised; recording it again then counts.
func (s *Store) DeleteTouchpoint(ctx context.Context, memberID, id string) error {
	_, err := s.forgetTouchpoint(ctx, memberID, id, (*models.Relationship).ForgetTouchpoint)
	return err
}

// UndoContact takes back a member's newest contact at once (see
// models.Relationship.UndoContact) and reports whether it could.
func (s *Store) UndoContact(ctx context.Context, memberID, id string) (bool, error) {
	return s.forgetTouchpoint(ctx, memberID, id, (*models.Relationship).UndoContact)
}

// forgetTouchpoint takes a touchpoint off a timeline with forget, and what
// it counted off the insights: the tallies it made, replayed from the
// signals open before it, are counted back.
func (s *Store) forgetTouchpoint(ctx context.Context, memberID, id string, forget func(*models.Relationship, string) bool) (bool, error) {
	var tallies []models.Tally
	done := false
	_, err := s.ChangeRelationship(ctx, memberID, "", func(r *models.Relationship) (bool, error) {
		i := slices.IndexFunc(r.Timeline, func(tp models.Touchpoint) bool { return tp.ID == id })
		if i < 0 {
			return false, nil
		}
		tp := r.Timeline[i]
		if !forget(r, id) {
			return false, nil
		}
		before := slices.DeleteFunc(slices.Clone(r.Timeline), func(o models.Touchpoint) bool { return !o.At.Before(tp.At) })
		tallies = models.TimelineTallies(models.OpenSignals(before), r.Source, []models.Touchpoint{tp})
		done = true
		return true, nil
	})
	if err != nil || !done {
		return false, err
	}
	for i := range tallies {
		tallies[i].N = -tallies[i].N
	}
	return true, s.Tally(ctx, tallies...)
}

// Touchpoints returns a member's timeline, newest first.
func (s *Store) Touchpoints(ctx context.Context, memberID string) ([]models.Touchpoint, error) {
	r, err := s.Relationship(ctx, memberID)
	if err != nil {
		return nil, err
	}
	return r.Timeline, nil
}

// NoteActivity records something a member did that is not a touchpoint of
// its own (signing in) for their engagement.
func (s *Store) NoteActivity(ctx context.Context, memberID, kind string, at time.Time) error {
	_, err := s.ChangeRelationship(ctx, memberID, "", func(r *models.Relationship) (bool, error) {
		return r.Act(kind, at), nil
	})
	return err
}

// forgetAuthor takes an erased recruiter out of a member's relationship:
// what they recorded stays, as the community's, without their id.
func forgetAuthor(ctx context.Context, s *Store, memberID, recruiterID string) error {
	_, err := s.ChangeRelationship(ctx, memberID, "", func(r *models.Relationship) (bool, error) {
		if !slices.Contains(r.Authors, recruiterID) {
			return false, nil
		}
		r.Forget(recruiterID)
		return true, nil
	})
	return err
}

// MilestoneShared puts a member's milestone on their timeline and makes it
// a reason for recruiters to congratulate.
func (s *Store) MilestoneShared(ctx context.Context, memberID string, m models.Milestone, now time.Time) error {
	_, err := s.ChangeRelationship(ctx, memberID, "", func(r *models.Relationship) (bool, error) {
		recorded := r.Record(models.Touchpoint{ID: models.TouchpointID(models.KindMilestone, memberID, m.ID), CandidateID: memberID,
			Kind: models.KindMilestone, Title: m.Title, At: now}, false)
		raised := r.RaiseMilestone(m, now)
		return recorded || raised, nil
	})
	return err
}

// QueueMember has the index rebuild a member's documents (when they go
// stale by time alone, such as a falling engagement).
func (s *Store) QueueMember(ctx context.Context, memberID string) error {
	return s.indexed(ctx, KindUser, memberID, func() error { return nil })
}

// FirstRunOn reports whether the daily part name has not run on day yet,
// and marks it run: the daily parts of an hourly job do their work once.
func (s *Store) FirstRunOn(ctx context.Context, name, day string) (bool, error) {
	res, err := s.write(colStats).UpdateOne(ctx, bson.M{"_id": "daily|" + name, "day": bson.M{"$ne": day}},
		bson.M{"$set": bson.M{"day": day}})
	if err != nil {
		return false, fmt.Errorf("store: daily %s: %w", name, err)
	}
	if res.MatchedCount == 1 {
		return true, nil
	}
	_, err = s.write(colStats).InsertOne(ctx, bson.M{"_id": "daily|" + name, "day": day})
	if isDuplicate(err) {
		return false, nil // it ran today
	}
	if err != nil {
		return false, fmt.Errorf("store: daily %s: %w", name, err)
	}
	return true, nil
}
