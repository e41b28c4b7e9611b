package store_test

import (
	"context"
	"errors"
	"go/ast"
	"strings"
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
	allowed := map[string]int{"guard.go": 2, "store.go": 2, "migrate.go": 1} // coll; index creation; dropping a retired collection
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
