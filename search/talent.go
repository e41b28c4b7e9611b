package search

import (
	"strings"
	"time"

	"github.com/talentcommunity/portal/models"
)

// The statuses of a member's document: in the talent pool, only on Today,
// or staff (recruiters and admins: not talent, on neither).
const (
	StatusVisible = "visible"
	StatusHidden  = "hidden"
	StatusStaff   = "staff"
)

// TalentPool narrows q to the members who let recruiters find them.
func TalentPool(q Query) Query {
	q.Kinds = []string{KindCandidates}
	filters := map[string][]string{"status": {StatusVisible}}
	for f, v := range q.Filters {
		if f != "status" {
			filters[f] = v
		}
	}
	q.Filters = filters
	return q
}

// TodayQuery asks for one part of Today: the members with a signal (newest
// first) or due by their rhythm by the end of today (most overdue first),
// of one owner (NoOwner for nobody's; "" for everyone's).
func TodayQuery(kind, owner string, now time.Time) Query {
	q := Query{Kinds: []string{KindCandidates}, Filters: map[string][]string{"today": {kind}}}
	if owner != "" {
		q.Filters["owner"] = []string{owner}
	}
	if kind == models.TodaySignal {
		q.Ranges, q.SortBy = []DateRange{{Field: "due", To: now}}, "-due"
	} else {
		q.Ranges, q.SortBy = []DateRange{{Field: "due", To: EndOfDay(now)}}, "due"
	}
	return q
}

// EndOfDay is the midnight that ends t's day, in t's zone.
func EndOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}

// CandidateDocument is what the index holds of a member for the recruiters:
// their profile for the talent pool (status "visible") when they let
// recruiters find them, otherwise only their name and what Today needs
// (status "hidden"), never their profile. Recruiters and admins are staff,
// not talent: in neither the pool nor Today. r may be nil (nobody has dealt
// with them yet); now dates their engagement.
func CandidateDocument(u *models.User, r *models.Relationship, now time.Time) Document {
	d := candidateDocument(u, r, now)
	if u.IsRecruiter() {
		d.Status, d.Today, d.Due = StatusStaff, "", Never
	}
	return d
}

func candidateDocument(u *models.User, r *models.Relationship, now time.Time) Document {
	if r == nil {
		r = &models.Relationship{ID: u.ID}
	}
	today := models.OnToday(u, r)
	d := Document{
		ID: CandidateDocumentID(u.ID), Kind: KindCandidates, Ref: u.ID, Title: u.Name,
		Date: u.CreatedAt, Version: u.Version, Status: StatusHidden,
		Owner: r.OwnerID, Today: today.Kind, Due: orNever(today.At),
		LastContact: Never, Active: Never, Refresh: Never,
	}
	if d.Owner == "" {
		d.Owner = NoOwner
	}
	if r.LastContact != nil {
		d.LastContact = r.LastContact.At
	}
	if !models.Reachable(u) {
		return d
	}
	var text []string
	text = append(text, u.Headline, string(u.Seniority), u.Country)
	for _, p := range u.Positions {
		text = append(text, p.Title, p.Company)
	}
	text = append(text, u.Preferences.Roles...)
	text = append(text, u.Skills...)
	text = append(text, u.Interests...)
	e := models.MeasureEngagement(r.Activity, now)
	d.Status, d.Text, d.City, d.Seniority = StatusVisible, strings.Join(text, "\n"), u.City, string(u.Seniority)
	d.Subtitle = subtitle(u)
	d.Tags = append(append([]string{}, u.Skills...), u.Interests...)
	d.Skills, d.Interests, d.Workplaces = u.Skills, u.Interests, u.Preferences.Workplaces
	d.Availability, d.Labels, d.Source = string(u.Availability.Status), r.Tags, models.MemberSource(u, r)
	d.Engagement, d.Rhythm, d.Refresh = e.Tier, models.EffectiveRhythm(u, r), orNever(e.Until)
	d.Active = u.CreatedAt
	if len(r.Activity) > 0 && r.Activity[0].At.After(d.Active) {
		d.Active = r.Activity[0].At
	}
	d.Anniversaries = anniversaries(u)
	d.Newsletter = models.NewsletterStatus(u)
	return d
}

// subtitle is a member's headline and their current position, when the
// headline does not already say it: "Senior Go developer · Platform
// engineer, Polder Cloud".
func subtitle(u *models.User) string {
	parts := []string{}
	if u.Headline != "" {
		parts = append(parts, u.Headline)
	}
	for _, p := range u.Positions {
		if p.End != "" || p.Title == "" {
			continue
		}
		now := p.Title
		if p.Company != "" {
			now += ", " + p.Company
		}
		if !strings.Contains(strings.ToLower(u.Headline), strings.ToLower(p.Title)) {
			parts = append(parts, now)
		}
		break
	}
	return strings.Join(parts, " · ")
}

func orNever(t time.Time) time.Time {
	if t.IsZero() {
		return Never
	}
	return t
}

// anniversaries are the days the daily job looks for: the day the member
// joined ("join:MM-DD") and the month a current position started ("work:MM").
func anniversaries(u *models.User) []string {
	out := []string{"join:" + u.CreatedAt.UTC().Format("01-02")}
	for _, p := range u.Positions {
		if p.End == "" && len(p.Start) == len("2006-01") {
			out = append(out, "work:"+p.Start[5:])
		}
	}
	return out
}
