package bench

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/mail"
	"github.com/talentcommunity/portal/mailtest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/nurture"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// An edition for NEWSLETTER_MEMBERS subscribers (10,000 unless set) on the
// embedded FerretDB and Bleve: the time to queue it, then the rate at which
// one sender writes and sends it to a loopback SMTP sink (no rate limit),
// and the live heap while it does. Run with -benchtime=1x.
func BenchmarkNewsletterEdition(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("NEWSLETTER_MEMBERS"))
	if n <= 0 {
		n = 10000
	}
	ctx := context.Background()
	quiet := slog.New(slog.DiscardHandler)
	s := apptest.OpenStore(b)
	idx, _, err := search.OpenBleve(filepath.Join(b.TempDir(), "index"), quiet)
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	now := time.Now()
	d := store.SeedDocuments{}
	skills := [][]string{{"Go", "Kubernetes"}, {"Python", "SQL"}, {"Java", "Spring"}, {"TypeScript", "React"}}
	for i := range n {
		u := models.User{ID: fmt.Sprintf("nl-%06d", i), Name: fmt.Sprintf("Member %d", i), Email: fmt.Sprintf("m%06d@example.com", i),
			Locale: []string{"en", "nl"}[i%2], Country: "Nederland", City: []string{"Utrecht", "Amsterdam"}[i%2],
			Skills: skills[i%4], Interests: []string{"Cloud", "Backend"}, CreatedAt: now.AddDate(0, 0, -i%300), Version: 1,
			Contact: models.ContactPreferences{Channels: []string{"email"}}}
		models.SetConsents(&u, map[models.ConsentKind]bool{models.ConsentNewsletter: true, models.ConsentVisibility: true}, u.CreatedAt)
		models.ConfirmNewsletter(&u, u.CreatedAt)
		d.Users = append(d.Users, u)
	}
	for i := range 40 {
		d.Vacancies = append(d.Vacancies, models.Vacancy{ID: fmt.Sprintf("v%02d", i), Title: fmt.Sprintf("%s developer %d", skills[i%4][0], i),
			Company: "Polder Cloud", City: "Utrecht", Workplace: "hybrid", Skills: skills[i%4], Interests: []string{"Cloud"},
			Status: models.VacancyOpen, PublishedAt: now.AddDate(0, 0, -i)})
	}
	seeded := time.Now()
	if err := s.InsertSeed(ctx, d); err != nil {
		b.Fatal(err)
	}
	syncer := &search.Syncer{Store: s, Index: idx, Log: quiet}
	if _, err := syncer.IndexSeed(ctx, d); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d subscribers seeded and indexed in %s", n, time.Since(seeded).Round(time.Millisecond))
	ed, err := s.SaveEdition(ctx, "bench", func(e *models.Edition) error {
		*e = models.Edition{ID: "bench", Subject: "News", Intro: "This month: **new roles**.", Blocks: models.EditionBlocks,
			Status: models.EditionScheduled, SendAt: now, AuthorName: "Mark Jansen", CreatedAt: now}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	bundle, err := i18n.New(quiet)
	if err != nil {
		b.Fatal(err)
	}
	smtp := mailtest.Start(b)
	smtp.Sink()
	snd := &mail.Sender{Store: s, SMTP: smtp.URL, From: "Talent Community <community@portal.example>", Batch: 1000, Connections: 4, Log: quiet,
		Composer: &mail.Composer{Store: s, Index: idx, Bundle: bundle, BaseURL: "https://portal.example", Secret: []byte("bench")}}
	b.ResetTimer()

	began := time.Now()
	queued, err := nurture.QueueEdition(ctx, s, idx, ed, now)
	if err != nil || queued != n {
		b.Fatalf("queued %d of %d: %v", queued, n, err)
	}
	queueTook := time.Since(began)

	day := now.In(i18n.Amsterdam()).AddDate(0, 0, 1)
	at := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, i18n.Amsterdam()) // outside quiet hours
	// The live heap after each batch (after a collection, which is not timed).
	var peak, first uint64
	var ms runtime.MemStats
	var sendTook time.Duration
	for smtp.Count() < n {
		began := time.Now()
		sent, err := snd.SendDue(ctx, at)
		sendTook += time.Since(began)
		if err != nil {
			b.Fatal(err)
		}
		if sent == 0 {
			b.Fatalf("stuck at %d of %d", smtp.Count(), n)
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if first == 0 {
			first = ms.HeapAlloc
		}
		peak = max(peak, ms.HeapAlloc)
	}
	b.ReportMetric(queueTook.Seconds(), "queue-s")
	b.ReportMetric(float64(n)/sendTook.Seconds(), "mails/s")
	b.ReportMetric(float64(first)/(1<<20), "heap-after-first-batch-MiB")
	b.ReportMetric(float64(peak)/(1<<20), "heap-peak-MiB")
}
