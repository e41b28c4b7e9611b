package handlers

import (
	"context"
	"slices"
	"time"

	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// recruiterListSize is how many of the newest items a recruiter's list shows.
const recruiterListSize = 200

// recruiterList is the newest content of a kind in every state, for the
// recruiters' lists: from the search index, with what was just saved.
func (h *Handler) recruiterList(ctx context.Context, kind store.Kind) ([]string, error) {
	return search.Refs(ctx, h.Index, h.Store, kind, search.Query{Newest: true, Limit: recruiterListSize})
}

// newestFirst orders items by their date, latest first, and keeps the
// first recruiterListSize (the queued ones came after the index's).
func newestFirst[T any](items []T, date func(T) time.Time) []T {
	slices.SortStableFunc(items, func(a, b T) int { return date(b).Compare(date(a)) })
	return items[:min(len(items), recruiterListSize)]
}
