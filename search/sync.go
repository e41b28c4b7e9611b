package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// batchSize bounds one round of the sync worker per kind.
const batchSize = 500

// Syncer copies what changed in MongoDB into the index. A write never waits
// for it and never fails because the engine is down: every write leaves an
// entry in the store's small index queue (see store.indexed), and the entry
// stays until the document is in the index. So an idle portal asks one
// question of an empty queue per Interval, and no collection is ever scanned.
type Syncer struct {
	Store    *store.Store
	Index    Index
	Interval time.Duration
	Log      *slog.Logger
	// Now is the clock for when queued work is ready; nil is time.Now.
	Now func() time.Time
}

// Run syncs every Interval, and at once after a write of this process,
// until ctx ends.
func (s *Syncer) Run(ctx context.Context) {
	t := time.NewTicker(s.Interval)
	defer t.Stop()
	for {
		if _, err := s.syncRecovering(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("search sync failed; will retry", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.Store.IndexQueued():
		}
	}
}

// syncRecovering is SyncOnce with a panic turned into an error: a panic in
// a worker would end the whole process (seen with a broken index).
func (s *Syncer) syncRecovering(ctx context.Context) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("search: sync panicked: %v", r)
		}
	}()
	return s.SyncOnce(ctx)
}

// SyncOnce indexes everything queued and ready, and reports how many
// documents it indexed.
func (s *Syncer) SyncOnce(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.round(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// now is the syncer's clock.
func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Syncer) round(ctx context.Context) (int, error) {
	work, err := s.Store.QueuedIndexWork(ctx, s.now(), batchSize)
	if err != nil {
		return 0, err
	}
	var upsert []Document
	var remove []string
	for _, w := range work {
		if w.Kind == store.KindUser {
			up, rm, err := s.memberDocuments(ctx, w.Ref)
			if err != nil {
				return 0, err
			}
			upsert, remove = append(upsert, up...), append(remove, rm...)
			continue
		}
		doc, found, err := s.document(ctx, w.Kind, w.Ref)
		if err != nil {
			return 0, err
		}
		if found {
			upsert = append(upsert, doc)
		} else {
			remove = append(remove, doc.ID)
		}
	}
	if err := s.apply(ctx, upsert, remove); err != nil {
		return 0, err
	}
	if err := s.Store.DoneIndexWork(ctx, work); err != nil {
		return 0, fmt.Errorf("search: sync: %w", err)
	}
	erased, err := s.syncDeletions(ctx)
	if err != nil {
		return 0, err
	}
	return len(work) + erased, nil
}

// memberDocuments is what the index should hold of one member: their entry
// in the admins' member list, and their profile in the talent pool while
// they let recruiters find them; the ids to remove are the rest.
func (s *Syncer) memberDocuments(ctx context.Context, ref string) (upsert []Document, remove []string, err error) {
	u, err := s.Store.User(ctx, ref)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, []string{MemberDocumentID(ref), CandidateDocumentID(ref)}, nil
	case err != nil:
		return nil, nil, fmt.Errorf("search: sync: %w", err)
	}
	r, err := s.Store.Relationship(ctx, ref)
	if err != nil {
		return nil, nil, fmt.Errorf("search: sync: %w", err)
	}
	b, err := s.Store.Brand(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("search: sync: %w", err)
	}
	upsert, remove = userDocuments(u, r, s.now(), b.Retention, nil, nil)
	return upsert, remove, nil
}

// userDocuments adds to upsert and remove what the index holds of a member:
// always their entry in the member list; their profile in the talent pool
// while they let recruiters find them, or else, while they allow contact,
// only what Today needs (see CandidateDocument).
func userDocuments(u *models.User, r *models.Relationship, now time.Time, ret models.Retention, upsert []Document, remove []string) ([]Document, []string) {
	if u.IsProspect() { // in the talent pool only: not a member yet
		d := CandidateDocument(u, r, now)
		d.Prospect, d.EraseOn = string(models.StatusOf(u)), orNever(models.EraseOn(u, ret))
		return append(upsert, d), append(remove, MemberDocumentID(u.ID))
	}
	upsert = append(upsert, MemberDocument(*u))
	if models.May(u, models.PurposeTalentSearch) || models.May(u, models.PurposeRecruiterContact) {
		return append(upsert, CandidateDocument(u, r, now)), remove
	}
	return upsert, append(remove, CandidateDocumentID(u.ID))
}

