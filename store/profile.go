package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// ErrConflict is returned when a profile kept changing under a modification.
var ErrConflict = errors.New("store: profile changed concurrently")

// ModifyProfile applies change to the user's profile and writes it back, but
// only if nobody wrote in between (optimistic concurrency on the version):
// two tabs adding a skill each both keep theirs. The write also flags the
// profile for the talent index. change must not do I/O: it may run again.
func (s *Store) ModifyProfile(ctx context.Context, id string, change func(u *models.User) error) (*models.User, error) {
	for attempt := 0; attempt < 20; attempt++ {
		u, err := s.User(ctx, id)
		if err != nil {
			return nil, err
		}
		version := u.Version
		if err := change(u); err != nil {
			return nil, err
		}
		update := bson.M{
			"$set": bson.M{
				"headline": u.Headline, "city": u.City, "country": u.Country, "seniority": u.Seniority,
				"linkedin_url": u.LinkedInURL, "skills": u.Skills, "interests": u.Interests,
				"availability": u.Availability, "preferences": u.Preferences, "contact": u.Contact,
				"milestones": u.Milestones, "positions": u.Positions, "education": u.Education,
				"consents": u.Consents, "consent_history": u.ConsentHistory, "onboarding": u.Onboarding,
				"not_for_me":    u.NotForMe,
				"index_pending": true,
			},
			"$inc": bson.M{"version": 1},
		}
		var out models.User
		err = s.w.Collection(colUsers).FindOneAndUpdate(ctx, bson.M{"_id": id, "version": version}, update,
			options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&out)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue // changed (or deleted) since we read it: read again
		}
		if err != nil {
			return nil, fmt.Errorf("store: modify profile %s: %w", id, err)
		}
		return &out, nil
	}
	return nil, ErrConflict
}

// PendingUsers returns users whose profile changed since the talent index saw it.
func (s *Store) PendingUsers(ctx context.Context, limit int) ([]models.User, error) {
	return pending[models.User](ctx, s, colUsers, limit)
}

// MarkUserIndexed clears the pending flag of the version that was indexed.
func (s *Store) MarkUserIndexed(ctx context.Context, id string, version int64) error {
	return s.markIndexed(ctx, colUsers, id, version)
}
