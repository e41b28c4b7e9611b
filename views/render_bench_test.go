package views_test

// What a card costs to render with the real templates and the fragment
// cache (go test ./views -run '^$' -bench .): the cost per card is what made
// the dashboard slower with more matches (see bench/README.md).

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/gofiber/template/html/v2"

	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/views"
)

func engine(b testing.TB) *html.Engine {
	e := html.NewFileSystem(http.FS(views.FS), ".html")
	e.AddFuncMap(views.Funcs())
	e.AddFunc("asset", func(s string) string { return s })
	f := views.NewFragments(func(w io.Writer, name string, data any) error { return e.Render(w, name, data) })
	e.AddFuncMap(f.Funcs())
	if err := e.Load(); err != nil {
		b.Fatal(err)
	}
	return e
}

func BenchmarkHitCard(b *testing.B) {
	e := engine(b)
	bundle, _ := i18n.New(slog.New(slog.NewTextHandler(io.Discard, nil)))
	l := bundle.Localizer("en")
	hit := search.Hit{Document: search.Document{Kind: "events", Ref: "evt-01", Title: "Go meetup", City: "Utrecht", Date: time.Now(), Tags: []string{"go", "backend", "cloud"}}}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := e.Render(&buf, "partials/hit_card", map[string]any{"Hit": hit, "L": l}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVacancyMatch(b *testing.B) {
	e := engine(b)
	bundle, _ := i18n.New(slog.New(slog.NewTextHandler(io.Discard, nil)))
	l := bundle.Localizer("en")
	v := models.Vacancy{ID: "vac-01", Title: "Go developer", Company: "Acme", City: "Utrecht", Workplace: "hybrid"}
	r := models.RankedVacancy{Vacancy: v, Match: models.Match{Score: 80, Reasons: []models.MatchReason{{Kind: "skills", Terms: []string{"go", "docker"}}, {Kind: "place"}}}}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := e.Render(&buf, "partials/vacancy_match", map[string]any{"R": r, "L": l}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkT(b *testing.B) {
	bundle, _ := i18n.New(slog.New(slog.NewTextHandler(io.Discard, nil)))
	l := bundle.Localizer("en")
	for b.Loop() {
		_ = l.T("card.online")
	}
}

func BenchmarkReasons(b *testing.B) {
	e := engine(b)
	bundle, _ := i18n.New(slog.New(slog.NewTextHandler(io.Discard, nil)))
	l := bundle.Localizer("en")
	m := models.Match{Score: 80, Reasons: []models.MatchReason{{Kind: "skills", Terms: []string{"go", "docker"}}, {Kind: "place"}}}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := e.Render(&buf, "partials/match_reasons", map[string]any{"M": m, "L": l}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTArgs(b *testing.B) {
	bundle, _ := i18n.New(slog.New(slog.NewTextHandler(io.Discard, nil)))
	l := bundle.Localizer("en")
	for b.Loop() {
		_ = l.T("match.reason.skills", "Terms", "go, docker")
	}
}
