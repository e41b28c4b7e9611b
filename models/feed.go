package models

import (
	"slices"
	"time"
)

// Dismissal is a vacancy a candidate marked "not for me", with its skills,
// so similar vacancies rank lower too.
type Dismissal struct {
	ID     string   `bson:"id" json:"id"`
	Skills []string `bson:"skills,omitempty" json:"skills,omitempty"`
}

// MaxDismissals bounds the "not for me" list; the oldest fall off.
const MaxDismissals = 100

// similarPenalty is what a vacancy loses for resembling a dismissed one.
const similarPenalty = 15

// Dismiss records "not for me" for v.
func Dismiss(u *User, v *Vacancy) {
	for _, d := range u.NotForMe {
		if d.ID == v.ID {
			return
		}
	}
	u.NotForMe = append(u.NotForMe, Dismissal{ID: v.ID, Skills: v.Skills})
	if n := len(u.NotForMe); n > MaxDismissals {
		u.NotForMe = append([]Dismissal{}, u.NotForMe[n-MaxDismissals:]...)
	}
}

// RankedVacancy is a vacancy with its match for one candidate.
type RankedVacancy struct {
	Vacancy Vacancy
	Match   Match
}

// RankVacancies scores the vacancies for a candidate and returns the strong
// matches and the near ones ("worth a look, or for someone you know"), best
// first, at most limit of each. Closed and dismissed vacancies are left out;
// ones that resemble a dismissed vacancy (half its skills or more) rank lower.
func RankVacancies(u *User, vacancies []Vacancy, limit int) (strong, near []RankedVacancy) {
	dismissed := map[string]bool{}
	for _, d := range u.NotForMe {
		dismissed[d.ID] = true
	}
	mt := newMatcher(u)
	dismissedSkills := make([]map[string]bool, 0, len(u.NotForMe))
	for _, d := range u.NotForMe {
		if len(d.Skills) > 0 {
			dismissedSkills = append(dismissedSkills, foldSet(d.Skills))
		}
	}
	// Rank indexes with their matches, not whole vacancies: sorting moves less.
	type scored struct {
		i int
		m Match
	}
	ranked := make([]scored, 0, len(vacancies))
	for i := range vacancies {
		v := &vacancies[i]
		if dismissed[v.ID] || !v.Open() {
			continue
		}
		m := mt.match(v)
		for _, d := range dismissedSkills {
			if shared, _ := mt.split(v.Skills, d); 2*len(shared) >= len(d) {
				m.Score = max(0, m.Score-similarPenalty)
				break
			}
		}
		ranked = append(ranked, scored{i: i, m: m})
	}
	slices.SortStableFunc(ranked, func(a, b scored) int {
		if a.m.Score != b.m.Score {
			return b.m.Score - a.m.Score
		}
		return vacancies[b.i].PublishedAt.Compare(vacancies[a.i].PublishedAt)
	})
	for _, r := range ranked {
		switch {
		case r.m.Strong() && len(strong) < limit:
			strong = append(strong, RankedVacancy{Vacancy: vacancies[r.i], Match: r.m})
		case r.m.Near() && len(near) < limit:
			near = append(near, RankedVacancy{Vacancy: vacancies[r.i], Match: r.m})
		}
		if len(strong) == limit && len(near) == limit {
			break
		}
	}
	return strong, near
}

// Terms are the skills (required and nice to have) and interests a
// vacancy asks for: what the talent index is searched by for its matches.
func (v *Vacancy) Terms() []string {
	return append(append(append([]string{}, v.Skills...), v.NiceSkills...), v.Interests...)
}

// Open reports whether candidates may still respond to the vacancy: it is
// open and its closing date, if any, has not passed (it closes at the end
// of that day).
func (v *Vacancy) Open() bool {
	if v.Status != "" && v.Status != VacancyOpen {
		return false
	}
	return v.ClosesAt == nil || time.Now().Before(v.ClosesAt.AddDate(0, 0, 1))
}
