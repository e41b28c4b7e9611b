package search

import (
	"context"
	"fmt"
)

// Recovering makes a panic in the engine an error at the search boundary:
// search is derived and optional, so pages fall back to "search is
// unavailable" and the sync worker retries, instead of a 500 or the process
// ending (a Bleve index on a full disk panicked on later calls).
func Recovering(idx Index) Index { return recovering{idx} }

type recovering struct{ Index }

func recovered(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("search: the engine panicked: %v", r)
	}
}

func (r recovering) Upsert(ctx context.Context, docs []Document) (err error) {
	defer recovered(&err)
	return r.Index.Upsert(ctx, docs)
}

func (r recovering) Delete(ctx context.Context, ids []string) (err error) {
	defer recovered(&err)
	return r.Index.Delete(ctx, ids)
}

func (r recovering) Search(ctx context.Context, q Query) (res Result, err error) {
	defer recovered(&err)
	return r.Index.Search(ctx, q)
}

func (r recovering) Clear(ctx context.Context) (err error) {
	defer recovered(&err)
	return r.Index.Clear(ctx)
}

func (r recovering) Ping(ctx context.Context) (err error) {
	defer recovered(&err)
	return r.Index.Ping(ctx)
}
