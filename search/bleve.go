package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Bleve is the embedded index: a scorch index on disk under the data dir.
//
// It is derived data, so it must never take the portal down. A write that
// fails (a full or read-only disk) leaves a scorch index in a state where
// later calls panic, so every call recovers from panics, and after a failed
// write or a panic the index is closed and opened again before its next
// use; until that works, search says it is down and the portal serves
// without it (the sync worker keeps what it could not index in its queue).
type Bleve struct {
	dir       string
	mu        sync.RWMutex // guards idx and broken
	idx       bleve.Index  // nil while broken and not reopened
	broken    error        // why the index must be reopened, if it must
	triedAt   time.Time    // the last reopen that failed
	writeErr  error        // why the last write failed; nil once one succeeds
	closed    bool
	closeOnce sync.Once
	closeErr  error
}

// errClosed answers every call after Close.
var errClosed = errors.New("search: the bleve index is closed")

// reopenEvery spaces out the reopening of a broken index.
var reopenEvery = 5 * time.Second

// mappingVersion changes whenever bleveMapping, or what the index holds,
// does: an index made with an older mapping is rebuilt, since new fields (or
// kinds) would stay empty in it.
const mappingVersion = "10" // 10: prospects' status and erasure date; 6: the talent pool's facts, dates and Today; 7: newsletter subscribers; 8: referred members' source; 9: members' subtitles, staff out of the pool

var mappingVersionKey = []byte("portal.mapping_version")

// docCountKey holds how many documents the index had when it was last
// closed cleanly. Scorch opens an index with a damaged segment by falling
// back to an older snapshot (or none), quietly: fewer documents than it had
// when it closed shows that, and the index is rebuilt.
var docCountKey = []byte("portal.doc_count")

// OpenBleve opens the index at dir, creating it on first use. Fresh reports
// that the index is new (or was rebuilt for a new mapping) and must be filled
// from MongoDB. An index that cannot be opened (damaged files, or a panic
// while opening) is moved aside and made anew, saying so in one log line:
// it is derived data, and MongoDB holds everything it needs.
func OpenBleve(dir string, log *slog.Logger) (b *Bleve, fresh bool, err error) {
	idx, err := openExisting(dir)
	if err == nil {
		err = checkDocCount(idx)
	}
	switch {
	case err == nil:
		if v, _ := idx.GetInternal(mappingVersionKey); string(v) == mappingVersion {
			return &Bleve{dir: dir, idx: idx}, false, nil
		}
		idx.Close()
		if err := os.RemoveAll(dir); err != nil {
			return nil, false, fmt.Errorf("search: remove outdated bleve index: %w", err)
		}
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
	default:
		if idx != nil {
			closeQuietly(idx)
		}
		aside := dir + ".damaged-" + time.Now().UTC().Format("20060102T150405")
		if rerr := os.Rename(dir, aside); rerr != nil {
			return nil, false, fmt.Errorf("search: move the damaged bleve index aside: %w (it could not be opened: %v)", rerr, err)
		}
		log.Warn("the search index could not be opened; it was moved aside and is rebuilt from the database", "moved_to", aside, "err", err)
	}
	if idx, err = newBleve(dir); err != nil {
		return nil, false, err
	}
	return &Bleve{dir: dir, idx: idx}, true, nil
}

// checkDocCount compares the documents an index holds with what it held
// when it was closed cleanly, and forgets that count (after a crash there is
// none to compare with).
func checkDocCount(idx bleve.Index) error {
	want, err := idx.GetInternal(docCountKey)
	if err != nil || len(want) == 0 {
		return nil
	}
	n, err := idx.DocCount()
	if err != nil {
		return fmt.Errorf("search: bleve doc count: %w", err)
	}
	if got := strconv.FormatUint(n, 10); got != string(want) {
		return fmt.Errorf("search: the bleve index holds %s documents but had %s when it closed: damaged", got, want)
	}
	return idx.DeleteInternal(docCountKey)
}

// openExisting opens the index at dir, turning a panic (a damaged bolt file)
// or a fault on its memory-mapped files into an error.
func openExisting(dir string) (idx bleve.Index, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			idx, err = nil, fmt.Errorf("search: opening the bleve index panicked: %v", r)
		}
	}()
	return bleve.Open(dir)
}

