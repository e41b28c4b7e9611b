package handlers

import (
	"encoding/csv"
	"encoding/json"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/sync/errgroup"

	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/insights"
	"github.com/talentcommunity/portal/models"
)

// The insights: whether nurturing works, in charts drawn in the browser
// from the JSON each carries, with the same figures as a table and a CSV.

type insightsData struct {
	Range, From, To, Recruiter string
	Ranges                     []string
	Errors                     models.FieldErrors
	Query                      string // the period and recruiter, for the CSV links
	Showing                    string // the period shown, in words
	Report                     insights.Report
	Charts                     []chartView
}

// chartView is a chart as the page shows it.
type chartView struct {
	ID, Title, Reading string
	// Previous is the reading of the period before, to compare with.
	Previous string
	// CSV downloads the chart's figures for the same period and recruiter.
	CSV     template.URL
	Columns []string   // the first names the rows
	Rows    [][]string // a row per point: its label, then a value per series
	JSON    string     // what the script draws (chartJSON)
	Empty   bool
}

// chartJSON is what app.js draws a chart from (the data-chart attribute).
type chartJSON struct {
	Shape  string       `json:"shape"`
	Step   string       `json:"step,omitempty"`
	XLabel string       `json:"xLabel"`          // what a point is: a day, a week, an event
	X      []int64      `json:"x,omitempty"`     // Unix seconds of each bucket's start
	Labels []string     `json:"labels"`          // each point's name, as the table shows it
	Ticks  []string     `json:"ticks,omitempty"` // shorter names for the axis
	Series []seriesJSON `json:"series"`
	Lang   string       `json:"lang"`
}

type seriesJSON struct {
	Label  string     `json:"label"`
	Values []*float64 `json:"values"`
}

// Insights shows the charts for the chosen period.
func (h *Handler) Insights(c *fiber.Ctx) error {
	d := insightsData{Range: c.Query("range"), From: c.Query("from"), To: c.Query("to"), Recruiter: c.Query("recruiter"), Ranges: models.PeriodRanges}
	now := time.Now()
	p, errs := models.ParsePeriod(d.Range, d.From, d.To, now)
	status := fiber.StatusOK
	if len(errs) > 0 {
		// The figures of the default period stay on the page under the message.
		d.Errors, status = errs, fiber.StatusUnprocessableEntity
		p, _ = models.ParsePeriod("", "", "", now)
	} else {
		d.Range = p.Range
	}
	if d.Range != models.PeriodCustom {
		d.From, d.To = p.From.Format(time.DateOnly), p.Last().Format(time.DateOnly)
	}
	var r, prev insights.Report
	g, gctx := errgroup.WithContext(c.UserContext())
	g.Go(func() (err error) { r, err = insights.Build(gctx, h.Store, h.Index, p, d.Recruiter, now); return err })
	g.Go(func() (err error) {
		prev, err = insights.Build(gctx, h.Store, h.Index, p.Previous(), d.Recruiter, now)
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}
	d.Report = r
	d.Query = insightsQuery(p, d.Recruiter)
	l := h.localizer(c)
	d.Showing = l.T("insights.showing", "From", l.DateIn(p.From, time.UTC), "To", l.DateIn(p.Last(), time.UTC))
	before := p.Previous()
	for _, ch := range r.Charts {
		v := viewChart(l, ch)
		// A query string of our own making: the template must not escape its "=" and "&".
		v.CSV = template.URL("/recruit/insights/" + ch.ID + ".csv?" + d.Query)
		// "Does keeping in touch work?" reads engagement today: it has no period before.
		if pc, ok := prev.Chart(ch.ID); ok && ch.ID != insights.ChartKeepInTouch && !pc.Unavailable && !pc.Empty() && !v.Empty && !ch.Unavailable {
			v.Previous = l.T("insights.previous", "From", l.DateIn(before.From, time.UTC), "To", l.DateIn(before.Last(), time.UTC),
				"Reading", l.T(pc.Reading, pc.ReadingArgs...))
		}
		d.Charts = append(d.Charts, v)
	}
	return h.render(c, status, "pages/recruit_insights", h.page(c, "insights.title", "recruit", d))
}

// insightsQuery is the query string that shows the same period again.
func insightsQuery(p models.Period, recruiter string) string {
	q := url.Values{"range": {p.Range}}
	if p.Range == models.PeriodCustom {
		q.Set("from", p.From.Format(time.DateOnly))
		q.Set("to", p.Last().Format(time.DateOnly))
	}
	if recruiter != "" {
		q.Set("recruiter", recruiter)
	}
	return q.Encode()
}

// InsightsCSV downloads one chart's figures, as its table shows them.
func (h *Handler) InsightsCSV(c *fiber.Ctx) error {
	id := c.Params("chart")
	if !slices.Contains(insights.Charts, id) {
		return fiber.ErrNotFound
	}
	now := time.Now()
	p, errs := models.ParsePeriod(c.Query("range"), c.Query("from"), c.Query("to"), now)
	if len(errs) > 0 {
		return fiber.NewError(fiber.StatusBadRequest, "invalid period")
	}
	r, err := insights.Build(c.UserContext(), h.Store, h.Index, p, c.Query("recruiter"), now)
	if err != nil {
		return err
	}
	ch, _ := r.Chart(id)
	v := viewChart(h.localizer(c), ch)
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+id+`-`+p.From.Format(time.DateOnly)+`-`+p.Last().Format(time.DateOnly)+`.csv"`)
	w := csv.NewWriter(c.Response().BodyWriter())
	_ = w.Write(spreadsheetSafe(slices.Clone(v.Columns)...))
	for _, row := range v.Rows {
		_ = w.Write(spreadsheetSafe(slices.Clone(row)...))
	}
	w.Flush()
	return w.Error()
}

