package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// Data written by the portal before issue 10 (a notification per document,
// events and links found by field, calendar secrets on the member, no member
// counter) reads as before once the store has migrated it at start.
func TestMigrationsBringOlderDataIntoShape(t *testing.T) {
	e, client := olderDatabase(t)
	ctx := context.Background()
	db := client.Database("test")
	now := time.Now().UTC().Truncate(time.Millisecond)
	insert := func(col string, doc bson.M) {
		t.Helper()
		if _, err := db.Collection(col).InsertOne(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}
	insert("users", bson.M{"_id": "u1", "name": "Old member", "calendar_token": "old-secret", "unread_notifications": 1, "version": 1})
	insert("notifications", bson.M{"_id": "n1", "user_id": "u1", "kind": "vacancy_shared", "title": "Go developer", "created_at": now})
	insert("events", bson.M{"_id": "e1", "title": "Meetup", "starts_at": now.Add(24 * time.Hour), "ends_at": now.Add(26 * time.Hour),
		"attendees": bson.A{"u1"}, "waitlist": bson.A{}, "going": 1, "version": 1})
	insert("referral_links", bson.M{"_id": "code1", "key": "u1|community|", "referrer_id": "u1", "target_kind": "community", "created_at": now})
	insert("sessions", bson.M{"_id": "s1", "user_id": "u1", "expires_at": now.Add(-2 * time.Hour), "absolute_expires_at": now.Add(time.Hour)})
	insert("articles", bson.M{"_id": "a1", "title": "Old news", "slug": "old-news-a1", "status": "published", "version": 1})
	insert("touchpoints", bson.M{"_id": "t1", "candidate_id": "u1", "recruiter_id": "r1", "kind": "vacancy_shared", "at": now})
	insert("referral_conversions", bson.M{"_id": "code1|new|signup", "code": "code1", "referrer_id": "u1", "referred_id": "new",
		"kind": "signup", "target_kind": "community", "at": now})
	if _, err := db.Collection("stats").DeleteMany(ctx, bson.M{}); err != nil { // as before: no counters, no migrations done
		t.Fatal(err)
	}

	s, err := store.Open(ctx, e.URI(), "test", store.Options{Embedded: e})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	if n, _ := s.CountUsers(ctx); n != 1 {
		t.Errorf("member count %d, want 1", n)
	}
	if mode, _ := s.DatabaseMode(ctx); mode != models.ModeReal { // a member no seed wrote
		t.Errorf("database mode %q, want real", mode)
	}
	if ns, _ := s.Notifications(ctx, "u1", 10); len(ns) != 1 || ns[0].ID != "n1" {
		t.Errorf("inbox after migration: %+v", ns)
	}
	if u, _ := s.User(ctx, "u1"); u.UnreadNotifications != 1 {
		t.Errorf("unread %d, want the 1 it had", u.UnreadNotifications)
	}
	if events, _ := s.EventsJoinedBy(ctx, "u1"); len(events) != 1 || events[0].ID != "e1" {
		t.Errorf("the member's events after migration: %+v", events)
	}
	if u, err := s.UserByCalendarToken(ctx, "old-secret"); err != nil || u.ID != "u1" {
		t.Errorf("the calendar address stopped working: %+v %v", u, err)
	}
	if links, _ := s.ReferralLinksOf(ctx, "u1"); len(links) != 1 || links[0].Code != "code1" {
		t.Errorf("the member's links after migration: %+v", links)
	}
	if a, err := s.ArticleBySlug(ctx, "old-news-a1"); err != nil || a.ID != "a1" {
		t.Errorf("the article's readable address stopped working: %+v %v", a, err)
	}
	// Export finds what older data holds about the member through the footprints the migration traced.
	export, err := s.ExportPerson(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"sessions", "relationships", "referral_conversions.referrer_id"} {
		if len(export[key]) != 1 {
			t.Errorf("the export after migration has %d of %s, want 1", len(export[key]), key)
		}
	}
	if tps, _ := s.Touchpoints(ctx, "u1"); len(tps) != 1 || tps[0].ID != "t1" {
		t.Errorf("the member's touchpoints after migration: %+v", tps)
	}
	if recent, _ := s.RecentReferred(ctx); len(recent) != 1 || recent[0].ReferredID != "new" {
		t.Errorf("the referred members after migration: %+v", recent)
	}
	if n, err := s.DeleteExpiredSessions(ctx, time.Now()); err != nil || n != 1 {
		t.Errorf("the sweep found %d (%v) of the session that expired before the migration, want 1", n, err)
	}
	if n, _ := db.Collection("notifications").CountDocuments(ctx, bson.M{}); n != 0 {
		t.Errorf("%d notifications left in the retired collection", n)
	}
}

// A database written before the mode existed is a demo when every member in
// it was seeded, and real as soon as one was not; an empty one stays
// undecided until its first member arrives.
func TestMigrationDecidesTheDatabaseMode(t *testing.T) {
	e, client := olderDatabase(t)
	ctx := context.Background()
	for _, c := range []struct {
		db              string
		members, seeded int
		want            models.DatabaseMode
	}{
		{"seeded", 2, 2, models.ModeDemo},
		{"mixed", 3, 2, models.ModeReal},
		{"empty", 0, 0, models.ModeUndecided},
	} {
		db := client.Database(c.db)
		for i := range c.members {
			if _, err := db.Collection("users").InsertOne(ctx, bson.M{"_id": fmt.Sprint("u", i), "name": "M", "version": 1}); err != nil {
				t.Fatal(err)
			}
		}
		if c.seeded > 0 {
			if _, err := db.Collection("stats").InsertOne(ctx, bson.M{"_id": "seed", "members": int64(c.seeded)}); err != nil {
				t.Fatal(err)
			}
		}
		s, err := store.Open(ctx, e.URI(), c.db, store.Options{Embedded: e})
		if err != nil {
			t.Fatal(err)
		}
		if mode, err := s.DatabaseMode(ctx); mode != c.want || err != nil {
			t.Errorf("%s: database mode %q (%v), want %q", c.db, mode, err, c.want)
		}
		s.Close(ctx)
	}
}

// olderDatabase starts an embedded FerretDB and a plain client to write into
// it what an older portal left, behind the store's back.
func olderDatabase(t *testing.T) (*store.Embedded, *mongo.Client) {
	t.Helper()
	e, _ := apptest.OpenEmbedded(t)
	client, err := mongo.Connect(context.Background(), options.Client().ApplyURI(e.URI()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	return e, client
}
