package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// RecordTouchpoint stores a touchpoint and, when it is new, the notification
// for its recipient (if it has one), whose unread counter goes up. Recording the same
// touchpoint again changes nothing, so a repeated click notifies once.
func (s *Store) RecordTouchpoint(ctx context.Context, tp models.Touchpoint, n models.Notification) (bool, error) {
	res, err := s.write(colTouchpoints).UpdateOne(ctx, bson.M{"_id": tp.ID},
		bson.M{"$setOnInsert": tp}, options.Update().SetUpsert(true))
	if isDuplicate(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: touchpoint: %w", err)
	}
	if res.UpsertedCount == 0 {
		return false, nil
	}
	if n.UserID == "" {
		return true, nil // nobody to tell
	}
	if _, err := s.Notify(ctx, n); err != nil {
		return true, err
	}
	return true, nil
}

// Notify puts a notification in its recipient's inbox and raises their
// unread counter, unless one with the same id is there already: a job that
// runs twice, or on two instances at once, notifies once.
func (s *Store) Notify(ctx context.Context, n models.Notification) (bool, error) {
	_, err := s.write(colNotifications).InsertOne(ctx, n)
	if isDuplicate(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: notification: %w", err)
	}
	if _, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": n.UserID}, bson.M{"$inc": bson.M{"unread_notifications": 1}}); err != nil {
		return true, fmt.Errorf("store: unread count: %w", err)
	}
	return true, nil
}

// DeleteTouchpoint forgets a touchpoint recorded by mistake (a check-in undone).
func (s *Store) DeleteTouchpoint(ctx context.Context, id string) error {
	if _, err := s.write(colTouchpoints).DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("store: delete touchpoint: %w", err)
	}
	return nil
}

// Notifications returns a member's newest notifications.
func (s *Store) Notifications(ctx context.Context, userID string, limit int) ([]models.Notification, error) {
	return findMany[models.Notification](ctx, s.read(colNotifications).legacyScan("notifications.inbox"), bson.M{"user_id": userID}, newestFirst("created_at", limit), "notifications")
}

// MarkNotificationsRead marks every notification of a member read.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID string, now time.Time) error {
	if _, err := s.write(colNotifications).legacyScan("notifications.mark read").UpdateMany(ctx, bson.M{"user_id": userID, "read_at": bson.M{"$exists": false}},
		bson.M{"$set": bson.M{"read_at": now}}); err != nil {
		return fmt.Errorf("store: read notifications: %w", err)
	}
	if _, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": userID}, bson.M{"$set": bson.M{"unread_notifications": 0}}); err != nil {
		return fmt.Errorf("store: unread count: %w", err)
	}
	return nil
}

// Touchpoints returns a candidate's touchpoints, newest first.
func (s *Store) Touchpoints(ctx context.Context, candidateID string) ([]models.Touchpoint, error) {
	opts := options.Find().SetSort(bson.D{{Key: "at", Value: -1}})
	cur, err := s.read(colTouchpoints).legacyScan("touchpoints.timeline").Find(ctx, bson.M{"candidate_id": candidateID}, opts)
	out, err := decodeAll[models.Touchpoint](ctx, cur, err)
	if err != nil {
		return nil, fmt.Errorf("store: touchpoints: %w", err)
	}
	return out, nil
}

// UsersByID returns the users with the given ids (those that exist).
func (s *Store) UsersByID(ctx context.Context, ids []string) ([]models.User, error) {
	return byIDs[models.User](ctx, s.read(colUsers), ids, "users by id")
}
