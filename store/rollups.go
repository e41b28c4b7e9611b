package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// The insights read rollups: one document per month, keyed "2026-11",
// holding each metric's counts per day and key. A year of every metric is
// 13 reads by _id, whatever the size of the community; the collection grows
// with months, not members. (One document per metric and month was 117
// reads for a year, and FerretDB's cost per query made that the page's
// largest part.)

type rollupDoc struct {
	ID string `bson:"_id"`
	// Metrics: metric → "d02" → escaped key → count.
	Metrics map[string]map[string]map[string]int `bson:"m"`
}

func rollupID(t time.Time) string { return t.UTC().Format("2006-01") }

// dayField names a day inside its month's document. The letter keeps it
// from reading as an array index.
func dayField(t time.Time) string { return "d" + t.UTC().Format("02") }

// keyEscaper keeps a key (a recruiter's id may hold a dot) from reading as
// a field path.
var (
	keyEscaper   = strings.NewReplacer("%", "%25", ".", "%2E", "$", "%24")
	keyUnescaper = strings.NewReplacer("%2E", ".", "%24", "$", "%25", "%")
)

// Tally adds counts to the rollups: one write per month.
func (s *Store) Tally(ctx context.Context, tallies ...models.Tally) error {
	incs := map[string]bson.M{}
	for _, t := range tallies {
		if t.N == 0 {
			continue
		}
		id := rollupID(t.At)
		if incs[id] == nil {
			incs[id] = bson.M{}
		}
		f := "m." + t.Metric + "." + dayField(t.At) + "." + keyEscaper.Replace(t.Key)
		n, _ := incs[id][f].(int)
		incs[id][f] = n + t.N
	}
	for _, id := range slices.Sorted(maps.Keys(incs)) {
		_, err := s.write(colRollups).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$inc": incs[id]}, options.Update().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("store: tally %s: %w", id, err)
		}
	}
	return nil
}

