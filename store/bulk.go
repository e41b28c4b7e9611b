package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/talentcommunity/portal/models"
)

// SeedDocuments is a synthetic community to write in bulk (seed --scale).
// The search index is rebuilt afterwards, so nothing here is queued for it.
type SeedDocuments struct {
	Users         []models.User
	Sessions      []models.Session
	Vacancies     []models.Vacancy
	Articles      []models.Article
	Events        []models.Event
	Notifications []models.Notification
	Relationships []models.Relationship
	ReferralLinks []models.ReferralLink
}

// bulkBatch is how many documents one InsertMany carries.
const bulkBatch = 1000

// InsertSeed writes a synthetic community in batches, only into a demo
// database (or an undecided one, which it makes a demo).
func (s *Store) InsertSeed(ctx context.Context, d SeedDocuments) error {
	if err := s.requireMode(ctx, models.ModeDemo, "seed"); err != nil {
		return err
	}
	traces := footprintTraces{} // traced from the documents in hand, not read back
	for _, part := range []struct {
		col  string
		docs []any
	}{
		{colUsers, asAny(d.Users)}, {colSessions, asAny(d.Sessions)}, {colVacancies, asAny(d.Vacancies)},
		{colArticles, asAny(d.Articles)}, {colArticleSlugs, slugsOf(d.Articles)}, {colEvents, asAny(d.Events)}, {colInboxes, asAny(inboxesOf(d.Notifications))},
		{colRelationships, asAny(d.Relationships)}, {colReferralLinks, asAny(d.ReferralLinks)},
		{colVacancyAlerts, seededAlerts(d.Vacancies)},
	} {
		if err := traces.traceDocuments(part.col, part.docs); err != nil {
			return err
		}
		for start := 0; start < len(part.docs); start += bulkBatch {
			end := min(start+bulkBatch, len(part.docs))
			if _, err := s.write(part.col).InsertMany(ctx, part.docs[start:end]); err != nil {
				return fmt.Errorf("store: seed %s: %w", part.col, err)
			}
		}
	}
	if err := s.listSessionsForExpiry(ctx, d.Sessions); err != nil {
		return err
	}
	if err := s.RebuildReferralSummary(ctx); err != nil {
		return err
	}
	created := make(map[string]bool, len(d.Users))
	for _, u := range d.Users {
		created[u.ID] = true
	}
	if err := s.addFootprints(ctx, traces, created); err != nil {
		return err
	}
	return s.countMembers(ctx, int64(len(d.Users)))
}

// slugsOf keys the articles' slugs to them (see keySlug).
func slugsOf(articles []models.Article) []any {
	out := make([]any, 0, len(articles))
	for _, a := range articles {
		if a.Slug != "" {
			out = append(out, slugKey{Slug: a.Slug, ArticleID: a.ID})
		}
	}
	return out
}

// inboxesOf groups notifications into their recipients' inboxes, newest first.
func inboxesOf(ns []models.Notification) []inbox {
	byUser := map[string]*inbox{}
	var order []string
	for _, n := range ns {
		in := byUser[n.UserID]
		if in == nil {
			in = &inbox{ID: n.UserID}
			byUser[n.UserID] = in
			order = append(order, n.UserID)
		}
		in.Items = append(in.Items, n)
	}
	out := make([]inbox, 0, len(order))
	for _, id := range order {
		in := byUser[id]
		slices.SortFunc(in.Items, func(a, b models.Notification) int { return b.CreatedAt.Compare(a.CreatedAt) })
		for _, n := range in.Items {
			in.Seen = append(in.Seen, n.ID) // newest first, like the items
		}
		out = append(out, *in)
	}
	return out
}

func asAny[T any](in []T) []any {
	out := make([]any, len(in))
	for i := range in {
		out[i] = in[i]
	}
	return out
}

// statsSeed is the stats document that counted seeded members before the
// database mode existed (read once by migrateDatabaseMode).
const statsSeed = "seed"

// seededAlerts marks seeded vacancies as alerted: they are history, not
// news to tell the members about when the portal starts.
func seededAlerts(vs []models.Vacancy) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = models.VacancyAlert{VacancyID: v.ID, At: v.PublishedAt}
	}
	return out
}
