package insights

import (
	"maps"
	"slices"
	"time"

	"github.com/talentcommunity/portal/models"
)

// overTime is a chart of flows summed per bucket, one series per key.
func overTime(id string, p models.Period, days models.Days, keys []string) Chart {
	c := Chart{ID: id, Shape: OverTime, Step: p.Step(), X: p.Buckets()}
	for i, row := range p.Sum(days, keys) {
		c.Series = append(c.Series, Series{Key: keys[i], Values: pointers(row)})
	}
	return c
}

func members(p models.Period, days models.Days) Chart {
	c := overTime(ChartMembers, p, days, models.Sources)
	t := p.Total(days)
	all := t[models.SourceSignUp] + t[models.SourceReferral] + t[models.SourceImport]
	c.Reading, c.ReadingArgs = "insights.reading.members", []any{"Joined", all, "Referred", percent(t[models.SourceReferral], all)}
	return c
}

func engagement(p models.Period, days models.Days) Chart {
	m := p.Monthly()
	c := Chart{ID: ChartEngagement, Shape: OverTime, Step: m.Step(), X: m.Buckets()}
	latest := m.Latest(days, models.EngagementTiers)
	for i, tier := range models.EngagementTiers {
		c.Series = append(c.Series, Series{Key: tier, Values: latest[i]})
	}
	last := -1
	for b := range c.X {
		if latest[0][b] != nil {
			last = b
		}
	}
	if last < 0 {
		c.Reading = "insights.reading.empty"
		return c
	}
	c.Reading, c.ReadingArgs = "insights.reading.engagement", []any{"Active", int(*latest[0][last]), "Warm", int(*latest[1][last])}
	return c
}

// keepInTouch answers whether keeping in touch works: how engaged the
// members contacted in the period are now, against those who were due and
// not contacted. Bars per group, a series per tier.
func keepInTouch(k keptInTouch) Chart {
	c := Chart{ID: ChartKeepInTouch, Shape: Categories, LabelKeys: true,
		Labels: []string{"insights.keep.contacted", "insights.keep.not_contacted"}, Unavailable: k.down}
	for _, tier := range models.EngagementTiers {
		a, b := float64(k.contacted[tier]), float64(k.notContacted[tier])
		c.Series = append(c.Series, Series{Key: tier, Values: []*float64{&a, &b}})
	}
	engaged := func(m map[string]int) (int, int) {
		all := 0
		for _, n := range m {
			all += n
		}
		return percent(m[models.TierActive]+m[models.TierWarm], all), all
	}
	pc, nc := engaged(k.contacted)
	pn, nn := engaged(k.notContacted)
	c.Reading, c.ReadingArgs = "insights.reading.keep_in_touch", []any{"Contacted", nc, "ContactedEngaged", pc, "Due", nn, "DueEngaged", pn}
	return c
}

func touches(p models.Period, done, due models.Days, recruiter string) Chart {
	pick := func(days models.Days) models.Days {
		out := models.Days{}
		for day, counts := range days {
			n := 0
			for k, v := range counts {
				if recruiter == "" || k == recruiter {
					n += v
				}
			}
			out[day] = map[string]int{"n": n}
		}
		return out
	}
	c := Chart{ID: ChartTouches, Shape: OverTime, Step: p.Step(), X: p.Buckets()}
	d, u := p.Sum(pick(done), []string{"n"})[0], p.Sum(pick(due), []string{"n"})[0]
	c.Series = []Series{{Key: "done", Values: pointers(d)}, {Key: "came_due", Values: pointers(u)}}
	c.Reading, c.ReadingArgs = "insights.reading.touches", []any{"Done", int(sum(d)), "Due", int(sum(u))}
	return c
}

// waits is how long something took, by bucket: a bar per wait.
func waits(id string, p models.Period, days models.Days, total int) Chart {
	t := p.Total(days)
	c := Chart{ID: id, Shape: Categories, LabelKeys: true}
	values := make([]float64, 0, len(models.ResponseBuckets)+1)
	answered := 0
	for _, b := range models.ResponseBuckets {
		c.Labels = append(c.Labels, "insights.wait."+b)
		values = append(values, float64(t[b]))
		answered += t[b]
	}
	quick := t["day"] + t["3days"]
	if id == ChartFirstInterest {
		quick += t["week"]
	}
	if total < 0 { // the search index could not count the vacancies
		c.Series = []Series{{Key: id, Values: pointers(values)}}
		c.Reading, c.ReadingArgs = "insights.reading."+id+".unknown", []any{"Answered", answered}
		return c
	}
	// Every one of the period counts: those still waiting are not answered
	// yet, and lower the rate.
	waiting := max(total-answered, 0)
	total = answered + waiting
	c.Labels = append(c.Labels, "insights.wait.not_yet."+id)
	values = append(values, float64(waiting))
	c.Series = []Series{{Key: id, Values: pointers(values)}}
	c.Reading, c.ReadingArgs = "insights.reading."+id, []any{"All", total, "Quick", percent(quick, total), "Waiting", waiting}
	return c
}