// SetRollupDay replaces one day of a snapshot metric (members per tier).
func (s *Store) SetRollupDay(ctx context.Context, metric string, day time.Time, counts map[string]int) error {
	escaped := make(map[string]int, len(counts))
	for k, n := range counts {
		escaped[keyEscaper.Replace(k)] = n
	}
	_, err := s.write(colRollups).UpdateOne(ctx, bson.M{"_id": rollupID(day)},
		bson.M{"$set": bson.M{"m." + metric + "." + dayField(day): escaped}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: set %s on %s: %w", metric, day.Format(time.DateOnly), err)
	}
	return nil
}

// Rollups reads every metric's days from the month of from to the month
// of to: metric → its days.
func (s *Store) Rollups(ctx context.Context, from, to time.Time) (map[string]models.Days, error) {
	out := map[string]models.Days{}
	for m := monthOf(from); !m.After(to); m = m.AddDate(0, 1, 0) {
		d, err := sharedByID[rollupDoc](ctx, s.read(colRollups), rollupID(m), "rollups")
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for metric, days := range d.Metrics {
			if out[metric] == nil {
				out[metric] = models.Days{}
			}
			for day, counts := range days {
				date := m.Format("2006-01-") + strings.TrimPrefix(day, "d")
				unescaped := make(map[string]int, len(counts))
				for k, n := range counts {
					unescaped[keyUnescaper.Replace(k)] = n
				}
				out[metric][date] = unescaped
			}
		}
	}
	return out, nil
}

func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// forgetInRollups moves an erased person's counts (as a recruiter, by
// their id) to models.FormerRecruiter: the team's figures stay whole and
// nothing names them. The rollups grow with months, so reading them all
// is cheap; each month is one update, which concurrent tallies cannot undo.
func (s *Store) forgetInRollups(ctx context.Context, userID string) error {
	key := keyEscaper.Replace(userID)
	return each(ctx, s.read(colRollups), 100, func(docs []rollupDoc) error {
		for _, d := range docs {
			unset, inc := bson.M{}, bson.M{}
			for metric, days := range d.Metrics {
				for day, counts := range days {
					if n, ok := counts[key]; ok {
						unset["m."+metric+"."+day+"."+key] = ""
						inc["m."+metric+"."+day+"."+models.FormerRecruiter] = n
					}
				}
			}
			if len(unset) == 0 {
				continue
			}
			if _, err := s.write(colRollups).UpdateOne(ctx, bson.M{"_id": d.ID}, bson.M{"$unset": unset, "$inc": inc}); err != nil {
				return fmt.Errorf("store: forget %s in rollups: %w", d.ID, err)
			}
		}
		return nil
	})
}

// tallyFresh counts what a change of a relationship added to its timeline
// (see ChangeRelationship), and a vacancy's first interested member.
func (s *Store) tallyFresh(ctx context.Context, tallies []models.Tally, fresh []models.Touchpoint) error {
	for _, tp := range fresh {
		if tp.Kind != models.KindInterestExpressed || tp.VacancyID == "" {
			continue
		}
		first, err := s.firstInterest(ctx, tp.VacancyID, tp.At)
		if err != nil {
			return err
		}
		tallies = append(tallies, first...)
	}
	return s.Tally(ctx, tallies...)
}

// firstInterest counts how long after its publication a vacancy found its
// first interested member, once: a marker keyed by the vacancy says it did.
func (s *Store) firstInterest(ctx context.Context, vacancyID string, at time.Time) ([]models.Tally, error) {
	if first, err := s.markFirstInterest(ctx, vacancyID, at); err != nil || !first {
		return nil, err
	}
	v, err := s.Vacancy(ctx, vacancyID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []models.Tally{models.FirstInterestTally(v.PublishedAt, at)}, nil
}

// markFirstInterest records that a vacancy had its first interested member,
// and reports whether nothing had said so before.
func (s *Store) markFirstInterest(ctx context.Context, vacancyID string, at time.Time) (bool, error) {
	_, err := s.write(colFirstInterest).InsertOne(ctx, bson.M{"_id": vacancyID, "at": at})
	if isDuplicate(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: first interest in %s: %w", vacancyID, err)
	}
	return true, nil
}

// RebuildInsights counts the whole history again from what the store holds
// and replaces the rollups with it: every member's timeline replayed (see
// models.HistoryTallies), their newsletter consents, the referral clicks
// and conversions, each vacancy's first interested member. It reads every
// member once, so it runs as a migration and after seeding, not per request.
func (s *Store) RebuildInsights(ctx context.Context, now time.Time) error {
	acc := map[string]*rollupDoc{}
	add := func(ts []models.Tally) {
		for _, t := range ts {
			id := rollupID(t.At)
			d := acc[id]
			if d == nil {
				d = &rollupDoc{ID: id, Metrics: map[string]map[string]map[string]int{}}
				acc[id] = d
			}
			days := d.Metrics[t.Metric]
			if days == nil {
				days = map[string]map[string]int{}
				d.Metrics[t.Metric] = days
			}
			day := dayField(t.At)
			if days[day] == nil {
				days[day] = map[string]int{}
			}
			days[day][keyEscaper.Replace(t.Key)] += t.N
		}
	}
	// The members first, only what the replay needs of them (a few hundred
	// bytes each); then every relationship in one pass, joined to them.
	members := map[string]*models.User{}
	err := each(ctx, s.read(colUsers), bulkBatch, func(users []models.User) error {
		for i := range users {
			add(models.ConsentTallies(users[i].ConsentHistory))
			users[i].ConsentHistory = nil
			members[users[i].ID] = &users[i]
		}
		return nil
	}, "created_at", "referred_by", "consents", "contact", "consent_history", "roles")
	if err != nil {
		return fmt.Errorf("store: rebuild insights: %w", err)
	}
	firstInterest := map[string]time.Time{}
	err = each(ctx, s.read(colRelationships), 500, func(rels []models.Relationship) error {
		for i := range rels {
			u := members[rels[i].ID]
			if u == nil {
				continue // the member was erased; their relationship is on its way out
			}
			delete(members, rels[i].ID)
			add(models.HistoryTallies(u, &rels[i], now))
			for _, tp := range rels[i].Timeline {
				if tp.Kind == models.KindInterestExpressed && tp.VacancyID != "" {
					if at, ok := firstInterest[tp.VacancyID]; !ok || tp.At.Before(at) {
						firstInterest[tp.VacancyID] = tp.At
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: rebuild insights: %w", err)
	}
	for id, u := range members { // nobody has dealt with them yet
		add(models.HistoryTallies(u, &models.Relationship{ID: id}, now))
	}
	err = each(ctx, s.read(colReferralClicks), bulkBatch, func(clicks []struct {
		At time.Time `bson:"at"`
	}) error {
		for _, c := range clicks {
			add([]models.Tally{models.ClickTally(c.At)})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: rebuild insights: %w", err)
	}
	err = each(ctx, s.read(colReferralConversions), bulkBatch, func(cs []models.ReferralConversion) error {
		for _, c := range cs {
			add(models.ConversionTallies(c))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: rebuild insights: %w", err)
	}
	ids := slices.Sorted(maps.Keys(firstInterest))
	for start := 0; start < len(ids); start += bulkBatch {
		vs, err := s.VacanciesByID(ctx, ids[start:min(start+bulkBatch, len(ids))])
		if err != nil {
			return err
		}
		for _, v := range vs {
			at := firstInterest[v.ID]
			add([]models.Tally{models.FirstInterestTally(v.PublishedAt, at)})
			if _, err := s.markFirstInterest(ctx, v.ID, at); err != nil {
				return fmt.Errorf("store: rebuild insights: %w", err)
			}
		}
	}
	return s.replaceRollups(ctx, acc)
}

// replaceRollups writes the rebuilt documents and removes the others.
func (s *Store) replaceRollups(ctx context.Context, docs map[string]*rollupDoc) error {
	for _, id := range slices.Sorted(maps.Keys(docs)) {
		if _, err := s.write(colRollups).ReplaceOne(ctx, bson.M{"_id": id}, docs[id], options.Replace().SetUpsert(true)); err != nil {
			return fmt.Errorf("store: write rollup %s: %w", id, err)
		}
	}
	var stale []string
	err := each(ctx, s.read(colRollups), bulkBatch, func(have []struct {
		ID string `bson:"_id"`
	}) error {
		for _, d := range have {
			if docs[d.ID] == nil {
				stale = append(stale, d.ID)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.write(colRollups).DeleteIDs(ctx, stale)
}
