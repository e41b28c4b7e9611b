package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// Session returns the session with the given id, or ErrNotFound.
func (s *Store) Session(ctx context.Context, id string) (*models.Session, error) {
	return findOne[models.Session](ctx, s.read(colSessions), bson.M{"_id": id}, "session")
}

// SaveSession writes a whole session.
func (s *Store) SaveSession(ctx context.Context, sess *models.Session) error {
	if err := s.trace(ctx, sess.UserID, colSessions, sess.ID); err != nil {
		return err
	}
	_, err := s.write(colSessions).ReplaceOne(ctx, bson.M{"_id": sess.ID}, sess, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: save session: %w", err)
	}
	return s.listForExpiry(ctx, sessionExpiry(sess), sess.ID)
}

// TouchSession records activity and pushes the idle expiry on.
func (s *Store) TouchSession(ctx context.Context, id string, seen, expires time.Time) error {
	_, err := s.write(colSessions).UpdateOne(ctx, bson.M{"_id": id},
		bson.M{"$set": bson.M{"last_seen_at": seen, "expires_at": expires}})
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, sess *models.Session) error {
	if _, err := s.write(colSessions).DeleteOne(ctx, bson.M{"_id": sess.ID}); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return s.untrace(ctx, sess.UserID, colSessions, sess.ID)
}

// Sessions are swept by expiry buckets: one document per hour, keyed by the
// hour, listing the sessions whose earlier expiry falls in it. FerretDB has
// no TTL index, and finding expired sessions by their dates would read every
// session. A session touched since it was listed is still live when its hour
// comes: the sweep lists it again under its new hour instead of deleting it.

// expiryHour is the _id of the bucket for a moment.
func expiryHour(t time.Time) string { return t.UTC().Format("2006-01-02T15") }

// sessionExpiry is when a session ends unless it is used again.
func sessionExpiry(sess *models.Session) time.Time {
	if sess.ExpiresAt.Before(sess.AbsoluteExpiresAt) {
		return sess.ExpiresAt
	}
	return sess.AbsoluteExpiresAt
}

// listForExpiry adds session ids to the bucket of the hour at (or of now,
// for a moment past: the sweep has left that hour's bucket behind).
func (s *Store) listForExpiry(ctx context.Context, at time.Time, ids ...string) error {
	if now := time.Now(); at.Before(now) {
		at = now
	}
	_, err := s.write(colSessionExpiry).UpdateOne(ctx, bson.M{"_id": expiryHour(at)},
		bson.M{"$addToSet": bson.M{"ids": bson.M{"$each": ids}}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: list session for expiry: %w", err)
	}
	return nil
}

// statsSessionSweep records the first hour whose bucket may still hold sessions.
const statsSessionSweep = "session_sweep"

// DeleteExpiredSessions removes the sessions past either expiry, reading
// the buckets of the hours since the last sweep and their sessions by _id.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	var mark struct {
		From time.Time `bson:"from"`
	}
	err := s.write(colStats).FindOne(ctx, bson.M{"_id": statsSessionSweep}).Decode(&mark)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return 0, fmt.Errorf("store: session sweep: %w", err)
	}
	current := now.UTC().Truncate(time.Hour)
	if mark.From.IsZero() || mark.From.After(current) {
		mark.From = current
	}
	var deleted int64
	for hour := mark.From.UTC(); !hour.After(current); hour = hour.Add(time.Hour) {
		n, err := s.sweepExpiryBucket(ctx, expiryHour(hour), now, hour.Before(current))
		deleted += n
		if err != nil {
			return deleted, err
		}
	}
	_, err = s.write(colStats).UpdateOne(ctx, bson.M{"_id": statsSessionSweep},
		bson.M{"$set": bson.M{"from": current}}, options.Update().SetUpsert(true))
	if err != nil {
		return deleted, fmt.Errorf("store: session sweep: %w", err)
	}
	return deleted, nil
}

// sweepExpiryBucket deletes the expired sessions of one bucket and lists
// the live ones under their later hour; a past hour's bucket then goes.
func (s *Store) sweepExpiryBucket(ctx context.Context, hour string, now time.Time, past bool) (int64, error) {
	var bucket struct {
		IDs []string `bson:"ids"`
	}
	err := s.write(colSessionExpiry).FindOne(ctx, bson.M{"_id": hour}).Decode(&bucket)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: session bucket %s: %w", hour, err)
	}
	sessions, err := byIDs[models.Session](ctx, s.write(colSessions), bucket.IDs, "sessions to sweep")
	if err != nil {
		return 0, err
	}
	var deleted int64
	stays := map[string]bool{} // live, and still to expire in this hour
	for _, sess := range sessions {
		switch later := sessionExpiry(&sess); {
		case !sess.Live(now):
			if err := s.DeleteSession(ctx, &sess); err != nil {
				return deleted, err
			}
			deleted++
		case expiryHour(later) != hour:
			if err := s.listForExpiry(ctx, later, sess.ID); err != nil {
				return deleted, err
			}
		default:
			stays[sess.ID] = true
		}
	}
	if past {
		_, err = s.write(colSessionExpiry).DeleteOne(ctx, bson.M{"_id": hour})
	} else { // this hour's bucket keeps what is still to expire in it
		swept := slices.DeleteFunc(bucket.IDs, func(id string) bool { return stays[id] })
		_, err = s.write(colSessionExpiry).UpdateOne(ctx, bson.M{"_id": hour}, bson.M{"$pullAll": bson.M{"ids": swept}})
	}
	if err != nil {
		return deleted, fmt.Errorf("store: session bucket %s: %w", hour, err)
	}
	return deleted, nil
}

// listSessionsForExpiry lists sessions in their buckets, one write per hour
// (for sessions written in bulk, or from before the buckets existed).
func (s *Store) listSessionsForExpiry(ctx context.Context, sessions []models.Session) error {
	byHour := map[string][]string{}
	at := map[string]time.Time{}
	for i := range sessions {
		expiry := sessionExpiry(&sessions[i])
		hour := expiryHour(expiry)
		byHour[hour] = append(byHour[hour], sessions[i].ID)
		at[hour] = expiry
	}
	for hour, ids := range byHour {
		if err := s.listForExpiry(ctx, at[hour], ids...); err != nil {
			return err
		}
	}
	return nil
}
