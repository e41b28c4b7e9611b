// Package store is the portal's only door to MongoDB (or the embedded FerretDB).
//
// Every write goes through one write client. On the embedded FerretDB that
// client has a single connection, because FerretDB v1 loses concurrent updates
// to one document (measured: 200 goroutines × 10 $inc ended at 42, not 2000);
// serialised through one connection they are exact. On MongoDB the write client
// keeps the ordinary pool, where single-document atomic updates are safe anyway.
// Reads go through a second client with a normal pool.
package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"go.mongodb.org/mongo-driver/mongo/readpref"
)

// ErrNotFound is returned when the asked-for document does not exist.
var ErrNotFound = errors.New("store: not found")

// ErrDuplicate is returned when a write would break a unique index.
var ErrDuplicate = errors.New("store: duplicate")

// Collection names.
const (
	colUsers     = "users"
	colSessions  = "sessions"
	colVacancies = "vacancies"
	colArticles  = "articles"
	colEvents    = "events"
	colLeases    = "leases"
	colTerms     = "terms"
	// colIndexDeletions holds search documents to remove, as tombstones.
	colIndexDeletions = "index_deletions"
	// colIndexQueue holds what the search sync worker still has to index.
	colIndexQueue = "index_queue"
	colStats      = "stats"
	colInboxes    = "inboxes"
	// colCalendarFeeds keys each member's calendar feed secret to them.
	colCalendarFeeds = "calendar_feeds"
	// colTouchpoints held one document per touchpoint; a migration moves
	// them onto the members' relationships.
	colTouchpoints = "touchpoints"
	// colRelationships holds, per member, how the community stands with
	// them: owner, rhythm, signals, notes and the timeline.
	colRelationships = "relationships"
	// colSavedSearches holds, per recruiter, their saved talent searches.
	colSavedSearches = "saved_searches"
	// colOutbox holds every mail, keyed by its idempotency key.
	colOutbox = "outbox"
	// colEditions holds the newsletter's editions.
	colEditions = "editions"
	// colVacancyAlerts records, per vacancy, that members were alerted to it.
	colVacancyAlerts = "vacancy_alerts"
	// colMailQueue lists the mails still to send (small: they leave once sent).
	colMailQueue = "mail_queue"
	// colFootprints lists, per person, the documents that name them but are
	// keyed by something else (see footprint.go).
	colFootprints = "footprints"
	// colArticleSlugs keys each article's readable URL part to its id.
	colArticleSlugs = "article_slugs"
	// colSessionExpiry lists, per hour, the sessions that expire in it.
	colSessionExpiry = "session_expiry"
	// colRetiredNotifications held one document per notification; a
	// migration moves them into inboxes and drops it.
	colRetiredNotifications = "notifications"
	// The referral collections: links, their clicks (one per visitor per
	// day) and what the people they brought in did.
	colReferralLinks       = "referral_links"
	colReferralClicks      = "referral_clicks"
	colReferralConversions = "referral_conversions"
	// colRollups holds the insights' counts, a document per metric and
	// month (see rollups.go): it grows with months, not members.
	colRollups = "rollups"
	// colFirstInterest marks, per vacancy, that its first interested
	// member was counted.
	colFirstInterest = "vacancy_first_interest"
	// colSettings holds what an admin sets for the whole community (its brand).
	colSettings = "settings"
	// colImports holds the imports from ATSs, one document each (a team
	// makes a few); colImportFiles their uploaded files, in parts.
	colImports     = "imports"
	colImportFiles = "import_files"
	// colIdentities leads what people are known by to them (see identities.go).
	colIdentities = "identities"
	// colSuppressions remembers, as keyed hashes, who asked to be removed.
	colSuppressions = "suppressions"
	// colSignInLinks holds the e-mail sign-in links not used yet (minutes each).
	colSignInLinks = "signin_links"
)

// growth says how a collection is allowed to be queried.
type growth int

