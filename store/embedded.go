package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses, to add the lookup index
)

// Embedded is a FerretDB running in this process on the SQLite backend, so the
// portal needs no MongoDB server of its own. It speaks the MongoDB wire protocol
// on a Unix socket in a directory only this user may enter, and the ordinary
// driver talks to it. Not on a loopback port: FerretDB asks for no password,
// so any process on the host could have read every member's data there.
type Embedded struct {
	uri    string
	dir    string
	socket string // the socket's private directory, removed on Close
	lock   *os.File
	cancel context.CancelFunc
	done   chan struct{}
}

// ErrDataDirInUse is returned when another process already runs an embedded
// database on the same data dir.
var ErrDataDirInUse = errors.New("store: the embedded database's data dir is in use by another portal process")

// StartEmbedded starts FerretDB with its SQLite files under dir. Only one
// process may do so at a time (an exclusive lock on the dir): the store's
// per-document locks rely on being the only writer (see modify).
func StartEmbedded(dir string, logger *slog.Logger) (*Embedded, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: embedded data dir: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("store: embedded data dir: %w", err)
	}
	lock, err := lockDir(abs)
	if err != nil {
		return nil, err
	}
	socketDir, err := privateSocketDir(abs)
	if err != nil {
		lock.Close()
		return nil, err
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: filepath.Join(socketDir, socketName)},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    slog.New(minLevel{Handler: logger.Handler(), min: slog.LevelError}).With("component", "ferretdb"),
	})
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("store: start embedded FerretDB: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Embedded{dir: abs, socket: socketDir, lock: lock, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		if err := f.Run(ctx); err != nil {
			logger.Error("embedded FerretDB stopped", "err", err)
		}
	}()
	e.uri = f.MongoDBURI()
	return e, nil
}

// socketName is the embedded database's socket in its directory.
const socketName = "db.sock"

// privateSocketDir makes the directory for the database's socket, which
// only this user may enter (0700), so no other local user can connect. It
// is "socket" in the data dir, unless that path cannot name a socket: a Unix
// socket's path is limited to 107 bytes, and the MongoDB driver lowercases
// the host part of its URI, where the path goes. Then it is a private
// directory under /tmp.
func privateSocketDir(dataDir string) (string, error) {
	dir := filepath.Join(dataDir, "socket")
	if path := filepath.Join(dir, socketName); len(path) < 100 && path == strings.ToLower(path) {
		_ = os.RemoveAll(dir) // a socket left by a process that was killed
		if err := os.Mkdir(dir, 0o700); err != nil {
			return "", fmt.Errorf("store: embedded socket dir: %w", err)
		}
		return dir, nil
	}
	dir, err := os.MkdirTemp("/tmp", "portal-db-") // 0700, and a short lowercase path
	if err != nil {
		return "", fmt.Errorf("store: embedded socket dir: %w", err)
	}
	return dir, nil
}

// lockDir takes an exclusive, non-blocking lock on dir; the kernel releases
// it when the process ends, however it ends.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "portal.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: lock data dir: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, ErrDataDirInUse
	}
	return f, nil
}

// CheckWritable writes, syncs and removes a small file beside the database's
// files: it fails on a full or read-only disk, where the database's next
// write would fail too.
func (e *Embedded) CheckWritable() error {
	probe := filepath.Join(e.dir, ".write-check")
	f, err := os.Create(probe)
	if err == nil {
		_, err = f.Write(make([]byte, 4096))
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	_ = os.Remove(probe)
	if err != nil {
		return fmt.Errorf("store: the database's disk takes no writes: %w", err)
	}
	return nil
}

// URI is the mongodb:// address the driver connects to.
func (e *Embedded) URI() string { return e.uri }

// Close stops FerretDB and waits until its SQLite files are closed.
func (e *Embedded) Close() {
	e.cancel()
	<-e.done
	_ = os.RemoveAll(e.socket)
	e.lock.Close()
}

// lookupIndexName names the index AddLookupIndexes adds to a table.
const lookupIndexName = "_portal_id_lookup"

// AddLookupIndexes gives every collection table of database the SQLite index
// that FerretDB's own _id lookups can use. It is idempotent and safe while
// FerretDB runs (SQLite in WAL mode lets a second connection add an index).
//
// Why: FerretDB v1 hands a filter of exactly {_id: <string or ObjectID>} to
// SQLite as `WHERE _ferretdb_sjson->'$._id' = ?`, but it creates its unique
// _id index on `_ferretdb_sjson->"_id"`. SQLite does not treat the two as the
// same expression, so without this index every lookup and update by _id scans
// the table (14.5 ms instead of 0.19 ms at 20,000 documents). FerretDB v1 is
// frozen; its issues #2340 and #4646 describe the same mismatch.
func (e *Embedded) AddLookupIndexes(ctx context.Context, database string) (tables int, err error) {
	db, err := e.openSQLite(database)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	names, err := collectionTables(ctx, db)
	if err != nil {
		return 0, err
	}
	for _, t := range names {
		if _, err := db.ExecContext(ctx, fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+lookupIndexName, t)); err != nil {
			return tables, fmt.Errorf("store: lookup index on %s: %w", t, err)
		}
		tables++
	}
	return tables, nil
}

// openSQLite opens the SQLite file FerretDB keeps database in.
func (e *Embedded) openSQLite(database string) (*sql.DB, error) {
	path := filepath.Join(e.dir, database+".sqlite")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: sqlite file of %s: %w", database, err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite file of %s: %w", database, err)
	}
	return db, nil
}

// collectionTables lists the SQLite tables FerretDB keeps collections in.
func collectionTables(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return nil, fmt.Errorf("store: list collection tables: %w", err)
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: list collection tables: %w", err)
		}
		tables = append(tables, t)
	}
	return tables, rows.Err()
}

// QueryPlan is SQLite's plan for FerretDB's lookup by _id in the table of
// collection, as EXPLAIN QUERY PLAN reports it (for tests and diagnosis).
func (e *Embedded) QueryPlan(ctx context.Context, database, collection string) (string, error) {
	db, err := e.openSQLite(database)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var table string
	if err := db.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&table); err != nil {
		return "", fmt.Errorf("store: table of %s: %w", collection, err)
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE _ferretdb_sjson->'$._id' = ?`, table), `"x"`)
	if err != nil {
		return "", fmt.Errorf("store: query plan of %s: %w", collection, err)
	}
	defer rows.Close()
	var plan string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		plan += detail + "\n"
	}
	return plan, rows.Err()
}

// minLevel drops records below a level: FerretDB logs every connection at
// INFO and every unsupported command (endSessions) at WARN. FerretDB also
// adds attributes to its logger for every SQL statement, which a text or
// JSON handler formats at once; minLevel keeps them aside and hands them
// on only for a record it lets through (rare: errors).
type minLevel struct {
	slog.Handler
	min  slog.Level
	with []func(slog.Handler) slog.Handler // attributes and groups added, in order
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) Handle(ctx context.Context, r slog.Record) error {
	next := h.Handler
	for _, add := range h.with {
		next = add(next)
	}
	return next.Handle(ctx, r)
}

func (h minLevel) WithAttrs(attrs []slog.Attr) slog.Handler {
	return h.adding(func(next slog.Handler) slog.Handler { return next.WithAttrs(attrs) })
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return h.adding(func(next slog.Handler) slog.Handler { return next.WithGroup(name) })
}

func (h minLevel) adding(add func(slog.Handler) slog.Handler) slog.Handler {
	return minLevel{h.Handler, h.min, append(h.with[:len(h.with):len(h.with)], add)}
}