// document is what the index should hold for one stored document: found is
// false when it should hold nothing (it was deleted), and then only doc.ID is set.
func (s *Syncer) document(ctx context.Context, kind store.Kind, ref string) (doc Document, found bool, err error) {
	switch kind {
	case store.KindVacancy:
		v, err := s.Store.Vacancy(ctx, ref)
		return indexDocument(v, err, VacancyDocument, DocumentID(string(kind), ref))
	case store.KindArticle:
		a, err := s.Store.Article(ctx, ref)
		return indexDocument(a, err, ArticleDocument, DocumentID(string(kind), ref))
	case store.KindEvent:
		e, err := s.Store.Event(ctx, ref)
		return indexDocument(e, err, EventDocument, DocumentID(string(kind), ref))
	}
	return Document{}, false, fmt.Errorf("search: sync: unknown kind %q", kind)
}

// indexDocument turns a store read into what document returns: the index
// document when the read found one, only the id to remove when it found none.
func indexDocument[T any](v *T, err error, toDoc func(T) Document, id string) (Document, bool, error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return Document{ID: id}, false, nil
	case err != nil:
		return Document{}, false, fmt.Errorf("search: sync: %w", err)
	}
	return toDoc(*v), true, nil
}

// apply writes what a round found into the index.
func (s *Syncer) apply(ctx context.Context, upsert []Document, remove []string) error {
	if len(upsert) > 0 {
		if err := s.Index.Upsert(ctx, upsert); err != nil {
			return err
		}
	}
	if len(remove) > 0 {
		if err := s.Index.Delete(ctx, remove); err != nil {
			return err
		}
	}
	return nil
}

// IndexMembers indexes people written in bulk (an import) at once, as the
// sync worker would.
func (s *Syncer) IndexMembers(ctx context.Context, ids []string) error {
	var upsert []Document
	var remove []string
	for _, id := range ids {
		up, rm, err := s.memberDocuments(ctx, id)
		if err != nil {
			return err
		}
		upsert, remove = append(upsert, up...), append(remove, rm...)
	}
	return s.apply(ctx, upsert, remove)
}

// Rebuild indexes every document in MongoDB, the source of truth, in
// batches (after the index was emptied, or made anew); it reads each
// collection once, the one whole read a rebuild cannot avoid.
func (s *Syncer) Rebuild(ctx context.Context) (int, error) {
	total := 0
	add := func(docs []Document, remove []string) error {
		total += len(docs)
		return s.apply(ctx, docs, remove)
	}
	err := s.Store.EachVacancy(ctx, rebuildBatch, func(vs []models.Vacancy) error {
		return add(mapDocs(vs, VacancyDocument), nil)
	})
	if err == nil {
		err = s.Store.EachArticle(ctx, rebuildBatch, func(as []models.Article) error {
			return add(mapDocs(as, ArticleDocument), nil)
		})
	}
	if err == nil {
		err = s.Store.EachEvent(ctx, rebuildBatch, func(es []models.Event) error {
			return add(mapDocs(es, EventDocument), nil)
		})
	}
	if err == nil {
		// The relationships first, whole (what the members' documents need
		// of them), then the members.
		rels := map[string]*models.Relationship{}
		err = s.Store.EachRelationship(ctx, rebuildBatch, func(rs []models.Relationship) error {
			for i := range rs {
				rels[rs[i].ID] = &rs[i]
			}
			return nil
		})
		now := s.now()
		var b models.Brand
		if err == nil {
			b, err = s.Store.Brand(ctx)
		}
		if err == nil {
			err = s.Store.EachUser(ctx, rebuildBatch, func(us []models.User) error {
				var upsert []Document
				var remove []string
				for i := range us {
					upsert, remove = userDocuments(&us[i], rels[us[i].ID], now, b.Retention, upsert, remove)
				}
				return add(upsert, remove)
			})
		}
	}
	if err != nil {
		return total, fmt.Errorf("search: rebuild: %w", err)
	}
	return total, nil
}

// IndexSeed indexes documents written in bulk (seed --scale), which the
// index queue does not list, straight from memory, in batches.
func (s *Syncer) IndexSeed(ctx context.Context, d store.SeedDocuments) (int, error) {
	var docs []Document
	docs = append(docs, mapDocs(d.Vacancies, VacancyDocument)...)
	docs = append(docs, mapDocs(d.Articles, ArticleDocument)...)
	docs = append(docs, mapDocs(d.Events, EventDocument)...)
	rels := make(map[string]*models.Relationship, len(d.Relationships))
	for i := range d.Relationships {
		rels[d.Relationships[i].ID] = &d.Relationships[i]
	}
	now := s.now()
	for i := range d.Users {
		docs, _ = userDocuments(&d.Users[i], rels[d.Users[i].ID], now, models.DefaultRetention, docs, nil) // new members: nothing of theirs to remove
	}
	for start := 0; start < len(docs); start += rebuildBatch {
		if err := s.apply(ctx, docs[start:min(start+rebuildBatch, len(docs))], nil); err != nil {
			return start, fmt.Errorf("search: index seed: %w", err)
		}
	}
	return len(docs), nil
}

