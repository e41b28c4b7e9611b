package store

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// ErrScan is returned, and nothing is sent, when a query would make the
// database read a whole collection that grows with the community.
var ErrScan = errors.New("store: refused: a query on a growing collection must filter on _id alone")

// coll is the store's one door to a collection: it refuses what would scan
// a collection that grows with the community. Nothing in store/ calls
// mongo.Database.Collection elsewhere (a test checks).
type coll struct {
	c        *mongo.Collection
	small    bool
	embedded bool
	cache    *docCache // growing collections on the embedded FerretDB
	cached   bool      // reads may be answered from cache (not the writer's)
	retired  bool
}

// read is the collection through the reading pool (and the cache).
func (s *Store) read(name string) coll {
	c := s.coll(s.r, name)
	c.cached = true
	return c
}

// write is the collection through the writer (one connection when embedded).
func (s *Store) write(name string) coll { return s.coll(s.w, name) }

func (s *Store) coll(db *mongo.Database, name string) coll {
	g, ok := collections[name]
	if !ok {
		panic("store: collection " + name + " is not declared in collections")
	}
	c := coll{c: db.Collection(name), small: g == smallByDesign, retired: g == retired, embedded: s.embedded != nil}
	// The stats documents are small in number but read on most pages (the
	// referral summary on the leaderboard is one FerretDB read of about 1 ms),
	// and every write to them names its document by _id, so they are cached
	// too; so are the insights' rollups (a month is about 25 KB of FerretDB's
	// JSON, and a year's page reads 13 of them).
	if !c.small || name == colStats || name == colRollups {
		c.cache = s.cache
	}
	return c
}

// check refuses a filter that would scan a growing collection. Accepted:
// anything on a small collection; {_id: "<string>"}; on MongoDB also
// {_id, version}, the compare-and-set of modify, which its _id index serves.
func (c coll) check(filter any) error {
	if c.retired {
		return fmt.Errorf("%w (%s is retired: only its migration reads it)", ErrScan, c.c.Name())
	}
	if c.small {
		return nil
	}
	m, ok := filter.(bson.M)
	if !ok {
		return fmt.Errorf("%w (%s: filter of type %T)", ErrScan, c.c.Name(), filter)
	}
	if _, isString := m["_id"].(string); isString {
		if len(m) == 1 {
			return nil
		}
		if _, hasVersion := m["version"]; hasVersion && len(m) == 2 && !c.embedded {
			return nil
		}
	}
	return fmt.Errorf("%w (%s: %v)", ErrScan, c.c.Name(), keys(m))
}

func keys(m bson.M) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Name is the collection's name.
func (c coll) Name() string { return c.c.Name() }

// FindOne reads one document, from the cache when it can.
func (c coll) FindOne(ctx context.Context, filter any, opts ...*options.FindOneOptions) *mongo.SingleResult {
	if err := c.check(filter); err != nil {
		return mongo.NewSingleResultFromDocument(bson.D{}, err, nil)
	}
	id, byID := c.idOf(filter)
	if !byID || !c.cached || c.cache == nil || len(opts) > 0 {
		return c.c.FindOne(ctx, filter, opts...)
	}
	if doc, ok := c.cache.get(c.Name(), id); ok {
		return mongo.NewSingleResultFromDocument(doc.raw, nil, nil)
	}
	before := c.cache.stamp(c.Name(), id)
	// The read may be shared with other requests, so no one request's end cancels it.
	shared := context.WithoutCancel(ctx)
	raw, err := c.cache.read(c.Name(), id, before, func() (bson.Raw, error) { return c.c.FindOne(shared, filter).Raw() })
	if err != nil {
		return mongo.NewSingleResultFromDocument(bson.D{}, err, nil)
	}
	return mongo.NewSingleResultFromDocument(raw, nil, nil)
}

// idOf is the one document a filter names by _id, if it names one.
func (c coll) idOf(filter any) (string, bool) {
	m, ok := filter.(bson.M)
	if !ok {
		return "", false
	}
	id, ok := m["_id"].(string)
	return id, ok
}

// wrote keeps the cache exact around a write with filter: it forgets the
// document the filter names, or the whole cache when it names none.
func (c coll) wrote(filter any) {
	if c.cache == nil {
		return
	}
	if id, ok := c.idOf(filter); ok {
		c.cache.forget(c.Name(), id)
		return
	}
	c.cache.forgetAll()
}