// use runs fn on the index; a panic becomes an error, and a panic or a
// failed write marks the index for reopening.
func (b *Bleve) use(write bool, fn func(bleve.Index) error) (err error) {
	idx, err := b.ready()
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("search: bleve panicked: %v", r)
			b.markBroken(idx, err)
		} else if err != nil && write {
			b.markBroken(idx, err)
		}
		if write {
			b.mu.Lock()
			b.writeErr = err
			b.mu.Unlock()
		}
	}()
	return fn(idx)
}

// ready is the index to use, reopened first if it broke and a reopen is
// due. Until then it is unavailable: a broken index can panic in Bleve's
// own goroutines, where no recover reaches.
func (b *Bleve) ready() (bleve.Index, error) {
	b.mu.RLock()
	idx, broken, closed := b.idx, b.broken, b.closed
	b.mu.RUnlock()
	if closed {
		return nil, errClosed
	}
	if broken == nil {
		return idx, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, errClosed
	}
	if b.broken == nil {
		return b.idx, nil
	}
	if time.Since(b.triedAt) < reopenEvery {
		return nil, fmt.Errorf("search: bleve index unavailable: %w", b.broken)
	}
	if b.idx != nil {
		closeQuietly(b.idx)
		b.idx = nil
	}
	idx, err := openExisting(b.dir)
	if err != nil {
		b.triedAt = time.Now()
		return nil, fmt.Errorf("search: bleve index unavailable (%v): %w", err, b.broken)
	}
	b.idx, b.broken, b.triedAt = idx, nil, time.Time{}
	return idx, nil
}

// markBroken has the index reopened once a reopen is due (if idx is still
// the index in use: another call may have reopened it already). The failed
// write counts as a try: reopened at once, the index would take the next
// small write into memory and fail only to persist it, so a full disk
// would look mended.
func (b *Bleve) markBroken(idx bleve.Index, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.idx == idx && b.broken == nil {
		b.broken, b.triedAt = err, time.Now()
	}
}

// closeQuietly closes a broken index, which may panic doing so.
func closeQuietly(idx bleve.Index) {
	defer func() { _ = recover() }()
	_ = idx.Close()
}

func newBleve(dir string) (bleve.Index, error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return nil, fmt.Errorf("search: bleve dir: %w", err)
	}
	idx, err := bleve.New(dir, bleveMapping())
	if err != nil {
		return nil, fmt.Errorf("search: create bleve at %s: %w", dir, err)
	}
	if err := idx.SetInternal(mappingVersionKey, []byte(mappingVersion)); err != nil {
		idx.Close()
		return nil, fmt.Errorf("search: bleve mapping version: %w", err)
	}
	return idx, nil
}

// Clear replaces the index with an empty one.
func (b *Bleve) Clear(context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.idx != nil {
		closeQuietly(b.idx)
		b.idx = nil
	}
	if err := os.RemoveAll(b.dir); err != nil {
		return fmt.Errorf("search: bleve clear: %w", err)
	}
	idx, err := newBleve(b.dir)
	if err != nil {
		b.broken, b.triedAt = err, time.Now()
		return err
	}
	b.idx, b.broken = idx, nil
	return nil
}

func bleveMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = standard.Name
	keywordField := bleve.NewKeywordFieldMapping()
	keywordField.Analyzer = keyword.Name
	date := bleve.NewDateTimeFieldMapping()
	version := bleve.NewNumericFieldMapping()
	version.Index = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("kind", keywordField)
	doc.AddFieldMappingsAt("ref", keywordField)
	doc.AddFieldMappingsAt("title", text)
	doc.AddFieldMappingsAt("text", text)
	doc.AddFieldMappingsAt("tags", keywordField)
	doc.AddFieldMappingsAt("city", keywordField)
	doc.AddFieldMappingsAt("date", date)
	doc.AddFieldMappingsAt("version", version)
	doc.AddFieldMappingsAt("workplace", keywordField)
	doc.AddFieldMappingsAt("seniority", keywordField)
	doc.AddFieldMappingsAt("status", keywordField)
	doc.AddFieldMappingsAt("format", keywordField)
	for _, f := range []string{"skills", "interests", "availability", "workplaces", "owner", "labels", "source", "engagement", "rhythm", "today", "anniversaries", "newsletter", "prospect"} {
		doc.AddFieldMappingsAt(f, keywordField)
	}
	for _, f := range []string{"due", "last_contact", "active", "refresh", "erase_on"} {
		doc.AddFieldMappingsAt(f, date)
	}
	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	doc.AddFieldMappingsAt("slug", stored)
	doc.AddFieldMappingsAt("subtitle", stored)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = standard.Name
	return m
}

