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

// Session returns the session with the given id, or ErrNotFound.
func (s *Store) Session(ctx context.Context, id string) (*models.Session, error) {
	return findOne[models.Session](ctx, s.read(colSessions), bson.M{"_id": id}, "session")
}

// SaveSession writes a whole session.
func (s *Store) SaveSession(ctx context.Context, sess *models.Session) error {
	_, err := s.write(colSessions).ReplaceOne(ctx, bson.M{"_id": sess.ID}, sess, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: save session: %w", err)
	}
	return nil
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

// TakeOAuthAttempt removes the sign-in attempt from a session and returns it,
// in one atomic step, so a state can be used once only.
func (s *Store) TakeOAuthAttempt(ctx context.Context, id string) (*models.OAuthAttempt, error) {
	// Unsetting is atomic on one document: of two takers, one sees the attempt.
	var before models.Session
	err := s.write(colSessions).FindOneAndUpdate(ctx,
		bson.M{"_id": id},
		bson.M{"$unset": bson.M{"oauth": ""}},
		options.FindOneAndUpdate().SetReturnDocument(options.Before)).Decode(&before)
	if errors.Is(err, mongo.ErrNoDocuments) || (err == nil && before.OAuth == nil) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: take oauth attempt: %w", err)
	}
	return before.OAuth, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.write(colSessions).DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past either expiry; FerretDB has no
// TTL index, so the sweeper calls this.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.write(colSessions).legacyScan("sessions.expired").DeleteMany(ctx, bson.M{"$or": bson.A{
		bson.M{"expires_at": bson.M{"$lte": now}},
		bson.M{"absolute_expires_at": bson.M{"$lte": now}},
	}})
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return res.DeletedCount, nil
}
