package models

import (
	"slices"
	"strings"
)

// Why a vacancy fits a candidate; each reason carries its data so the page
// can explain it in the reader's language.
const (
	ReasonSkills       = "skills"       // Terms: the required skills they share
	ReasonNiceSkills   = "nice_skills"  // Terms: nice-to-have skills they have
	ReasonMissing      = "missing"      // Terms: required skills they lack
	ReasonInterests    = "interests"    // Terms: shared interests
	ReasonLocation     = "location"     // same city or region
	ReasonRemote       = "remote"       // remote work, which they want or accept
	ReasonSeniority    = "seniority"    // their seniority is what is asked
	ReasonAvailability = "availability" // they are looking
)

// MatchReason is one reason, with the terms behind it.
type MatchReason struct {
	Kind  string
	Terms []string
}

// Match is how well a vacancy fits a candidate: a score from 0 to 100 and
// the reasons.
type Match struct {
	Score   int
	Reasons []MatchReason
}

// How a match is shown.
const (
	StrongMatch = 70 // "a match"
	NearMatch   = 40 // "worth a look, or maybe for someone you know"
)

// Strong reports a vacancy that fits well.
func (m Match) Strong() bool { return m.Score >= StrongMatch }

// Near reports a vacancy that fits partly: worth a look, or worth passing on.
func (m Match) Near() bool { return m.Score >= NearMatch && m.Score < StrongMatch }

// Reason returns the reason of a kind, if the match has it.
func (m Match) Reason(kind string) (MatchReason, bool) {
	for _, r := range m.Reasons {
		if r.Kind == kind {
			return r, true
		}
	}
	return MatchReason{}, false
}

// The weights of the score; they add up to 100.
const (
	weightSkills       = 45
	weightNiceSkills   = 10
	weightInterests    = 15
	weightPlace        = 15
	weightSeniority    = 10
	weightAvailability = 5
)

// MatchVacancy scores a vacancy for a candidate. Skills weigh most; a place
// the candidate can work from, interests, seniority and whether they are
// looking add the rest. Terms compare by their folded form.
func MatchVacancy(u *User, v *Vacancy) Match {
	return newMatcher(u).match(v)
}

// matcher holds what matching needs of one candidate, folded once, so that
// ranking many vacancies does not fold the candidate's terms again each time.
type matcher struct {
	u                 *User
	skills, interests map[string]bool
	folds             map[string]string // the vacancies' terms repeat: fold each once
}

func newMatcher(u *User) matcher {
	return matcher{u: u, skills: foldSet(u.Skills), interests: foldSet(u.Interests), folds: map[string]string{}}
}

// split divides want into the terms whose fold is in have and the others.
func (mt matcher) split(want []string, have map[string]bool) (shared, missing []string) {
	for _, w := range want {
		f, ok := mt.folds[w]
		if !ok {
			f = FoldTerm(w)
			mt.folds[w] = f
		}
		if have[f] {
			shared = append(shared, w)
		} else {
			missing = append(missing, w)
		}
	}
	return shared, missing
}

func foldSet(terms []string) map[string]bool {
	m := make(map[string]bool, len(terms))
	for _, t := range terms {
		m[FoldTerm(t)] = true
	}
	return m
}

func (mt matcher) match(v *Vacancy) Match {
	u := mt.u
	m := Match{Reasons: make([]MatchReason, 0, 7)} // one of each kind at most
	score := 0.0

	shared, missing := mt.split(v.Skills, mt.skills)
	if len(v.Skills) > 0 {
		score += weightSkills * float64(len(shared)) / float64(len(v.Skills))
	} else {
		score += weightSkills / 2 // nothing required: neither a fit nor a misfit
	}
	if len(shared) > 0 {
		m.Reasons = append(m.Reasons, MatchReason{Kind: ReasonSkills, Terms: shared})
	}
	if nice, _ := mt.split(v.NiceSkills, mt.skills); len(nice) > 0 {
		score += weightNiceSkills * float64(len(nice)) / float64(len(v.NiceSkills))
		m.Reasons = append(m.Reasons, MatchReason{Kind: ReasonNiceSkills, Terms: nice})
	}
	if interests, _ := mt.split(v.Interests, mt.interests); len(interests) > 0 {
		score += weightInterests * min(1, float64(len(interests))/2)
		m.Reasons = append(m.Reasons, MatchReason{Kind: ReasonInterests, Terms: interests})
	}
	switch place := placeFit(u, v); place {
	case ReasonRemote, ReasonLocation:
		score += weightPlace
		m.Reasons = append(m.Reasons, MatchReason{Kind: place})
	case "unknown":
		score += weightPlace / 2
	}
	switch d := seniorityDistance(u.Seniority, v.Seniority); {
	case d == 0:
		score += weightSeniority
		m.Reasons = append(m.Reasons, MatchReason{Kind: ReasonSeniority})
	case d == 1, d < 0:
		score += weightSeniority / 2
	}
	switch u.Availability.Status {
	case AvailabilityLooking:
		score += weightAvailability
		m.Reasons = append(m.Reasons, MatchReason{Kind: ReasonAvailability})
	case AvailabilityOpen, "":
		score += weightAvailability / 2
	}
	if len(missing) > 0 {
		m.Reasons = append(m.Reasons, MatchReason{Kind: ReasonMissing, Terms: missing})
	}
	m.Score = min(100, int(score+0.5))
	return m
}

// overlap returns the terms of want that have folds in have, and those that
// do not, keeping want's spelling and order.
func overlap(want, have []string) (shared, missing []string) {
	return matcher{folds: map[string]string{}}.split(want, foldSet(have))
}

// SharesTerm reports whether two lists of terms (interests, skills) have
// one in common, folded as matching folds them.
func SharesTerm(a, b []string) bool {
	shared, _ := overlap(a, b)
	return len(shared) > 0
}

// placeFit says whether the candidate can work where the vacancy is:
// ReasonRemote, ReasonLocation, "" (no), or "unknown" (too little known).
func placeFit(u *User, v *Vacancy) string {
	wantsRemoteOnly := len(u.Preferences.Workplaces) == 1 && u.Preferences.Workplaces[0] == "remote"
	switch {
	case v.Workplace == "remote":
		return ReasonRemote
	case wantsRemoteOnly:
		return ""
	case v.City == "" || (u.City == "" && len(u.Preferences.Regions) == 0):
		return "unknown"
	case strings.EqualFold(v.City, u.City):
		return ReasonLocation
	}
	for _, r := range u.Preferences.Regions {
		if strings.EqualFold(r, v.City) {
			return ReasonLocation
		}
	}
	return ""
}

// seniorityDistance is how many steps apart two seniorities are, or -1
// when either is unknown.
func seniorityDistance(a, b Seniority) int {
	i, j := slices.Index(Seniorities, a), slices.Index(Seniorities, b)
	if i < 0 || j < 0 {
		return -1
	}
	if i > j {
		return i - j
	}
	return j - i
}
