package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"github.com/talentcommunity/portal/models"
)

// statsEditions lists the editions, newest first, so the newsletter pages
// and the sending job read them by _id (one a month: a list that stays small).
const statsEditions = "editions"

type editionList struct {
	IDs []string `bson:"ids"`
}

// SaveEdition creates or changes an edition as change says (see modify).
func (s *Store) SaveEdition(ctx context.Context, id string, change func(e *models.Edition) error) (*models.Edition, error) {
	created := false
	e, err := modify(ctx, s, colEditions, id, true, func(e *models.Edition) (bson.M, error) {
		if e == nil {
			e, created = &models.Edition{ID: id}, true
		}
		if err := change(e); err != nil {
			return nil, err
		}
		return bson.M{"$set": bson.M{"subject": e.Subject, "intro": e.Intro, "note": e.Note, "blocks": e.Blocks,
			"audience": e.Audience, "status": e.Status, "send_at": e.SendAt, "local_morning": e.LocalMorning,
			"author_id": e.AuthorID, "author_name": e.AuthorName, "created_at": e.CreatedAt,
			"queued_through": e.QueuedThrough, "recipients": e.Recipients}}, nil
	})
	if err != nil {
		return nil, err
	}
	if created {
		if err := s.trace(ctx, e.AuthorID, colEditions, id); err != nil {
			return nil, err
		}
		_, err := modify(ctx, s, colStats, statsEditions, true, func(l *editionList) (bson.M, error) {
			if l == nil {
				l = &editionList{}
			}
			return bson.M{"$set": bson.M{"ids": append([]string{id}, l.IDs...)}}, nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: edition list: %w", err)
		}
	}
	return e, nil
}

// Edition reads one edition.
func (s *Store) Edition(ctx context.Context, id string) (*models.Edition, error) {
	return findOne[models.Edition](ctx, s.read(colEditions), bson.M{"_id": id}, "edition")
}

// Editions returns every edition, newest first.
func (s *Store) Editions(ctx context.Context) ([]models.Edition, error) {
	var l editionList
	if err := s.read(colStats).FindOne(ctx, bson.M{"_id": statsEditions}).Decode(&l); err != nil {
		if errors.Is(err, mongo.ErrNoDocuments) {
			return nil, nil
		}
		return nil, fmt.Errorf("store: edition list: %w", err)
	}
	return byIDs[models.Edition](ctx, s.read(colEditions), l.IDs, "editions")
}

// CountEdition adds to an edition's figures (field paths such as
// "stats.sent" or "stats.skipped.no_consent"), in one write.
func (s *Store) CountEdition(ctx context.Context, id string, inc map[string]int) error {
	if len(inc) == 0 {
		return nil
	}
	_, err := s.write(colEditions).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$inc": inc})
	if err != nil {
		return fmt.Errorf("store: edition figures: %w", err)
	}
	return nil
}

// ClickEdition counts a click on one of an edition's links.
func (s *Store) ClickEdition(ctx context.Context, id, key, url string) error {
	_, err := s.write(colEditions).UpdateOne(ctx, bson.M{"_id": id},
		bson.M{"$inc": bson.M{"stats.clicks." + key: 1}, "$set": bson.M{"stats.links." + key: url}})
	if err != nil {
		return fmt.Errorf("store: edition click: %w", err)
	}
	return nil
}

// QueueMails puts many mails in the outbox at once (a newsletter edition),
// leaving out those queued before; it returns how many it added. Their
// queue entries go first: one whose mail never arrived (a crash between the
// two writes) is dropped by ClaimDueMail, and the caller queues the batch
// again from where it stood.
func (s *Store) QueueMails(ctx context.Context, mails []models.Mail) (int, error) {
	if len(mails) == 0 {
		return 0, nil
	}
	entries := make([]any, len(mails))
	docs := make([]any, len(mails))
	for i, m := range mails {
		ready := m.CreatedAt
		if m.NotBefore.After(ready) {
			ready = m.NotBefore
		}
		entries[i] = mailQueueEntry{ID: m.ID, ReadyAt: ready}
		m.Status, m.Attempts = models.MailQueued, 0
		docs[i] = m
	}
	_, err := s.write(colMailQueue).InsertMany(ctx, entries)
	if _, err := duplicatesIn(err); err != nil {
		return 0, fmt.Errorf("store: mail queue: %w", err)
	}
	if s.schedule != nil {
		for _, e := range entries {
			e := e.(mailQueueEntry)
			s.schedule.add(e.ID, e.ReadyAt)
		}
	}
	_, err = s.write(colOutbox).InsertMany(ctx, docs)
	dups, err := duplicatesIn(err)
	if err != nil {
		return 0, fmt.Errorf("store: outbox: %w", err)
	}
	return len(docs) - dups, nil
}

// duplicatesIn counts the documents an unordered insert left out because
// they were there already; any other failure is an error.
func duplicatesIn(err error) (int, error) {
	if err == nil {
		return 0, nil
	}
	var bulk mongo.BulkWriteException
	if !errors.As(err, &bulk) || bulk.WriteConcernError != nil {
		return 0, err
	}
	for _, we := range bulk.WriteErrors {
		if we.Code != 11000 && !isDuplicate(we) {
			return 0, err
		}
	}
	return len(bulk.WriteErrors), nil
}
