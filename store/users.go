package store

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// User returns the user with the given id, or ErrNotFound.
func (s *Store) User(ctx context.Context, id string) (*models.User, error) {
	return findOne[models.User](ctx, s.read(colUsers), bson.M{"_id": id}, "user "+id)
}

// SignInUser creates or updates the user an identity provider vouched for,
// adds the roles granted (never removes one an admin gave), counts the sign-in
// and returns the user as stored. It is one atomic upsert, so a first sign-in
// racing a second one cannot create two users. A real person never enters a
// demo database, nor a demo account a real one: that fails with ErrWrongMode
// and writes nothing (the first sign-in of an empty database decides it).
func (s *Store) SignInUser(ctx context.Context, u models.User, grant []models.Role, now time.Time) (*models.User, error) {
	if err := s.requireMode(ctx, models.ModeOf(u.Provider), "sign-in through "+u.Provider); err != nil {
		return nil, err
	}
	now = now.UTC().Truncate(time.Millisecond) // as stored: created_at then tells an insert
	signIn := u.ID
	joining, err := s.signInTarget(ctx, &u)
	if err != nil {
		return nil, fmt.Errorf("store: sign in %s: %w", signIn, err)
	}
	roles := append([]models.Role{models.RoleCandidate}, grant...)
	set := bson.M{
		"provider":        u.Provider,
		"subject":         u.Subject,
		"name":            u.Name,
		"given_name":      u.GivenName,
		"family_name":     u.FamilyName,
		"email":           u.Email,
		"email_verified":  u.EmailVerified,
		"picture":         u.Picture,
		"last_sign_in_at": now,
	}
	setOnInsert := bson.M{"created_at": now, "onboarding": models.Onboarding{Step: 1}}
	if u.Locale != "" {
		setOnInsert["locale"] = u.Locale
	}
	if u.Country != "" {
		setOnInsert["country"] = u.Country
	}
	if joining {
		// The prospect becomes the member: one person, one history.
		set["origin.joined_at"] = now
		set["onboarding.step"] = 1
	}
	update := bson.M{
		"$set":         set,
		"$setOnInsert": setOnInsert,
		"$addToSet":    bson.M{"roles": bson.M{"$each": roles}},
		"$inc":         bson.M{"sign_in_count": 1, "version": 1},
	}
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	var out models.User
	// A visible profile shows the new name: the write is queued for the index.
	err = s.indexed(ctx, KindUser, u.ID, func() error {
		err := s.write(colUsers).FindOneAndUpdate(ctx, bson.M{"_id": u.ID}, update, opts).Decode(&out)
		if isDuplicate(err) {
			// Two first sign-ins raced and both tried to insert; the loser updates.
			err = s.write(colUsers).FindOneAndUpdate(ctx, bson.M{"_id": u.ID}, update, opts).Decode(&out)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: sign in user %s: %w", u.ID, err)
	}
	// A new member is one this sign-in created: a seeded member's first
	// sign-in (the demo's accounts) was counted when it was seeded.
	if joining || out.SignInCount == 1 && out.CreatedAt.Equal(now) {
		if err := s.countMembers(ctx, 1); err != nil {
			return nil, err
		}
	}
	if joining {
		if err := s.CountImportFunnel(ctx, out.Origin.First().ID, "joined"); err != nil {
			return nil, err
		}
	}
	keys := missingIdentities(&out)
	if signIn != out.ID {
		keys = append(keys, models.SignInKey(signIn))
	}
	if err := s.addIdentities(ctx, out.ID, keys); err != nil {
		return nil, err
	}
	return &out, nil
}

// signInTarget finds the person a sign-in is: the one this sign-in was
// linked to before, else the one its verified address leads to (a
// prospect who joins, or a member who signed in another way first). It
// sets u.ID to them and reports whether a prospect is joining.
func (s *Store) signInTarget(ctx context.Context, u *models.User) (joining bool, err error) {
	owner, err := s.IdentityOwner(ctx, models.SignInKey(u.ID))
	if err != nil {
		return false, err
	}
	if owner == "" && u.EmailVerified {
		if e, ok := models.NormalEmail(u.Email); ok {
			if owner, err = s.IdentityOwner(ctx, models.EmailKey(e)); err != nil {
				return false, err
			}
		}
	}
	if owner == "" || owner == u.ID {
		return false, nil
	}
	target, err := s.User(ctx, owner)
	if errors.Is(err, ErrNotFound) {
		return false, nil // erased since: a new member
	}
	if err != nil {
		return false, err
	}
	u.ID = owner
	return target.IsProspect(), nil
}

// SaveUser writes a whole user, replacing what was there (used by the
// seeder, after it made the database a demo), except what the store keeps on the member about other documents:
// the events they joined and their referral links and totals.
func (s *Store) SaveUser(ctx context.Context, u models.User) error {
	if old, err := findOne[models.User](ctx, s.write(colUsers), bson.M{"_id": u.ID}, "user"); err == nil {
		u.Events, u.ReferralLinks, u.ReferralTotals = old.Events, old.ReferralLinks, old.ReferralTotals
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	var res *mongo.UpdateResult
	err := s.indexed(ctx, KindUser, u.ID, func() error {
		var err error
		res, err = s.write(colUsers).ReplaceOne(ctx, bson.M{"_id": u.ID}, u, options.Replace().SetUpsert(true))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: save user %s: %w", u.ID, err)
	}
	if res.UpsertedCount == 1 {
		return s.countMembers(ctx, 1)
	}
	return nil
}

// SetUserLocale remembers the language a user chose, for pages and mail.
func (s *Store) SetUserLocale(ctx context.Context, id, locale string) error {
	_, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"locale": locale}})
	if err != nil {
		return fmt.Errorf("store: set locale of %s: %w", id, err)
	}
	return nil
}

// SetUserRole grants or revokes one role.
func (s *Store) SetUserRole(ctx context.Context, id string, role models.Role, granted bool) (*models.User, error) {
	op := "$pull"
	if granted {
		op = "$addToSet"
	}
	opts := options.FindOneAndUpdate().SetReturnDocument(options.After)
	var out models.User
	// Queued for the index: the admins' member list filters by role.
	err := s.indexed(ctx, KindUser, id, func() error {
		err := s.write(colUsers).FindOneAndUpdate(ctx, bson.M{"_id": id}, bson.M{op: bson.M{"roles": role}, "$inc": bson.M{"version": 1}}, opts).Decode(&out)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: set role %s of %s: %w", role, id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// CountUsers counts every member, from a counter kept as members join and
// leave (counting the collection would read all of it).
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	return s.statsCounter(ctx, statsMembers, "count")
}

// statsCounter reads one counter of a stats document (0 while there is none).
func (s *Store) statsCounter(ctx context.Context, doc, field string) (int64, error) {
	raw, err := s.read(colStats).FindOne(ctx, bson.M{"_id": doc}).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: %s %s: %w", doc, field, err)
	}
	v, ok := raw.Lookup(field).AsInt64OK()
	if !ok {
		return 0, nil
	}
	return v, nil
}

// statsMembers is the stats document with the member counts.
const statsMembers = "members"

// countMembers adds delta to the member count.
func (s *Store) countMembers(ctx context.Context, delta int64) error {
	return s.addToCounter(ctx, statsMembers, "count", delta)
}

// addToCounter adds delta to one counter of a stats document.
func (s *Store) addToCounter(ctx context.Context, doc, field string, delta int64) error {
	_, err := s.write(colStats).UpdateOne(ctx, bson.M{"_id": doc},
		bson.M{"$inc": bson.M{field: delta}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: %s %s: %w", doc, field, err)
	}
	return nil
}

// calendarFeed keys a calendar feed's secret to its member, so the feed is
// found by _id (calendar apps ask for it every hour or so).
type calendarFeed struct {
	Token  string `bson:"_id"`
	UserID string `bson:"user_id"`
}

// SetCalendarToken gives a member's calendar feed a new secret address; the
// old one stops working.
func (s *Store) SetCalendarToken(ctx context.Context, userID, token string) error {
	u, err := s.User(ctx, userID)
	if err != nil {
		return err
	}
	if _, err := s.write(colCalendarFeeds).InsertOne(ctx, calendarFeed{Token: token, UserID: userID}); err != nil {
		return fmt.Errorf("store: calendar token: %w", err)
	}
	if _, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": userID}, bson.M{"$set": bson.M{"calendar_token": token}}); err != nil {
		return fmt.Errorf("store: calendar token: %w", err)
	}
	if u.CalendarToken != "" {
		if _, err := s.write(colCalendarFeeds).DeleteOne(ctx, bson.M{"_id": u.CalendarToken}); err != nil {
			return fmt.Errorf("store: retire calendar token: %w", err)
		}
	}
	return nil
}

// UserByCalendarToken finds the member whose calendar feed has this secret.
// The member's own document must still name it: an address retired while
// its feed document was being removed does not work either.
func (s *Store) UserByCalendarToken(ctx context.Context, token string) (*models.User, error) {
	if token == "" {
		return nil, ErrNotFound
	}
	feed, err := findOne[calendarFeed](ctx, s.read(colCalendarFeeds), bson.M{"_id": token}, "calendar feed")
	if err != nil {
		return nil, err
	}
	u, err := s.User(ctx, feed.UserID)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(u.CalendarToken), []byte(token)) != 1 {
		return nil, ErrNotFound
	}
	return u, nil
}