// rebuildBatch is how many documents one index write of a rebuild carries:
// larger batches index faster, and a rebuild has them all at hand.
const rebuildBatch = 2000

func mapDocs[T any](in []T, toDoc func(T) Document) []Document {
	out := make([]Document, len(in))
	for i, v := range in {
		out[i] = toDoc(v)
	}
	return out
}

// syncDeletions removes the search documents of erased people.
func (s *Syncer) syncDeletions(ctx context.Context) (int, error) {
	ids, err := s.Store.IndexDeletions(ctx, batchSize)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	if err := s.Index.Delete(ctx, ids); err != nil {
		return 0, err
	}
	if err := s.Store.DoneIndexDeletions(ctx, ids); err != nil {
		return 0, fmt.Errorf("search: sync: %w", err)
	}
	return len(ids), nil
}

// KindCandidates is the kind of talent-pool documents in the index.
const KindCandidates = "candidates"

// KindMembers is the kind of the admins' member list in the index: every
// member, with their name, e-mail address and roles.
const KindMembers = "members"

// MemberDocumentID is the index id of a member's entry in the member list,
// hashed like CandidateDocumentID.
func MemberDocumentID(userID string) string {
	sum := sha256.Sum256([]byte("member:" + userID))
	return DocumentID(KindMembers, hex.EncodeToString(sum[:12]))
}

// MemberDocument is what the member list holds of a member: found by name
// or e-mail address, filtered by role (as tags), newest member first.
func MemberDocument(u models.User) Document {
	roles := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		roles[i] = string(r)
	}
	return Document{
		ID: MemberDocumentID(u.ID), Kind: KindMembers, Ref: u.ID,
		Title: u.Name, Text: u.Email, Tags: roles, Date: u.CreatedAt, Version: u.Version,
		Newsletter: models.NewsletterStatus(&u),
	}
}

// CandidateDocumentID is the index id of a person's profile: a hash of their
// user id, so that a tombstone left by an erasure names nobody.
func CandidateDocumentID(userID string) string {
	sum := sha256.Sum256([]byte("candidate:" + userID))
	return DocumentID(KindCandidates, hex.EncodeToString(sum[:12]))
}

// VacancyDocument is what the index holds of a vacancy.
func VacancyDocument(v models.Vacancy) Document {
	return Document{
		ID: DocumentID(string(store.KindVacancy), v.ID), Kind: string(store.KindVacancy), Ref: v.ID,
		Title: v.Title, Text: strings.Join([]string{v.Company, v.Description, strings.Join(v.Skills, " ")}, "\n"),
		Tags: append(append(append([]string{}, v.Interests...), v.Skills...), v.NiceSkills...), City: v.City, Date: v.PublishedAt, Version: v.Version,
		Workplace: v.Workplace, Seniority: string(v.Seniority), Status: vacancyStatus(v),
	}
}

// ArticleDocument is what the index holds of an article.
func ArticleDocument(a models.Article) Document {
	return Document{
		ID: DocumentID(string(store.KindArticle), a.ID), Kind: string(store.KindArticle), Ref: a.ID,
		Title: a.Title, Text: a.Summary + "\n" + a.Body, Tags: a.Interests, Date: a.PublishedAt, Version: a.Version,
		Status: articleStatus(a), Slug: a.Slug,
	}
}

// EventDocument is what the index holds of an event; its date is when it starts.
func EventDocument(e models.Event) Document {
	format, status := "in_person", models.EventPublished
	if e.Online {
		format = "online"
	}
	if e.Cancelled() {
		status = models.EventCancelled
	}
	return Document{
		ID: DocumentID(string(store.KindEvent), e.ID), Kind: string(store.KindEvent), Ref: e.ID,
		Title: e.Title, Text: e.Description + "\n" + e.Venue, Tags: e.Interests, City: e.City, Date: e.StartsAt, Version: e.Version,
		Status: status, Format: format,
	}
}

func vacancyStatus(v models.Vacancy) string {
	if v.Status == "" {
		return models.VacancyOpen
	}
	return v.Status
}

func articleStatus(a models.Article) string {
	if a.Status == "" {
		return models.ArticlePublished
	}
	return a.Status
}