const (
	// growsWithCommunity: read and write by _id alone. On the embedded
	// FerretDB any other filter reads and decodes every document in Go
	// (about 24 µs each: 1.2 s at 50,000), so the store refuses it.
	growsWithCommunity growth = iota
	// smallByDesign: leases, queues, the taxonomy; any filter is cheap.
	smallByDesign
	// retired: read once, whole, by a migration; nothing else.
	retired
)

// collections declares every collection and how it grows. The guard in
// coll refuses a non-_id filter on a collection that grows with the
// community; one not listed here cannot be opened at all.
var collections = map[string]growth{
	colUsers:                growsWithCommunity,
	colSessions:             growsWithCommunity,
	colVacancies:            growsWithCommunity,
	colArticles:             growsWithCommunity,
	colEvents:               growsWithCommunity,
	colInboxes:              growsWithCommunity,
	colCalendarFeeds:        growsWithCommunity,
	colRelationships:        growsWithCommunity,
	colSavedSearches:        growsWithCommunity,
	colOutbox:               growsWithCommunity,
	colMailQueue:            smallByDesign,
	colVacancyAlerts:        growsWithCommunity,
	colEditions:             growsWithCommunity,
	colFootprints:           growsWithCommunity,
	colArticleSlugs:         growsWithCommunity,
	colSessionExpiry:        growsWithCommunity,
	colReferralLinks:        growsWithCommunity,
	colReferralClicks:       growsWithCommunity,
	colReferralConversions:  growsWithCommunity,
	colFirstInterest:        growsWithCommunity,
	colRollups:              smallByDesign,
	colLeases:               smallByDesign,
	colTerms:                smallByDesign,
	colIndexDeletions:       smallByDesign,
	colIndexQueue:           smallByDesign,
	colStats:                smallByDesign,
	colSettings:             smallByDesign,
	colImports:              smallByDesign,
	colImportFiles:          growsWithCommunity,
	colIdentities:           growsWithCommunity,
	colSuppressions:         growsWithCommunity,
	colSignInLinks:          smallByDesign,
	colRetiredNotifications: retired,
	colTouchpoints:          retired,
}

// Store reads and writes the portal's collections.
type Store struct {
	readClient, writeClient *mongo.Client
	r, w                    *mongo.Database
	// embedded is set on the embedded FerretDB, the only process that can
	// write its files: modify then guards with a lock instead of a filter.
	embedded *Embedded
	locks    docLocks
	// schedule is the mail queue's order on the embedded store (nil on MongoDB).
	schedule *mailSchedule
	// sentMail are mails sent whose queue entries are still to delete, in
	// one write with the next batch's.
	sentMail struct {
		sync.Mutex
		keys []string
	}
	cache *docCache // nil on MongoDB
	// queued wakes the search sync worker after a write it must index.
	queued chan struct{}
	// mode is the database's models.DatabaseMode once decided (it never changes).
	mode atomic.Value
	// brand is the community's brand as last read (see Brand).
	brand atomic.Pointer[cachedBrand]
}

// Options tune how Open connects.
type Options struct {
	// Embedded is the in-process FerretDB the URI points at, if it is one:
	// every write then goes over one connection (FerretDB v1 loses
	// concurrent updates otherwise) and every table gets the lookup index.
	Embedded *Embedded
}

// Open connects both clients, checks the server answers, creates every
// declared collection and ensures the indexes.
func Open(ctx context.Context, uri, database string, opts Options) (*Store, error) {
	base := func() *options.ClientOptions {
		return options.Client().ApplyURI(uri).
			SetServerSelectionTimeout(5 * time.Second).
			SetConnectTimeout(5 * time.Second).
			SetAppName("portal")
	}
	writeOpts := base()
	if opts.Embedded != nil {
		writeOpts.SetMaxPoolSize(1)
	}
	wc, err := mongo.Connect(ctx, writeOpts)
	if err != nil {
		return nil, fmt.Errorf("store: connect writer: %w", err)
	}
	rc, err := mongo.Connect(ctx, base())
	if err != nil {
		_ = wc.Disconnect(ctx)
		return nil, fmt.Errorf("store: connect reader: %w", err)
	}
	s := &Store{readClient: rc, writeClient: wc, r: rc.Database(database), w: wc.Database(database),
		embedded: opts.Embedded, queued: make(chan struct{}, 1)}
	if s.embedded != nil {
		s.cache, s.schedule = newDocCache(), newMailSchedule()
	}
	if err := s.Ping(ctx); err != nil {
		s.Close(ctx)
		return nil, err
	}
	if err := s.createCollections(ctx); err != nil {
		s.Close(ctx)
		return nil, err
	}
	if err := s.ensureIndexes(ctx); err != nil {
		s.Close(ctx)
		return nil, err
	}
	if s.embedded != nil {
		if _, err := s.embedded.AddLookupIndexes(ctx, database); err != nil {
			s.Close(ctx)
			return nil, err
		}
	}
	if err := s.migrate(ctx); err != nil {
		s.Close(ctx)
		return nil, err
	}
	if s.schedule != nil {
		if err := s.schedule.load(ctx, s); err != nil {
			s.Close(ctx)
			return nil, err
		}
	}
	return s, nil
}

