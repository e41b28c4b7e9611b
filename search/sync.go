package search

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// batchSize bounds one round of the sync worker per kind.
const batchSize = 500

// Syncer copies what changed in MongoDB into the index. A write never waits
// for it and never fails because the engine is down: the document stays
// flagged as pending and the next round picks it up.
type Syncer struct {
	Store    *store.Store
	Index    Index
	Interval time.Duration
	Log      *slog.Logger
}

// Run syncs every Interval until ctx ends.
func (s *Syncer) Run(ctx context.Context) {
	t := time.NewTicker(s.Interval)
	defer t.Stop()
	for {
		if _, err := s.SyncOnce(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("search sync failed; will retry", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SyncOnce indexes everything pending and reports how many documents it indexed.
func (s *Syncer) SyncOnce(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.round(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

func (s *Syncer) round(ctx context.Context) (int, error) {
	vacancies, err := s.Store.PendingVacancies(ctx, batchSize)
	if err != nil {
		return 0, err
	}
	articles, err := s.Store.PendingArticles(ctx, batchSize)
	if err != nil {
		return 0, err
	}
	events, err := s.Store.PendingEvents(ctx, batchSize)
	if err != nil {
		return 0, err
	}
	var docs []Document
	for _, v := range vacancies {
		docs = append(docs, VacancyDocument(v))
	}
	for _, a := range articles {
		docs = append(docs, ArticleDocument(a))
	}
	for _, e := range events {
		docs = append(docs, EventDocument(e))
	}
	if len(docs) == 0 {
		return 0, nil
	}
	if err := s.Index.Upsert(ctx, docs); err != nil {
		return 0, err
	}
	for _, d := range docs {
		if err := s.Store.MarkIndexed(ctx, store.Kind(d.Kind), d.Ref, d.Version); err != nil {
			return 0, fmt.Errorf("search: sync: %w", err)
		}
	}
	return len(docs), nil
}

// VacancyDocument is what the index holds of a vacancy.
func VacancyDocument(v models.Vacancy) Document {
	return Document{
		ID: DocumentID(string(store.KindVacancy), v.ID), Kind: string(store.KindVacancy), Ref: v.ID,
		Title: v.Title, Text: strings.Join([]string{v.Company, v.Description, strings.Join(v.Skills, " ")}, "\n"),
		Tags: append(append([]string{}, v.Interests...), v.Skills...), City: v.City, Date: v.PublishedAt, Version: v.Version,
	}
}

// ArticleDocument is what the index holds of an article.
func ArticleDocument(a models.Article) Document {
	return Document{
		ID: DocumentID(string(store.KindArticle), a.ID), Kind: string(store.KindArticle), Ref: a.ID,
		Title: a.Title, Text: a.Summary + "\n" + a.Body, Tags: a.Interests, Date: a.PublishedAt, Version: a.Version,
	}
}

// EventDocument is what the index holds of an event; its date is when it starts.
func EventDocument(e models.Event) Document {
	return Document{
		ID: DocumentID(string(store.KindEvent), e.ID), Kind: string(store.KindEvent), Ref: e.ID,
		Title: e.Title, Text: e.Description, Tags: e.Interests, City: e.City, Date: e.StartsAt, Version: e.Version,
	}
}
