// Package i18n translates the portal's interface into English and Dutch.
// Messages live in locales/<lang>.json; every key exists in both files
// (a test holds that), so a missing translation is caught before it ships.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
	_ "time/tzdata" // the Amsterdam zone, also on machines without tzdata

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

//go:embed locales/*.json
var locales embed.FS

// Languages the portal speaks, the first being the fallback.
var Languages = []string{"en", "nl"}

// Bundle holds every message in every language.
type Bundle struct {
	b       *goi18n.Bundle
	matcher language.Matcher
	log     *slog.Logger
}

// New loads the embedded message files.
func New(log *slog.Logger) (*Bundle, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	tags := make([]language.Tag, 0, len(Languages))
	for _, lang := range Languages {
		path := "locales/" + lang + ".json"
		data, err := locales.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		if _, err := b.ParseMessageFileBytes(data, path); err != nil {
			return nil, fmt.Errorf("i18n: parse %s: %w", path, err)
		}
		tags = append(tags, language.MustParse(lang))
	}
	return &Bundle{b: b, matcher: language.NewMatcher(tags), log: log}, nil
}

// Supported reports whether lang is one of the portal's languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Match picks the language: an explicit choice when it is supported,
// otherwise the best match for the browser's Accept-Language, otherwise English.
func (b *Bundle) Match(chosen, acceptLanguage string) string {
	if Supported(chosen) {
		return chosen
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Languages[0]
	}
	_, i, conf := b.matcher.Match(tags...)
	if conf == language.No {
		return Languages[0]
	}
	return Languages[i]
}

// Localizer translates for one language.
func (b *Bundle) Localizer(lang string) *Localizer {
	if !Supported(lang) {
		lang = Languages[0]
	}
	return &Localizer{Lang: lang, l: goi18n.NewLocalizer(b.b, lang), log: b.log}
}

// Localizer translates messages into one language; templates call its methods.
type Localizer struct {
	Lang string
	l    *goi18n.Localizer
	log  *slog.Logger
}

// T translates id; args are name/value pairs for the message's placeholders,
// e.g. T "dashboard.greeting" "Name" .User.FirstName.
func (l *Localizer) T(id string, args ...any) string {
	return l.localize(id, nil, args)
}

// N translates id in its singular or plural form for count, available to the
// message as {{.Count}}.
func (l *Localizer) N(id string, count int, args ...any) string {
	return l.localize(id, count, append(args, "Count", count))
}

func (l *Localizer) localize(id string, count any, args []any) string {
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			data[k] = args[i+1]
		}
	}
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil {
		l.log.Warn("missing translation", "lang", l.Lang, "id", id, "err", err)
		if s == "" {
			return id
		}
	}
	return s
}

// zone is where the community lives: times are shown in Dutch time.
var zone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err) // time/tzdata is embedded, so this cannot happen
	}
	return loc
}()

var dutchMonths = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// Date formats a date the way readers of the language expect it, in Dutch time.
func (l *Localizer) Date(t time.Time) string { return l.DateIn(t, zone) }

// DateIn formats a date as it is in loc.
func (l *Localizer) DateIn(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	if l.Lang == "nl" {
		return fmt.Sprintf("%d %s %d", t.Day(), dutchMonths[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}

// MonthIn names the month and year of t as it is in loc ("November 2026").
func (l *Localizer) MonthIn(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if l.Lang == "nl" {
		return fmt.Sprintf("%s %d", dutchMonths[t.Month()-1], t.Year())
	}
	return t.Format("January 2006")
}

// DateTime formats a date with the time of day, in Dutch time.
func (l *Localizer) DateTime(t time.Time) string { return l.DateTimeIn(t, zone) }

// DateTimeIn formats a date with the time of day as it is in loc.
func (l *Localizer) DateTimeIn(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return l.DateIn(t, loc) + ", " + t.In(loc).Format("15:04")
}

var dutchWeekdays = []string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}

// When formats an event's start and end as wall-clock times in the event's
// own zone ("Thursday 3 December 2026, 19:00–21:30"); the zone is named
// separately (Zone), so a reader elsewhere knows whose time it is.
func (l *Localizer) When(start, end time.Time, loc *time.Location) string {
	start, end = start.In(loc), end.In(loc)
	day := func(t time.Time) string {
		if l.Lang == "nl" {
			return fmt.Sprintf("%s %d %s %d", dutchWeekdays[t.Weekday()], t.Day(), dutchMonths[t.Month()-1], t.Year())
		}
		return t.Format("Monday 2 January 2006")
	}
	if start.YearDay() == end.YearDay() && start.Year() == end.Year() {
		return day(start) + ", " + start.Format("15:04") + "–" + end.Format("15:04")
	}
	return day(start) + ", " + start.Format("15:04") + " – " + day(end) + ", " + end.Format("15:04")
}

// Zone names the time zone of t: its abbreviation and place, "CET, Brussels".
func Zone(t time.Time, loc *time.Location) string {
	abbr, _ := t.In(loc).Zone()
	place := loc.String()
	if i := strings.LastIndexByte(place, '/'); i >= 0 {
		place = place[i+1:]
	}
	place = strings.ReplaceAll(place, "_", " ")
	if place == abbr {
		return abbr
	}
	return abbr + ", " + place
}

// Keys lists the message ids of one language's file (for tests and tooling).
func Keys(lang string) ([]string, error) {
	data, err := locales.ReadFile("locales/" + lang + ".json")
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys, nil
}

// CountryName is the name of an ISO 3166 country code in lang ("NL", "nl" →
// "Nederland"), or "" for a code it does not know.
func CountryName(code, lang string) string {
	region, err := language.ParseRegion(code)
	if err != nil || !region.IsCountry() {
		return ""
	}
	namer := display.English.Regions()
	if lang == "nl" {
		namer = display.Dutch.Regions()
	}
	return namer.Name(region)
}

// Ago says how long ago t was in whole days, as a reader of the language
// says it: "today", "yesterday", "3 days ago".
func (l *Localizer) Ago(t time.Time) string {
	days := int(time.Since(t).Hours() / 24)
	switch {
	case days <= 0:
		return l.T("time.today")
	case days == 1:
		return l.T("time.yesterday")
	}
	return l.N("time.days_ago", days)
}

// Amsterdam is the community's time zone, in which forms take times.
func Amsterdam() *time.Location { return zone }
