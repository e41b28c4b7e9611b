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

// settingsBrand is the settings document that holds the community's brand.
const settingsBrand = "brand"

// brandFresh is how long a read brand is used before it is read again:
// every page and mail asks for it, and another instance's change shows
// within this time, without a restart.
const brandFresh = 5 * time.Second

type cachedBrand struct {
	brand models.Brand
	read  time.Time
}

type brandDoc struct {
	ID           string `bson:"_id"`
	models.Brand `bson:",inline"`
}

// Brand is the community's brand: what an admin set, or the default.
func (s *Store) Brand(ctx context.Context) (models.Brand, error) {
	if c := s.brand.Load(); c != nil && time.Since(c.read) < brandFresh {
		return c.brand, nil
	}
	var d brandDoc
	err := s.read(colSettings).FindOne(ctx, bson.M{"_id": settingsBrand}).Decode(&d)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		d.Brand = models.DefaultBrand()
	case err != nil:
		return models.DefaultBrand(), fmt.Errorf("store: read the brand: %w", err)
	}
	s.brand.Store(&cachedBrand{brand: d.Brand, read: time.Now()})
	return d.Brand, nil
}

// SaveBrand changes the brand as stored now (not as a cache up to 5 s old
// holds it: an admin's new logo must not be undone by another's text
// change on another instance) and stores it; its version moves on, so
// browsers fetch the new logo and colours. (Who saved it is not kept: the
// settings hold nothing about a person.)
func (s *Store) SaveBrand(ctx context.Context, change func(*models.Brand)) (models.Brand, error) {
	s.brand.Store(nil) // read the latest version, not a cached one
	b, err := s.Brand(ctx)
	if err != nil {
		return b, err
	}
	current := b
	change(&b)
	b.Version = max(current.Version, time.Now().UnixMilli()-1) + 1
	b.UpdatedAt = time.Now().UTC()
	_, err = s.write(colSettings).ReplaceOne(ctx, bson.M{"_id": settingsBrand}, brandDoc{ID: settingsBrand, Brand: b}, options.Replace().SetUpsert(true))
	if err != nil {
		return b, fmt.Errorf("store: save the brand: %w", err)
	}
	s.brand.Store(&cachedBrand{brand: b, read: time.Now()})
	return b, nil
}
