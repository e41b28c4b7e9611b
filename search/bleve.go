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
	idx       bleve.Index
	closeOnce sync.Once
	closeErr  error
}

// OpenBleve opens the index at dir, creating it on first use.
func OpenBleve(dir string) (*Bleve, error) {
	idx, err := bleve.Open(dir)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
			return nil, fmt.Errorf("search: bleve dir: %w", err)
		}
		idx, err = bleve.New(dir, bleveMapping())
	}
	if err != nil {
		return nil, fmt.Errorf("search: open bleve at %s: %w", dir, err)
	}
	return &Bleve{idx: idx}, nil
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

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = standard.Name
	return m
}

// Upsert indexes docs in one batch.
func (b *Bleve) Upsert(_ context.Context, docs []Document) error {
	batch := b.idx.NewBatch()
	for _, d := range docs {
		if err := batch.Index(d.ID, d); err != nil {
			return fmt.Errorf("search: bleve batch %s: %w", d.ID, err)
		}
	}
	if err := b.idx.Batch(batch); err != nil {
		return fmt.Errorf("search: bleve index: %w", err)
	}
	return nil
}

// Delete removes documents by id.
func (b *Bleve) Delete(_ context.Context, ids []string) error {
	batch := b.idx.NewBatch()
	for _, id := range ids {
		batch.Delete(id)
	}
	if err := b.idx.Batch(batch); err != nil {
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
		must = append(must, bleve.NewDisjunctionQuery(title, body))
	}
	if len(q.Kinds) > 0 {
		must = append(must, anyTerm("kind", q.Kinds))
	}
	if len(q.Tags) > 0 {
		must = append(must, anyTerm("tags", q.Tags))
	}
	if !q.After.IsZero() {
		must = append(must, dateFrom("date", q.After))
	}
	var root query.Query = bleve.NewMatchAllQuery()
	if len(must) > 0 {
		root = bleve.NewConjunctionQuery(must...)
	}
	req := bleve.NewSearchRequestOptions(root, q.limit(), q.Offset, false)
	req.Fields = []string{"*"}
	req.AddFacet("tags", bleve.NewFacetRequest("tags", 20))
	switch {
	case q.Oldest:
		req.SortBy([]string{"date", "_id"})
	case q.Newest || strings.TrimSpace(q.Text) == "":
		req.SortBy([]string{"-date", "_id"})
	}
	res, err := b.idx.Search(req)
	if err != nil {
		return Result{}, fmt.Errorf("search: bleve search: %w", err)
	}
	out := Result{Total: int(res.Total), Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{Document: documentFromFields(h.ID, h.Fields), Score: h.Score})
	}
	if f, ok := res.Facets["tags"]; ok && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			out.Tags = append(out.Tags, FacetCount{Value: t.Term, Count: t.Count})
		}
	}
	sortFacets(out.Tags)
	return out, nil
}

// Ping checks the index answers.
func (b *Bleve) Ping(context.Context) error {
	if _, err := b.idx.DocCount(); err != nil {
		return fmt.Errorf("search: bleve: %w", err)
	}
	return nil
}

// Close flushes and closes the index files; closing twice is harmless.
func (b *Bleve) Close() error {
	b.closeOnce.Do(func() { b.closeErr = b.idx.Close() })
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

func dateFrom(field string, from time.Time) query.Query {
	inclusive := true
	r := bleve.NewDateRangeInclusiveQuery(from, time.Time{}, &inclusive, nil)
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
