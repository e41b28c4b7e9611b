package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// SaveVacancy creates or updates a vacancy and marks it for indexing.
func (s *Store) SaveVacancy(ctx context.Context, v models.Vacancy) error {
	if err := s.trace(ctx, v.OwnerID, colVacancies, v.ID); err != nil {
		return err
	}
	return s.saveIndexed(ctx, KindVacancy, v.ID, v)
}

// SaveArticle creates or updates an article and marks it for indexing. Its
// slug is keyed to it first, so a slug never belongs to two articles and the
// article page reads by _id twice instead of scanning for the slug.
func (s *Store) SaveArticle(ctx context.Context, a models.Article) error {
	if err := s.trace(ctx, a.AuthorID, colArticles, a.ID); err != nil {
		return err
	}
	if a.Slug != "" {
		if err := s.keySlug(ctx, a.Slug, a.ID); err != nil {
			return err
		}
	}
	return s.saveIndexed(ctx, KindArticle, a.ID, a)
}

// slugKey is a document of article_slugs: a slug and the article it names.
type slugKey struct {
	Slug      string `bson:"_id"`
	ArticleID string `bson:"article_id"`
}

// keySlug records that slug names the article id; a slug of another
// article is ErrDuplicate. Keying it again changes nothing.
func (s *Store) keySlug(ctx context.Context, slug, articleID string) error {
	var keyed slugKey
	err := s.write(colArticleSlugs).FindOneAndUpdate(ctx, bson.M{"_id": slug},
		bson.M{"$setOnInsert": bson.M{"article_id": articleID}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&keyed)
	if err != nil {
		return fmt.Errorf("store: key slug %q: %w", slug, err)
	}
	if keyed.ArticleID != articleID {
		return fmt.Errorf("store: slug %q is taken: %w", slug, ErrDuplicate)
	}
	return nil
}

// saveIndexed writes doc's fields and bumps its version in one
// single-document update, queued for the search index.
func (s *Store) saveIndexed(ctx context.Context, kind Kind, id string, doc any) error {
	fields, err := documentFields(kind, id, doc)
	if err != nil {
		return err
	}
	return s.indexed(ctx, kind, id, func() error {
		_, err := s.write(string(kind)).UpdateOne(ctx, bson.M{"_id": id},
			bson.M{"$set": fields, "$inc": bson.M{"version": 1}}, options.Update().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("store: save %s %s: %w", kind, id, err)
		}
		return nil
	})
}

// documentFields is doc as the fields to $set; the id and the version are
// the store's to manage.
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
	return fields, nil
}

// Vacancy returns one vacancy, or ErrNotFound.
func (s *Store) Vacancy(ctx context.Context, id string) (*models.Vacancy, error) {
	return findOne[models.Vacancy](ctx, s.read(colVacancies), bson.M{"_id": id}, "vacancy "+id)
}

// VacanciesByID returns the vacancies with the given ids (those that exist).
func (s *Store) VacanciesByID(ctx context.Context, ids []string) ([]models.Vacancy, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return byIDs[models.Vacancy](ctx, s.read(colVacancies), ids, "vacancies by id")
}

// Article returns one article, or ErrNotFound.
func (s *Store) Article(ctx context.Context, id string) (*models.Article, error) {
	return findOne[models.Article](ctx, s.read(colArticles), bson.M{"_id": id}, "article")
}

// ArticleBySlug returns the article at a readable URL, or ErrNotFound.
func (s *Store) ArticleBySlug(ctx context.Context, slug string) (*models.Article, error) {
	var keyed slugKey
	err := s.read(colArticleSlugs).FindOne(ctx, bson.M{"_id": slug}).Decode(&keyed)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: slug %q: %w", slug, err)
	}
	a, err := s.Article(ctx, keyed.ArticleID)
	if err == nil && a.Slug != slug {
		return nil, ErrNotFound // keyed before a failed save of its article
	}
	return a, err
}

// ArticlesByID returns the articles with the given ids (those that exist).
func (s *Store) ArticlesByID(ctx context.Context, ids []string) ([]models.Article, error) {
	return byIDs[models.Article](ctx, s.read(colArticles), ids, "articles by id")
}

// CloseExpiredVacancies closes those of the given vacancies (the open ones,
// as the search index lists them) whose closing date has passed: they close
// at the end of that day. Each is read by _id and queued for the index.
func (s *Store) CloseExpiredVacancies(ctx context.Context, ids []string, now time.Time) (int64, error) {
	startOfToday := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	vacancies, err := s.VacanciesByID(ctx, ids)
	if err != nil {
		return 0, err
	}
	var closed int64
	for _, v := range vacancies {
		if v.Status != models.VacancyOpen || v.ClosesAt == nil || !v.ClosesAt.Before(startOfToday) {
			continue
		}
		err := s.indexed(ctx, KindVacancy, v.ID, func() error {
			_, err := modify(ctx, s, colVacancies, v.ID, false, func(v *models.Vacancy) (bson.M, error) {
				if v.Status != models.VacancyOpen {
					return nil, errNoChange
				}
				return bson.M{"$set": bson.M{"status": models.VacancyClosed}}, nil
			})
			return err
		})
		if err != nil {
			return closed, fmt.Errorf("store: close expired vacancy %s: %w", v.ID, err)
		}
		closed++
	}
	return closed, nil
}
