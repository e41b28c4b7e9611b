package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	if len(docs) > 0 {
		if err := s.Index.Upsert(ctx, docs); err != nil {
			return 0, err
		}
		for _, d := range docs {
			if err := s.Store.MarkIndexed(ctx, store.Kind(d.Kind), d.Ref, d.Version); err != nil {
				return 0, fmt.Errorf("search: sync: %w", err)
			}
		}
	}
	people, err := s.syncCandidates(ctx)
	if err != nil {
		return 0, err
	}
	erased, err := s.syncDeletions(ctx)
	if err != nil {
		return 0, err
	}
	return len(docs) + people + erased, nil
}

// syncCandidates puts a profile in the talent index while its owner lets
// recruiters find them, and takes it out as soon as they withdraw that.
func (s *Syncer) syncCandidates(ctx context.Context) (int, error) {
	users, err := s.Store.PendingUsers(ctx, batchSize)
	if err != nil || len(users) == 0 {
		return 0, err
	}
	var visible []Document
	var hidden []string
	for i := range users {
		if models.May(&users[i], models.PurposeTalentSearch) {
			visible = append(visible, CandidateDocument(users[i]))
		} else {
			hidden = append(hidden, CandidateDocumentID(users[i].ID))
		}
	}
	if len(visible) > 0 {
		if err := s.Index.Upsert(ctx, visible); err != nil {
			return 0, err
		}
	}
	if len(hidden) > 0 {
		if err := s.Index.Delete(ctx, hidden); err != nil {
			return 0, err
		}
	}
	for _, u := range users {
		if err := s.Store.MarkUserIndexed(ctx, u.ID, u.Version); err != nil {
			return 0, fmt.Errorf("search: sync: %w", err)
		}
	}
	return len(users), nil
}

// syncDeletions removes the search documents of erased people.
func (s *Syncer) syncDeletions(ctx context.Context) (int, error) {
	ids, err := s.Store.IndexDeletions(ctx, batchSize)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	if err := s.Index.Delete(ctx, ids); err != nil {
		return 0, err
	}
	if err := s.Store.DoneIndexDeletions(ctx, ids); err != nil {
		return 0, fmt.Errorf("search: sync: %w", err)
	}
	return len(ids), nil
}

// KindCandidates is the kind of talent-pool documents in the index.
const KindCandidates = "candidates"

// CandidateDocumentID is the index id of a person's profile: a hash of their
// user id, so that a tombstone left by an erasure names nobody.
func CandidateDocumentID(userID string) string {
	sum := sha256.Sum256([]byte("candidate:" + userID))
	return DocumentID(KindCandidates, hex.EncodeToString(sum[:12]))
}

// CandidateDocument is what the talent index holds of a profile.
func CandidateDocument(u models.User) Document {
	var text []string
	text = append(text, u.Headline, string(u.Seniority), u.Country)
	for _, p := range u.Positions {
		text = append(text, p.Title, p.Company)
	}
	text = append(text, u.Preferences.Roles...)
	return Document{
		ID: CandidateDocumentID(u.ID), Kind: KindCandidates, Ref: u.ID,
		Title: u.Name, Text: strings.Join(text, "\n"),
		Tags: append(append([]string{}, u.Skills...), u.Interests...), City: u.City,
		Date: u.Availability.ChangedAt, Version: u.Version,
	}
}

// VacancyDocument is what the index holds of a vacancy.
func VacancyDocument(v models.Vacancy) Document {
	return Document{
		ID: DocumentID(string(store.KindVacancy), v.ID), Kind: string(store.KindVacancy), Ref: v.ID,
		Title: v.Title, Text: strings.Join([]string{v.Company, v.Description, strings.Join(v.Skills, " ")}, "\n"),
		Tags: append(append(append([]string{}, v.Interests...), v.Skills...), v.NiceSkills...), City: v.City, Date: v.PublishedAt, Version: v.Version,
		Workplace: v.Workplace, Seniority: string(v.Seniority), Status: vacancyStatus(v),
	}
}

// ArticleDocument is what the index holds of an article.
func ArticleDocument(a models.Article) Document {
	return Document{
		ID: DocumentID(string(store.KindArticle), a.ID), Kind: string(store.KindArticle), Ref: a.ID,
		Title: a.Title, Text: a.Summary + "\n" + a.Body, Tags: a.Interests, Date: a.PublishedAt, Version: a.Version,
		Status: articleStatus(a), Slug: a.Slug,
	}
}

// EventDocument is what the index holds of an event; its date is when it starts.
func EventDocument(e models.Event) Document {
	format, status := "in_person", models.EventPublished
	if e.Online {
		format = "online"
	}
	if e.Cancelled() {
		status = models.EventCancelled
	}
	return Document{
		ID: DocumentID(string(store.KindEvent), e.ID), Kind: string(store.KindEvent), Ref: e.ID,
		Title: e.Title, Text: e.Description + "\n" + e.Venue, Tags: e.Interests, City: e.City, Date: e.StartsAt, Version: e.Version,
		Status: status, Format: format,
	}
}

func vacancyStatus(v models.Vacancy) string {
	if v.Status == "" {
		return models.VacancyOpen
	}
	return v.Status
}

func articleStatus(a models.Article) string {
	if a.Status == "" {
		return models.ArticlePublished
	}
	return a.Status
}