// Upsert indexes docs in one batch.
func (b *Bleve) Upsert(_ context.Context, docs []Document) error {
	return b.use(true, func(idx bleve.Index) error {
		batch := idx.NewBatch()
		for _, d := range docs {
			if err := batch.Index(d.ID, d); err != nil {
				return fmt.Errorf("search: bleve batch %s: %w", d.ID, err)
			}
		}
		if err := idx.Batch(batch); err != nil {
			return fmt.Errorf("search: bleve index: %w", err)
		}
		return nil
	})
}

// Delete removes documents by id.
func (b *Bleve) Delete(_ context.Context, ids []string) error {
	return b.use(true, func(idx bleve.Index) error {
		batch := idx.NewBatch()
		for _, id := range ids {
			batch.Delete(id)
		}
		if err := idx.Batch(batch); err != nil {
			return fmt.Errorf("search: bleve delete: %w", err)
		}
		return nil
	})
}

// Search runs q: a fuzzy match on title and text, filtered by kind, tag and date.
func (b *Bleve) Search(_ context.Context, q Query) (Result, error) {
	var must []query.Query
	if text := strings.TrimSpace(q.Text); text != "" {
		title := bleve.NewMatchQuery(text)
		title.SetField("title")
		title.SetBoost(2)
		title.SetFuzziness(1)
		body := bleve.NewMatchQuery(text)
		body.SetField("text")
		body.SetFuzziness(1)
		if q.AllWords {
			title.SetOperator(query.MatchQueryOperatorAnd)
			body.SetOperator(query.MatchQueryOperatorAnd)
		}
		must = append(must, bleve.NewDisjunctionQuery(title, body))
	}
	for field, values := range q.filters() {
		must = append(must, anyTerm(field, values))
	}
	if !q.After.IsZero() || !q.Before.IsZero() {
		must = append(must, dateRange("date", q.After, q.Before))
	}
	for _, r := range q.Ranges {
		must = append(must, dateRange(r.Field, r.From, r.To))
	}
	var root query.Query = bleve.NewMatchAllQuery()
	if len(must) > 0 {
		root = bleve.NewConjunctionQuery(must...)
	}
	req := bleve.NewSearchRequestOptions(root, q.limit(), q.Offset, false)
	req.Fields = []string{"*"}
	for _, f := range q.Facets {
		req.AddFacet(f, bleve.NewFacetRequest(f, 30))
	}
	for _, df := range q.DateFacets {
		fr := bleve.NewFacetRequest(df.Field, len(df.Ranges))
		for _, r := range df.Ranges {
			fr.AddDateTimeRange(r.Name, r.From, r.To)
		}
		req.AddFacet(df.Field, fr)
	}
	switch {
	case q.ByID:
		req.SortBy([]string{"_id"})
		if q.AfterID != "" {
			req.SearchAfter = []string{q.AfterID}
		}
	case q.SortBy != "":
		req.SortBy([]string{q.SortBy, "_id"})
	case q.Oldest:
		req.SortBy([]string{"date", "_id"})
	case q.Newest || strings.TrimSpace(q.Text) == "":
		req.SortBy([]string{"-date", "_id"})
	}
	var res *bleve.SearchResult
	err := b.use(false, func(idx bleve.Index) (err error) {
		res, err = idx.Search(req)
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("search: bleve search: %w", err)
	}
	out := Result{Total: int(res.Total), Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{Document: documentFromFields(h.ID, h.Fields), Score: h.Score})
	}
	out.Facets = map[string][]FacetCount{}
	for name, f := range res.Facets {
		var counts []FacetCount
		if f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				counts = append(counts, FacetCount{Value: t.Term, Count: t.Count})
			}
			sortFacets(counts)
		}
		for _, r := range f.DateRanges { // in the order asked
			counts = append(counts, FacetCount{Value: r.Name, Count: r.Count})
		}
		out.Facets[name] = counts
	}
	return out, nil
}