// Find reads documents.
func (c coll) Find(ctx context.Context, filter any, opts ...*options.FindOptions) (*mongo.Cursor, error) {
	if err := c.check(filter); err != nil {
		return nil, err
	}
	return c.c.Find(ctx, filter, opts...)
}

// CountDocuments counts documents.
func (c coll) CountDocuments(ctx context.Context, filter any) (int64, error) {
	if err := c.check(filter); err != nil {
		return 0, err
	}
	return c.c.CountDocuments(ctx, filter)
}

// InsertOne inserts a document (no filter, so always allowed).
func (c coll) InsertOne(ctx context.Context, doc any) (*mongo.InsertOneResult, error) {
	return c.c.InsertOne(ctx, doc)
}

// InsertMany inserts documents in one round trip. Like InsertOne it leaves
// the cache alone: a document that was not there cannot be cached.
func (c coll) InsertMany(ctx context.Context, docs []any) (*mongo.InsertManyResult, error) {
	return c.c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
}

// UpdateOne updates one document.
func (c coll) UpdateOne(ctx context.Context, filter, update any, opts ...*options.UpdateOptions) (*mongo.UpdateResult, error) {
	if err := c.check(filter); err != nil {
		return nil, err
	}
	c.wrote(filter)
	defer c.wrote(filter)
	return c.c.UpdateOne(ctx, filter, update, opts...)
}

// UpdateMany updates every document matching filter.
func (c coll) UpdateMany(ctx context.Context, filter, update any) (*mongo.UpdateResult, error) {
	if err := c.check(filter); err != nil {
		return nil, err
	}
	c.wrote(filter)
	defer c.wrote(filter)
	return c.c.UpdateMany(ctx, filter, update)
}

// ReplaceOne replaces one document.
func (c coll) ReplaceOne(ctx context.Context, filter, doc any, opts ...*options.ReplaceOptions) (*mongo.UpdateResult, error) {
	if err := c.check(filter); err != nil {
		return nil, err
	}
	c.wrote(filter)
	defer c.wrote(filter)
	return c.c.ReplaceOne(ctx, filter, doc, opts...)
}

// FindOneAndUpdate updates one document and returns it.
func (c coll) FindOneAndUpdate(ctx context.Context, filter, update any, opts ...*options.FindOneAndUpdateOptions) *mongo.SingleResult {
	if err := c.check(filter); err != nil {
		return mongo.NewSingleResultFromDocument(bson.D{}, err, nil)
	}
	c.wrote(filter)
	defer c.wrote(filter)
	return c.c.FindOneAndUpdate(ctx, filter, update, opts...)
}

// DeleteOne deletes one document.
func (c coll) DeleteOne(ctx context.Context, filter any) (*mongo.DeleteResult, error) {
	if err := c.check(filter); err != nil {
		return nil, err
	}
	c.wrote(filter)
	defer c.wrote(filter)
	return c.c.DeleteOne(ctx, filter)
}

// DeleteIDs deletes the documents with these ids in one round trip, each
// by its _id (FerretDB scans for $in).
func (c coll) DeleteIDs(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	deletes := make([]mongo.WriteModel, len(ids))
	for i, id := range ids {
		deletes[i] = mongo.NewDeleteOneModel().SetFilter(bson.M{"_id": id})
		c.wrote(bson.M{"_id": id})
	}
	_, err := c.c.BulkWrite(ctx, deletes, options.BulkWrite().SetOrdered(false))
	for _, id := range ids {
		c.wrote(bson.M{"_id": id})
	}
	return err
}

// DeleteMany deletes every document matching filter.
func (c coll) DeleteMany(ctx context.Context, filter any) (*mongo.DeleteResult, error) {
	if err := c.check(filter); err != nil {
		return nil, err
	}
	c.wrote(filter)
	defer c.wrote(filter)
	return c.c.DeleteMany(ctx, filter)
}

