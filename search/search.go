// Package search finds vacancies, articles and events. MongoDB is the source
// of truth; the index is derived from it by the sync worker and can always be
// rebuilt with `portal reindex`. Two engines sit behind one interface:
// Meilisearch when MEILI_URL is set, Bleve on disk otherwise.
package search

import (
	"context"
	"time"

	"github.com/talentcommunity/portal/models"
)

// Document is what the index holds of one piece of content.
type Document struct {
	ID      string    `json:"id"`   // unique across kinds: "<kind>-<ref>"
	Kind    string    `json:"kind"` // vacancies, articles or events
	Ref     string    `json:"ref"`  // the document's _id in its collection
	Title   string    `json:"title"`
	Text    string    `json:"text"`
	Tags    []string  `json:"tags"`
	City    string    `json:"city"`
	Date    time.Time `json:"date"` // publication, or the start of an event
	Version int64     `json:"version"`
	// Filterable facts of a vacancy (empty for other kinds).
	Workplace string `json:"workplace,omitempty"`
	Seniority string `json:"seniority,omitempty"`
	Status    string `json:"status,omitempty"`
	Slug      string `json:"slug,omitempty"` // an article's readable URL part
	// Subtitle says in a line who a member is (their headline, and where
	// they work now), for the talent pool's rows; stored, not searched (its
	// words are in Text).
	Subtitle string `json:"subtitle,omitempty"`
	// Format is whether an event is "online" or "in_person".
	Format string `json:"format,omitempty"`

	// What the talent pool and Today know of a member (kind candidates).
	Skills       []string `json:"skills,omitempty"`
	Interests    []string `json:"interests,omitempty"`
	Availability string   `json:"availability,omitempty"`
	Workplaces   []string `json:"workplaces,omitempty"`
	Owner        string   `json:"owner,omitempty"`  // the recruiter's id, or NoOwner
	Labels       []string `json:"labels,omitempty"` // the recruiters' tags
	Source       string   `json:"source,omitempty"`
	Engagement   string   `json:"engagement,omitempty"`
	Rhythm       string   `json:"rhythm,omitempty"`
	// Newsletter is "subscribed", "unsubscribed" (had it once) or empty.
	Newsletter string `json:"newsletter,omitempty"`
	Today      string `json:"today,omitempty"` // models.TodaySignal, TodayRhythm or ""
	// Anniversaries are "join:MM-DD" and "work:MM", for the daily job.
	Anniversaries []string  `json:"anniversaries,omitempty"`
	Due           time.Time `json:"due"`          // when they come on Today
	LastContact   time.Time `json:"last_contact"` // Never when never
	Active        time.Time `json:"active"`       // their newest own doing
	// Refresh is when the document goes stale (their engagement falls), so
	// the daily job has it rebuilt; Never when it does not.
	Refresh time.Time `json:"refresh"`
	// Prospect is where an imported person who has not joined stands
	// (models.ProspectStatus); EraseOn when they are due to be erased.
	Prospect string    `json:"prospect,omitempty"`
	EraseOn  time.Time `json:"erase_on"`
}

// FilterFields are the fields a Query may filter on and facet by.
var FilterFields = []string{"kind", "tags", "city", "workplace", "seniority", "status", "format",
	"skills", "interests", "availability", "workplaces", "owner", "labels", "source", "engagement", "rhythm", "today", "anniversaries", "newsletter", "prospect"}

// DateFields are the fields a Query may limit to a range, facet by ranges
// and sort by.
var DateFields = []string{"date", "due", "last_contact", "active", "refresh", "erase_on"}

// Never stands for a date that did not happen (never contacted): the
// start of Unix time, which every engine can index and compare.
var Never = time.Unix(0, 0).UTC()

// NoOwner is the owner of a member nobody looks after, so a facet counts them.
const NoOwner = models.NoOwner

// DateRange limits a date field to [From, To); a zero bound is open.
type DateRange struct {
	Field    string
	From, To time.Time
}

// NamedRange is one bucket of a date facet.
type NamedRange struct {
	Name     string
	From, To time.Time
}

// DateFacet counts the hits in each of a date field's ranges.
type DateFacet struct {
	Field  string
	Ranges []NamedRange
}

// Query asks the index for documents.
type Query struct {
	Text string
	// AllWords finds only documents with every word of Text (in the title, or
	// else in the text), as a look-up of one person or address wants.
	AllWords bool
	Kinds    []string            // any of these kinds; empty for all
	Tags     []string            // any of these tags; empty for all
	Filters  map[string][]string // field (one of FilterFields) → any of these values
	Facets   []string            // fields to count values of, over all hits
	After    time.Time           // dated at or after; zero for no bound
	Before   time.Time           // dated before; zero for no bound
	Newest   bool                // newest first; otherwise by relevance (by date when Text is empty)
	Oldest   bool                // oldest first, e.g. upcoming events
	// Ranges limit other date fields (DateFields) too.
	Ranges []DateRange
	// DateFacets count hits by ranges of a date field, under its name in Result.Facets.
	DateFacets []DateFacet
	// Fresh asks the engine itself, past any cache: for a count whose
	// bounds move by less than the cache rounds them (new since a moment ago).
	Fresh bool
	// MaxAge lets a cache answer from a result up to this old, even after
	// writes: for counts that may lag a little (the talent pool's facets),
	// which are the costly part of a broad search.
	MaxAge time.Duration
	// SortBy orders by a date field ("-" before it: latest first), before Newest and Oldest.
	SortBy string
	Limit  int
	Offset int
	// ByID orders the hits by document id, after AfterID when it is set: a
	// cursor that reads every hit in pages of the same cost, where an
	// offset makes each page dearer than the one before.
	ByID    bool
	AfterID string
}

// Hit is one document found.
type Hit struct {
	Document
	Score float64
}

// FacetCount is how many hits carry one tag.
type FacetCount struct {
	Value string
	Count int
}

// Result is one page of hits, the total and the facets over all hits.
type Result struct {
	Hits   []Hit
	Total  int
	Facets map[string][]FacetCount
}

// Index is a search engine holding the portal's documents.
type Index interface {
	Upsert(ctx context.Context, docs []Document) error
	Delete(ctx context.Context, ids []string) error
	Search(ctx context.Context, q Query) (Result, error)
	// Clear removes every document (before a rebuild from MongoDB).
	Clear(ctx context.Context) error
	Ping(ctx context.Context) error
	Close() error
}

// DocumentID is the index id of the document ref of kind.
func DocumentID(kind, ref string) string { return kind + "-" + ref }

// filters gathers every filter of the query by field.
func (q Query) filters() map[string][]string {
	out := map[string][]string{}
	for field, values := range q.Filters {
		if len(values) > 0 {
			out[field] = values
		}
	}
	if len(q.Kinds) > 0 {
		out["kind"] = q.Kinds
	}
	if len(q.Tags) > 0 {
		out["tags"] = q.Tags
	}
	return out
}

// maxLimit bounds one page of hits (the pre-selections ask for a few hundred).
const maxLimit = 500

func (q Query) limit() int {
	switch {
	case q.Limit <= 0:
		return 20
	case q.Limit > maxLimit:
		return maxLimit
	}
	return q.Limit
}
