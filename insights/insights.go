// Package insights gathers the recruiters' figures for a period: the
// rollups (a few documents per metric and month), the events of the period
// from the search index and their documents, and the newsletter's editions.
// It never reads the members: the page costs the same at any size.
package insights

import (
	"cmp"
	"context"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// The charts, in the order of the page.
const (
	ChartMembers       = "members"
	ChartEngagement    = "engagement"
	ChartTouches       = "touches"
	ChartResponse      = "response"
	ChartEvents        = "events"
	ChartReferrals     = "referrals"
	ChartNewsletter    = "newsletter"
	ChartConsent       = "consent"
	ChartVacancies     = "vacancies"
	ChartFirstInterest = "first_interest"
	ChartKeepInTouch   = "keep_in_touch"
)

// Charts lists them.
var Charts = []string{ChartMembers, ChartEngagement, ChartKeepInTouch, ChartTouches, ChartResponse, ChartEvents,
	ChartReferrals, ChartNewsletter, ChartConsent, ChartVacancies, ChartFirstInterest}

// The shapes of a chart.
const (
	OverTime   = "time"       // X are bucket starts
	Categories = "categories" // Labels name each point (an event, an edition, a wait)
)

// Chart is one chart's data, ready for the browser, the table and the CSV.
type Chart struct {
	ID     string
	Shape  string
	Step   string      // the bucket, for OverTime
	X      []time.Time // OverTime
	Labels []string    // Categories: names as they are (titles), or message keys when LabelKeys
	Dates  []time.Time // Categories: the day of each point (an event, an edition), for the reader's language
	// LabelKeys says Labels are message keys (the waits), not names.
	LabelKeys bool
	Series    []Series
	// Reading is the chart in one sentence: a message key and its values.
	Reading     string
	ReadingArgs []any
	// Unavailable says the chart's source could not be read (the search
	// engine is down): the page shows the others and says so for this one.
	Unavailable bool
}

// Series is one line or set of bars.
type Series struct {
	Key    string     // names it: insights.series.<Key>, unless Name is set
	Name   string     // a recruiter's name
	Values []*float64 // nil where there is no value
}

// Empty reports whether the chart has nothing to show.
func (c Chart) Empty() bool {
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != nil && *v != 0 {
				return false
			}
		}
	}
	return true
}

// Report is every chart of a period, and the contacts per recruiter.
type Report struct {
	Period     models.Period
	Recruiter  string // the recruiter the contact chart shows, "" for the team
	Charts     []Chart
	Recruiters []RecruiterTouches
}

// RecruiterTouches is one recruiter's contacts and members come due.
type RecruiterTouches struct {
	ID, Name      string
	Done, CameDue int
}

// Chart returns the chart with id.
func (r Report) Chart(id string) (Chart, bool) {
	i := slices.IndexFunc(r.Charts, func(c Chart) bool { return c.ID == id })
	if i < 0 {
		return Chart{}, false
	}
	return r.Charts[i], true
}

// maxEvents is how many events of a period the events chart shows.
const maxEvents = 60

// Build reads what the period needs, side by side, and draws every chart.
// recruiter narrows the contact chart to one recruiter ("" for the team).
func Build(ctx context.Context, st *store.Store, idx search.Index, p models.Period, recruiter string, now time.Time) (Report, error) {
	var by map[string]models.Days
	var events []models.Event
	var editions []models.Edition
	published := -1 // vacancies published in the period; -1 while the index cannot say
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var err error
		by, err = st.Rollups(gctx, p.From, p.To)
		return err
	})
	eventsDown := false
	g.Go(func() error {
		var err error
		// Without the search engine the events chart waits; the rest does not need it.
		events, err = periodEvents(gctx, st, idx, p)
		eventsDown = err != nil
		return nil
	})
	g.Go(func() error {
		var err error
		editions, err = st.Editions(gctx)
		return err
	})
	g.Go(func() error {
		if n, err := periodPublished(gctx, idx, p); err == nil {
			published = n
		}
		return nil
	})
	var kept keptInTouch
	g.Go(func() error {
		kept = keepInTouchTiers(gctx, idx, p, recruiter, now)
		return nil
	})
	if err := g.Wait(); err != nil {
		return Report{}, err
	}
	r := Report{Period: p, Recruiter: recruiter}
	r.Charts = []Chart{
		members(p, by[models.MetricJoined]),
		engagement(p, by[models.MetricEngagement]),
		keepInTouch(kept),
		touches(p, by[models.MetricTouches], by[models.MetricCameDue], recruiter),
		waits(ChartResponse, p, by[models.MetricResponse], p.Total(by[models.MetricSignals])[models.SignalRaised]),
		eventsChart(events, now, eventsDown),
		referrals(p, by[models.MetricReferrals]),
		newsletter(p, editions),
		consent(p, by[models.MetricConsent]),
		vacancies(p, by[models.MetricVacancies]),
		waits(ChartFirstInterest, p, by[models.MetricFirstInterest], published),
	}
	var err error
	r.Recruiters, err = recruiterTouches(ctx, st, p, by[models.MetricTouches], by[models.MetricCameDue])
	return r, err
}

