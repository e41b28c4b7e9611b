package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// The referral funnel and the leaderboard add up every link. Reading every
// link per request would scan a collection that grows with the community, so
// each count a link gets is also added where those pages read it: to the
// referrer's own document, and to one stats document with the totals per
// target and the referrers with the highest scores.

// statsReferrals is the stats document with the referral summary.
const statsReferrals = "referrals"

// leadersKept is how many of the highest-scoring referrers the summary keeps:
// the leaderboard shows 20 of them who chose to appear on it.
const leadersKept = 100

// ReferralSummary is every referral link added up.
type ReferralSummary struct {
	Totals  models.ReferralCounts   `bson:"totals"`
	Targets map[string]TargetTotals `bson:"targets"` // by targetKey
	Leaders []Leader                `bson:"leaders"` // highest score first
}

// TargetTotals is every link to one target added up.
type TargetTotals struct {
	Kind   string                `bson:"kind"`
	ID     string                `bson:"id,omitempty"`
	Title  string                `bson:"title,omitempty"`
	Counts models.ReferralCounts `bson:"counts"`
}

// Leader is a referrer and their score.
type Leader struct {
	ID    string `bson:"id"`
	Score int    `bson:"score"`
}

// targetKey names a target in the summary (no dots: it is a field name).
func targetKey(kind, id string) string { return kind + "|" + id }

// ReferralSummary reads the summary (empty while no link counted anything).
func (s *Store) ReferralSummary(ctx context.Context) (ReferralSummary, error) {
	var sum ReferralSummary
	err := s.read(colStats).FindOne(ctx, bson.M{"_id": statsReferrals}).Decode(&sum)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return sum, fmt.Errorf("store: referral summary: %w", err)
	}
	return sum, nil
}

// countReferral adds one to a counter of a link (clicks, signups, …), of its
// referrer and of the summary, each by _id.
func (s *Store) countReferral(ctx context.Context, code, field string) error {
	var l models.ReferralLink
	err := s.write(colReferralLinks).FindOneAndUpdate(ctx, bson.M{"_id": code}, bson.M{"$inc": bson.M{field: 1}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&l)
	if err != nil {
		return fmt.Errorf("store: count referral %s: %w", field, err)
	}
	var referrer models.User
	err = s.write(colUsers).FindOneAndUpdate(ctx, bson.M{"_id": l.ReferrerID}, bson.M{"$inc": bson.M{"referral_totals." + field: 1}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&referrer)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) { // a link of an erased member counts for the totals only
		return fmt.Errorf("store: count referral %s for the referrer: %w", field, err)
	}
	target := "targets." + targetKey(l.TargetKind, l.TargetID)
	_, err = s.write(colStats).UpdateOne(ctx, bson.M{"_id": statsReferrals}, bson.M{
		"$inc": bson.M{"totals." + field: 1, target + ".counts." + field: 1},
		"$set": bson.M{target + ".kind": l.TargetKind, target + ".id": l.TargetID, target + ".title": l.TargetTitle},
	}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: referral summary: %w", err)
	}
	if referrer.ID == "" || field == "clicks" { // a click does not change the score
		return nil
	}
	return s.rankReferrer(ctx, Leader{ID: referrer.ID, Score: referrer.ReferralTotals.Score()})
}

// rankReferrer puts a referrer's new score into the leaders, if it ranks; a
// score of 0 takes them out (an erased member).
func (s *Store) rankReferrer(ctx context.Context, l Leader) error {
	_, err := modify(ctx, s, colStats, statsReferrals, true, func(sum *ReferralSummary) (bson.M, error) {
		var leaders []Leader
		if sum != nil {
			leaders = slices.DeleteFunc(slices.Clone(sum.Leaders), func(x Leader) bool { return x.ID == l.ID })
		}
		if l.Score > 0 {
			leaders = append(leaders, l)
		}
		leaders = rankLeaders(leaders)
		if sum != nil && slices.Equal(leaders, sum.Leaders) {
			return nil, errNoChange
		}
		return bson.M{"$set": bson.M{"leaders": leaders}}, nil
	})
	if err != nil {
		return fmt.Errorf("store: rank referrer: %w", err)
	}
	return nil
}

// rankLeaders orders referrers by score (then id, for a stable order) and
// keeps the first leadersKept.
func rankLeaders(leaders []Leader) []Leader {
	slices.SortFunc(leaders, func(a, b Leader) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return leaders[:min(len(leaders), leadersKept)]
}

// RebuildReferralSummary adds up every link again, into the referrers'
// totals and the summary: once, for data from before the summary existed
// and after a bulk seed. It reads the links whole, as a rebuild must.
func (s *Store) RebuildReferralSummary(ctx context.Context) error {
	sum := ReferralSummary{Targets: map[string]TargetTotals{}}
	byReferrer := map[string]models.ReferralCounts{}
	err := each(ctx, s.read(colReferralLinks), bulkBatch, func(links []models.ReferralLink) error {
		for _, l := range links {
			sum.Totals.Add(l.ReferralCounts)
			key := targetKey(l.TargetKind, l.TargetID)
			t := sum.Targets[key]
			t.Kind, t.ID, t.Title = l.TargetKind, l.TargetID, l.TargetTitle
			t.Counts.Add(l.ReferralCounts)
			sum.Targets[key] = t
			r := byReferrer[l.ReferrerID]
			r.Add(l.ReferralCounts)
			byReferrer[l.ReferrerID] = r
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: rebuild referral summary: %w", err)
	}
	for id, totals := range byReferrer {
		res, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"referral_totals": totals}})
		if err != nil {
			return fmt.Errorf("store: rebuild referral totals: %w", err)
		}
		if res.MatchedCount > 0 && totals.Score() > 0 {
			sum.Leaders = append(sum.Leaders, Leader{ID: id, Score: totals.Score()})
		}
	}
	sum.Leaders = rankLeaders(sum.Leaders)
	_, err = s.write(colStats).UpdateOne(ctx, bson.M{"_id": statsReferrals},
		bson.M{"$set": bson.M{"totals": sum.Totals, "targets": sum.Targets, "leaders": sum.Leaders}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: rebuild referral summary: %w", err)
	}
	return nil
}