// eventsChart is each event of the period: who said they would come,
// who came, who did not, and how many moved up from the waitlist.
func eventsChart(events []models.Event, now time.Time, unavailable bool) Chart {
	c := Chart{ID: ChartEvents, Shape: Categories, Unavailable: unavailable}
	rsvps, came, noShow, moved := make([]float64, len(events)), make([]float64, len(events)), make([]*float64, len(events)), make([]float64, len(events))
	var totalRSVPs, totalCame, totalNoShow, totalWaiting, unkept int
	for i, e := range events {
		c.Labels, c.Dates = append(c.Labels, e.Title), append(c.Dates, e.StartsAt)
		rsvps[i] = float64(len(e.Attendees) + len(e.Waitlist))
		came[i] = float64(len(e.CheckedIn))
		moved[i] = float64(e.Promoted)
		totalRSVPs += len(e.Attendees) + len(e.Waitlist)
		totalCame += len(e.CheckedIn)
		totalWaiting += len(e.Waitlist)
		// No-shows only where the door was kept: an event that has ended
		// and checked someone in.
		if e.EndsAt.Before(now) && len(e.CheckedIn) > 0 {
			n := float64(len(e.Attendees) - len(e.CheckedIn))
			noShow[i] = &n
			totalNoShow += int(n)
		} else {
			unkept += len(e.Attendees) - len(e.CheckedIn) // nobody kept the door: unknown
		}
	}
	c.Series = []Series{{Key: "rsvps", Values: pointers(rsvps)}, {Key: "attended", Values: pointers(came)},
		{Key: "no_shows", Values: noShow}, {Key: "waitlist_moves", Values: pointers(moved)}}
	// RSVPs = came + did not come + still waiting + not counted at a door:
	// the reading names each part, so the sum is there to check.
	c.Reading, c.ReadingArgs = "insights.reading.events", []any{"Events", len(events), "RSVPs", totalRSVPs, "Came", totalCame,
		"NoShows", totalNoShow, "Waiting", totalWaiting, "Unkept", unkept}
	return c
}

// referralSteps are the funnel's steps, as the rollups key them.
var referralSteps = []string{"clicks", "signups", "joins", "interests", "hires"}

func referrals(p models.Period, days models.Days) Chart {
	c := overTime(ChartReferrals, p, days, referralSteps)
	t := p.Total(days)
	c.Reading, c.ReadingArgs = "insights.reading.referrals", []any{"Clicks", t["clicks"], "SignUps", t["signups"],
		"Converted", t["joins"] + t["interests"], "Hired", t["hires"]}
	return c
}

// newsletter is each edition sent in the period.
func newsletter(p models.Period, editions []models.Edition) Chart {
	c := Chart{ID: ChartNewsletter, Shape: Categories}
	var sent, clicks, unsubscribed []float64
	slices.SortFunc(editions, func(a, b models.Edition) int { return a.SendAt.Compare(b.SendAt) })
	var totalSent, totalClicks, totalUnsub int
	for _, e := range editions {
		if e.Status != models.EditionSent || e.SendAt.Before(p.From) || !e.SendAt.Before(p.To) {
			continue
		}
		n := 0
		for _, v := range e.Stats.Clicks {
			n += v
		}
		c.Labels, c.Dates = append(c.Labels, e.Subject), append(c.Dates, e.SendAt)
		sent, clicks, unsubscribed = append(sent, float64(e.Stats.Sent)), append(clicks, float64(n)), append(unsubscribed, float64(e.Stats.Unsubscribed))
		totalSent, totalClicks, totalUnsub = totalSent+e.Stats.Sent, totalClicks+n, totalUnsub+e.Stats.Unsubscribed
	}
	c.Series = []Series{{Key: "sent", Values: pointers(sent)}, {Key: "clicks", Values: pointers(clicks)},
		{Key: "unsubscribed", Values: pointers(unsubscribed)}}
	c.Reading, c.ReadingArgs = "insights.reading.newsletter", []any{"Editions", len(c.Labels), "Sent", totalSent, "Clicks", totalClicks, "Unsubscribed", totalUnsub}
	return c
}

func consent(p models.Period, days models.Days) Chart {
	c := overTime(ChartConsent, p.Monthly(), days, []string{models.ConsentGained, models.ConsentLost})
	t := p.Total(days)
	c.Reading, c.ReadingArgs = "insights.reading.consent", []any{"Gained", t[models.ConsentGained], "Lost", t[models.ConsentLost]}
	return c
}

func vacancies(p models.Period, days models.Days) Chart {
	keys := []string{models.VacancyShared, models.VacancyInterested, models.VacancyHired}
	c := overTime(ChartVacancies, p, days, keys)
	t := p.Total(days)
	c.Reading, c.ReadingArgs = "insights.reading.vacancies", []any{"Shared", t[models.VacancyShared], "Interested", t[models.VacancyInterested], "Hired", t[models.VacancyHired]}
	return c
}

func pointers(values []float64) []*float64 {
	out := make([]*float64, len(values))
	for i := range values {
		out[i] = &values[i]
	}
	return out
}

func sum(values []float64) float64 {
	t := 0.0
	for _, v := range values {
		t += v
	}
	return t
}

// percent is part of all in whole percents (0 when all is 0).
func percent(part, all int) int {
	if all == 0 {
		return 0
	}
	return (part*100 + all/2) / all
}

func sortedKeys(set map[string]bool) []string { return slices.Sorted(maps.Keys(set)) }
