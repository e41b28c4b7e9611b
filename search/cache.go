package search

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"
)

// Cached answers repeated queries from memory: what every member sees alike
// (the latest articles, the next events, the counts on a recruiter's
// dashboard, the vacancies pre-selected for the same skills) is computed
// once per change of the index instead of once per request. Every write
// through this index empties the cache; writes by other portal instances
// (a shared Meilisearch) show after at most ttl.
func Cached(idx Index, ttl time.Duration, size int) Index {
	c, err := lru.New[string, cachedResult](size)
	if err != nil {
		panic(err) // only for a size below one
	}
	lasting, err := lru.New[string, cachedResult](size)
	if err != nil {
		panic(err)
	}
	return &cachedIndex{Index: idx, ttl: ttl, results: c, lasting: lasting}
}

type cachedIndex struct {
	Index
	ttl     time.Duration
	results *lru.Cache[string, cachedResult]
	// lasting holds the answers to queries with a MaxAge: writes leave them.
	lasting *lru.Cache[string, cachedResult]
	// flights shares one engine search among concurrent misses of the same
	// query: 32 recruiters opening the pool at once cost one facet count.
	flights singleflight.Group
	// gen counts writes, so a query that raced a write is not cached.
	mu  sync.Mutex
	gen uint64
}

type cachedResult struct {
	res Result
	at  time.Time
}

// timeGrain rounds a query's time bounds into its cache key: "events after
// now" asked a second later is the same question.
const timeGrain = 10 * time.Second

func (c *cachedIndex) Search(ctx context.Context, q Query) (Result, error) {
	if q.Fresh {
		return c.Index.Search(ctx, q)
	}
	key := q
	key.After, key.Before = q.After.Truncate(timeGrain), q.Before.Truncate(timeGrain)
	key.Ranges = make([]DateRange, len(q.Ranges))
	for i, r := range q.Ranges {
		key.Ranges[i] = DateRange{Field: r.Field, From: r.From.Truncate(timeGrain), To: r.To.Truncate(timeGrain)}
	}
	key.DateFacets = make([]DateFacet, len(q.DateFacets))
	for i, df := range q.DateFacets {
		key.DateFacets[i] = DateFacet{Field: df.Field, Ranges: make([]NamedRange, len(df.Ranges))}
		for j, r := range df.Ranges {
			key.DateFacets[i].Ranges[j] = NamedRange{Name: r.Name, From: r.From.Truncate(timeGrain), To: r.To.Truncate(timeGrain)}
		}
	}
	k, err := json.Marshal(key)
	if err != nil {
		return c.Index.Search(ctx, q)
	}
	if q.MaxAge > 0 {
		return c.searchLasting(ctx, q, string(k))
	}
	if r, ok := c.results.Get(string(k)); ok && time.Since(r.at) < c.ttl {
		res := r.res
		res.Hits = slices.Clone(res.Hits) // callers may reorder their page
		return res, nil
	}
	c.mu.Lock()
	gen := c.gen
	c.mu.Unlock()
	// A search that starts after a write does not join one from before it.
	v, err, _ := c.flights.Do(strconv.FormatUint(gen, 10)+"|"+string(k), func() (any, error) {
		res, err := c.Index.Search(ctx, q)
		if err != nil {
			return res, err
		}
		c.mu.Lock()
		if c.gen == gen {
			c.results.Add(string(k), cachedResult{res: res, at: time.Now()})
		}
		c.mu.Unlock()
		return res, nil
	})
	res := v.(Result)
	res.Hits = slices.Clone(res.Hits) // every caller may reorder its page
	return res, err
}

// searchLasting answers a query that allows an older result from the
// lasting cache, which writes do not empty.
func (c *cachedIndex) searchLasting(ctx context.Context, q Query, k string) (Result, error) {
	if r, ok := c.lasting.Get(k); ok && time.Since(r.at) < q.MaxAge {
		res := r.res
		res.Hits = slices.Clone(res.Hits)
		return res, nil
	}
	v, err, _ := c.flights.Do("lasting|"+k, func() (any, error) {
		res, err := c.Index.Search(ctx, q)
		if err == nil {
			c.lasting.Add(k, cachedResult{res: res, at: time.Now()})
		}
		return res, err
	})
	res := v.(Result)
	res.Hits = slices.Clone(res.Hits)
	return res, err
}

func (c *cachedIndex) changed() {
	c.mu.Lock()
	c.gen++
	c.results.Purge()
	c.mu.Unlock()
}

func (c *cachedIndex) Upsert(ctx context.Context, docs []Document) error {
	defer c.changed()
	return c.Index.Upsert(ctx, docs)
}

func (c *cachedIndex) Delete(ctx context.Context, ids []string) error {
	defer c.changed()
	return c.Index.Delete(ctx, ids)
}

func (c *cachedIndex) Clear(ctx context.Context) error {
	defer c.changed()
	return c.Index.Clear(ctx)
}
