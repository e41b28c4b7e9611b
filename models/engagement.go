package models

import (
	"math"
	"time"
)

// Engagement is how much a member has been doing in the community lately.
//
// Each of their own actions in the last EngagementWindow counts its weight,
// halved for every EngagementHalfLife since it happened; the sum is the
// score, and the score's tier is what recruiters see. So someone who came
// to a meetup last week is active, and without anything new slips to warm,
// cooling and dormant as the weeks go by. The table is in the README.
type Engagement struct {
	Score float64
	Tier  string
	// Counts are the actions in the window, by kind: the reasons.
	Counts map[string]int
	// Until is when the tier falls if nothing new happens (zero if it cannot
	// fall any more): the index is brought up to date then.
	Until time.Time
}

// The engagement tiers, from most to least engaged.
const (
	TierActive  = "active"
	TierWarm    = "warm"
	TierCooling = "cooling"
	TierDormant = "dormant"
)

// EngagementTiers lists the tiers in order.
var EngagementTiers = []string{TierActive, TierWarm, TierCooling, TierDormant}

// The engagement formula's constants.
const (
	EngagementWindow   = 90 * 24 * time.Hour
	EngagementHalfLife = 30 * 24 * time.Hour
	activeFrom         = 8.0
	warmFrom           = 3.0
)

// engagementWeights are what each action counts, fresh.
var engagementWeights = map[string]float64{
	KindSignIn:            1,
	KindEventJoined:       3,
	KindEventAttended:     5,
	KindInterestExpressed: 4,
	KindReferralSignUp:    5,
	KindNewsletterClick:   1,
}

// KindNewsletterClick is a click in the newsletter (issue 13).
const KindNewsletterClick = "newsletter_click"

// EngagementWeight is what one action of kind counts, fresh (0: it does not count).
func EngagementWeight(kind string) float64 { return engagementWeights[kind] }

// MeasureEngagement computes a member's engagement at now from their activity.
func MeasureEngagement(activity []Activity, now time.Time) Engagement {
	e := Engagement{Counts: map[string]int{}}
	e.Score = engagementScore(activity, now, e.Counts)
	e.Tier = tierOf(e.Score)
	if e.Tier == TierDormant {
		return e
	}
	// The score only falls while nothing new happens: find the first day
	// it crosses into a lower tier (at most the window's length away).
	for day := 1; day <= int(EngagementWindow/(24*time.Hour))+1; day++ {
		at := now.Add(time.Duration(day) * 24 * time.Hour)
		if tierOf(engagementScore(activity, at, nil)) != e.Tier {
			e.Until = at
			break
		}
	}
	return e
}

func engagementScore(activity []Activity, now time.Time, counts map[string]int) float64 {
	score := 0.0
	for _, a := range activity {
		age := now.Sub(a.At)
		w := engagementWeights[a.Kind]
		if w == 0 || age < 0 || age > EngagementWindow {
			continue
		}
		score += w * math.Pow(0.5, float64(age)/float64(EngagementHalfLife))
		if counts != nil {
			counts[a.Kind]++
		}
	}
	return score
}

func tierOf(score float64) string {
	switch {
	case score >= activeFrom:
		return TierActive
	case score >= warmFrom:
		return TierWarm
	case score > 0:
		return TierCooling
	}
	return TierDormant
}
