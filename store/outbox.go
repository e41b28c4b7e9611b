package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"golang.org/x/sync/errgroup"

	"github.com/talentcommunity/portal/models"
)

// Every mail goes through the outbox: it is written, keyed by what it is
// for, before anything is sent, and a queue entry (a small collection, as
// entries leave once their mail is sent) leads the sender to it. As with
// the search index queue, an entry is written before the mail, ready only
// after mailSettle, and again after it, ready now: a process killed in
// between leaves an entry that finds the mail, never a mail nobody sends.

// mailSettle is how long the entry written before its mail waits.
const mailSettle = 10 * time.Second

// mailQueueEntry is one mail still to send.
type mailQueueEntry struct {
	ID      string    `bson:"_id"` // the mail's key
	ReadyAt time.Time `bson:"ready_at"`
}

// QueueMail puts a mail in the outbox and queues it, unless a mail with its
// key was queued before; it reports whether it did.
func (s *Store) QueueMail(ctx context.Context, m models.Mail) (bool, error) {
	if err := s.trace(ctx, m.UserID, colOutbox, m.ID); err != nil {
		return false, err
	}
	// The entry before the mail is written only where none is: a mail
	// queued twice must not cut short the claim of a sender sending it.
	settled := time.Now().Add(mailSettle)
	_, err := s.write(colMailQueue).UpdateOne(ctx, bson.M{"_id": m.ID},
		bson.M{"$setOnInsert": bson.M{"ready_at": settled}}, options.Update().SetUpsert(true))
	if err != nil {
		return false, fmt.Errorf("store: mail queue: %w", err)
	}
	if s.schedule != nil {
		s.schedule.add(m.ID, settled)
	}
	m.Status, m.Attempts = models.MailQueued, 0
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now()
	}
	_, err = s.write(colOutbox).InsertOne(ctx, m)
	if isDuplicate(err) {
		return false, nil // the entry just written finds it sent, or sends it
	}
	if err != nil {
		return false, fmt.Errorf("store: outbox: %w", err)
	}
	ready := time.Now()
	if m.NotBefore.After(ready) {
		ready = m.NotBefore
	}
	if err := s.queueMail(ctx, m.ID, ready); err != nil {
		return true, err
	}
	return true, s.noteRecentMail(ctx, m)
}

