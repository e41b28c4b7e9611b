package models

import (
	"slices"
	"strconv"
	"time"
)

// Days are a metric's counts as the rollups hold them: day
// ("2006-01-02", UTC) → key → count.
type Days map[string]map[string]int

// PeriodRanges are the ranges offered, in days; "custom" takes two dates.
var PeriodRanges = []string{"30", "90", "365"}

// The ranges that are not a number of days.
const PeriodCustom = "custom"

// MaxPeriod is the longest custom range: the rollups a page reads grow
// with it.
const MaxPeriod = 3 * 366

// Period is what the insights show: the UTC days from From up to To
// (exclusive), in buckets of a day, a week or a month.
type Period struct {
	Range    string
	From, To time.Time
	monthly  bool
}

// Monthly is the period in months, whatever its length: for snapshots
// that are kept per month.
func (p Period) Monthly() Period {
	p.monthly = true
	return p
}

// ParsePeriod reads the range the recruiter chose; the last 90 days when
// they chose none. A custom range needs two dates in order, not in the
// future and at most MaxPeriod days apart.
func ParsePeriod(rng, from, to string, now time.Time) (Period, FieldErrors) {
	today := dayOf(now)
	errs := FieldErrors{}
	switch {
	case slices.Contains(PeriodRanges, rng):
		n, _ := strconv.Atoi(rng)
		return Period{Range: rng, From: today.AddDate(0, 0, 1-n), To: today.AddDate(0, 0, 1)}, errs
	case rng == PeriodCustom:
		f, ferr := time.Parse(time.DateOnly, from)
		t, terr := time.Parse(time.DateOnly, to)
		switch {
		case ferr != nil:
			errs.add("from", "insights.error.date", 0)
		case f.After(today):
			errs.add("from", "insights.error.future", 0)
		}
		switch {
		case terr != nil:
			errs.add("to", "insights.error.date", 0)
		case ferr == nil && t.Before(f):
			errs.add("to", "insights.error.order", 0)
		case ferr == nil && t.Sub(f) > MaxPeriod*24*time.Hour:
			errs.add("to", "insights.error.too_long", MaxPeriod)
		}
		if len(errs) > 0 {
			return Period{}, errs
		}
		if t.After(today) {
			t = today
		}
		return Period{Range: PeriodCustom, From: f, To: t.AddDate(0, 0, 1)}, errs
	}
	return Period{Range: "90", From: today.AddDate(0, 0, -89), To: today.AddDate(0, 0, 1)}, errs
}

func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Previous is the period of the same number of days just before this one,
// to compare with.
func (p Period) Previous() Period {
	days := int(p.To.Sub(p.From).Hours()/24 + 0.5)
	return Period{Range: p.Range, From: p.From.AddDate(0, 0, -days), To: p.From, monthly: p.monthly}
}

// Last is the period's last day (To is the day after it).
func (p Period) Last() time.Time { return p.To.AddDate(0, 0, -1) }

// The sizes of a bucket.
const (
	StepDay   = "day"
	StepWeek  = "week"
	StepMonth = "month"
)

// Step is the bucket that keeps a chart readable: days up to six weeks,
// weeks up to half a year, months beyond.
func (p Period) Step() string {
	if p.monthly {
		return StepMonth
	}
	switch days := p.To.Sub(p.From).Hours() / 24; {
	case days <= 45:
		return StepDay
	case days <= 183:
		return StepWeek
	}
	return StepMonth
}

// Buckets are the starts of the period's buckets; the first starts at From
// even when its week or month began earlier.
func (p Period) Buckets() []time.Time {
	var out []time.Time
	for t := p.From; t.Before(p.To); t = p.next(t) {
		out = append(out, t)
	}
	return out
}

// next is the start of the bucket after the one t is in.
func (p Period) next(t time.Time) time.Time {
	switch p.Step() {
	case StepWeek:
		monday := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		return monday.AddDate(0, 0, 7)
	case StepMonth:
		return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.AddDate(0, 0, 1)
}

// Sum adds up a flow per bucket, one row of values per key.
func (p Period) Sum(days Days, keys []string) [][]float64 {
	buckets := p.Buckets()
	out := make([][]float64, len(keys))
	for i := range out {
		out[i] = make([]float64, len(buckets))
	}
	for day, counts := range days {
		t, err := time.Parse(time.DateOnly, day)
		if err != nil || t.Before(p.From) || !t.Before(p.To) {
			continue
		}
		b := bucketOf(buckets, t)
		for i, k := range keys {
			out[i][b] += float64(counts[k])
		}
	}
	return out
}

// Latest takes a snapshot's last day in each bucket (none: no value).
func (p Period) Latest(days Days, keys []string) [][]*float64 {
	buckets := p.Buckets()
	out := make([][]*float64, len(keys))
	for i := range out {
		out[i] = make([]*float64, len(buckets))
	}
	latest := make([]string, len(buckets))
	for day := range days {
		t, err := time.Parse(time.DateOnly, day)
		if err != nil || t.Before(p.From) || !t.Before(p.To) {
			continue
		}
		if b := bucketOf(buckets, t); day > latest[b] {
			latest[b] = day
		}
	}
	for b, day := range latest {
		if day == "" {
			continue
		}
		for i, k := range keys {
			v := float64(days[day][k])
			out[i][b] = &v
		}
	}
	return out
}

// Total adds up a flow over the whole period, per key.
func (p Period) Total(days Days) map[string]int {
	out := map[string]int{}
	for day, counts := range days {
		t, err := time.Parse(time.DateOnly, day)
		if err != nil || t.Before(p.From) || !t.Before(p.To) {
			continue
		}
		for k, n := range counts {
			out[k] += n
		}
	}
	return out
}

func bucketOf(buckets []time.Time, t time.Time) int {
	i, found := slices.BinarySearchFunc(buckets, t, func(b, t time.Time) int { return b.Compare(t) })
	if found {
		return i
	}
	return i - 1
}
