package nurture_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/nurture"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

var quiet = slog.New(slog.DiscardHandler)

// An edition for more subscribers than one batch holds is queued to each of
// them once, even by runs that overlap (a lease that ran out mid-run): the
// recipients add up, and the members who left are counted once.
func TestEditionIsQueuedOnceToEverySubscriber(t *testing.T) {
	const subscribers, left = 1100, 7
	ctx := context.Background()
	s := apptest.OpenStore(t)
	idx, _, err := search.OpenBleve(filepath.Join(t.TempDir(), "index"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	d := store.SeedDocuments{}
	for i := range subscribers + left {
		u := models.User{ID: fmt.Sprintf("m%04d", i), Name: fmt.Sprintf("Member %d", i), Email: fmt.Sprintf("m%04d@example.com", i),
			CreatedAt: now.AddDate(0, 0, -1), Version: 1, Contact: models.ContactPreferences{Channels: []string{"email"}}}
		models.SetConsents(&u, map[models.ConsentKind]bool{models.ConsentNewsletter: true}, u.CreatedAt)
		models.ConfirmNewsletter(&u, u.CreatedAt)
		if i >= subscribers {
			models.SetConsents(&u, map[models.ConsentKind]bool{models.ConsentNewsletter: false}, now)
		}
		d.Users = append(d.Users, u)
	}
	if err := s.InsertSeed(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, err := (&search.Syncer{Store: s, Index: idx, Log: quiet}).IndexSeed(ctx, d); err != nil {
		t.Fatal(err)
	}
	ed, err := s.SaveEdition(ctx, "ed", func(e *models.Edition) error {
		*e = models.Edition{ID: "ed", Subject: "News", Blocks: models.EditionBlocks, Status: models.EditionScheduled, SendAt: now, CreatedAt: now}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run := *ed
			if _, err := nurture.QueueEdition(ctx, s, idx, &run, now); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()

	got, err := s.Edition(ctx, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != models.EditionSent || got.Recipients != subscribers || got.Stats.Skipped[models.SkipStopped] != left {
		t.Fatalf("status %s, %d recipients (want %d), skipped %v (want %d who left)", got.Status, got.Recipients, subscribers, got.Stats.Skipped, left)
	}
	for _, i := range []int{0, 499, 500, 1099} {
		m, err := s.OutboxMail(ctx, models.MailKey(models.PurposeNewsletterEdition, "ed", fmt.Sprintf("m%04d", i)))
		if err != nil || m.Status != models.MailQueued || !m.NotBefore.Equal(now) {
			t.Errorf("member %d: %+v %v", i, m, err)
		}
	}
	if _, err := s.OutboxMail(ctx, models.MailKey(models.PurposeNewsletterEdition, "ed", fmt.Sprintf("m%04d", subscribers))); err == nil {
		t.Error("a member who left was queued")
	}
}
