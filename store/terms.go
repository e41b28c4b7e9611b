package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// Terms returns the whole taxonomy (a few hundred small documents).
func (s *Store) Terms(ctx context.Context) ([]models.Term, error) {
	cur, err := s.read(colTerms).Find(ctx, bson.M{})
	terms, err := decodeAll[models.Term](ctx, cur, err)
	if err != nil {
		return nil, fmt.Errorf("store: terms: %w", err)
	}
	return terms, nil
}

// SaveTerm creates a term or adds aliases to an existing one.
func (s *Store) SaveTerm(ctx context.Context, t models.Term) error {
	update := bson.M{"$setOnInsert": bson.M{"kind": t.Kind, "label": t.Label}}
	if len(t.Aliases) > 0 {
		update["$addToSet"] = bson.M{"aliases": bson.M{"$each": t.Aliases}}
	}
	_, err := s.write(colTerms).UpdateOne(ctx, bson.M{"_id": t.Key}, update, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: save term %s: %w", t.Key, err)
	}
	return nil
}