// viewChart names a chart's points and series in the reader's language.
func viewChart(l *i18n.Localizer, ch insights.Chart) chartView {
	v := chartView{ID: ch.ID, Title: l.T("insights." + ch.ID + ".title"), Reading: l.T(ch.Reading, ch.ReadingArgs...), Empty: ch.Empty()}
	switch {
	case ch.Unavailable:
		v.Reading = l.T("search.down")
	case v.Empty:
		v.Reading = l.T("insights.reading.empty")
	}
	data := chartJSON{Shape: ch.Shape, Step: ch.Step, Lang: l.Lang}
	switch ch.Shape {
	case insights.OverTime:
		v.Columns = []string{l.T("insights.column." + ch.Step)}
		for _, x := range ch.X {
			data.X = append(data.X, x.Unix())
			data.Labels = append(data.Labels, bucketLabel(l, x, ch.Step))
		}
	default:
		v.Columns = []string{l.T("insights.column." + ch.ID)}
		for i, label := range ch.Labels {
			if ch.LabelKeys {
				label = l.T(label)
			}
			if i < len(ch.Dates) { // the axis names it; the table and the legend say when, too
				data.Ticks = append(data.Ticks, label)
				label = l.T("insights.named_on", "Name", label, "Date", l.Date(ch.Dates[i]))
			}
			data.Labels = append(data.Labels, label)
		}
	}
	for _, s := range ch.Series {
		name := s.Name
		if name == "" {
			name = l.T("insights.series." + s.Key)
		}
		v.Columns = append(v.Columns, name)
		data.Series = append(data.Series, seriesJSON{Label: name, Values: s.Values})
	}
	data.XLabel = v.Columns[0]
	raw, _ := json.Marshal(data) // plain data: it always marshals
	v.JSON = string(raw)
	for i, label := range data.Labels {
		row := []string{label}
		for _, s := range ch.Series {
			cell := ""
			if s.Values[i] != nil {
				cell = strconv.FormatFloat(*s.Values[i], 'f', -1, 64)
			}
			row = append(row, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// bucketLabel names a bucket: its day, the week from its day, or its month.
func bucketLabel(l *i18n.Localizer, t time.Time, step string) string {
	switch step {
	case models.StepWeek:
		return l.T("insights.week_of", "Date", l.DateIn(t, time.UTC))
	case models.StepMonth:
		return l.MonthIn(t, time.UTC)
	}
	return l.DateIn(t, time.UTC)
}
