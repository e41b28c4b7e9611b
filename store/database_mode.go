package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"github.com/talentcommunity/portal/models"
)

// statsDatabaseMode is the stats document that says whether this database
// is a demo or real (see models.DatabaseMode).
const statsDatabaseMode = "database_mode"

// ErrWrongMode is returned when a write would bring a member into a
// database of the other mode: a real person into the demo, or the demo into
// a database with real people.
var ErrWrongMode = errors.New("store: this database is of the other mode")

// databaseMode is the stored decision.
type databaseMode struct {
	ID        string              `bson:"_id"`
	Mode      models.DatabaseMode `bson:"mode"`
	DecidedAt time.Time           `bson:"decided_at"`
	// By says what decided it, for an operator reading the database.
	By string `bson:"by"`
}

// DatabaseMode says whether this database is a demo, real, or still
// undecided (no member yet). A decision never changes, so once made it is
// kept in memory: every page asks.
func (s *Store) DatabaseMode(ctx context.Context) (models.DatabaseMode, error) {
	if m, ok := s.mode.Load().(models.DatabaseMode); ok && m != models.ModeUndecided {
		return m, nil
	}
	var d databaseMode
	err := s.read(colStats).FindOne(ctx, bson.M{"_id": statsDatabaseMode}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return models.ModeUndecided, nil
	}
	if err != nil {
		return models.ModeUndecided, fmt.Errorf("store: database mode: %w", err)
	}
	s.mode.Store(d.Mode)
	return d.Mode, nil
}

// ClaimDatabaseMode decides an undecided database for want, saying by what,
// and returns the database's mode: want, or the other one if that was
// decided first. One insert keyed by _id decides, so two instances (or a
// demo sign-in racing a real one) cannot both win.
func (s *Store) ClaimDatabaseMode(ctx context.Context, want models.DatabaseMode, by string) (models.DatabaseMode, error) {
	if m, err := s.DatabaseMode(ctx); err != nil || m != models.ModeUndecided {
		return m, err
	}
	_, err := s.write(colStats).InsertOne(ctx, databaseMode{ID: statsDatabaseMode, Mode: want, DecidedAt: time.Now().UTC(), By: by})
	if err != nil && !isDuplicate(err) {
		return models.ModeUndecided, fmt.Errorf("store: decide the database mode: %w", err)
	}
	return s.DatabaseMode(ctx)
}

// requireMode decides an undecided database for want and fails with
// ErrWrongMode when it is of the other mode.
func (s *Store) requireMode(ctx context.Context, want models.DatabaseMode, by string) error {
	m, err := s.ClaimDatabaseMode(ctx, want, by)
	if err != nil {
		return err
	}
	if m != want {
		return fmt.Errorf("%w: it is %s, not %s", ErrWrongMode, m, want)
	}
	return nil
}

// migrateDatabaseMode decides a database written before the mode existed
// from its counters: members beyond the seeded ones signed in themselves,
// so it is real (even where the demo was seeded into it too); otherwise one
// that was seeded is a demo. An empty one stays undecided.
func migrateDatabaseMode(ctx context.Context, s *Store) error {
	all, err := s.CountUsers(ctx)
	if err != nil {
		return err
	}
	seeded, err := s.statsCounter(ctx, statsSeed, "members")
	if err != nil {
		return err
	}
	switch {
	case all > seeded:
		_, err = s.ClaimDatabaseMode(ctx, models.ModeReal, "upgrade: members who signed in themselves")
	case seeded > 0:
		_, err = s.ClaimDatabaseMode(ctx, models.ModeDemo, "upgrade: a seeded community")
	}
	return err
}