// createCollections creates every declared collection that does not exist
// yet, so that each has its table (and, embedded, its lookup index) before
// the first write.
func (s *Store) createCollections(ctx context.Context) error {
	names, err := s.w.ListCollectionNames(ctx, bson.M{})
	if err != nil {
		return fmt.Errorf("store: list collections: %w", err)
	}
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	for name, g := range collections {
		if have[name] || g == retired {
			continue
		}
		if err := s.w.CreateCollection(ctx, name); err != nil && !isNamespaceExists(err) {
			return fmt.Errorf("store: create %s: %w", name, err)
		}
	}
	return nil
}

// isNamespaceExists recognises "collection already exists" (a second instance raced us).
func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && ce.Code == 48
}

// Ping checks that the database answers, through the reading pool: the
// one write connection of the embedded database may be busy for a while
// without the database being down.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.readClient.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// CheckWritable checks that writes can land: on the embedded database, that
// its files' disk takes a write (not full, not read-only), without queueing
// behind the one write connection; on MongoDB, a write of a small document.
func (s *Store) CheckWritable(ctx context.Context) error {
	if s.embedded != nil {
		return s.embedded.CheckWritable()
	}
	_, err := s.write(colStats).UpdateOne(ctx, bson.M{"_id": "readiness"},
		bson.M{"$currentDate": bson.M{"checked_at": true}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: write check: %w", err)
	}
	return nil
}

// Close disconnects both clients.
func (s *Store) Close(ctx context.Context) {
	_ = s.readClient.Disconnect(ctx)
	_ = s.writeClient.Disconnect(ctx)
}

// ensureIndexes creates the indexes every collection needs. FerretDB accepts
// and enforces unique ones but plans every query as a scan; MongoDB uses them.
// No TTL index: FerretDB v1 has none, so a sweeper removes what expires.
func (s *Store) ensureIndexes(ctx context.Context) error {
	idx := map[string][]mongo.IndexModel{
		colUsers: {
			{Keys: bson.D{{Key: "email", Value: 1}}},
			{Keys: bson.D{{Key: "roles", Value: 1}}},
		},
		colSessions: {{Keys: bson.D{{Key: "user_id", Value: 1}}}},
		colReferralLinks: {
			{Keys: bson.D{{Key: "key", Value: 1}}, Options: options.Index().SetUnique(true)},
			{Keys: bson.D{{Key: "referrer_id", Value: 1}}},
		},
		colReferralClicks:      {{Keys: bson.D{{Key: "referrer_id", Value: 1}}}},
		colReferralConversions: {{Keys: bson.D{{Key: "referrer_id", Value: 1}}}, {Keys: bson.D{{Key: "referred_id", Value: 1}}}},
		colEvents: {
			{Keys: bson.D{{Key: "starts_at", Value: 1}}},
			{Keys: bson.D{{Key: "attendees", Value: 1}}},
			{Keys: bson.D{{Key: "waitlist", Value: 1}}},
		},
	}
	if s.embedded == nil {
		// The queues are found by time on MongoDB (the embedded store keeps the
		// mail queue's order in memory, see mailSchedule).
		idx[colMailQueue] = []mongo.IndexModel{{Keys: bson.D{{Key: "ready_at", Value: 1}}}}
		idx[colIndexQueue] = []mongo.IndexModel{{Keys: bson.D{{Key: "ready_at", Value: 1}}}, {Keys: bson.D{{Key: "kind", Value: 1}}}}
	}
	for col, models := range idx {
		if err := s.createMissingIndexes(ctx, col, models); err != nil {
			return fmt.Errorf("store: indexes of %s: %w", col, err)
		}
	}
	return nil
}

// createMissingIndexes creates only the indexes that do not exist yet:
// FerretDB v1 (SQLite) panics on createIndexes for an index that exists.
func (s *Store) createMissingIndexes(ctx context.Context, col string, models []mongo.IndexModel) error {
	cur, err := s.w.Collection(col).Indexes().List(ctx)
	existing, err := decodeAll[struct {
		Name string `bson:"name"`
	}](ctx, cur, err)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, ix := range existing {
		have[ix.Name] = true
	}
	var missing []mongo.IndexModel
	for _, m := range models {
		if !have[indexName(m.Keys.(bson.D))] {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	_, err = s.w.Collection(col).Indexes().CreateMany(ctx, missing)
	return err
}

// indexName is the name MongoDB gives an index by default: "email_1", "a_1_b_-1".
func indexName(keys bson.D) string {
	parts := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		parts = append(parts, k.Key, fmt.Sprint(k.Value))
	}
	return strings.Join(parts, "_")
}

// isDuplicate recognises a unique-index violation. FerretDB answers E11000 on
// insert but an InternalError on update, which mongo.IsDuplicateKeyError misses.
func isDuplicate(err error) bool {
	if err == nil {
		return false
	}
	if mongo.IsDuplicateKeyError(err) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "E11000") || strings.Contains(msg, "UNIQUE constraint failed")
}

// findOne reads the one document matching filter, or ErrNotFound; what
// names it in the error.
func findOne[T any](ctx context.Context, col coll, filter bson.M, what string) (*T, error) {
	var v T
	err := col.FindOne(ctx, filter).Decode(&v)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return &v, nil
}

// findMany reads every document matching filter; what names them in the error.
func findMany[T any](ctx context.Context, col coll, filter bson.M, opts *options.FindOptions, what string) ([]T, error) {
	cur, err := col.Find(ctx, filter, opts)
	out, err := decodeAll[T](ctx, cur, err)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// byIDs reads the documents with the given ids (those that exist), in that
// order, one lookup by _id each: FerretDB scans for $in. The documents may
// share their slices with the cache: callers read them, never change them.
func byIDs[T any](ctx context.Context, col coll, ids []string, what string) ([]T, error) {
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		v, err := sharedByID[T](ctx, col, id, what)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

// sharedByID reads one document by _id for readers that only read it: from
// the cache, the document is decoded once and shared (a page of 100
// vacancies costs no decoding), which is why it must not be changed.
func sharedByID[T any](ctx context.Context, col coll, id, what string) (*T, error) {
	if col.cache == nil || !col.cached {
		return findOne[T](ctx, col, bson.M{"_id": id}, what)
	}
	if doc, ok := col.cache.get(col.Name(), id); ok {
		if v, ok := doc.decoded.Load().(*T); ok {
			return v, nil
		}
		v := new(T)
		if err := bson.Unmarshal(doc.raw, v); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		doc.decoded.Store(v)
		return v, nil
	}
	return findOne[T](ctx, col, bson.M{"_id": id}, what) // fills the cache for the next reader
}

// newestFirst sorts by a date field, latest first, and keeps the first limit.
func newestFirst(field string, limit int) *options.FindOptions {
	return options.Find().SetSort(bson.D{{Key: field, Value: -1}}).SetLimit(int64(limit))
}

// decodeAll reads every document of a cursor into out, closing it.
func decodeAll[T any](ctx context.Context, cur *mongo.Cursor, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer cur.Close(ctx)
	out := []T{}
	for cur.Next(ctx) {
		var v T
		if err := cur.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, cur.Err()
}
