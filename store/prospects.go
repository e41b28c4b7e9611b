package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/talentcommunity/portal/models"
)

// ImportBatch is rows of one import to write.
type ImportBatch struct {
	Import models.ImportRef // ID, Source and At; Line and Outcome per row
	People []models.ImportedPerson
	// Suppressed says whether a row's keys belong to someone who objected.
	Suppressed func(keys []string) (bool, error)
}

// ApplyImport writes a batch of imported rows and returns each row's
// outcome and the people it touched (to index). A row matches a person by
// any of its keys: then it fills their empty fields only; else it creates
// a prospect. Rows that match each other in the batch merge. Written again
// (an import resumed after a crash), a row that did its work already is
// found on the person and reported as it was, so counts stay exact.
func (s *Store) ApplyImport(ctx context.Context, b ImportBatch) (outcomes []string, touched []string, err error) {
	created := map[string]*models.User{}
	var order []string
	newKeys := map[string]string{}
	tags := map[string][]string{} // the recruiters' tags of the people made
	outcomes = make([]string, len(b.People))
	for i, p := range b.People {
		ref := b.Import
		ref.Line = p.Line
		owner, err := s.ownerOf(ctx, p.Keys(), newKeys)
		if err != nil {
			return nil, nil, err
		}
		if u, ok := created[owner]; ok { // the same person earlier in this batch
			outcomes[i] = models.OutcomeUnchanged
			tags[owner] = union(tags[owner], p.Tags)
			if p.FillEmpty(u) || addKeys(u, p.Keys(), newKeys) {
				ref.Outcome = models.OutcomeMerged
				u.Origin.Imports = append(u.Origin.Imports, ref)
				outcomes[i] = models.OutcomeMerged
			}
			continue
		}
		if owner != "" {
			outcome, err := s.mergeImported(ctx, owner, p, ref)
			if errors.Is(err, ErrNotFound) {
				// The key outlived a write cut short: the person is made below.
			} else if err != nil {
				return nil, nil, err
			} else {
				outcomes[i] = outcome
				if outcome != models.OutcomeUnchanged {
					touched = append(touched, owner)
				}
				continue
			}
		}
		if suppressed, err := b.Suppressed(p.Keys()); err != nil {
			return nil, nil, err
		} else if suppressed {
			outcomes[i] = models.OutcomeErased
			continue
		}
		id := owner
		if id == "" {
			id = models.ProspectID(b.Import.ID, p.Line)
		}
		ref.Outcome = models.OutcomeCreated
		u := newProspect(id, p, ref)
		addKeys(u, p.Keys(), newKeys)
		created[id] = u
		tags[id] = p.Tags
		order = append(order, id)
		outcomes[i] = models.OutcomeCreated
	}
	if err := s.insertProspects(ctx, created, order, newKeys, tags); err != nil {
		return nil, nil, err
	}
	return outcomes, append(touched, order...), nil
}

// ownerOf is the person the first known key leads to, in this batch or stored.
func (s *Store) ownerOf(ctx context.Context, keys []string, batch map[string]string) (string, error) {
	for _, k := range keys {
		if id, ok := batch[k]; ok {
			return id, nil
		}
		id, err := s.IdentityOwner(ctx, k)
		if err != nil || id != "" {
			return id, err
		}
	}
	return "", nil
}

// addKeys lists keys on a person made in this batch; it reports whether
// any was new to them.
func addKeys(u *models.User, keys []string, batch map[string]string) bool {
	added := false
	for _, k := range keys {
		if _, taken := batch[k]; taken {
			continue
		}
		batch[k] = u.ID
		if !slices.Contains(u.Identities, k) {
			u.Identities, added = append(u.Identities, k), true
		}
	}
	return added
}

func newProspect(id string, p models.ImportedPerson, ref models.ImportRef) *models.User {
	u := &models.User{ID: id, Provider: models.ProviderImport, Subject: id, Roles: []models.Role{},
		CreatedAt: ref.At, Origin: &models.Origin{Imports: []models.ImportRef{ref}}}
	p.FillEmpty(u)
	if u.Locale == "" {
		u.Locale = models.LanguageOfCountry(u.Country)
	}
	return u
}

// mergeImported fills a stored person's empty fields from a row.
func (s *Store) mergeImported(ctx context.Context, id string, p models.ImportedPerson, ref models.ImportRef) (string, error) {
	outcome := models.OutcomeUnchanged
	var keys []string
	err := s.indexed(ctx, KindUser, id, func() error {
		_, err := modify(ctx, s, colUsers, id, false, func(u *models.User) (bson.M, error) {
			if done, ok := u.Origin.Applied(ref.ID, ref.Line); ok {
				outcome = done.Outcome
				return nil, errNoChange
			}
			keys = nil
			for _, k := range p.Keys() {
				if !slices.Contains(u.Identities, k) {
					keys = append(keys, k)
				}
			}
			if !p.FillEmpty(u) && len(keys) == 0 {
				outcome = models.OutcomeUnchanged
				return nil, errNoChange
			}
			outcome, ref.Outcome = models.OutcomeMerged, models.OutcomeMerged
			if u.Origin == nil {
				u.Origin = &models.Origin{}
			}
			u.Origin.Imports = append(u.Origin.Imports, ref)
			return bson.M{"$set": bson.M{
				"name": u.Name, "given_name": u.GivenName, "family_name": u.FamilyName, "email": u.Email,
				"contact.phone": u.Contact.Phone, "city": u.City, "country": u.Country, "headline": u.Headline,
				"linkedin_url": u.LinkedInURL, "locale": u.Locale, "skills": u.Skills, "positions": u.Positions,
				"origin": u.Origin,
			}}, nil
		})
		return err
	})
	if err != nil {
		return "", err
	}
	return outcome, s.addIdentities(ctx, id, keys)
}

// insertProspects writes the people a batch made: their keys first (a
// restart then finds a key and makes the person it leads to), then the
// people and their relationships with the recruiters.
func (s *Store) insertProspects(ctx context.Context, created map[string]*models.User, order []string, keys map[string]string, tags map[string][]string) error {
	if len(order) == 0 {
		return nil
	}
	var ids []identity
	for k, id := range keys {
		if _, ok := created[id]; ok {
			ids = append(ids, identity{ID: k, UserID: id})
		}
	}
	if err := s.insertIdentities(ctx, ids); err != nil {
		return err
	}
	users := make([]any, 0, len(order))
	rels := make([]any, 0, len(order))
	for _, id := range order {
		u := created[id]
		users = append(users, u)
		rels = append(rels, models.Relationship{ID: id, Source: models.SourceImport, Tags: tags[id]})
	}
	_, err := s.write(colUsers).InsertMany(ctx, users)
	if err := onlyDuplicates(err, "prospects"); err != nil {
		return err
	}
	_, err = s.write(colRelationships).InsertMany(ctx, rels)
	return onlyDuplicates(err, "relationships")
}

// QueueMembersForIndex has the sync worker index people written in bulk
// (when the import could not index them itself).
func (s *Store) QueueMembersForIndex(ctx context.Context, ids []string) error {
	now := time.Now()
	for _, id := range ids {
		if err := s.queueIndex(ctx, KindUser, id, now); err != nil {
			return err
		}
	}
	return nil
}

// union adds to list what it lacks of more.
func union(list, more []string) []string {
	for _, v := range more {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}
