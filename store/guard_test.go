package store_test

import (
	"context"
	"errors"
	"go/ast"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/store"
)

// A query on a growing collection by anything but _id is refused before it
// is sent: a later feature cannot bring back a scan unnoticed.
func TestGuardRefusesNonIDFilterOnGrowingCollection(t *testing.T) {
	s := apptest.OpenStore(t)
	err := s.FindUsersByEmail(context.Background(), "ada@example.com")
	if !errors.Is(err, store.ErrScan) {
		t.Fatalf("a query on users by email was let through: %v", err)
	}
}

// Only the guard opens collections: no file of the store calls
// mongo.Database.Collection itself, so no query can go around the guard.
func TestOnlyTheGuardOpensCollections(t *testing.T) {
	allowed := map[string]int{"guard.go": 2, "store.go": 2, "migrate.go": 2} // coll; index creation; dropping the two retired collections
	for name, f := range storeSources(t) {
		calls := 0
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Collection" {
				calls++
			}
			return true
		})
		if calls > allowed[name] {
			t.Errorf("%s calls .Collection %d times: go through s.read or s.write, which guard the filter", name, calls)
		}
	}
}

// FerretDB's lookup by _id uses the index the embedded starter adds.
func TestLookupByIDUsesTheIndex(t *testing.T) {
	e, s := apptest.OpenEmbedded(t)
	ctx := context.Background()
	if err := s.SetUserLocale(ctx, "u1", "nl"); err != nil { // any write by _id
		t.Fatal(err)
	}
	for _, col := range []string{"users", "events", "inboxes", "index_queue"} {
		plan, err := e.QueryPlan(ctx, "test", col)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "USING INDEX") || !strings.Contains(plan, "_portal_id_lookup") {
			t.Errorf("%s: the _id lookup does not use the lookup index:\n%s", col, plan)
		}
	}
}

// The embedded database listens on a Unix socket in a directory only the
// portal's user may enter, not on a TCP port any local process could reach
// without a password.
func TestEmbeddedDatabaseIsPrivate(t *testing.T) {
	e, _ := apptest.OpenEmbedded(t)
	host, _, _ := strings.Cut(strings.TrimPrefix(e.URI(), "mongodb://"), "/")
	socket, err := url.PathUnescape(host)
	if err != nil || !strings.HasSuffix(socket, ".sock") {
		t.Fatalf("the database listens at %q, not on a socket", e.URI())
	}
	info, err := os.Stat(filepath.Dir(socket))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o700 {
		t.Errorf("the socket's directory is %v, want drwx------", info.Mode())
	}
	// Another user cannot connect (root can test it by being nobody).
	const python = "/usr/bin/python3" // the system's, which another user may run
	if _, err := os.Stat(python); os.Geteuid() != 0 || err != nil {
		t.Log("not root, or no " + python + ": the connection as another user is not tried")
		return
	}
	cmd := exec.Command(python, "-c", "import socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])", socket)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "Permission denied") {
		t.Errorf("another user could connect (%v): %s", err, out)
	}
}

// The write check fails on a full disk, where the database's next write
// would fail, and passes again once there is room: /readyz uses it.
func TestWriteCheckSeesAFullDisk(t *testing.T) {
	mnt := apptest.SmallDisk(t, "16m")
	e, err := store.StartEmbedded(filepath.Join(mnt, "db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.CheckWritable(); err != nil {
		t.Fatalf("an empty disk: %v", err)
	}
	filler := filepath.Join(mnt, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write(make([]byte, 16<<20)) // until the disk is full
	f.Close()
	if err := e.CheckWritable(); err == nil {
		t.Error("the write check passed on a full disk")
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := e.CheckWritable(); err != nil {
		t.Errorf("with room again: %v", err)
	}
}
