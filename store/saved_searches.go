package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/talentcommunity/portal/models"
)

// savedSearches are one recruiter's saved talent searches, on one document
// keyed by them.
type savedSearches struct {
	ID       string               `bson:"_id"`
	Searches []models.SavedSearch `bson:"searches"`
}

// SavedSearches returns a recruiter's saved searches, in the order saved.
func (s *Store) SavedSearches(ctx context.Context, recruiterID string) ([]models.SavedSearch, error) {
	doc, err := findOne[savedSearches](ctx, s.read(colSavedSearches), bson.M{"_id": recruiterID}, "saved searches")
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return doc.Searches, nil
}

// SaveSearch keeps a search under its name (a search of the same name is
// replaced), looked at now.
func (s *Store) SaveSearch(ctx context.Context, recruiterID string, ss models.SavedSearch) error {
	return s.changeSavedSearches(ctx, recruiterID, func(list []models.SavedSearch) ([]models.SavedSearch, error) {
		if i := slices.IndexFunc(list, func(o models.SavedSearch) bool { return o.Name == ss.Name }); i >= 0 {
			ss.ID = list[i].ID
			list[i] = ss
			return list, nil
		}
		if len(list) >= models.MaxSavedSearches {
			return nil, models.ErrLimit
		}
		return append(list, ss), nil
	})
}

// LookedAtSearch records that a recruiter opened a saved search.
func (s *Store) LookedAtSearch(ctx context.Context, recruiterID, id string, at time.Time) error {
	return s.changeSavedSearches(ctx, recruiterID, func(list []models.SavedSearch) ([]models.SavedSearch, error) {
		i := slices.IndexFunc(list, func(o models.SavedSearch) bool { return o.ID == id })
		if i < 0 {
			return nil, errNoChange
		}
		list[i].LookedAt = at
		return list, nil
	})
}

// DeleteSavedSearch forgets a saved search.
func (s *Store) DeleteSavedSearch(ctx context.Context, recruiterID, id string) error {
	return s.changeSavedSearches(ctx, recruiterID, func(list []models.SavedSearch) ([]models.SavedSearch, error) {
		return slices.DeleteFunc(list, func(o models.SavedSearch) bool { return o.ID == id }), nil
	})
}

func (s *Store) changeSavedSearches(ctx context.Context, recruiterID string, change func([]models.SavedSearch) ([]models.SavedSearch, error)) error {
	_, err := modify(ctx, s, colSavedSearches, recruiterID, true, func(doc *savedSearches) (bson.M, error) {
		var list []models.SavedSearch
		if doc != nil {
			list = doc.Searches
		}
		list, err := change(list)
		if err != nil {
			return nil, err
		}
		return bson.M{"$set": bson.M{"searches": list}}, nil
	})
	if err != nil && !errors.Is(err, models.ErrLimit) {
		return fmt.Errorf("store: saved searches of %s: %w", recruiterID, err)
	}
	return err
}
