package seed

import (
	"crypto/sha256"
	"encoding/binary"
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
	r := models.Relationship{ID: u.ID, Source: models.SourceSignUp}
	if u.ReferredBy != nil {
		r.Source = models.SourceReferral
	} else if rng.IntN(6) == 0 {
		r.Source = models.SourceImport
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
	answeredSignal(&r, u, by, last)
	pastVisits(&r, u, now)
	if rng.IntN(8) == 0 {
		_ = r.AddNote(models.Note{ID: "seed-note-" + u.ID, AuthorID: by, Text: notePool[rng.IntN(len(notePool))],
			At: now.AddDate(0, 0, -rng.IntN(200))})
	}
	// What the timeline does not keep: sign-ins and newsletter clicks (their
	// joins and interests are on the timeline, recorded as they happen).
	for k := range rng.IntN(10) {
		r.Act([]string{models.KindSignIn, models.KindSignIn, models.KindNewsletterClick}[k%3],
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

// pastMeetups are the events the demo's members went to before this year's.
var pastMeetups = []string{"Go meetup Utrecht", "Cloud native Amsterdam", "Data engineering night", "Open day at Polder Cloud"}

// pastVisits puts events a member signed up for over the past year on their
// timeline, all older than the engagement window (so how engaged they are
// now stays as it was): what the insights' monthly engagement reads back.
// It draws from its own numbers, as answeredSignal does.
func pastVisits(r *models.Relationship, u *models.User, now time.Time) {
	sum := sha256.Sum256([]byte("visits|" + u.ID))
	rng := rand.New(rand.NewPCG(binary.BigEndian.Uint64(sum[:8]), 5))
	for k := range rng.IntN(5) {
		at := now.AddDate(0, 0, -95-rng.IntN(265))
		if at.Before(u.CreatedAt) {
			continue
		}
		r.Record(models.Touchpoint{ID: fmt.Sprintf("seed-visit|%s|%d", u.ID, k), CandidateID: u.ID, Kind: models.KindEventJoined,
			Title: pastMeetups[rng.IntN(len(pastMeetups))], At: at}, false)
	}
}

// answeredSignal gives one member in three, before their newest contact
// (so who is due stays as it was), a time they became open to offers and
// the call that followed a few hours to three weeks later: what the
// insights' response times read. It draws from its own numbers, so the
// rest of the history is the same with or without it.
func answeredSignal(r *models.Relationship, u *models.User, by string, newest time.Time) {
	sum := sha256.Sum256([]byte(u.ID))
	rng := rand.New(rand.NewPCG(binary.BigEndian.Uint64(sum[:8]), 3))
	if rng.IntN(3) != 0 || r.LastContact == nil {
		return
	}
	answered := newest.Add(-time.Duration(1+rng.IntN(60)) * 24 * time.Hour)
	signal := answered.Add(-time.Duration(2+rng.IntN(21*24)) * time.Hour)
	if signal.Before(u.CreatedAt) {
		return
	}
	r.Record(models.Touchpoint{ID: fmt.Sprintf("%s|%s|%d", models.KindAvailabilityChanged, u.ID, signal.Unix()), CandidateID: u.ID,
		Kind: models.KindAvailabilityChanged, Title: string(models.AvailabilityOpen), At: signal}, true)
	r.Record(models.Touchpoint{ID: "seed-answer|" + u.ID, CandidateID: u.ID, RecruiterID: by, Kind: models.KindContact,
		Channel: models.TouchpointChannels[rng.IntN(len(models.TouchpointChannels))], Note: contactNotes[rng.IntN(len(contactNotes))], At: answered}, false)
}
