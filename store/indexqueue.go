package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// Kind names a searchable collection.
type Kind string

// The searchable kinds: content, and members for the talent index.
const (
	KindVacancy Kind = colVacancies
	KindArticle Kind = colArticles
	KindEvent   Kind = colEvents
	KindUser    Kind = colUsers
)

// indexSettle is how long an entry written before its document waits before
// the sync worker may take it: it covers a process killed between the two
// writes (the entry then still leads the worker to the document), while the
// entry written after the document makes the normal case immediate.
const indexSettle = 10 * time.Second

// QueuedIndexWork is one document the search index must catch up with.
type QueuedIndexWork struct {
	ID      string    `bson:"_id"` // kind|ref
	Kind    Kind      `bson:"kind"`
	Ref     string    `bson:"ref"`
	Seq     int64     `bson:"seq"` // raised by every write, so a write during indexing keeps the entry
	ReadyAt time.Time `bson:"ready_at"`
}

// indexHook runs at each stage of indexed ("intent": the first entry is
// written; "written": the document too); tests kill the process there.
var indexHook = func(stage string) {}

// indexed runs write, a write of document ref of kind, so that the search
// index is certain to catch up with it, without the sync worker scanning any
// collection: a queue entry (a small collection) is written before the
// document, ready after indexSettle, and again after it, ready now.
//
//   - A process killed between the document write and the second entry
//     leaves the first, which leads the worker to the written document.
//   - A worker indexing between the first entry and the document write sees
//     the old document; the second entry raises Seq, so the worker's
//     conditional removal fails and it indexes again.
func (s *Store) indexed(ctx context.Context, kind Kind, ref string, write func() error) error {
	if err := s.queueIndex(ctx, kind, ref, time.Now().Add(indexSettle)); err != nil {
		return err
	}
	indexHook("intent")
	if err := write(); err != nil {
		return err
	}
	indexHook("written")
	if err := s.queueIndex(ctx, kind, ref, time.Now()); err != nil {
		return err
	}
	select {
	case s.queued <- struct{}{}:
	default: // the worker is already woken
	}
	return nil
}

func (s *Store) queueIndex(ctx context.Context, kind Kind, ref string, ready time.Time) error {
	id := string(kind) + "|" + ref
	_, err := s.write(colIndexQueue).UpdateOne(ctx, bson.M{"_id": id},
		bson.M{"$set": bson.M{"kind": kind, "ref": ref, "ready_at": ready}, "$inc": bson.M{"seq": 1}},
		options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: queue %s for the index: %w", id, err)
	}
	return nil
}

// IndexQueued wakes whoever waits for index work written by this process.
func (s *Store) IndexQueued() <-chan struct{} { return s.queued }

// QueuedIndexWork returns up to limit entries ready at now.
func (s *Store) QueuedIndexWork(ctx context.Context, now time.Time, limit int) ([]QueuedIndexWork, error) {
	return findMany[QueuedIndexWork](ctx, s.read(colIndexQueue), bson.M{"ready_at": bson.M{"$lte": now}},
		options.Find().SetLimit(int64(limit)), "index queue")
}

// maxQueuedRefs bounds QueuedRefs: the queue is small by design, as the
// sync worker empties it within moments.
const maxQueuedRefs = 5000

// QueuedRefs returns the refs of a kind queued for the index, ready or not.
func (s *Store) QueuedRefs(ctx context.Context, kind Kind) ([]string, error) {
	work, err := findMany[QueuedIndexWork](ctx, s.read(colIndexQueue), bson.M{"kind": kind},
		options.Find().SetLimit(maxQueuedRefs), "index queue")
	if err != nil {
		return nil, err
	}
	refs := make([]string, len(work))
	for i, w := range work {
		refs[i] = w.Ref
	}
	return refs, nil
}

// DoneIndexWork removes entries the index has caught up with, unless a
// write raised their Seq meanwhile.
func (s *Store) DoneIndexWork(ctx context.Context, done []QueuedIndexWork) error {
	for _, w := range done {
		if _, err := s.write(colIndexQueue).DeleteOne(ctx, bson.M{"_id": w.ID, "seq": w.Seq}); err != nil {
			return fmt.Errorf("store: index work %s done: %w", w.ID, err)
		}
	}
	return nil
}

// EachUser reads every member in batches, for rebuilding the talent index.
func (s *Store) EachUser(ctx context.Context, batch int, fn func([]models.User) error) error {
	return each(ctx, s.read(colUsers), batch, fn)
}

// EachVacancy reads every vacancy in batches, for rebuilding the index.
func (s *Store) EachVacancy(ctx context.Context, batch int, fn func([]models.Vacancy) error) error {
	return each(ctx, s.read(colVacancies), batch, fn)
}

// EachArticle reads every article in batches, for rebuilding the index.
func (s *Store) EachArticle(ctx context.Context, batch int, fn func([]models.Article) error) error {
	return each(ctx, s.read(colArticles), batch, fn)
}

// EachEvent reads every event in batches, for rebuilding the index.
func (s *Store) EachEvent(ctx context.Context, batch int, fn func([]models.Event) error) error {
	return each(ctx, s.read(colEvents), batch, fn)
}

// EachRelationship reads every relationship in batches, for rebuilding the index.
func (s *Store) EachRelationship(ctx context.Context, batch int, fn func([]models.Relationship) error) error {
	return each(ctx, s.read(colRelationships), batch, fn)
}
