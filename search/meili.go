package search

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/meilisearch/meilisearch-go"
)

// meiliIndex is the one Meilisearch index the portal uses.
const meiliIndex = "portal"

// Meili is the Meilisearch implementation, used when MEILI_URL is set.
type Meili struct {
	client meilisearch.ServiceManager
	index  meilisearch.IndexManager

	mu         sync.Mutex
	configured bool // settings applied; retried on use when Meilisearch was down at start
}

// meiliDoc is a Document as Meilisearch holds it: dates as Unix seconds, so
// they can be filtered and sorted.
type meiliDoc struct {
	Document
	DateUnix        int64 `json:"date_unix"`
	DueUnix         int64 `json:"due_unix"`
	LastContactUnix int64 `json:"last_contact_unix"`
	ActiveUnix      int64 `json:"active_unix"`
	RefreshUnix     int64 `json:"refresh_unix"`
	EraseOnUnix     int64 `json:"erase_on_unix"`
}

// meiliDate names the Unix-seconds twin of a date field.
func meiliDate(field string) string { return field + "_unix" }

// OpenMeili connects to Meilisearch and makes sure the index and its settings
// exist. It does not fail when Meilisearch is down: the sync worker retries.
func OpenMeili(ctx context.Context, url, apiKey string) (*Meili, error) {
	client := meilisearch.New(url, meilisearch.WithAPIKey(apiKey))
	m := &Meili{client: client, index: client.Index(meiliIndex)}
	return m, m.configure(ctx)
}

func (m *Meili) configure(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.configured {
		return nil
	}
	pk := "id"
	task, err := m.client.CreateIndex(ctx, &meilisearch.IndexConfig{Uid: meiliIndex, PrimaryKey: pk})
	if err != nil {
		return fmt.Errorf("search: meili create index: %w", err)
	}
	if _, err := m.index.WaitForTask(ctx, task.TaskUID, 50*time.Millisecond); err != nil {
		return fmt.Errorf("search: meili create index: %w", err)
	}
	var filterable []interface{}
	var sortable []string
	for _, f := range DateFields {
		filterable = append(filterable, meiliDate(f))
		sortable = append(sortable, meiliDate(f))
	}
	for _, f := range FilterFields {
		filterable = append(filterable, f)
	}
	// The id, for a cursor (Query.ByID): Meilisearch compares strings in
	// filters since v1.15.
	filterable = append(filterable, "id")
	sortable = append(sortable, "id")
	if _, err := m.index.UpdateFilterableAttributes(ctx, &filterable); err != nil {
		return fmt.Errorf("search: meili filterable attributes: %w", err)
	}
	task, err = m.index.UpdateSortableAttributes(ctx, &sortable)
	if err != nil {
		return fmt.Errorf("search: meili sortable attributes: %w", err)
	}
	if _, err := m.index.WaitForTask(ctx, task.TaskUID, 50*time.Millisecond); err != nil {
		return fmt.Errorf("search: meili settings: %w", err)
	}
	m.configured = true
	return nil
}

// Upsert adds or replaces docs and waits until Meilisearch has applied them,
// so the sync worker only marks as indexed what really is.
func (m *Meili) Upsert(ctx context.Context, docs []Document) error {
	if err := m.configure(ctx); err != nil {
		return err
	}
	out := make([]meiliDoc, len(docs))
	for i, d := range docs {
		out[i] = meiliDoc{Document: d, DateUnix: d.Date.Unix(), DueUnix: d.Due.Unix(), LastContactUnix: d.LastContact.Unix(),
			ActiveUnix: d.Active.Unix(), RefreshUnix: d.Refresh.Unix(), EraseOnUnix: d.EraseOn.Unix()}
	}
	pk := "id"
	task, err := m.index.AddDocuments(ctx, out, &meilisearch.DocumentOptions{PrimaryKey: &pk})
	if err != nil {
		return fmt.Errorf("search: meili add: %w", err)
	}
	return m.wait(ctx, task.TaskUID)
}

// Delete removes documents by id.
func (m *Meili) Delete(ctx context.Context, ids []string) error {
	task, err := m.index.DeleteDocuments(ctx, ids, nil)
	if err != nil {
		return fmt.Errorf("search: meili delete: %w", err)
	}
	return m.wait(ctx, task.TaskUID)
}

func (m *Meili) wait(ctx context.Context, uid int64) error {
	t, err := m.index.WaitForTask(ctx, uid, 50*time.Millisecond)
	if err != nil {
		return fmt.Errorf("search: meili task %d: %w", uid, err)
	}
	if t.Status != meilisearch.TaskStatusSucceeded {
		return fmt.Errorf("search: meili task %d ended %s: %s", uid, t.Status, t.Error.Message)
	}
	return nil
}

