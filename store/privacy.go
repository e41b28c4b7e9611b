package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// personalCollection is a collection holding data about people, with the
// field that names the person. Keep documents that belong to the community
// (a vacancy a recruiter posted) lose only that field on erasure. In a List
// field the person is one id among others (who attends an event): erasure
// pulls the id out and lowers the Counter kept beside the list, if any.
// Export, when set, is all the person's export shows of these documents,
// because they also hold data about other people.
//
// How a person's documents are found, without searching the collection:
// by _id when UserField is "_id"; through the ids the member's own document
// lists (OnMember: the events they joined, their links, their calendar
// feed); otherwise through their footprint (see footprint.go), which every
// write that names a person in such a field adds to.
type personalCollection struct {
	Name, UserField string
	Keep, List      bool
	OnMember        bool
	Counter         string
	Export          []string
	// Forget takes the person out of a document in a way of its own (for
	// what a list field alone does not say), instead of pulling them off List.
	Forget func(ctx context.Context, s *Store, id, userID string) error
}

// traced says whether the person's footprint lists these documents.
func (p personalCollection) traced() bool { return p.UserField != "_id" && !p.OnMember }

// personalData lists every collection that refers to a person. Export and
// erasure go through this list, and a guard test fails when a collection is
// declared without being listed here or in impersonalData: a new feature
// cannot store data about people that export and delete would miss.
var personalData = []personalCollection{
	{Name: colUsers, UserField: "_id"},
	// Second, so erased second to last: a retried erasure still finds what it lists.
	{Name: colFootprints, UserField: "_id"},
	{Name: colSessions, UserField: "user_id"},
	{Name: colVacancies, UserField: "owner_id", Keep: true},
	{Name: colArticles, UserField: "author_id", Keep: true},
	{Name: colInboxes, UserField: "_id"},
	{Name: colCalendarFeeds, UserField: "user_id", OnMember: true},
	{Name: colRelationships, UserField: "_id"},
	{Name: colRelationships, UserField: "authors", List: true, Forget: forgetAuthor, Export: []string{"_id"}},
	{Name: colSavedSearches, UserField: "_id"},
	{Name: colOutbox, UserField: "user_id"},
	{Name: colEvents, UserField: "owner_id", Keep: true},
	{Name: colEditions, UserField: "author_id", Keep: true},
	{Name: colEvents, UserField: "attendees", OnMember: true, List: true, Counter: "going", Export: eventSummary},
	{Name: colEvents, UserField: "waitlist", OnMember: true, List: true, Export: eventSummary},
	{Name: colEvents, UserField: "checked_in", OnMember: true, List: true, Export: eventSummary},
	{Name: colEvents, UserField: "reminded", OnMember: true, List: true, Export: eventSummary},
	{Name: colReferralLinks, UserField: "referrer_id", OnMember: true},
	{Name: colReferralClicks, UserField: "referrer_id", Export: []string{"code", "day"}},
	{Name: colReferralConversions, UserField: "referrer_id", Export: conversionSummary},
	{Name: colReferralConversions, UserField: "referred_id", Export: conversionSummary},
	{Name: colIdentities, UserField: "user_id", OnMember: true, Export: []string{"_id"}},
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

// names says whether a document names the person in the collection's field.
func (p personalCollection) names(doc bson.Raw, userID string) bool {
	v, err := doc.LookupErr(p.UserField)
	if err != nil {
		return false
	}
	if id, ok := v.StringValueOK(); ok {
		return id == userID
	}
	values, err := v.Array().Values()
	if err != nil {
		return false
	}
	for _, x := range values {
		if id, ok := x.StringValueOK(); ok && id == userID {
			return true
		}
	}
	return false
}

// impersonalData lists the collections that hold nothing about a person.
// The retired notifications are moved into inboxes at start, before anyone
// can ask for an export.
// The rollups count by recruiter, but ErasePerson moves an erased
// recruiter's counts to models.FormerRecruiter.
// An import's file and rejected rows are the team's own export, kept
// models.ImportKeep after the import and then dropped (ForgetImportFiles);
// the suppressions are keyed hashes; a sign-in link holds an address for
// its 15 minutes and is deleted when used or swept.
var impersonalData = []string{colImports, colImportFiles, colSuppressions, colSignInLinks, colRollups, colFirstInterest, colTouchpoints, colMailQueue, colVacancyAlerts, colArticleSlugs, colSessionExpiry, colLeases, colTerms, colIndexDeletions, colIndexQueue, colStats, colSettings, colRetiredNotifications}

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

// CountPersonData counts what each collection still holds about a person by
// reading every personal collection whole: the safety net for tests, which
// shows that export and erasure (which never search) found everything.
func (s *Store) CountPersonData(ctx context.Context, userID string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, p := range personalData {
		var n int64
		err := each(ctx, s.read(p.Name), bulkBatch, func(docs []bson.Raw) error {
			for _, d := range docs {
				if p.names(d, userID) {
					n++
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: count %s: %w", p.Name, err)
		}
		out[p.key()] = n
	}
	return out, nil
}

// personDocuments calls fn with every document of p that names the person,
// read by _id from what refs lists (see personRefs).
func (s *Store) personDocuments(ctx context.Context, p personalCollection, userID string, refs map[string][]string, fn func(id string, doc bson.Raw) error) error {
	ids := []string{userID}
	if p.UserField != "_id" {
		ids = slices.Compact(slices.Sorted(slices.Values(refs[p.Name])))
	}
	for _, id := range ids {
		doc, err := s.write(p.Name).FindOne(ctx, bson.M{"_id": id}).Raw()
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: %s %s: %w", p.Name, id, err)
		}
		if p.names(doc, userID) {
			if err := fn(id, doc); err != nil {
				return err
			}
		}
	}
	return nil
}

// ExportPerson returns every document about a person, by collection.
func (s *Store) ExportPerson(ctx context.Context, userID string) (map[string][]bson.M, error) {
	refs, err := s.personRefs(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	out := map[string][]bson.M{}
	for _, p := range personalData {
		docs := []bson.M{}
		err := s.personDocuments(ctx, p, userID, refs, func(_ string, raw bson.Raw) error {
			var doc bson.M
			if err := bson.Unmarshal(raw, &doc); err != nil {
				return err
			}
			if p.Export != nil {
				shown := bson.M{}
				for _, f := range p.Export {
					if v, ok := doc[f]; ok {
						shown[f] = v
					}
				}
				doc = shown
			}
			docs = append(docs, doc)
			return nil
		})
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
	if err := s.forgetReferred(ctx, userID); err != nil {
		return fmt.Errorf("store: erase: %w", err)
	}
	if err := s.forgetRecentMail(ctx, userID); err != nil {
		return fmt.Errorf("store: erase: %w", err)
	}
	if err := s.forgetInRollups(ctx, userID); err != nil {
		return fmt.Errorf("store: erase: %w", err)
	}
	refs, err := s.personRefs(ctx, userID)
	if err != nil {
		return fmt.Errorf("store: erase: %w", err)
	}
	// The footprint and the user document go last (personalData lists them
	// first): while they exist the erasure can be retried.
	for i := len(personalData) - 1; i >= 0; i-- {
		p := personalData[i]
		err := s.personDocuments(ctx, p, userID, refs, func(id string, _ bson.Raw) error {
			return s.eraseFrom(ctx, p, id, userID)
		})
		if err != nil {
			return fmt.Errorf("store: erase %s: %w", p.Name, err)
		}
	}
	_, err = s.write(colStats).UpdateOne(ctx, bson.M{"_id": statsMembers},
		bson.M{"$inc": bson.M{"erased": 1, "count": -1}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: erase: count: %w", err)
	}
	return nil
}

// eraseFrom takes the person out of document id of p, by _id.
func (s *Store) eraseFrom(ctx context.Context, p personalCollection, id, userID string) error {
	var err error
	switch {
	case p.Forget != nil:
		err = p.Forget(ctx, s, id, userID)
	case p.List:
		// Checked and changed in one step, so a counter beside the list is
		// lowered only for a person who was still on it.
		_, err = modify(ctx, s, p.Name, id, false, func(doc *bson.Raw) (bson.M, error) {
			if !p.names(*doc, userID) {
				return nil, errNoChange
			}
			update := bson.M{"$pull": bson.M{p.UserField: userID}}
			if p.Counter != "" {
				update["$inc"] = bson.M{p.Counter: -1}
			}
			return update, nil
		})
	case p.Keep:
		_, err = s.write(p.Name).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$unset": bson.M{p.UserField: ""}})
	default:
		_, err = s.write(p.Name).DeleteOne(ctx, bson.M{"_id": id})
	}
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
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