// Ping checks the index answers and took the last write.
func (b *Bleve) Ping(context.Context) error {
	b.mu.RLock()
	writeErr := b.writeErr
	b.mu.RUnlock()
	if writeErr != nil { // it answers searches, but cannot take what changed
		return fmt.Errorf("search: the bleve index cannot take writes: %w", writeErr)
	}
	return b.use(false, func(idx bleve.Index) error {
		if _, err := idx.DocCount(); err != nil {
			return fmt.Errorf("search: bleve: %w", err)
		}
		return nil
	})
}

// Close flushes and closes the index files; closing twice is harmless.
func (b *Bleve) Close() error {
	b.closeOnce.Do(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.closed = true
		if b.idx != nil {
			if n, err := b.idx.DocCount(); err == nil && b.broken == nil {
				_ = b.idx.SetInternal(docCountKey, []byte(strconv.FormatUint(n, 10)))
			}
			b.closeErr = b.idx.Close()
			b.idx = nil
		}
	})
	return b.closeErr
}

func anyTerm(field string, values []string) query.Query {
	qs := make([]query.Query, 0, len(values))
	for _, v := range values {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		qs = append(qs, t)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// dateRange matches dates in [from, to); a zero bound is open.
func dateRange(field string, from, to time.Time) query.Query {
	inclusive, exclusive := true, false
	r := bleve.NewDateRangeInclusiveQuery(from, to, &inclusive, &exclusive)
	r.SetField(field)
	return r
}

func documentFromFields(id string, f map[string]any) Document {
	d := Document{ID: id}
	d.Kind, _ = f["kind"].(string)
	d.Ref, _ = f["ref"].(string)
	d.Title, _ = f["title"].(string)
	d.Text, _ = f["text"].(string)
	d.City, _ = f["city"].(string)
	d.Workplace, _ = f["workplace"].(string)
	d.Seniority, _ = f["seniority"].(string)
	d.Status, _ = f["status"].(string)
	d.Slug, _ = f["slug"].(string)
	d.Subtitle, _ = f["subtitle"].(string)
	d.Format, _ = f["format"].(string)
	d.Availability, _ = f["availability"].(string)
	d.Owner, _ = f["owner"].(string)
	d.Source, _ = f["source"].(string)
	d.Engagement, _ = f["engagement"].(string)
	d.Rhythm, _ = f["rhythm"].(string)
	d.Newsletter, _ = f["newsletter"].(string)
	d.Prospect, _ = f["prospect"].(string)
	d.Today, _ = f["today"].(string)
	d.Tags = stringsOf(f["tags"])
	d.Skills = stringsOf(f["skills"])
	d.Interests = stringsOf(f["interests"])
	d.Workplaces = stringsOf(f["workplaces"])
	d.Labels = stringsOf(f["labels"])
	d.Anniversaries = stringsOf(f["anniversaries"])
	for field, t := range map[string]*time.Time{"date": &d.Date, "due": &d.Due, "last_contact": &d.LastContact, "active": &d.Active, "refresh": &d.Refresh, "erase_on": &d.EraseOn} {
		if s, ok := f[field].(string); ok {
			*t, _ = time.Parse(time.RFC3339, s)
		}
	}
	if v, ok := f["version"].(float64); ok {
		d.Version = int64(v)
	}
	return d
}

// stringsOf reads a stored keyword field: one value comes back as a
// string, several as a list.
func stringsOf(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// sortFacets orders facets by count, then alphabetically, for a stable display.
func sortFacets(fs []FacetCount) {
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].Count != fs[j].Count {
			return fs[i].Count > fs[j].Count
		}
		return fs[i].Value < fs[j].Value
	})
}
