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

// Inbox limits: a member sees their newest inboxItems notifications; the
// ids of the newest inboxSeen are kept to tell a repeat from news.
const (
	inboxItems = 100
	inboxSeen  = 500
)

// inbox is a member's notifications, kept on one document keyed by the
// member: the inbox page is one read by _id, and a notification one write.
type inbox struct {
	ID    string                `bson:"_id"`
	Items []models.Notification `bson:"items"` // newest first
	Seen  []string              `bson:"seen"`  // ids of notifications delivered, newest first
}

// Notify puts a notification in its recipient's inbox and raises their
// unread counter, unless one with the same id came before: a job that runs
// twice, or on two instances at once, notifies once.
//
// A notification that also goes by mail (models.MailKind) is queued in the
// outbox first, when the member wants such mail at all; the mail is
// written when it goes, within their contact policy then. Queued before
// the inbox, a notification retried after a crash cannot lose its mail.
func (s *Store) Notify(ctx context.Context, n models.Notification) (bool, error) {
	if err := s.mailNotification(ctx, n); err != nil {
		return false, err
	}
	delivered, err := s.deliver(ctx, n)
	if err != nil || !delivered {
		return false, err
	}
	if _, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": n.UserID}, bson.M{"$inc": bson.M{"unread_notifications": 1}}); err != nil {
		return true, fmt.Errorf("store: unread count: %w", err)
	}
	return true, nil
}

// mailNotification queues the mail that tells of n, if there is one.
func (s *Store) mailNotification(ctx context.Context, n models.Notification) error {
	class, topic, ok := models.MailKind(n.Kind)
	if !ok {
		return nil
	}
	u, err := s.User(ctx, n.UserID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if models.WantsMail(u, class, topic) != "" {
		return nil
	}
	m := models.Mail{ID: models.MailKey(n.Kind, n.ID, n.UserID), Purpose: n.Kind, Class: class, Topic: topic,
		UserID: n.UserID, To: u.Email, Subject: n.Title, Note: &n, CreatedAt: n.CreatedAt}
	if n.Kind == models.KindVacancyAlert {
		switch u.Mail.AlertRhythm() {
		case models.AlertsNewsletter:
			return nil
		case models.AlertsWeekly: // one digest a week, gathered from the inbox when it goes
			at := models.NextWeeklyDigest(n.CreatedAt, u.Zone())
			digest := models.Notification{ID: at.Format("2006-01-02"), UserID: n.UserID, Kind: models.KindAlertDigest, CreatedAt: n.CreatedAt}
			m = models.Mail{ID: models.MailKey(digest.Kind, digest.ID, n.UserID), Purpose: digest.Kind, Class: class, Topic: topic,
				UserID: n.UserID, To: u.Email, Note: &digest, CreatedAt: n.CreatedAt, NotBefore: at}
		}
	}
	_, err = s.QueueMail(ctx, m)
	return err
}

// deliver puts n in its recipient's inbox unless it came before.
func (s *Store) deliver(ctx context.Context, n models.Notification) (bool, error) {
	delivered := false
	_, err := modify(ctx, s, colInboxes, n.UserID, true, func(in *inbox) (bson.M, error) {
		if in == nil {
			in = &inbox{}
		}
		if slices.Contains(in.Seen, n.ID) {
			return nil, errNoChange
		}
		delivered = true
		items := append([]models.Notification{n}, in.Items[:min(len(in.Items), inboxItems-1)]...)
		seen := append([]string{n.ID}, in.Seen[:min(len(in.Seen), inboxSeen-1)]...)
		return bson.M{"$set": bson.M{"items": items, "seen": seen}}, nil
	})
	if err != nil {
		return false, fmt.Errorf("store: notification: %w", err)
	}
	return delivered, nil
}

// Notifications returns a member's newest notifications.
func (s *Store) Notifications(ctx context.Context, userID string, limit int) ([]models.Notification, error) {
	in, err := findOne[inbox](ctx, s.read(colInboxes), bson.M{"_id": userID}, "inbox")
	if errors.Is(err, ErrNotFound) {
		return []models.Notification{}, nil
	}
	if err != nil {
		return nil, err
	}
	return in.Items[:min(len(in.Items), limit)], nil
}

// MarkNotificationsRead marks every notification of a member read.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID string, now time.Time) error {
	_, err := modify(ctx, s, colInboxes, userID, false, func(in *inbox) (bson.M, error) {
		for i := range in.Items {
			if in.Items[i].ReadAt == nil {
				in.Items[i].ReadAt = &now
			}
		}
		return bson.M{"$set": bson.M{"items": in.Items}}, nil
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("store: read notifications: %w", err)
	}
	if _, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": userID}, bson.M{"$set": bson.M{"unread_notifications": 0}}); err != nil {
		return fmt.Errorf("store: unread count: %w", err)
	}
	return nil
}

// UsersByID returns the users with the given ids (those that exist).
func (s *Store) UsersByID(ctx context.Context, ids []string) ([]models.User, error) {
	return byIDs[models.User](ctx, s.read(colUsers), ids, "users by id")
}
