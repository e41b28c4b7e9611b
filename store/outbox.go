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
	_, err := s.write(colMailQueue).UpdateOne(ctx, bson.M{"_id": m.ID},
		bson.M{"$setOnInsert": bson.M{"ready_at": time.Now().Add(mailSettle)}}, options.Update().SetUpsert(true))
	if err != nil {
		return false, fmt.Errorf("store: mail queue: %w", err)
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
	defer s.releaseMail(key)
	_, err := s.write(colMailQueue).UpdateOne(ctx, bson.M{"_id": key},
		bson.M{"$set": bson.M{"ready_at": ready}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: mail queue: %w", err)
	}
	return nil
}

// mailClaim is how long a sender has a mail to itself: its entry is ready
// again after that, should the sender have died.
const mailClaim = 2 * time.Minute

// ClaimDueMail returns up to limit mails whose turn came by now, oldest
// first, each claimed for this sender: its queue entry moves on by
// mailClaim in one conditional write, so of two senders that saw it only
// one gets it. Entries whose mail is gone (erased with its recipient) or
// no longer queued are dropped on the way.
func (s *Store) ClaimDueMail(ctx context.Context, now time.Time, limit int) ([]models.Mail, error) {
	entries, err := findMany[mailQueueEntry](ctx, s.write(colMailQueue), bson.M{"ready_at": bson.M{"$lte": now}},
		options.Find().SetSort(bson.D{{Key: "ready_at", Value: 1}}).SetLimit(int64(limit)), "mail queue")
	if err != nil {
		return nil, err
	}
	out := make([]models.Mail, 0, len(entries))
	for _, e := range entries {
		claimed, err := s.claimMail(ctx, e, now.Add(mailClaim))
		if err != nil {
			return nil, err
		}
		if !claimed {
			continue // another sender has it
		}
		m, err := findOne[models.Mail](ctx, s.write(colOutbox), bson.M{"_id": e.ID}, "outbox")
		if errors.Is(err, ErrNotFound) || err == nil && m.Status != models.MailQueued {
			if err := s.unqueueMail(ctx, e.ID); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, nil
}

// claimMail claims a queue entry for a sender until a time, if nobody has
// it. On MongoDB that is one conditional write that moves the entry on. The
// embedded FerretDB pushes only {_id} filters down to SQLite and decodes
// every document for any other (a newsletter puts 100,000 entries in the
// queue); but its process is the only one (the data dir is locked), so the
// claims are kept in memory there: a sender that dies takes them along with
// its process, and the outbox's status still tells a sent mail.
func (s *Store) claimMail(ctx context.Context, e mailQueueEntry, until time.Time) (bool, error) {
	if s.embedded == nil {
		res, err := s.write(colMailQueue).UpdateOne(ctx, bson.M{"_id": e.ID, "ready_at": e.ReadyAt}, bson.M{"$set": bson.M{"ready_at": until}})
		if err != nil {
			return false, fmt.Errorf("store: claim mail: %w", err)
		}
		return res.MatchedCount == 1, nil
	}
	s.mailClaims.Lock()
	defer s.mailClaims.Unlock()
	if s.mailClaims.until == nil {
		s.mailClaims.until = map[string]time.Time{}
	}
	now := time.Now()
	if len(s.mailClaims.until) > 10000 { // forget claims that ran out
		for key, t := range s.mailClaims.until {
			if t.Before(now) {
				delete(s.mailClaims.until, key)
			}
		}
	}
	if t, held := s.mailClaims.until[e.ID]; held && t.After(now) {
		return false, nil
	}
	s.mailClaims.until[e.ID] = until
	return true, nil
}

// releaseMail forgets a claim once its mail left the queue or waits again.
func (s *Store) releaseMail(key string) {
	s.mailClaims.Lock()
	delete(s.mailClaims.until, key)
	s.mailClaims.Unlock()
}

func (s *Store) unqueueMail(ctx context.Context, key string) error {
	defer s.releaseMail(key)
	if _, err := s.write(colMailQueue).DeleteOne(ctx, bson.M{"_id": key}); err != nil {
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
	return s.unqueueMail(ctx, key)
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
