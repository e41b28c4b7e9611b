package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// personalCollection is a collection holding data about people, with the
// field that names the person. Keep documents that belong to the community
// (a vacancy a recruiter posted) lose only that field on erasure. In a List
// field the person is one id among others (who attends an event): erasure
// pulls the id out and lowers the Counter kept beside the list, if any.
// Export, when set, is all the person's export shows of these documents,
// because they also hold data about other people.
type personalCollection struct {
	Name, UserField string
	Keep, List      bool
	Counter         string
	Export          []string
}

// personalData lists every collection that refers to a person. Export and
// erasure go through this list, and a guard test fails when a collection is
// declared without being listed here or in impersonalData: a new feature
// cannot store data about people that export and delete would miss.
var personalData = []personalCollection{
	{Name: colUsers, UserField: "_id"},
	{Name: colSessions, UserField: "user_id"},
	{Name: colVacancies, UserField: "owner_id", Keep: true},
	{Name: colArticles, UserField: "author_id", Keep: true},
	{Name: colInboxes, UserField: "_id"},
	{Name: colCalendarFeeds, UserField: "user_id"},
	{Name: colTouchpoints, UserField: "candidate_id"},
	{Name: colTouchpoints, UserField: "recruiter_id", Keep: true},
	{Name: colEvents, UserField: "owner_id", Keep: true},
	{Name: colEvents, UserField: "attendees", List: true, Counter: "going", Export: eventSummary},
	{Name: colEvents, UserField: "waitlist", List: true, Export: eventSummary},
	{Name: colEvents, UserField: "checked_in", List: true, Export: eventSummary},
	{Name: colEvents, UserField: "reminded", List: true, Export: eventSummary},
	{Name: colReferralLinks, UserField: "referrer_id"},
	{Name: colReferralClicks, UserField: "referrer_id", Export: []string{"code", "day"}},
	{Name: colReferralConversions, UserField: "referrer_id", Export: conversionSummary},
	{Name: colReferralConversions, UserField: "referred_id", Export: conversionSummary},
}

// What an export shows of documents shared with other people.
var (
	eventSummary      = []string{"title", "starts_at"}
	conversionSummary = []string{"kind", "target_kind", "target_id", "at"}
)

// key names an entry in exports and counts: the collection, and the field
// when a collection refers to people in more than one way.
func (p personalCollection) key() string {
	if p.Keep || p.List || p.Export != nil {
		return p.Name + "." + p.UserField
	}
	return p.Name
}

// privacyScan is the legacy scan export and erasure still run: they find a
// person's documents by the field that names them.
const privacyScan = "privacy: a person's documents"

// impersonalData lists the collections that hold nothing about a person.
// The retired notifications are moved into inboxes at start, before anyone
// can ask for an export.
var impersonalData = []string{colArticleSlugs, colSessionExpiry, colLeases, colTerms, colIndexDeletions, colIndexQueue, colStats, colRetiredNotifications}

// PersonalCollections names every way the data refers to people, as the
// keys of ExportPerson and CountPersonData (for tests).
func PersonalCollections() []string {
	out := make([]string, len(personalData))
	for i, p := range personalData {
		out[i] = p.key()
	}
	return out
}

// ClassifiedCollections lists every collection named in the privacy lists.
func ClassifiedCollections() []string {
	out := append([]string{}, impersonalData...)
	for _, p := range personalData {
		out = append(out, p.Name)
	}
	return out
}

// CountPersonData counts what each collection still holds about a person (for tests).
func (s *Store) CountPersonData(ctx context.Context, userID string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, p := range personalData {
		n, err := s.read(p.Name).legacyScan(privacyScan).CountDocuments(ctx, bson.M{p.UserField: userID})
		if err != nil {
			return nil, fmt.Errorf("store: count %s: %w", p.Name, err)
		}
		out[p.key()] = n
	}
	return out, nil
}

