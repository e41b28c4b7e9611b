package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/talentcommunity/portal/models"
)

// ErrConflict is returned when a profile kept changing under a modification.
var ErrConflict = errors.New("store: profile changed concurrently")

// ModifyProfile applies change to the user's profile and writes it back, but
// only if nobody wrote in between (see modify): two tabs adding a skill each
// both keep theirs. The write is queued for the talent index. change must
// not do I/O: it may run again.
func (s *Store) ModifyProfile(ctx context.Context, id string, change func(u *models.User) error) (*models.User, error) {
	var out *models.User
	var added []models.ConsentEvent
	err := s.indexed(ctx, KindUser, id, func() error {
		var err error
		out, err = modify(ctx, s, colUsers, id, false, func(u *models.User) (bson.M, error) {
			var last *models.ConsentEvent
			if n := len(u.ConsentHistory); n > 0 {
				newest := u.ConsentHistory[n-1] // a copy: change may rewrite the history
				last = &newest
			}
			if err := change(u); err != nil {
				return nil, err
			}
			added = addedConsents(last, u.ConsentHistory)
			return bson.M{"$set": bson.M{
				"headline": u.Headline, "city": u.City, "country": u.Country, "seniority": u.Seniority,
				"linkedin_url": u.LinkedInURL, "skills": u.Skills, "interests": u.Interests,
				"availability": u.Availability, "preferences": u.Preferences, "contact": u.Contact,
				"milestones": u.Milestones, "positions": u.Positions, "education": u.Education,
				"consents": u.Consents, "consent_history": u.ConsentHistory, "onboarding": u.Onboarding,
				"not_for_me": u.NotForMe,
				// The policy field by field: the sender notes mail.last_nurture_at on its own.
				"mail.time_zone": u.Mail.TimeZone, "mail.quiet_from": u.Mail.QuietFrom, "mail.quiet_until": u.Mail.QuietUntil,
				"mail.nurture_days": u.Mail.NurtureDays, "mail.stopped": u.Mail.Stopped, "mail.no_click_tracking": u.Mail.NoClickTracking,
				"mail.alerts": u.Mail.Alerts, "mail.newsletter_asked_at": u.Mail.NewsletterAskedAt,
			}}, nil
		})
		return err
	})
	if err != nil {
		return out, err
	}
	return out, s.Tally(ctx, models.ConsentTallies(added)...)
}

// addedConsents are the history entries after last, the newest one before
// a change (the history is capped, so its length does not tell).
func addedConsents(last *models.ConsentEvent, history []models.ConsentEvent) []models.ConsentEvent {
	if last == nil {
		return history
	}
	for i := len(history) - 1; i >= 0; i-- {
		if history[i] == *last {
			return history[i+1:]
		}
	}
	return history
}

// SetMailTopics starts or stops a member's topics of mail (see
// models.SetMailTopics); doing it twice changes nothing the second time.
func (s *Store) SetMailTopics(ctx context.Context, id string, want map[models.MailTopic]bool, now time.Time) (*models.User, error) {
	return s.ModifyProfile(ctx, id, func(u *models.User) error {
		models.SetMailTopics(u, want, now)
		return nil
	})
}