// keptInTouch is the talent pool's engagement now, per tier, of the
// members contacted in the period and of those who came due in it and were
// not contacted since.
type keptInTouch struct {
	contacted, notContacted map[string]int
	down                    bool
}

// keepInTouchTiers counts both groups from the index's facets (it never
// reads the members).
func keepInTouchTiers(ctx context.Context, idx search.Index, p models.Period, recruiter string, now time.Time) keptInTouch {
	tiers := func(q search.Query) (map[string]int, error) {
		q = search.TalentPool(q)
		if recruiter != "" {
			q.Filters["owner"] = []string{recruiter}
		}
		q.Facets, q.Limit = []string{"engagement"}, 1
		res, err := idx.Search(ctx, q)
		out := map[string]int{}
		for _, f := range res.Facets["engagement"] {
			out[f.Value] = f.Count
		}
		return out, err
	}
	var k keptInTouch
	var err1, err2 error
	k.contacted, err1 = tiers(search.Query{Ranges: []search.DateRange{{Field: "last_contact", From: p.From, To: p.To}}})
	// Still due today by their rhythm, and due since a day of the period:
	// nobody got in touch between then and now.
	k.notContacted, err2 = tiers(search.Query{Filters: map[string][]string{"today": {models.TodayRhythm}},
		Ranges: []search.DateRange{{Field: "due", From: p.From, To: minTime(p.To, now)}}})
	k.down = err1 != nil || err2 != nil
	return k
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// periodEvents are the events that started in the period, oldest first.
func periodEvents(ctx context.Context, st *store.Store, idx search.Index, p models.Period) ([]models.Event, error) {
	res, err := idx.Search(ctx, search.Query{Kinds: []string{string(store.KindEvent)}, After: p.From, Before: p.To,
		Oldest: true, Limit: maxEvents})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Ref
	}
	return st.EventsByID(ctx, ids)
}

// periodPublished counts the vacancies published in the period (open now,
// or closed since): the first-interest rate's denominator.
func periodPublished(ctx context.Context, idx search.Index, p models.Period) (int, error) {
	res, err := idx.Search(ctx, search.Query{Kinds: []string{string(store.KindVacancy)}, After: p.From, Before: p.To,
		Filters: map[string][]string{"status": {models.VacancyOpen, models.VacancyClosed}}, Limit: 1})
	return res.Total, err
}

// recruiterTouches adds up each recruiter's contacts and members come due
// over the period, most contacts first; the unassigned come last.
func recruiterTouches(ctx context.Context, st *store.Store, p models.Period, done, due models.Days) ([]RecruiterTouches, error) {
	d, c := p.Total(done), p.Total(due)
	ids := map[string]bool{}
	for id := range d {
		ids[id] = true
	}
	for id := range c {
		ids[id] = true
	}
	delete(ids, models.NoOwner)
	delete(ids, models.FormerRecruiter)
	var rows []RecruiterTouches
	people, err := st.UsersByID(ctx, sortedKeys(ids))
	if err != nil {
		return nil, err
	}
	for _, u := range people {
		rows = append(rows, RecruiterTouches{ID: u.ID, Name: u.Name, Done: d[u.ID], CameDue: c[u.ID]})
	}
	slices.SortFunc(rows, func(a, b RecruiterTouches) int {
		if a.Done != b.Done {
			return b.Done - a.Done
		}
		return cmp.Compare(a.Name, b.Name)
	})
	if c[models.NoOwner] > 0 {
		rows = append(rows, RecruiterTouches{ID: models.NoOwner, CameDue: c[models.NoOwner]})
	}
	return rows, nil
}