// ExportPerson returns every document about a person, by collection.
func (s *Store) ExportPerson(ctx context.Context, userID string) (map[string][]bson.M, error) {
	out := map[string][]bson.M{}
	for _, p := range personalData {
		var opts *options.FindOptions
		if p.Export != nil {
			projection := bson.M{"_id": 0}
			for _, f := range p.Export {
				projection[f] = 1
			}
			opts = options.Find().SetProjection(projection)
		}
		cur, err := s.read(p.Name).legacyScan(privacyScan).Find(ctx, bson.M{p.UserField: userID}, opts)
		docs, err := decodeAll[bson.M](ctx, cur, err)
		if err != nil {
			return nil, fmt.Errorf("store: export %s: %w", p.Name, err)
		}
		out[p.key()] = docs
	}
	return out, nil
}

// ErasePerson removes every document about a person. The search documents
// to remove are recorded first, as tombstones the sync worker processes, so
// an interrupted erasure still reaches the index; every step can be run again.
// Only an anonymous count of erased members is kept.
func (s *Store) ErasePerson(ctx context.Context, userID string, indexDocIDs []string) error {
	for _, id := range indexDocIDs {
		_, err := s.write(colIndexDeletions).UpdateOne(ctx, bson.M{"_id": id},
			bson.M{"$setOnInsert": bson.M{"_id": id}}, options.Update().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("store: erase: tombstone: %w", err)
		}
	}
	// The referral summary names the highest-scoring referrers.
	if err := s.rankReferrer(ctx, Leader{ID: userID}); err != nil {
		return fmt.Errorf("store: erase: %w", err)
	}
	// The user document goes last: while it exists the erasure can be retried.
	for i := len(personalData) - 1; i >= 0; i-- {
		p := personalData[i]
		var err error
		switch {
		case p.List:
			update := bson.M{"$pull": bson.M{p.UserField: userID}}
			if p.Counter != "" {
				update["$inc"] = bson.M{p.Counter: -1}
			}
			_, err = s.write(p.Name).legacyScan(privacyScan).UpdateMany(ctx, bson.M{p.UserField: userID}, update)
		case p.Keep:
			_, err = s.write(p.Name).legacyScan(privacyScan).UpdateMany(ctx, bson.M{p.UserField: userID}, bson.M{"$unset": bson.M{p.UserField: ""}})
		default:
			_, err = s.write(p.Name).legacyScan(privacyScan).DeleteMany(ctx, bson.M{p.UserField: userID})
		}
		if err != nil {
			return fmt.Errorf("store: erase %s: %w", p.Name, err)
		}
	}
	_, err := s.write(colStats).UpdateOne(ctx, bson.M{"_id": statsMembers},
		bson.M{"$inc": bson.M{"erased": 1, "count": -1}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: erase: count: %w", err)
	}
	return nil
}

// ErasedMembers is the anonymous count of people who erased their data.
func (s *Store) ErasedMembers(ctx context.Context) (int64, error) {
	return s.statsCounter(ctx, statsMembers, "erased")
}

// IndexDeletions returns search documents waiting to be removed from the index.
func (s *Store) IndexDeletions(ctx context.Context, limit int) ([]string, error) {
	cur, err := s.read(colIndexDeletions).Find(ctx, bson.M{}, options.Find().SetLimit(int64(limit)))
	docs, err := decodeAll[struct {
		ID string `bson:"_id"`
	}](ctx, cur, err)
	if err != nil {
		return nil, fmt.Errorf("store: index deletions: %w", err)
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids, nil
}

// DoneIndexDeletions forgets tombstones once the index has removed them.
func (s *Store) DoneIndexDeletions(ctx context.Context, ids []string) error {
	if _, err := s.write(colIndexDeletions).DeleteMany(ctx, bson.M{"_id": bson.M{"$in": ids}}); err != nil {
		return fmt.Errorf("store: index deletions done: %w", err)
	}
	return nil
}
