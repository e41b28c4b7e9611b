package search

import (
	"context"
	"fmt"

	"github.com/talentcommunity/portal/store"
)

// maxRefs bounds what Refs gathers when the query sets no limit.
const maxRefs = 20000

// Refs lists the refs of the documents of one kind that the index finds for
// q (up to q.Limit, or all), together with those still queued for the index:
// written, but perhaps not indexed yet. So a recruiter's list shows what they
// just saved, and a job misses no change. The index may be a moment behind,
// so callers read the documents by these refs and check what they need on
// them; the refs come first in the index's order, then the queued ones.
func Refs(ctx context.Context, idx Index, st *store.Store, kind store.Kind, q Query) ([]string, error) {
	want := q.Limit
	if want <= 0 {
		want = maxRefs
	}
	// The queue is read first: a document indexed between the two reads
	// then left the queue after it was read, so the index has it; read the
	// other way round, it could be in neither.
	queued, err := st.QueuedRefs(ctx, kind)
	if err != nil {
		return nil, err
	}
	q.Kinds = []string{string(kind)}
	q.Limit = min(want, maxLimit)
	var refs []string
	found := map[string]bool{}
	for q.Offset = 0; len(refs) < want; q.Offset += q.Limit {
		res, err := idx.Search(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("search: %s refs: %w", kind, err)
		}
		for _, h := range res.Hits {
			refs = append(refs, h.Ref)
			found[h.Ref] = true
		}
		if len(res.Hits) < q.Limit || q.Offset+len(res.Hits) >= res.Total {
			break
		}
	}
	for _, ref := range queued {
		if !found[ref] {
			refs = append(refs, ref)
			found[ref] = true
		}
	}
	return refs, nil
}
