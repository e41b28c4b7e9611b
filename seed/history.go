package seed

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/talentcommunity/portal/models"
)

// tagPool are the recruiters' own words for people, as a real team uses them.
var tagPool = []string{"silver medallist", "meetup speaker", "alumni", "relocating", "contractor", "hiring manager", "referrer", "student"}

// notePool are private notes as recruiters write them.
var notePool = []string{
	"Prefers a call after 17:00. Wants to move into a lead role within a year.",
	"Not looking now; happy at their employer. Ask again after the summer.",
	"Strong in interviews last year, second choice for the platform role.",
	"Asked to hear about remote roles only.",
	"Met at the meetup; interested in speaking next time.",
}

// history gives member u a year of recruiter history with the community,
// the contacts by their owner (by Fatima for those nobody owns):
// an owner (or none), tags, contacts by the recruiters spread over the year,
// notes, what the member did themselves lately, and now and then a fresh
// reason to get in touch. It is drawn from rng, so the same member always
// gets the same history.
func history(rng *rand.Rand, u *models.User, owner string, now time.Time) models.Relationship {
	r := models.Relationship{ID: u.ID, Source: "signup"}
	if u.ReferredBy != nil {
		r.Source = "referral"
	} else if rng.IntN(6) == 0 {
		r.Source = "import"
	}
	r.Assign(owner)
	by := owner
	if by == "" {
		by = DemoAdmin.ID
	}
	if rng.IntN(4) == 0 {
		r.Tags = []string{tagPool[rng.IntN(len(tagPool))]}
	}
	r.Record(models.Touchpoint{ID: models.TouchpointID(models.KindSignedUp, u.ID, ""), CandidateID: u.ID,
		Kind: models.KindSignedUp, At: u.CreatedAt}, false)
	// Contacts over the year, the newest between a week and five months ago,
	// so that some members are due, some overdue and some are not yet.
	last := now.AddDate(0, 0, -7-rng.IntN(150))
	for k := range rng.IntN(5) {
		at := last.AddDate(0, 0, -k*(30+rng.IntN(60)))
		if at.Before(u.CreatedAt) {
			break
		}
		r.Record(models.Touchpoint{ID: fmt.Sprintf("seed-contact|%s|%d", u.ID, k), CandidateID: u.ID,
			RecruiterID: by, Kind: models.KindContact, Channel: models.TouchpointChannels[rng.IntN(len(models.TouchpointChannels))],
			Note: contactNotes[rng.IntN(len(contactNotes))], At: at}, false)
	}
	if rng.IntN(8) == 0 {
		_ = r.AddNote(models.Note{ID: "seed-note-" + u.ID, AuthorID: by, Text: notePool[rng.IntN(len(notePool))],
			At: now.AddDate(0, 0, -rng.IntN(200))})
	}
	for k := range rng.IntN(8) {
		r.Act([]string{models.KindSignIn, models.KindSignIn, models.KindEventJoined, models.KindInterestExpressed}[k%4],
			now.Add(-time.Duration(rng.IntN(100*24))*time.Hour))
	}
	switch rng.IntN(12) {
	case 0: // became available
		at := now.Add(-time.Duration(rng.IntN(72)) * time.Hour)
		u.Availability = models.Availability{Status: models.AvailabilityLooking, ChangedAt: at}
		r.Record(models.Touchpoint{ID: fmt.Sprintf("%s|%s|%d", models.KindAvailabilityChanged, u.ID, at.Unix()), CandidateID: u.ID,
			Kind: models.KindAvailabilityChanged, Title: string(models.AvailabilityLooking), At: at}, true)
	case 1: // a milestone waiting for congratulations
		m := models.Milestone{ID: "seed-ms-" + u.ID, Kind: "new_job", Title: "Started at " + companies[rng.IntN(len(companies))],
			Date: now.AddDate(0, 0, -rng.IntN(10)), AddedAt: now.AddDate(0, 0, -rng.IntN(3))}
		u.Milestones = append(u.Milestones, m)
		r.RaiseMilestone(m, m.AddedAt)
	}
	return r
}

var contactNotes = []string{
	"Catch-up about their plans for next year.",
	"Shared two vacancies; will think about the platform one.",
	"Coffee at the office; happy where they are for now.",
	"Congratulated on the conference talk.",
	"",
}
