package search_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/talentcommunity/portal/search"
)

// A write empties the cache, except for answers that allow an age (the
// talent pool's counts), which last until they are that old; a fresh
// query always asks the engine.
func TestCacheKeepsAnswersThatAllowAnAge(t *testing.T) {
	ctx := context.Background()
	bleve, _, err := search.OpenBleve(filepath.Join(t.TempDir(), "bleve"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer bleve.Close()
	idx := search.Cached(bleve, time.Hour, 100)
	add := func(id string) {
		if err := idx.Upsert(ctx, []search.Document{{ID: id, Kind: "articles", Ref: id, Title: "Go " + id, Date: time.Now()}}); err != nil {
			t.Fatal(err)
		}
	}
	count := func(q search.Query) int {
		res, err := idx.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	add("a")
	plain := search.Query{Kinds: []string{"articles"}}
	lasting := search.Query{Kinds: []string{"articles"}, MaxAge: time.Hour}
	if count(plain) != 1 || count(lasting) != 1 {
		t.Fatal("one article to begin with")
	}
	add("b")
	if n := count(plain); n != 2 {
		t.Errorf("after a write the plain query counts %d, want 2", n)
	}
	if n := count(lasting); n != 1 {
		t.Errorf("after a write the lasting query counts %d, want the 1 it had", n)
	}
	fresh := lasting
	fresh.Fresh = true
	if n := count(fresh); n != 2 {
		t.Errorf("a fresh query counts %d, want 2", n)
	}
	young := search.Query{Kinds: []string{"articles"}, MaxAge: time.Nanosecond}
	count(young)
	add("c")
	time.Sleep(time.Millisecond)
	if n := count(young); n != 3 {
		t.Errorf("an answer older than its age counts %d, want 3", n)
	}
}