// each reads every document of the collection in _id order, in batches, for
// rebuilds (the search index, a backfill) that must see everything anyway.
// It is the one whole-collection read the guard lets through.
// A projection (fields to read) spares decoding what a rebuild does not use.
func each[T any](ctx context.Context, c coll, batch int, fn func([]T) error, projection ...string) error {
	opts := options.Find().SetBatchSize(int32(batch))
	if len(projection) > 0 {
		fields := bson.M{}
		for _, f := range projection {
			fields[f] = 1
		}
		opts.SetProjection(fields)
	}
	cur, err := c.c.Find(ctx, bson.M{}, opts)
	if err != nil {
		return fmt.Errorf("store: read all %s: %w", c.Name(), err)
	}
	defer cur.Close(ctx)
	buf := make([]T, 0, batch)
	for cur.Next(ctx) {
		var v T
		if err := cur.Decode(&v); err != nil {
			return fmt.Errorf("store: read all %s: %w", c.Name(), err)
		}
		if buf = append(buf, v); len(buf) == batch {
			if err := fn(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("store: read all %s: %w", c.Name(), err)
	}
	if len(buf) > 0 {
		return fn(buf)
	}
	return nil
}

// docLocks serialise modify on one document within this process.
type docLocks [256]sync.Mutex

func (l *docLocks) lock(col, id string) func() {
	h := fnv.New32a()
	h.Write([]byte(col))
	h.Write([]byte{0})
	h.Write([]byte(id))
	m := &l[h.Sum32()%uint32(len(l))]
	m.Lock()
	return m.Unlock
}

// maxModifyAttempts bounds the retries of a modify that lost a race.
const maxModifyAttempts = 20

// errNoChange, returned by a change function, leaves the document as it is.
var errNoChange = errors.New("store: no change")

// modify is the store's one conditional write: it reads document id of col
// (nil when there is none), lets change decide the update from what it
// read, and writes that update only if nobody wrote the document in
// between, in a way that never scans:
//
//   - On MongoDB (any number of portal instances) the write filters on
//     {_id, version}: a compare-and-set on one document that the _id index
//     serves. A lost race matches nothing, and modify reads again.
//   - On the embedded FerretDB that filter would scan the collection (only
//     {_id} alone reaches SQLite). But there the portal is the only process
//     that can write (the data dir is locked, see StartEmbedded), so a lock
//     per document held across the read and an {_id}-only write is just as
//     exact. The read goes through the writer's one connection, after every
//     write that came before.
//
// Every modify raises the version by one. change must do no I/O (it may run
// again); it returns errNoChange to write nothing. upsert creates the
// document when there is none (change then gets nil).
func modify[T any](ctx context.Context, s *Store, col, id string, upsert bool, change func(doc *T) (bson.M, error)) (*T, error) {
	unlock := s.locks.lock(col, id)
	defer unlock()
	c := s.write(col)
	for attempt := 0; attempt < maxModifyAttempts; attempt++ {
		raw, err := c.FindOne(ctx, bson.M{"_id": id}).Raw()
		var doc *T
		var version int64
		hasVersion := false
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
			if !upsert {
				return nil, ErrNotFound
			}
		case err != nil:
			return nil, fmt.Errorf("store: read %s %s: %w", col, id, err)
		default:
			doc = new(T)
			if err := bson.Unmarshal(raw, doc); err != nil {
				return nil, fmt.Errorf("store: decode %s %s: %w", col, id, err)
			}
			version, hasVersion = versionOf(raw)
		}
		update, err := change(doc)
		if errors.Is(err, errNoChange) {
			return doc, nil
		}
		if err != nil {
			return nil, err
		}
		inc, _ := update["$inc"].(bson.M)
		if inc == nil {
			inc = bson.M{}
		}
		inc["version"] = 1
		update["$inc"] = inc
		filter := bson.M{"_id": id}
		if doc != nil && !c.embedded {
			filter["version"] = version
			if !hasVersion {
				filter["version"] = bson.M{"$exists": false}
			}
		}
		var out T
		err = c.FindOneAndUpdate(ctx, filter, update,
			options.FindOneAndUpdate().SetReturnDocument(options.After).SetUpsert(doc == nil)).Decode(&out)
		if errors.Is(err, mongo.ErrNoDocuments) || (doc == nil && isDuplicate(err)) {
			continue // another instance wrote first: read again
		}
		if err != nil {
			return nil, fmt.Errorf("store: write %s %s: %w", col, id, err)
		}
		return &out, nil
	}
	return nil, fmt.Errorf("store: %s %s: %w", col, id, ErrConflict)
}

// versionOf reads a document's version, however the number was encoded.
func versionOf(raw bson.Raw) (int64, bool) {
	v, err := raw.LookupErr("version")
	if err != nil {
		return 0, false
	}
	if n, ok := v.Int64OK(); ok {
		return n, true
	}
	if n, ok := v.Int32OK(); ok {
		return int64(n), true
	}
	return 0, false
}
