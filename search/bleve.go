package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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
type Bleve struct {
	dir       string
	mu        sync.RWMutex // Clear swaps idx
	idx       bleve.Index
	closeOnce sync.Once
	closeErr  error
}

// mappingVersion changes whenever bleveMapping, or what the index holds,
// does: an index made with an older mapping is rebuilt, since new fields (or
// kinds) would stay empty in it.
const mappingVersion = "5" // 5: members (the admins' member list) are indexed too

var mappingVersionKey = []byte("portal.mapping_version")

// OpenBleve opens the index at dir, creating it on first use. Fresh reports
// that the index is new (or was rebuilt for a new mapping) and must be filled
// from MongoDB.
func OpenBleve(dir string) (b *Bleve, fresh bool, err error) {
	idx, err := bleve.Open(dir)
	if err == nil {
		if v, _ := idx.GetInternal(mappingVersionKey); string(v) == mappingVersion {
			return &Bleve{dir: dir, idx: idx}, false, nil
		}
		idx.Close()
		if err := os.RemoveAll(dir); err != nil {
			return nil, false, fmt.Errorf("search: remove outdated bleve index: %w", err)
		}
		err = bleve.ErrorIndexPathDoesNotExist
	}
	if !errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		return nil, false, fmt.Errorf("search: open bleve at %s: %w", dir, err)
	}
	if idx, err = newBleve(dir); err != nil {
		return nil, false, err
	}
	return &Bleve{dir: dir, idx: idx}, true, nil
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
	if err := b.idx.Close(); err != nil {
		return fmt.Errorf("search: bleve clear: %w", err)
	}
	if err := os.RemoveAll(b.dir); err != nil {
		return fmt.Errorf("search: bleve clear: %w", err)
	}
	idx, err := newBleve(b.dir)
	if err != nil {
		return err
	}
	b.idx = idx
	return nil
}

func (b *Bleve) index() bleve.Index {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.idx
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
	slug := bleve.NewTextFieldMapping()
	slug.Index = false
	doc.AddFieldMappingsAt("slug", slug)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = standard.Name
	return m
}

// Upsert indexes docs in one batch.
func (b *Bleve) Upsert(_ context.Context, docs []Document) error {
	idx := b.index()
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
}

// Delete removes documents by id.
func (b *Bleve) Delete(_ context.Context, ids []string) error {
	idx := b.index()
	batch := idx.NewBatch()
	for _, id := range ids {
		batch.Delete(id)
	}
	if err := idx.Batch(batch); err != nil {
		return fmt.Errorf("search: bleve delete: %w", err)
	}
	return nil
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
	var root query.Query = bleve.NewMatchAllQuery()
	if len(must) > 0 {
		root = bleve.NewConjunctionQuery(must...)
	}
	req := bleve.NewSearchRequestOptions(root, q.limit(), q.Offset, false)
	req.Fields = []string{"*"}
	for _, f := range q.Facets {
		req.AddFacet(f, bleve.NewFacetRequest(f, 30))
	}
	switch {
	case q.Oldest:
		req.SortBy([]string{"date", "_id"})
	case q.Newest || strings.TrimSpace(q.Text) == "":
		req.SortBy([]string{"-date", "_id"})
	}
	res, err := b.index().Search(req)
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
		}
		sortFacets(counts)
		out.Facets[name] = counts
	}
	return out, nil
}

// Ping checks the index answers.
func (b *Bleve) Ping(context.Context) error {
	if _, err := b.index().DocCount(); err != nil {
		return fmt.Errorf("search: bleve: %w", err)
	}
	return nil
}

// Close flushes and closes the index files; closing twice is harmless.
func (b *Bleve) Close() error {
	b.closeOnce.Do(func() { b.closeErr = b.index().Close() })
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
	d.Format, _ = f["format"].(string)
	switch tags := f["tags"].(type) {
	case string:
		d.Tags = []string{tags}
	case []any:
		for _, t := range tags {
			if s, ok := t.(string); ok {
				d.Tags = append(d.Tags, s)
			}
		}
	}
	if s, ok := f["date"].(string); ok {
		d.Date, _ = time.Parse(time.RFC3339, s)
	}
	if v, ok := f["version"].(float64); ok {
		d.Version = int64(v)
	}
	return d
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