func (s *Store) queueMail(ctx context.Context, key string, ready time.Time) error {
	_, err := s.write(colMailQueue).UpdateOne(ctx, bson.M{"_id": key},
		bson.M{"$set": bson.M{"ready_at": ready}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: mail queue: %w", err)
	}
	if s.schedule != nil {
		s.schedule.set(key, ready)
	}
	return nil
}

// mailClaim is how long a sender has a mail to itself: its entry is ready
// again after that, should the sender have died.
const mailClaim = 2 * time.Minute

// ClaimDueMail returns up to limit mails whose turn came by now, oldest
// first, each claimed for this sender until mailClaim from now, so of two
// senders that saw it only one gets it. Entries whose mail is gone (erased
// with its recipient) or no longer queued (sent) are dropped on the way.
func (s *Store) ClaimDueMail(ctx context.Context, now time.Time, limit int) ([]models.Mail, error) {
	keys, err := s.claimDue(ctx, now, now.Add(mailClaim), limit)
	if err != nil {
		return nil, err
	}
	// Read side by side, past the cache (they are read once), while the
	// senders wait; the writer meanwhile drops the entries of mails sent.
	mails := make([]*models.Mail, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(9)
	g.Go(func() error { return s.dropSentEntries(gctx) })
	for i, key := range keys {
		g.Go(func() error {
			m, err := findOne[models.Mail](gctx, s.coll(s.r, colOutbox), bson.M{"_id": key}, "outbox")
			if errors.Is(err, ErrNotFound) {
				return nil
			}
			mails[i] = m
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make([]models.Mail, 0, len(keys))
	for i, m := range mails {
		if m == nil || m.Status != models.MailQueued {
			if err := s.unqueueMail(ctx, keys[i]); err != nil {
				return nil, err
			}
			continue
		}
		out = append(out, *m)
	}
	return out, nil
}

// claimDue claims up to limit due mails until a time. The embedded store
// takes them from its schedule. On MongoDB, the due entries are found by
// the ready_at index, and each is claimed by one conditional write that
// moves it on.
func (s *Store) claimDue(ctx context.Context, now, until time.Time, limit int) ([]string, error) {
	if s.schedule != nil {
		return s.schedule.claim(now, until, limit), nil
	}
	entries, err := findMany[mailQueueEntry](ctx, s.write(colMailQueue), bson.M{"ready_at": bson.M{"$lte": now}},
		options.Find().SetSort(bson.D{{Key: "ready_at", Value: 1}}).SetLimit(int64(limit)), "mail queue")
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, e := range entries {
		res, err := s.write(colMailQueue).UpdateOne(ctx, bson.M{"_id": e.ID, "ready_at": e.ReadyAt}, bson.M{"$set": bson.M{"ready_at": until}})
		if err != nil {
			return nil, fmt.Errorf("store: claim mail: %w", err)
		}
		if res.MatchedCount == 1 {
			keys = append(keys, e.ID)
		} // else another sender has it
	}
	return keys, nil
}

func (s *Store) unqueueMail(ctx context.Context, key string) error {
	if s.schedule != nil {
		s.schedule.remove(key)
	}
	if _, err := s.write(colMailQueue).DeleteOne(ctx, bson.M{"_id": key}); err != nil {
		return fmt.Errorf("store: mail queue: %w", err)
	}
	return nil
}

// dropSentEntries deletes the queue entries of mails sent since the last
// batch, in one write. Until then such an entry only leads a sender to a
// mail whose status says it went.
func (s *Store) dropSentEntries(ctx context.Context) error {
	s.sentMail.Lock()
	keys := s.sentMail.keys
	s.sentMail.keys = nil
	s.sentMail.Unlock()
	if len(keys) == 0 {
		return nil
	}
	if err := s.write(colMailQueue).DeleteIDs(ctx, keys); err != nil {
		return fmt.Errorf("store: mail queue: %w", err)
	}
	return nil
}

// MailSent records that the server accepted a mail, and takes it off the queue.
func (s *Store) MailSent(ctx context.Context, key string, at time.Time) error {
	_, err := s.write(colOutbox).UpdateOne(ctx, bson.M{"_id": key},
		bson.M{"$set": bson.M{"status": models.MailSent, "sent_at": at}, "$inc": bson.M{"attempts": 1}})
	if err != nil {
		return fmt.Errorf("store: mail sent: %w", err)
	}
	if s.schedule != nil {
		s.schedule.remove(key)
	}
	s.sentMail.Lock()
	s.sentMail.keys = append(s.sentMail.keys, key)
	s.sentMail.Unlock()
	return nil
}

// HoldMail leaves a mail queued until a later time (quiet hours, the cap).
func (s *Store) HoldMail(ctx context.Context, key string, until time.Time) error {
	return s.queueMail(ctx, key, until)
}

// SkipMail gives a mail up for a reason of the contact policy.
func (s *Store) SkipMail(ctx context.Context, key, reason string) error {
	_, err := s.write(colOutbox).UpdateOne(ctx, bson.M{"_id": key},
		bson.M{"$set": bson.M{"status": models.MailSkipped, "skipped": reason}})
	if err != nil {
		return fmt.Errorf("store: mail skipped: %w", err)
	}
	return s.unqueueMail(ctx, key)
}

// NurtureMailSent notes when a member last got nurture mail, for the cap.
func (s *Store) NurtureMailSent(ctx context.Context, userID string, at time.Time) error {
	_, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": userID}, bson.M{"$set": bson.M{"mail.last_nurture_at": at}})
	if err != nil {
		return fmt.Errorf("store: nurture mail sent: %w", err)
	}
	return nil
}

// MailFailed records a failed attempt: a temporary failure is tried again
// later (with a growing wait, a limited number of times); a permanent one,
// or too many, gives the mail up and marks the recipient's address
// undeliverable, so mailing it stops. It reports whether it gave the mail up.
func (s *Store) MailFailed(ctx context.Context, m models.Mail, cause string, permanent bool, now time.Time) (gaveUp bool, err error) {
	attempts := m.Attempts + 1
	gaveUp = permanent || attempts >= models.MailMaxAttempts
	set := bson.M{"last_error": cause, "attempts": attempts}
	if gaveUp {
		set["status"] = models.MailUndeliverable
	}
	if _, err := s.write(colOutbox).UpdateOne(ctx, bson.M{"_id": m.ID}, bson.M{"$set": set}); err != nil {
		return false, fmt.Errorf("store: mail failed: %w", err)
	}
	if !gaveUp {
		return false, s.queueMail(ctx, m.ID, now.Add(models.MailRetryAfter(attempts)))
	}
	if permanent && m.UserID != "" {
		if err := s.markUndeliverable(ctx, m.UserID, models.Undeliverable{Address: m.To, Reason: cause, At: now}); err != nil {
			return true, err
		}
	}
	return true, s.unqueueMail(ctx, m.ID)
}

// markUndeliverable notes on a member that their address was refused, if
// it is still their address.
func (s *Store) markUndeliverable(ctx context.Context, userID string, u models.Undeliverable) error {
	_, err := modify(ctx, s, colUsers, userID, false, func(member *models.User) (bson.M, error) {
		if member.Email != u.Address {
			return nil, errNoChange
		}
		return bson.M{"$set": bson.M{"undeliverable": u}}, nil
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("store: undeliverable: %w", err)
	}
	return nil
}

// OutboxMail reads one mail by its key.
func (s *Store) OutboxMail(ctx context.Context, key string) (*models.Mail, error) {
	return findOne[models.Mail](ctx, s.read(colOutbox), bson.M{"_id": key}, "outbox")
}

// statsRecentMail is the stats document listing the newest mails queued,
// for the demo's outbox page (a list of the outbox itself would scan it).
const statsRecentMail = "recent_mail"

// recentMailKept is how many it lists.
const recentMailKept = 100

// recentMail lists the newest mails queued, newest first, with their
// recipients so an erasure can take theirs off without reading the mails.
type recentMail struct {
	Mails []recentMailEntry `bson:"mails"`
}

type recentMailEntry struct {
	Key    string `bson:"key"`
	UserID string `bson:"user_id,omitempty"`
}

// noteRecentMail puts a newly queued mail at the top of the recent list.
func (s *Store) noteRecentMail(ctx context.Context, m models.Mail) error {
	_, err := modify(ctx, s, colStats, statsRecentMail, true, func(r *recentMail) (bson.M, error) {
		if r == nil {
			r = &recentMail{}
		}
		list := append([]recentMailEntry{{Key: m.ID, UserID: m.UserID}}, r.Mails[:min(len(r.Mails), recentMailKept-1)]...)
		return bson.M{"$set": bson.M{"mails": list}}, nil
	})
	if err != nil {
		return fmt.Errorf("store: recent mail: %w", err)
	}
	return nil
}

// forgetRecentMail takes an erased person's mails off the recent list.
func (s *Store) forgetRecentMail(ctx context.Context, userID string) error {
	_, err := modify(ctx, s, colStats, statsRecentMail, false, func(r *recentMail) (bson.M, error) {
		kept := r.Mails[:0]
		for _, m := range r.Mails {
			if m.UserID != userID {
				kept = append(kept, m)
			}
		}
		return bson.M{"$set": bson.M{"mails": kept}}, nil
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("store: recent mail: %w", err)
	}
	return nil
}

// RecentMail returns the newest mails queued, newest first.
func (s *Store) RecentMail(ctx context.Context) ([]models.Mail, error) {
	var r recentMail
	if err := s.read(colStats).FindOne(ctx, bson.M{"_id": statsRecentMail}).Decode(&r); err != nil {
		if errors.Is(err, mongo.ErrNoDocuments) {
			return nil, nil
		}
		return nil, fmt.Errorf("store: recent mail: %w", err)
	}
	keys := make([]string, len(r.Mails))
	for i, m := range r.Mails {
		keys[i] = m.Key
	}
	return byIDs[models.Mail](ctx, s.read(colOutbox), keys, "outbox")
}
