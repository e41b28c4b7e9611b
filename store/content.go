package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// Kind names a searchable collection.
type Kind string

// The searchable kinds of content.
const (
	KindVacancy Kind = colVacancies
	KindArticle Kind = colArticles
	KindEvent   Kind = colEvents
)

// SaveVacancy creates or updates a vacancy and marks it for indexing.
func (s *Store) SaveVacancy(ctx context.Context, v models.Vacancy) error {
	return s.saveIndexed(ctx, KindVacancy, v.ID, v)
}

// SaveArticle creates or updates an article and marks it for indexing.
func (s *Store) SaveArticle(ctx context.Context, a models.Article) error {
	return s.saveIndexed(ctx, KindArticle, a.ID, a)
}

// saveIndexed writes doc's fields, bumps its version and flags it for the
// search sync worker, in one single-document update.
func (s *Store) saveIndexed(ctx context.Context, kind Kind, id string, doc any) error {
	fields, err := documentFields(kind, id, doc)
	if err != nil {
		return err
	}
	_, err = s.w.Collection(string(kind)).UpdateOne(ctx, bson.M{"_id": id},
		bson.M{"$set": fields, "$inc": bson.M{"version": 1}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: save %s %s: %w", kind, id, err)
	}
	return nil
}

// documentFields is doc as the fields to $set, flagged for the search sync
// worker; the id and the version are the store's to manage.
func documentFields(kind Kind, id string, doc any) (bson.M, error) {
	raw, err := bson.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("store: encode %s %s: %w", kind, id, err)
	}
	var fields bson.M
	if err := bson.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("store: encode %s %s: %w", kind, id, err)
	}
	delete(fields, "_id")
	delete(fields, "version")
	fields["index_pending"] = true
	return fields, nil
}

// PendingVacancies returns vacancies written since they were last indexed.
func (s *Store) PendingVacancies(ctx context.Context, limit int) ([]models.Vacancy, error) {
	return pending[models.Vacancy](ctx, s, KindVacancy, limit)
}

// PendingArticles returns articles written since they were last indexed.
func (s *Store) PendingArticles(ctx context.Context, limit int) ([]models.Article, error) {
	return pending[models.Article](ctx, s, KindArticle, limit)
}

// PendingEvents returns events written since they were last indexed.
func (s *Store) PendingEvents(ctx context.Context, limit int) ([]models.Event, error) {
	return pending[models.Event](ctx, s, KindEvent, limit)
}

func pending[T any, K ~string](ctx context.Context, s *Store, kind K, limit int) ([]T, error) {
	return findMany[T](ctx, s.r.Collection(string(kind)), bson.M{"index_pending": true}, options.Find().SetLimit(int64(limit)), "pending "+string(kind))
}

// MarkIndexed clears the pending flag, but only if the document is still at
// the version that was indexed: a write in between keeps it pending.
func (s *Store) MarkIndexed(ctx context.Context, kind Kind, id string, version int64) error {
	return s.markIndexed(ctx, string(kind), id, version)
}

func (s *Store) markIndexed(ctx context.Context, col, id string, version int64) error {
	_, err := s.w.Collection(col).UpdateOne(ctx, bson.M{"_id": id, "version": version},
		bson.M{"$set": bson.M{"index_pending": false}})
	if err != nil {
		return fmt.Errorf("store: mark %s %s indexed: %w", col, id, err)
	}
	return nil
}

// Vacancy returns one vacancy, or ErrNotFound.
func (s *Store) Vacancy(ctx context.Context, id string) (*models.Vacancy, error) {
	return findOne[models.Vacancy](ctx, s.r.Collection(colVacancies), bson.M{"_id": id}, "vacancy "+id)
}

// VacanciesByID returns the vacancies with the given ids (those that exist).
func (s *Store) VacanciesByID(ctx context.Context, ids []string) ([]models.Vacancy, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return findMany[models.Vacancy](ctx, s.r.Collection(colVacancies), bson.M{"_id": bson.M{"$in": ids}}, nil, "vacancies by id")
}

// Vacancies returns the newest vacancies in every state, for recruiters.
func (s *Store) Vacancies(ctx context.Context, limit int) ([]models.Vacancy, error) {
	return findMany[models.Vacancy](ctx, s.r.Collection(colVacancies), bson.M{}, newestFirst("published_at", limit), "vacancies")
}

// MarkEverythingPending flags every indexed document, content and profiles,
// so the sync worker rebuilds the search index from MongoDB.
func (s *Store) MarkEverythingPending(ctx context.Context) error {
	for _, col := range []string{colVacancies, colArticles, colEvents, colUsers} {
		if _, err := s.w.Collection(col).UpdateMany(ctx, bson.M{}, bson.M{"$set": bson.M{"index_pending": true}}); err != nil {
			return fmt.Errorf("store: mark %s pending: %w", col, err)
		}
	}
	return nil
}

// Article returns one article, or ErrNotFound.
func (s *Store) Article(ctx context.Context, id string) (*models.Article, error) {
	return s.oneArticle(ctx, bson.M{"_id": id})
}

// ArticleBySlug returns the article at a readable URL, or ErrNotFound.
func (s *Store) ArticleBySlug(ctx context.Context, slug string) (*models.Article, error) {
	return s.oneArticle(ctx, bson.M{"slug": slug})
}

func (s *Store) oneArticle(ctx context.Context, filter bson.M) (*models.Article, error) {
	return findOne[models.Article](ctx, s.r.Collection(colArticles), filter, "article")
}

// Articles returns the newest articles in every state, for recruiters.
func (s *Store) Articles(ctx context.Context, limit int) ([]models.Article, error) {
	return findMany[models.Article](ctx, s.r.Collection(colArticles), bson.M{}, newestFirst("published_at", limit), "articles")
}

// CloseExpiredVacancies closes the open vacancies whose closing date has
// passed (they close at the end of that day) and flags them for the index.
func (s *Store) CloseExpiredVacancies(ctx context.Context, now time.Time) (int64, error) {
	startOfToday := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	res, err := s.w.Collection(colVacancies).UpdateMany(ctx,
		bson.M{"status": models.VacancyOpen, "closes_at": bson.M{"$lt": startOfToday}},
		bson.M{"$set": bson.M{"status": models.VacancyClosed, "index_pending": true}, "$inc": bson.M{"version": 1}})
	if err != nil {
		return 0, fmt.Errorf("store: close expired vacancies: %w", err)
	}
	return res.ModifiedCount, nil
}
