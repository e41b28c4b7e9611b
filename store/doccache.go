package store

import (
	"fmt"
	"hash/fnv"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"
	"go.mongodb.org/mongo-driver/bson"
	"golang.org/x/sync/singleflight"
)

// docCacheSize bounds how many documents the cache holds (a member's
// document is 2 to 4 KB, so at most some tens of MB).
const docCacheSize = 20000

// docCache keeps recently read documents of growing collections, as their
// raw BSON, on the embedded FerretDB only. There a lookup by _id costs about
// 0.3 ms of FerretDB's CPU (it decodes the stored JSON and encodes BSON),
// and pages that show many people (a door list, matching candidates) need
// dozens. The cache is exact, not merely fresh enough: this process is the
// only writer (the data dir is locked), and the guard lets every write on a
// growing collection name its one document by _id, so coll forgets that
// document on every write; a write to many (only the small collections
// have those) forgets everything. Inserts need nothing: a miss is never cached. A read that raced a write does not fill the
// cache: each key's stripe counts writes, and a fill happens only if the
// count did not move while the document was read.
type docCache struct {
	lru     *lru.Cache[string, *cachedDoc]
	writes  [64]atomic.Uint64
	flushes atomic.Uint64 // whole-collection forgets, which every fill also checks
	// reads lets concurrent misses of one document share one database read:
	// after a restart under load, 32 requests for the same page would
	// otherwise each read the same documents (measured: the leaderboard's
	// first second at 50,000 members put its p99 at 700 ms).
	reads singleflight.Group
}

func newDocCache() *docCache {
	c, err := lru.New[string, *cachedDoc](docCacheSize)
	if err != nil {
		panic(err) // only for a size below one
	}
	return &docCache{lru: c}
}

func cacheKey(col, id string) string { return col + "\x00" + id }

func (c *docCache) stripe(key string) *atomic.Uint64 {
	h := fnv.New32a()
	h.Write([]byte(key))
	return &c.writes[h.Sum32()%uint32(len(c.writes))]
}

// cachedDoc is a document as read, and decoded once for the readers that
// share it (see sharedByID).
type cachedDoc struct {
	raw     bson.Raw
	decoded atomic.Value
}

// get returns the cached document, if any.
func (c *docCache) get(col, id string) (*cachedDoc, bool) { return c.lru.Get(cacheKey(col, id)) }

// stamp is taken before a read from the database, for fill.
type stamp struct{ writes, flushes uint64 }

func (c *docCache) stamp(col, id string) stamp {
	return stamp{c.stripe(cacheKey(col, id)).Load(), c.flushes.Load()}
}

// read reads a document that is not cached through load, sharing the read
// with concurrent readers of the same document. Only readers that took the
// same stamp share: one that came after a write never gets what a read that
// began before it found.
func (c *docCache) read(col, id string, before stamp, load func() (bson.Raw, error)) (bson.Raw, error) {
	key := fmt.Sprintf("%s\x00%d\x00%d", cacheKey(col, id), before.writes, before.flushes)
	v, err, _ := c.reads.Do(key, func() (any, error) {
		raw, err := load()
		if err == nil {
			c.fill(col, id, before, raw)
		}
		return raw, err
	})
	raw, _ := v.(bson.Raw)
	return raw, err
}

// fill caches what a read found, unless a write may have changed it since
// the read began.
func (c *docCache) fill(col, id string, before stamp, raw bson.Raw) {
	key := cacheKey(col, id)
	if c.stripe(key).Load() != before.writes || c.flushes.Load() != before.flushes {
		return
	}
	c.lru.Add(key, &cachedDoc{raw: raw})
}

// forget drops one document; called before and after every write to it, so
// a read in between cannot fill the old version.
func (c *docCache) forget(col, id string) {
	key := cacheKey(col, id)
	c.stripe(key).Add(1)
	c.lru.Remove(key)
}

// forgetAll drops everything (a write to many documents).
func (c *docCache) forgetAll() {
	c.flushes.Add(1)
	c.lru.Purge()
}
