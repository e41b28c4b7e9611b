package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// An identity leads from what a person is known by (an address, a LinkedIn
// profile, a sign-in) to their one document, keyed by that key: an import
// matches a row, and a sign-in finds the person, with reads by _id. The
// keys are listed on the member's document too (User.Identities), so
// export and erasure find them.
type identity struct {
	ID     string `bson:"_id"`
	UserID string `bson:"user_id"`
}

// IdentityOwner is the person a key leads to ("" for nobody).
func (s *Store) IdentityOwner(ctx context.Context, key string) (string, error) {
	id, err := findOne[identity](ctx, s.write(colIdentities), bson.M{"_id": key}, "identity")
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return id.UserID, nil
}

// addIdentities leads keys to userID and lists them on the person; a key
// that already leads to someone keeps them (the first person it named).
func (s *Store) addIdentities(ctx context.Context, userID string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	for _, k := range keys {
		_, err := s.write(colIdentities).UpdateOne(ctx, bson.M{"_id": k},
			bson.M{"$setOnInsert": bson.M{"user_id": userID}}, options.Update().SetUpsert(true))
		if err != nil && !isDuplicate(err) {
			return fmt.Errorf("store: identity: %w", err)
		}
	}
	_, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": userID}, bson.M{"$addToSet": bson.M{"identities": bson.M{"$each": keys}}})
	if err != nil {
		return fmt.Errorf("store: identities of %s: %w", userID, err)
	}
	return nil
}

// insertIdentities writes many new identities at once; those that exist
// already keep the person they lead to.
func (s *Store) insertIdentities(ctx context.Context, ids []identity) error {
	if len(ids) == 0 {
		return nil
	}
	docs := make([]any, len(ids))
	for i := range ids {
		docs[i] = ids[i]
	}
	_, err := s.write(colIdentities).InsertMany(ctx, docs)
	return onlyDuplicates(err, "identities")
}

// onlyDuplicates passes an unordered InsertMany whose only failures were
// documents that exist already (a batch written again after a restart).
func onlyDuplicates(err error, what string) error {
	if err == nil {
		return nil
	}
	var bulk mongo.BulkWriteException
	if errors.As(err, &bulk) && bulk.WriteConcernError == nil {
		for _, we := range bulk.WriteErrors {
			if we.Code != 11000 && !isDuplicate(errors.New(we.Message)) {
				return fmt.Errorf("store: insert %s: %w", what, err)
			}
		}
		return nil
	}
	if isDuplicate(err) {
		return nil
	}
	return fmt.Errorf("store: insert %s: %w", what, err)
}

// identityKeysOf are the keys a member is known by: their address, their
// LinkedIn profile, their sign-in.
func identityKeysOf(u *models.User) []string {
	keys := []string{models.SignInKey(u.ID)}
	if e, ok := models.NormalEmail(u.Email); ok {
		keys = append(keys, models.EmailKey(e))
	}
	if l, ok := models.NormalLinkedIn(u.LinkedInURL); ok {
		keys = append(keys, models.LinkedInKey(l))
	}
	return keys
}

// missingIdentities are the keys of u not listed on it yet.
func missingIdentities(u *models.User) []string {
	var out []string
	for _, k := range identityKeysOf(u) {
		if !slices.Contains(u.Identities, k) {
			out = append(out, k)
		}
	}
	return out
}

// migrateIdentities leads every member's address, profile and sign-in to
// them, for members from before identities existed.
func migrateIdentities(ctx context.Context, s *Store) error {
	return each(ctx, s.read(colUsers), bulkBatch, func(users []models.User) error {
		for i := range users {
			if err := s.addIdentities(ctx, users[i].ID, missingIdentities(&users[i])); err != nil {
				return err
			}
		}
		return nil
	})
}

// suppression remembers that someone asked to be removed, by a keyed hash
// of what they were known by: not their address itself.
type suppression struct {
	ID string    `bson:"_id"`
	At time.Time `bson:"at"`
}

// Suppress remembers keyed hashes of a person who objected, so no later
// import brings them back.
func (s *Store) Suppress(ctx context.Context, hashes []string, now time.Time) error {
	for _, h := range hashes {
		_, err := s.write(colSuppressions).UpdateOne(ctx, bson.M{"_id": h},
			bson.M{"$setOnInsert": bson.M{"at": now}}, options.Update().SetUpsert(true))
		if err != nil && !isDuplicate(err) {
			return fmt.Errorf("store: suppress: %w", err)
		}
	}
	return nil
}

// Suppressed reports whether any of the hashes is remembered.
func (s *Store) Suppressed(ctx context.Context, hashes []string) (bool, error) {
	for _, h := range hashes {
		_, err := findOne[suppression](ctx, s.read(colSuppressions), bson.M{"_id": h}, "suppression")
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, ErrNotFound) {
			return false, err
		}
	}
	return false, nil
}
