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

// The recruiters' referral page lists the newest members who came in through
// a link, with what they did since. Finding them among the conversions would
// scan a collection that grows with the community, so each conversion is also
// noted, by _id, on one stats document that keeps the newest sign-ups.

// statsReferred is the stats document with the newest referred members.
const statsReferred = "referred"

// referredKept is how many referred members it keeps (the page shows them all).
const referredKept = 100

// ReferredMember is a member who came in through a link, and the kinds of
// conversion they made since (joined, interested, hired).
type ReferredMember struct {
	ReferredID string    `bson:"referred_id"`
	ReferrerID string    `bson:"referrer_id"`
	Code       string    `bson:"code"`
	TargetKind string    `bson:"target_kind"`
	At         time.Time `bson:"at"`
	Did        []string  `bson:"did,omitempty"`
}

// recentReferred is the stats document: newest sign-up first.
type recentReferred struct {
	Members []ReferredMember `bson:"members"`
}

// RecentReferred returns the newest members who came in through a link.
func (s *Store) RecentReferred(ctx context.Context) ([]ReferredMember, error) {
	var r recentReferred
	err := s.read(colStats).FindOne(ctx, bson.M{"_id": statsReferred}).Decode(&r)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return nil, fmt.Errorf("store: referred members: %w", err)
	}
	return r.Members, nil
}

// noteConversion adds a new conversion to the referred members: a sign-up
// as the newest, anything else to the member who signed up through the same
// link (if they are still among the newest).
func (s *Store) noteConversion(ctx context.Context, c models.ReferralConversion) error {
	_, err := modify(ctx, s, colStats, statsReferred, true, func(r *recentReferred) (bson.M, error) {
		var members []ReferredMember
		if r != nil {
			members = slices.Clone(r.Members)
		}
		members, changed := addConversion(members, c)
		if !changed {
			return nil, errNoChange
		}
		return bson.M{"$set": bson.M{"members": keepNewestReferred(members)}}, nil
	})
	if err != nil {
		return fmt.Errorf("store: note referral conversion: %w", err)
	}
	return nil
}

// addConversion adds c to members (newest sign-up first) and says whether
// anything changed.
func addConversion(members []ReferredMember, c models.ReferralConversion) ([]ReferredMember, bool) {
	i := slices.IndexFunc(members, func(m ReferredMember) bool { return m.ReferredID == c.ReferredID && m.Code == c.Code })
	if c.Kind == models.ConversionSignUp {
		if i >= 0 {
			return members, false
		}
		return append(members, ReferredMember{ReferredID: c.ReferredID, ReferrerID: c.ReferrerID, Code: c.Code,
			TargetKind: c.TargetKind, At: c.At}), true
	}
	if i < 0 || slices.Contains(members[i].Did, c.Kind) {
		return members, false
	}
	members[i].Did = append(slices.Clone(members[i].Did), c.Kind)
	return members, true
}

// keepNewestReferred orders referred members newest first and keeps referredKept.
func keepNewestReferred(members []ReferredMember) []ReferredMember {
	slices.SortStableFunc(members, func(a, b ReferredMember) int { return b.At.Compare(a.At) })
	return members[:min(len(members), referredKept)]
}

// forgetReferred takes an erased member off the list, as referred or referrer.
func (s *Store) forgetReferred(ctx context.Context, userID string) error {
	_, err := modify(ctx, s, colStats, statsReferred, false, func(r *recentReferred) (bson.M, error) {
		kept := slices.DeleteFunc(slices.Clone(r.Members), func(m ReferredMember) bool {
			return m.ReferredID == userID || m.ReferrerID == userID
		})
		if len(kept) == len(r.Members) {
			return nil, errNoChange
		}
		return bson.M{"$set": bson.M{"members": kept}}, nil
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("store: forget referred member: %w", err)
	}
	return nil
}

// RebuildRecentReferred lists the newest referred members again from every
// conversion: once, for data from before the list existed. It reads the
// conversions whole, as a rebuild must.
func (s *Store) RebuildRecentReferred(ctx context.Context) error {
	var conversions []models.ReferralConversion
	err := each(ctx, s.read(colReferralConversions), bulkBatch, func(cs []models.ReferralConversion) error {
		conversions = append(conversions, cs...)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: rebuild referred members: %w", err)
	}
	// Sign-ups first, so that what a member did later finds them.
	var members []ReferredMember
	for _, signUps := range []bool{true, false} {
		for _, c := range conversions {
			if (c.Kind == models.ConversionSignUp) == signUps {
				members, _ = addConversion(members, c)
			}
		}
	}
	_, err = s.write(colStats).UpdateOne(ctx, bson.M{"_id": statsReferred},
		bson.M{"$set": bson.M{"members": keepNewestReferred(members)}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: rebuild referred members: %w", err)
	}
	return nil
}
