// Package bench holds the benchmarks whose figures are written down in
// README.md beside this file. Run them with
//
//	go test ./bench -run '^$' -bench . -benchtime 2000x
//
// They only run with -bench: building the 100k index takes a while.
package bench

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/taxonomy"
)

var (
	skills    []string
	interests []string
	cities    = []string{"Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Nijmegen", "Leiden", "Haarlem", "Zwolle"}
	titles    = []string{"Backend developer", "Frontend developer", "Data engineer", "Platform engineer", "Security engineer", "Product designer", "Mobile developer", "Engineering manager"}
)

func init() {
	for _, t := range taxonomy.Defaults {
		if t.Kind == models.TermSkill {
			skills = append(skills, t.Label)
		} else {
			interests = append(interests, t.Label)
		}
	}
}

func pick(rng *rand.Rand, from []string, n int) []string {
	var out []string
	for len(out) < n {
		if s := from[rng.IntN(len(from))]; !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func vacancy(rng *rand.Rand, i int) models.Vacancy {
	return models.Vacancy{
		ID: fmt.Sprintf("v%06d", i), Title: []string{"Junior", "Medior", "Senior", "Lead"}[rng.IntN(4)] + " " + titles[rng.IntN(len(titles))],
		Company: fmt.Sprintf("Company %d", rng.IntN(500)), City: cities[rng.IntN(len(cities))],
		Workplace: models.Workplaces[rng.IntN(3)], Seniority: models.Seniorities[rng.IntN(5)],
		Skills: pick(rng, skills, 2+rng.IntN(3)), NiceSkills: pick(rng, skills, rng.IntN(3)), Interests: pick(rng, interests, 1+rng.IntN(2)),
		Description: "We are looking for someone who enjoys building things with a friendly team.",
		Status:      models.VacancyOpen, PublishedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
	}
}

var (
	index100k     *search.Bleve
	index100kOnce sync.Once
)

// bleve100k builds, once per run, a Bleve index of 100,000 vacancies in
// batches of 1,000, as the sync worker would.
func bleve100k(b *testing.B) *search.Bleve {
	index100kOnce.Do(func() {
		dir := filepath.Join(b.TempDir(), "bleve")
		idx, _, err := search.OpenBleve(dir, slog.New(slog.DiscardHandler))
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		start := time.Now()
		batch := make([]search.Document, 0, 1000)
		for i := 0; i < 100_000; i++ {
			batch = append(batch, search.VacancyDocument(vacancy(rng, i)))
			if len(batch) == cap(batch) {
				if err := idx.Upsert(context.Background(), batch); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
		}
		b.Logf("indexed 100,000 vacancies in %v", time.Since(start).Round(time.Millisecond))
		// Let scorch merge the segments of the bulk load, as a running
		// portal's index would have long done, before measuring queries.
		time.Sleep(15 * time.Second)
		index100k = idx
	})
	return index100k
}

// BenchmarkBleveSearch100k measures the vacancy searches the portal makes,
// against 100,000 documents: p95 is reported as its own metric.
func BenchmarkBleveSearch100k(b *testing.B) {
	idx := bleve100k(b)
	queries := map[string]search.Query{
		"typo text + status + facets": {Text: "plaform enginer", Kinds: []string{"vacancies"}, Filters: map[string][]string{"status": {"open"}},
			Facets: []string{"workplace", "seniority", "city", "tags"}, Limit: 20},
		"filters only, newest first": {Kinds: []string{"vacancies"}, Filters: map[string][]string{"status": {"open"}, "workplace": {"remote"}, "seniority": {"senior"}},
			Facets: []string{"workplace", "seniority", "city", "tags"}, Newest: true, Limit: 20},
		"typo text only":                {Text: "plaform enginer", Kinds: []string{"vacancies"}, Limit: 20},
		"typo text + status, no facets": {Text: "plaform enginer", Kinds: []string{"vacancies"}, Filters: map[string][]string{"status": {"open"}}, Limit: 20},
		"for-you pre-selection":         {Kinds: []string{"vacancies"}, Tags: []string{"Go", "Kubernetes", "PostgreSQL", "Docker", "Backend", "Cloud"}, Limit: 100},
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if _, err := idx.Search(context.Background(), q); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// BenchmarkRankTop20Of10k ranks 10,000 open vacancies for one candidate and
// keeps the best 20 (the pure ranking; the portal ranks a pre-selected pool).
func BenchmarkRankTop20Of10k(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	vs := make([]models.Vacancy, 10_000)
	for i := range vs {
		vs[i] = vacancy(rng, i)
	}
	u := &models.User{Skills: []string{"Go", "Kubernetes", "PostgreSQL", "Docker"}, Interests: []string{"Backend", "Cloud"},
		City: "Utrecht", Seniority: "medior", Availability: models.Availability{Status: models.AvailabilityLooking},
		NotForMe: []models.Dismissal{{ID: "x", Skills: []string{"Java", "Spring"}}}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		strong, near := models.RankVacancies(u, vs, 20)
		if len(strong)+len(near) == 0 {
			b.Fatal("nothing ranked")
		}
	}
}
