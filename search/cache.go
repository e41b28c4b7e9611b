package search

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
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
	return &cachedIndex{Index: idx, ttl: ttl, results: c}
}

type cachedIndex struct {
	Index
	ttl     time.Duration
	results *lru.Cache[string, cachedResult]
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
	if r, ok := c.results.Get(string(k)); ok && time.Since(r.at) < c.ttl {
		res := r.res
		res.Hits = slices.Clone(res.Hits) // callers may reorder their page
		return res, nil
	}
	c.mu.Lock()
	gen := c.gen
	c.mu.Unlock()
	res, err := c.Index.Search(ctx, q)
	if err != nil {
		return res, err
	}
	c.mu.Lock()
	if c.gen == gen {
		kept := res
		kept.Hits = slices.Clone(res.Hits) // this caller may reorder its page too
		c.results.Add(string(k), cachedResult{res: kept, at: time.Now()})
	}
	c.mu.Unlock()
	return res, nil
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