// Search runs q with Meilisearch's typo-tolerant ranking and filters.
func (m *Meili) Search(ctx context.Context, q Query) (Result, error) {
	if err := m.configure(ctx); err != nil {
		return Result{}, err
	}
	filters := q.meiliFilters()
	req := &meilisearch.SearchRequest{
		Limit:  int64(q.limit()),
		Offset: int64(q.Offset),
		Facets: q.Facets,
		Filter: strings.Join(filters, " AND "),
	}
	if q.AllWords {
		req.MatchingStrategy = meilisearch.All
	}
	switch {
	case q.ByID:
		req.Sort = []string{"id:asc"}
	case strings.HasPrefix(q.SortBy, "-"):
		req.Sort = []string{meiliDate(q.SortBy[1:]) + ":desc"}
	case q.SortBy != "":
		req.Sort = []string{meiliDate(q.SortBy) + ":asc"}
	case q.Oldest:
		req.Sort = []string{"date_unix:asc"}
	case q.Newest || strings.TrimSpace(q.Text) == "":
		req.Sort = []string{"date_unix:desc"}
	}
	res, err := m.index.Search(ctx, q.Text, req)
	if err != nil {
		return Result{}, fmt.Errorf("search: meili search: %w", err)
	}
	var docs []meiliDoc
	if err := res.Hits.DecodeInto(&docs); err != nil {
		return Result{}, fmt.Errorf("search: meili decode hits: %w", err)
	}
	out := Result{Total: int(res.EstimatedTotalHits), Hits: make([]Hit, 0, len(docs))}
	for _, d := range docs {
		out.Hits = append(out.Hits, Hit{Document: d.Document})
	}
	var facets map[string]map[string]int
	if len(res.FacetDistribution) > 0 {
		if err := json.Unmarshal(res.FacetDistribution, &facets); err != nil {
			return Result{}, fmt.Errorf("search: meili decode facets: %w", err)
		}
	}
	out.Facets = map[string][]FacetCount{}
	for name, values := range facets {
		var counts []FacetCount
		for v, n := range values {
			counts = append(counts, FacetCount{Value: v, Count: n})
		}
		sortFacets(counts)
		out.Facets[name] = counts
	}
	// Meilisearch has no range facets: each range is a count of its own.
	for _, df := range q.DateFacets {
		var counts []FacetCount
		for _, r := range df.Ranges {
			rq := q
			rq.DateFacets, rq.Facets, rq.Limit, rq.Offset = nil, nil, 1, 0
			rq.Ranges = append(append([]DateRange{}, q.Ranges...), DateRange{Field: df.Field, From: r.From, To: r.To})
			res, err := m.index.Search(ctx, q.Text, &meilisearch.SearchRequest{Limit: 1, Filter: strings.Join(rq.meiliFilters(), " AND ")})
			if err != nil {
				return Result{}, fmt.Errorf("search: meili range facet: %w", err)
			}
			counts = append(counts, FacetCount{Value: r.Name, Count: int(res.EstimatedTotalHits)})
		}
		out.Facets[df.Field] = counts
	}
	return out, nil
}

// meiliFilters are the query's filters in Meilisearch's syntax.
func (q Query) meiliFilters() []string {
	var filters []string
	for field, values := range q.filters() {
		filters = append(filters, field+" IN "+meiliList(values))
	}
	if q.ByID && q.AfterID != "" {
		filters = append(filters, "id > "+strconv.Quote(q.AfterID))
	}
	ranges := append([]DateRange{{Field: "date", From: q.After, To: q.Before}}, q.Ranges...)
	for _, r := range ranges {
		if !r.From.IsZero() {
			filters = append(filters, meiliDate(r.Field)+" >= "+strconv.FormatInt(r.From.Unix(), 10))
		}
		if !r.To.IsZero() {
			filters = append(filters, meiliDate(r.Field)+" < "+strconv.FormatInt(r.To.Unix(), 10))
		}
	}
	return filters
}

// Clear removes every document.
func (m *Meili) Clear(ctx context.Context) error {
	task, err := m.index.DeleteAllDocuments(ctx, nil)
	if err != nil {
		return fmt.Errorf("search: meili clear: %w", err)
	}
	return m.wait(ctx, task.TaskUID)
}

// Ping checks that Meilisearch answers and is healthy.
func (m *Meili) Ping(ctx context.Context) error {
	h, err := m.client.Health(ctx)
	if err != nil {
		return fmt.Errorf("search: meili health: %w", err)
	}
	if h.Status != "available" {
		return fmt.Errorf("search: meili status %q", h.Status)
	}
	return nil
}

// Close releases the client.
func (m *Meili) Close() error {
	m.client.Close()
	return nil
}

// meiliList quotes values for a Meilisearch filter: ["a","b"].
func meiliList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(q, ",") + "]"
}
