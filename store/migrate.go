package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// migration brings data written by an older portal into today's shape. Each
// runs once per database (recorded in stats) and can run again if it was
// interrupted: every step is idempotent.
type migration struct {
	name string
	run  func(ctx context.Context, s *Store) error
}

var migrations = []migration{
	{"member count", migrateMemberCount},
	{"events on members", migrateEventsOnMembers},
	{"inboxes from notifications", migrateInboxes},
	{"calendar feeds", migrateCalendarFeeds},
	{"referral links on members", migrateReferralLinks},
	{"article slugs", migrateArticleSlugs},
	{"session expiry buckets", migrateSessionExpiry},
	{"referral summary", func(ctx context.Context, s *Store) error { return s.RebuildReferralSummary(ctx) }},
	{"recent referred members", func(ctx context.Context, s *Store) error { return s.RebuildRecentReferred(ctx) }},
	{"footprints", func(ctx context.Context, s *Store) error { return s.RebuildFootprints(ctx) }},
	{"touchpoints onto relationships", migrateTouchpoints},
	{"insights history", func(ctx context.Context, s *Store) error { return s.RebuildInsights(ctx, time.Now()) }},
	{"database mode", migrateDatabaseMode},
	// Signals and first interests are counted on the day they were raised or
	// published, and signals raised are counted too: the rates' denominators.
	{"insights: every signal and vacancy in its period", func(ctx context.Context, s *Store) error { return s.RebuildInsights(ctx, time.Now()) }},
	// Past months' engagement measured as the daily snapshot measures it.
	{"insights: engagement measured one way", func(ctx context.Context, s *Store) error { return s.RebuildInsights(ctx, time.Now()) }},
	{"identities", migrateIdentities},
}

const statsMigrations = "migrations"

// migrate runs the migrations this database has not had yet.
func (s *Store) migrate(ctx context.Context) error {
	var done struct {
		Done []string `bson:"done"`
	}
	_ = s.read(colStats).FindOne(ctx, bson.M{"_id": statsMigrations}).Decode(&done)
	for _, m := range migrations {
		if slices.Contains(done.Done, m.name) {
			continue
		}
		if err := m.run(ctx, s); err != nil {
			return fmt.Errorf("store: migration %q: %w", m.name, err)
		}
		_, err := s.write(colStats).UpdateOne(ctx, bson.M{"_id": statsMigrations},
			bson.M{"$addToSet": bson.M{"done": m.name}}, options.Update().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("store: migration %q: %w", m.name, err)
		}
	}
	return nil
}

// migrateMemberCount counts the members once, for the counter that
// CountUsers reads from then on.
func migrateMemberCount(ctx context.Context, s *Store) error {
	var n int64
	if err := each(ctx, s.read(colUsers), bulkBatch, func(batch []bson.Raw) error {
		n += int64(len(batch))
		return nil
	}); err != nil {
		return err
	}
	_, err := s.write(colStats).UpdateOne(ctx, bson.M{"_id": statsMembers},
		bson.M{"$set": bson.M{"count": n}}, options.Update().SetUpsert(true))
	return err
}

// migrateEventsOnMembers lists on every member the events they joined.
func migrateEventsOnMembers(ctx context.Context, s *Store) error {
	return each(ctx, s.read(colEvents), bulkBatch, func(events []models.Event) error {
		for _, e := range events {
			for _, id := range append(append([]string{}, e.Attendees...), e.Waitlist...) {
				if err := s.listEventOnMember(ctx, id, e.ID, true); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// migrateInboxes moves notifications, once one document each, into their
// recipients' inboxes, and drops the old collection.
func migrateInboxes(ctx context.Context, s *Store) error {
	old := s.coll(s.r, colRetiredNotifications)
	err := each(ctx, old, bulkBatch, func(ns []models.Notification) error {
		for _, n := range ns {
			// The unread counters on the members stay as they were.
			if _, err := s.deliver(ctx, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.w.Collection(colRetiredNotifications).Drop(ctx)
}

// migrateCalendarFeeds keys every calendar feed secret to its member.
func migrateCalendarFeeds(ctx context.Context, s *Store) error {
	return each(ctx, s.read(colUsers), bulkBatch, func(users []models.User) error {
		for _, u := range users {
			if u.CalendarToken == "" {
				continue
			}
			_, err := s.write(colCalendarFeeds).UpdateOne(ctx, bson.M{"_id": u.CalendarToken},
				bson.M{"$set": bson.M{"user_id": u.ID}}, options.Update().SetUpsert(true))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// migrateReferralLinks lists every referral link on its member's document.
func migrateReferralLinks(ctx context.Context, s *Store) error {
	return each(ctx, s.read(colReferralLinks), bulkBatch, func(links []models.ReferralLink) error {
		for _, l := range links {
			_, err := modify(ctx, s, colUsers, l.ReferrerID, false, func(u *models.User) (bson.M, error) {
				for _, r := range u.ReferralLinks {
					if r.Key == l.Key {
						return nil, errNoChange
					}
				}
				ref := models.LinkRef{Key: l.Key, Code: l.Code, CreatedAt: l.CreatedAt}
				return bson.M{"$set": bson.M{"referral_links": append(u.ReferralLinks, ref)}}, nil
			})
			if err != nil && !errors.Is(err, ErrNotFound) { // a link of an erased member stays unlisted
				return err
			}
		}
		return nil
	})
}

// migrateArticleSlugs keys every article's slug to it.
func migrateArticleSlugs(ctx context.Context, s *Store) error {
	return each(ctx, s.read(colArticles), bulkBatch, func(articles []models.Article) error {
		for _, a := range articles {
			if a.Slug == "" {
				continue
			}
			// Of two articles that once shared a slug, the first keeps it,
			// as the old lookup by slug found one of them too.
			if err := s.keySlug(ctx, a.Slug, a.ID); err != nil && !errors.Is(err, ErrDuplicate) {
				return err
			}
		}
		return nil
	})
}

// migrateSessionExpiry lists every session in its expiry bucket, and starts
// the sweep at the earliest of them.
func migrateSessionExpiry(ctx context.Context, s *Store) error {
	var first time.Time
	err := each(ctx, s.read(colSessions), bulkBatch, func(sessions []models.Session) error {
		for i := range sessions {
			if at := sessionExpiry(&sessions[i]); first.IsZero() || at.Before(first) {
				first = at
			}
		}
		return s.listSessionsForExpiry(ctx, sessions)
	})
	if err != nil || first.IsZero() {
		return err
	}
	_, err = s.write(colStats).UpdateOne(ctx, bson.M{"_id": statsSessionSweep},
		bson.M{"$set": bson.M{"from": first.UTC().Truncate(time.Hour)}}, options.Update().SetUpsert(true))
	return err
}

// migrateTouchpoints moves the touchpoints kept one document each onto
// their members' relationships, and drops the old collection.
func migrateTouchpoints(ctx context.Context, s *Store) error {
	old := s.coll(s.r, colTouchpoints)
	err := each(ctx, old, bulkBatch, func(tps []models.Touchpoint) error {
		for _, tp := range tps {
			if _, err := s.RecordTouchpoint(ctx, tp, models.Notification{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.w.Collection(colTouchpoints).Drop(ctx)
}
