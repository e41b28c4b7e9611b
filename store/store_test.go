package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

func open(t *testing.T) *store.Store { return apptest.OpenStore(t) }

// FerretDB v1 loses concurrent updates to one document unless they are
// serialised; the store's single write connection must make all 200 count.
func TestConcurrentSignInsAllCount(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	u := models.User{ID: "linkedin:42", Provider: "linkedin", Subject: "42", Name: "Grace Hopper"}
	const n = 200
	concurrently(t, n, func(int) error {
		_, err := s.SignInUser(ctx, u, nil, time.Now())
		return err
	})
	got, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.SignInCount != n {
		t.Fatalf("sign_in_count = %d after %d concurrent sign-ins", got.SignInCount, n)
	}
	if count, _ := s.CountUsers(ctx); count != 1 {
		t.Fatalf("%d users after concurrent first sign-ins of one person", count)
	}
}

func TestSignInKeepsGrantedRolesAndAddsConfiguredOnes(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	u := models.User{ID: "linkedin:7", Provider: "linkedin", Subject: "7", Name: "Ada"}
	if _, err := s.SignInUser(ctx, u, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetUserRole(ctx, u.ID, models.RoleRecruiter, true); err != nil {
		t.Fatal(err)
	}
	got, err := s.SignInUser(ctx, u, []models.Role{models.RoleAdmin}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := map[models.Role]bool{models.RoleCandidate: true, models.RoleRecruiter: true, models.RoleAdmin: true}
	if len(got.Roles) != len(want) {
		t.Fatalf("roles %v", got.Roles)
	}
	for _, r := range got.Roles {
		if !want[r] {
			t.Fatalf("roles %v", got.Roles)
		}
	}
	if _, err := s.SetUserRole(ctx, "nobody", models.RoleRecruiter, true); err != store.ErrNotFound {
		t.Fatalf("unknown user: %v", err)
	}
}

func TestSessionsExpire(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	live := &models.Session{ID: "live", UserID: "u", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour), AbsoluteExpiresAt: now.Add(24 * time.Hour)}
	idle := &models.Session{ID: "idle", CreatedAt: now, ExpiresAt: now.Add(-time.Second), AbsoluteExpiresAt: now.Add(time.Hour)}
	old := &models.Session{ID: "old", CreatedAt: now, ExpiresAt: now.Add(time.Hour), AbsoluteExpiresAt: now.Add(-time.Second)}
	for _, sess := range []*models.Session{live, idle, old} {
		if err := s.SaveSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.DeleteExpiredSessions(ctx, now)
	if err != nil || n != 2 {
		t.Fatalf("swept %d (%v), want 2", n, err)
	}
	got, err := s.Session(ctx, "live")
	if err != nil || got.UserID != "u" {
		t.Fatalf("the live session after the sweep: %+v %v", got, err)
	}

	// Used again, the session outlives the hour it was listed under; the
	// sweep hours later lists it again, and deletes it once it expired.
	if err := s.TouchSession(ctx, "live", now, now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n, err := s.DeleteExpiredSessions(ctx, now.Add(2*time.Hour)); err != nil || n != 0 {
		t.Fatalf("swept %d (%v) while the session was in use", n, err)
	}
	if _, err := s.Session(ctx, "live"); err != nil {
		t.Fatalf("a session in use was swept: %v", err)
	}
	if n, err := s.DeleteExpiredSessions(ctx, now.Add(4*time.Hour)); err != nil || n != 1 {
		t.Fatalf("swept %d (%v) after the idle expiry, want 1", n, err)
	}
	if _, err := s.Session(ctx, "live"); err != store.ErrNotFound {
		t.Fatalf("the expired session is still there: %v", err)
	}
}

func TestLeaseHasOneHolderAtATime(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now()
	if ok, err := s.AcquireLease(ctx, "job", "a", now, time.Minute); !ok || err != nil {
		t.Fatalf("a: %v %v", ok, err)
	}
	if ok, err := s.AcquireLease(ctx, "job", "b", now, time.Minute); ok || err != nil {
		t.Fatalf("b while a holds it: %v %v", ok, err)
	}
	if ok, err := s.AcquireLease(ctx, "job", "a", now.Add(30*time.Second), time.Minute); !ok || err != nil {
		t.Fatalf("a renews: %v %v", ok, err)
	}
	if ok, err := s.AcquireLease(ctx, "job", "b", now.Add(2*time.Minute), time.Minute); !ok || err != nil {
		t.Fatalf("b after expiry: %v %v", ok, err)
	}
}

// A write that lands while the sync worker indexes keeps its queue entry.
func TestIndexWorkDoneOnlyClearsWhatWasIndexed(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	v := models.Vacancy{ID: "v1", Title: "Go developer"}
	if err := s.SaveVacancy(ctx, v); err != nil {
		t.Fatal(err)
	}
	work, err := s.QueuedIndexWork(ctx, time.Now(), 10)
	if err != nil || len(work) != 1 || work[0].Kind != store.KindVacancy || work[0].Ref != "v1" {
		t.Fatalf("queued: %+v %v", work, err)
	}
	v.Title = "Senior Go developer"
	if err := s.SaveVacancy(ctx, v); err != nil { // while the worker indexes the first write
		t.Fatal(err)
	}
	if err := s.DoneIndexWork(ctx, work); err != nil {
		t.Fatal(err)
	}
	again, _ := s.QueuedIndexWork(ctx, time.Now(), 10)
	if len(again) != 1 {
		t.Fatalf("the newer write lost its queue entry: %+v", again)
	}
	if err := s.DoneIndexWork(ctx, again); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.QueuedIndexWork(ctx, time.Now(), 10); len(left) != 0 {
		t.Fatalf("still queued: %+v", left)
	}
}

func TestRestartOnTheSameDataKeepsDataAndIndexes(t *testing.T) {
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	for round := 0; round < 2; round++ {
		e, err := store.StartEmbedded(dir, log)
		if err != nil {
			t.Fatal(err)
		}
		s, err := store.Open(ctx, e.URI(), "test", store.Options{Embedded: e})
		if err != nil {
			e.Close()
			t.Fatalf("round %d: %v", round, err)
		}
		if round == 0 {
			err = s.SaveUser(ctx, models.User{ID: "kept", Name: "Kept"})
		} else {
			_, err = s.User(ctx, "kept")
		}
		s.Close(ctx)
		e.Close()
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}

func TestCloseExpiredVacancies(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	yesterday, today := now.AddDate(0, 0, -1), time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, v := range []models.Vacancy{
		{ID: "expired", Status: models.VacancyOpen, ClosesAt: &yesterday},
		{ID: "last-day", Status: models.VacancyOpen, ClosesAt: &today},
		{ID: "no-date", Status: models.VacancyOpen},
	} {
		if err := s.SaveVacancy(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	drainIndexQueue(t, s)
	n, err := s.CloseExpiredVacancies(ctx, []string{"expired", "last-day", "no-date"}, now)
	if err != nil || n != 1 {
		t.Fatalf("closed %d (%v), want 1", n, err)
	}
	v, _ := s.Vacancy(ctx, "expired")
	if v.Status != models.VacancyClosed || v.Version != 2 {
		t.Fatalf("%+v", v)
	}
	if !queued(t, s, "vacancies|expired") {
		t.Error("the closed vacancy was not queued for the index")
	}
	if v, _ := s.Vacancy(ctx, "last-day"); v.Status != models.VacancyOpen {
		t.Error("a vacancy was closed on its last day")
	}
}

// concurrently runs fn(0..n-1) in n goroutines at once and fails the test on
// any error.
func concurrently(t *testing.T, n int, fn func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- fn(i)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// queued reports whether id (kind|ref) waits in the index queue.
func queued(t *testing.T, s *store.Store, id string) bool {
	t.Helper()
	work, err := s.QueuedIndexWork(context.Background(), time.Now(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range work {
		if w.ID == id {
			return true
		}
	}
	return false
}

// drainIndexQueue takes every entry off the index queue, as a sync would.
func drainIndexQueue(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	work, err := s.QueuedIndexWork(ctx, time.Now().Add(time.Hour), 1000)
	if err == nil {
		err = s.DoneIndexWork(ctx, work)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// Two clicks on "Share" at once make one link: the member's document lists
// their links and is written conditionally.
func TestConcurrentSharesMakeOneLink(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if err := s.SaveUser(ctx, models.User{ID: "anna", Name: "Anna"}); err != nil {
		t.Fatal(err)
	}
	codes := make([]string, 20)
	var created atomic.Int32
	concurrently(t, len(codes), func(i int) error {
		l, isNew, err := s.ReferralLinkFor(ctx, "anna", models.TargetEvent, "evt-1", "Meetup", time.Now())
		if err == nil {
			codes[i] = l.Code
			if isNew {
				created.Add(1)
			}
		}
		return err
	})
	for _, c := range codes {
		if c != codes[0] {
			t.Fatalf("two links for one target: %v", codes)
		}
	}
	if created.Load() != 1 {
		t.Fatalf("%d links reported as new", created.Load())
	}
	links, err := s.ReferralLinksOf(ctx, "anna")
	if err != nil || len(links) != 1 || links[0].Code != codes[0] {
		t.Fatalf("the member's links: %+v %v", links, err)
	}
}

func TestArticleSlugIsKeyedToOneArticle(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	a := models.Article{ID: "a1", Title: "Go news", Slug: "go-news-a1", Status: models.ArticlePublished}
	if err := s.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	a.Title = "Go news, updated"
	if err := s.SaveArticle(ctx, a); err != nil {
		t.Fatalf("saving an article again refused its own slug: %v", err)
	}
	if got, err := s.ArticleBySlug(ctx, "go-news-a1"); err != nil || got.Title != "Go news, updated" {
		t.Fatalf("by slug: %+v %v", got, err)
	}
	err := s.SaveArticle(ctx, models.Article{ID: "a2", Title: "Other", Slug: "go-news-a1"})
	if !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("a second article took the slug: %v", err)
	}
	if _, err := s.Article(ctx, "a2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused article was saved anyway: %v", err)
	}
	if _, err := s.ArticleBySlug(ctx, "no-such-slug"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown slug: %v", err)
	}
}

// The referral summary adds up every link as the counts come in, and a
// rebuild from the links gives the same.
func TestReferralSummaryAddsUpEveryLink(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now().UTC()
	for _, id := range []string{"ann", "bob"} {
		if err := s.SaveUser(ctx, models.User{ID: id, Name: id}); err != nil {
			t.Fatal(err)
		}
	}
	annLink, _, err := s.ReferralLinkFor(ctx, "ann", models.TargetCommunity, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	bobLink, _, err := s.ReferralLinkFor(ctx, "bob", models.TargetEvent, "evt", "Meetup", now)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range []*models.ReferralLink{annLink, annLink, bobLink} {
		if _, err := s.RecordReferralClick(ctx, l, fmt.Sprint("click-", i), now); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []models.ReferralConversion{
		models.NewConversion(bobLink, "new1", models.ConversionSignUp, now),
		models.NewConversion(bobLink, "new1", models.ConversionJoin, now),
		models.NewConversion(annLink, "new2", models.ConversionSignUp, now),
		models.NewConversion(annLink, "new2", models.ConversionSignUp, now), // again: counts once
	} {
		if _, err := s.RecordConversion(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	check := func(when string) {
		t.Helper()
		sum, err := s.ReferralSummary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := (models.ReferralCounts{Clicks: 3, SignUps: 2, Joins: 1}); sum.Totals != want {
			t.Errorf("%s: totals %+v, want %+v", when, sum.Totals, want)
		}
		if got := sum.Targets["event|evt"]; got.Title != "Meetup" || got.Counts != (models.ReferralCounts{Clicks: 1, SignUps: 1, Joins: 1}) {
			t.Errorf("%s: the event's funnel %+v", when, got)
		}
		if want := []store.Leader{{ID: "bob", Score: 2}, {ID: "ann", Score: 1}}; !slices.Equal(sum.Leaders, want) {
			t.Errorf("%s: leaders %+v, want %+v", when, sum.Leaders, want)
		}
		if u, _ := s.User(ctx, "ann"); u.ReferralTotals != (models.ReferralCounts{Clicks: 2, SignUps: 1}) {
			t.Errorf("%s: ann's totals %+v", when, u.ReferralTotals)
		}
		// The recruiters' list of referred members: who came in, through whom, and what they did.
		recent, err := s.RecentReferred(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range recent {
			got[r.ReferredID] = fmt.Sprint(r.ReferrerID, r.Did)
		}
		if want := map[string]string{"new1": "bob[join]", "new2": "ann[]"}; !maps.Equal(got, want) {
			t.Errorf("%s: referred members %v, want %v", when, got, want)
		}
	}
	check("as counted")
	if err := s.RebuildReferralSummary(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.RebuildRecentReferred(ctx); err != nil {
		t.Fatal(err)
	}
	check("rebuilt")
}
