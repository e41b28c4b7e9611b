package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"golang.org/x/sync/errgroup"
)

// A person's footprint lists the documents that name them but are keyed by
// something else: their sessions, the content they posted, the touchpoints
// they recorded, the conversions of their links. Export and erasure read it
// (and the lists on the member's own document) instead of searching every
// collection for the person, which on a collection that grows with the
// community would read all of it. An entry may outlive its document (an
// expired session): export and erasure read each by _id and skip what is
// gone or no longer names the person.

// footprint is one person's document of colFootprints.
type footprint struct {
	ID   string   `bson:"_id"`
	Refs []string `bson:"refs"` // "collection id"
}

// trace adds the document id of collection col to the footprint of userID
// (nobody for an empty id); adding it again changes nothing.
func (s *Store) trace(ctx context.Context, userID, col, id string) error {
	if userID == "" {
		return nil
	}
	_, err := s.write(colFootprints).UpdateOne(ctx, bson.M{"_id": userID},
		bson.M{"$addToSet": bson.M{"refs": col + " " + id}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: footprint of %s: %w", col, err)
	}
	return nil
}

// untrace takes a document that is gone off a footprint.
func (s *Store) untrace(ctx context.Context, userID, col, id string) error {
	if userID == "" {
		return nil
	}
	_, err := s.write(colFootprints).UpdateOne(ctx, bson.M{"_id": userID}, bson.M{"$pull": bson.M{"refs": col + " " + id}})
	if err != nil {
		return fmt.Errorf("store: footprint of %s: %w", col, err)
	}
	return nil
}

// personRefs lists, by collection, the ids of every document that may name
// the person: their footprint, and what their own document lists (the
// events they joined, their links, their calendar feed, the link that
// brought them in). Documents keyed by the person are not listed.
func (s *Store) personRefs(ctx context.Context, userID string) (map[string][]string, error) {
	refs := map[string][]string{}
	fp, err := findOne[footprint](ctx, s.write(colFootprints), bson.M{"_id": userID}, "footprint")
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	if fp != nil {
		for _, r := range fp.Refs {
			if col, id, ok := strings.Cut(r, " "); ok {
				refs[col] = append(refs[col], id)
			}
		}
	}
	u, err := findOne[userRefs](ctx, s.write(colUsers), bson.M{"_id": userID}, "user")
	if errors.Is(err, ErrNotFound) {
		return refs, nil
	}
	if err != nil {
		return nil, err
	}
	refs[colEvents] = append(refs[colEvents], u.Events...)
	for _, l := range u.ReferralLinks {
		refs[colReferralLinks] = append(refs[colReferralLinks], l.Code)
	}
	if u.CalendarToken != "" {
		refs[colCalendarFeeds] = append(refs[colCalendarFeeds], u.CalendarToken)
	}
	refs[colIdentities] = append(refs[colIdentities], u.Identities...)
	return refs, nil
}

// userRefs is what a member's own document lists of their other documents.
type userRefs struct {
	Events        []string `bson:"events"`
	ReferralLinks []struct {
		Code string `bson:"code"`
	} `bson:"referral_links"`
	CalendarToken string   `bson:"calendar_token"`
	Identities    []string `bson:"identities"`
}

// RebuildFootprints traces every document that names a person through a
// field the footprint covers: once, for data from before footprints
// existed. It reads those collections whole, as a rebuild must, and writes
// each person's footprint once.
func (s *Store) RebuildFootprints(ctx context.Context) error {
	traces := footprintTraces{}
	for _, p := range personalData {
		if !p.traced() {
			continue
		}
		err := each(ctx, s.read(p.Name), bulkBatch, func(docs []bson.Raw) error {
			for _, d := range docs {
				traces.add(p, d)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: rebuild footprints: %w", err)
		}
	}
	return s.addFootprints(ctx, traces, nil)
}

// footprintTraces gathers, by person, the documents that name them.
type footprintTraces map[string][]string

// add traces doc of p's collection to the people its field names, if any.
func (t footprintTraces) add(p personalCollection, doc bson.Raw) {
	id, _ := doc.Lookup("_id").StringValueOK()
	v := doc.Lookup(p.UserField)
	people := []bson.RawValue{v}
	if arr, ok := v.ArrayOK(); ok {
		people, _ = arr.Values()
	}
	for _, pv := range people {
		if person, ok := pv.StringValueOK(); ok && person != "" && id != "" {
			t[person] = append(t[person], p.Name+" "+id)
		}
	}
}

// traceDocuments traces documents about to be written in bulk to col.
func (t footprintTraces) traceDocuments(col string, docs []any) error {
	for _, p := range personalData {
		if p.Name != col || !p.traced() {
			continue
		}
		for _, d := range docs {
			raw, err := bson.Marshal(d)
			if err != nil {
				return fmt.Errorf("store: trace %s: %w", col, err)
			}
			t.add(p, raw)
		}
	}
	return nil
}

// addFootprints writes gathered traces: new footprints in batches, and to
// those that exist the refs are added one by one. Which exist is read first
// (by _id, a few at a time; not for the people in created, who are new): one
// duplicate in a batch makes FerretDB insert the whole batch a document at
// a time.
func (s *Store) addFootprints(ctx context.Context, traces footprintTraces, created map[string]bool) error {
	persons := make([]string, 0, len(traces))
	for person := range traces {
		persons = append(persons, person)
	}
	exists := make([]bool, len(persons))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for i, person := range persons {
		if created[person] {
			continue
		}
		g.Go(func() error {
			_, err := findOne[footprint](gctx, s.read(colFootprints), bson.M{"_id": person}, "footprint")
			exists[i] = err == nil
			if errors.Is(err, ErrNotFound) {
				return nil
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var fresh []any
	for i, person := range persons {
		if exists[i] {
			if err := s.addRefs(ctx, person, traces[person]); err != nil {
				return err
			}
			continue
		}
		fresh = append(fresh, footprint{ID: person, Refs: traces[person]})
	}
	for start := 0; start < len(fresh); start += bulkBatch {
		batch := fresh[start:min(start+bulkBatch, len(fresh))]
		_, err := s.write(colFootprints).InsertMany(ctx, batch)
		var bulk mongo.BulkWriteException
		if err != nil && !errors.As(err, &bulk) {
			return fmt.Errorf("store: footprints: %w", err)
		}
		for _, we := range bulk.WriteErrors { // made meanwhile by an ordinary write
			if !isDuplicate(we) {
				return fmt.Errorf("store: footprints: %w", we)
			}
			fp := batch[we.Index].(footprint)
			if err := s.addRefs(ctx, fp.ID, fp.Refs); err != nil {
				return err
			}
		}
	}
	return nil
}

// addRefs adds refs to the footprint of person that exists.
func (s *Store) addRefs(ctx context.Context, person string, refs []string) error {
	_, err := s.write(colFootprints).UpdateOne(ctx, bson.M{"_id": person},
		bson.M{"$addToSet": bson.M{"refs": bson.M{"$each": refs}}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: footprints: %w", err)
	}
	return nil
}
