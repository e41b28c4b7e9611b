package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/talentcommunity/portal/models"
)

// ErrTooManyLinks is returned when a member creates links faster than a
// person sharing things would.
var ErrTooManyLinks = errors.New("store: too many referral links at once")

// Link creation limits, per member.
const (
	MaxLinksPerHour = 30
	codeBytes       = 12 // 96 random bits, 16 characters in the URL
)

// newCode returns a fresh link code: unguessable, URL-safe.
func newCode() string {
	b := make([]byte, codeBytes)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// ReferralLinkFor returns the member's link to a target, creating it on
// first use; created says whether it is new. A member creating more than
// MaxLinksPerHour links gets ErrTooManyLinks. The member's document lists
// their links, so this is a read by _id, and creating one a conditional
// write of that document (two clicks at once make one link).
func (s *Store) ReferralLinkFor(ctx context.Context, referrerID, kind, targetID, title string, now time.Time) (*models.ReferralLink, bool, error) {
	key := models.ReferralKey(referrerID, kind, targetID)
	ref := models.LinkRef{Key: key, Code: newCode(), CreatedAt: now}
	created := false
	_, err := modify(ctx, s, colUsers, referrerID, false, func(u *models.User) (bson.M, error) {
		recent := 0
		for _, r := range u.ReferralLinks {
			if r.Key == key {
				ref, created = r, false
				return nil, errNoChange
			}
			if r.CreatedAt.After(now.Add(-time.Hour)) {
				recent++
			}
		}
		if recent >= MaxLinksPerHour {
			return nil, ErrTooManyLinks
		}
		created = true
		return bson.M{"$set": bson.M{"referral_links": append(u.ReferralLinks, ref)}}, nil
	})
	if err != nil {
		return nil, false, err
	}
	if l, err := s.ReferralLink(ctx, ref.Code); err == nil || !errors.Is(err, ErrNotFound) {
		return l, false, err
	}
	// New, or listed by a process that stopped before writing the link itself.
	l := models.ReferralLink{Code: ref.Code, Key: key, ReferrerID: referrerID, TargetKind: kind, TargetID: targetID,
		TargetTitle: title, CreatedAt: ref.CreatedAt}
	if _, err := s.write(colReferralLinks).InsertOne(ctx, l); err != nil && !isDuplicate(err) {
		return nil, false, fmt.Errorf("store: create referral link: %w", err)
	}
	return &l, created, nil
}

// ReferralLink returns the link with this code, or ErrNotFound.
func (s *Store) ReferralLink(ctx context.Context, code string) (*models.ReferralLink, error) {
	return findOne[models.ReferralLink](ctx, s.read(colReferralLinks), bson.M{"_id": code}, "referral link")
}

// ReferralLinksOf returns a member's links, newest first.
func (s *Store) ReferralLinksOf(ctx context.Context, referrerID string) ([]models.ReferralLink, error) {
	u, err := s.User(ctx, referrerID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(u.ReferralLinks))
	for i, r := range u.ReferralLinks {
		codes[len(codes)-1-i] = r.Code // newest first
	}
	return byIDs[models.ReferralLink](ctx, s.read(colReferralLinks), codes, "referral links")
}

// ReferralLinksByCode returns the links with the given codes (those that exist).
func (s *Store) ReferralLinksByCode(ctx context.Context, codes []string) ([]models.ReferralLink, error) {
	return byIDs[models.ReferralLink](ctx, s.read(colReferralLinks), codes, "referral links")
}

// SetReferralLinkDisabled turns a member's own link off or on again.
func (s *Store) SetReferralLinkDisabled(ctx context.Context, code, referrerID string, disabled bool) error {
	l, err := s.ReferralLink(ctx, code)
	if err != nil {
		return err
	}
	if l.ReferrerID != referrerID {
		return ErrNotFound // someone else's link is none of this member's business
	}
	if _, err := s.write(colReferralLinks).UpdateOne(ctx, bson.M{"_id": code}, bson.M{"$set": bson.M{"disabled": disabled}}); err != nil {
		return fmt.Errorf("store: disable referral link: %w", err)
	}
	return nil
}

// RecordReferralClick counts a click once per visitor per day: clickID is
// derived from the link, the day and the visitor, and a second insert of it
// is refused by the _id. It reports whether the click counted.
func (s *Store) RecordReferralClick(ctx context.Context, l *models.ReferralLink, clickID string, now time.Time) (bool, error) {
	if err := s.trace(ctx, l.ReferrerID, colReferralClicks, clickID); err != nil {
		return false, err
	}
	_, err := s.write(colReferralClicks).InsertOne(ctx, bson.M{"_id": clickID, "code": l.Code,
		"referrer_id": l.ReferrerID, "day": now.UTC().Format("2006-01-02"), "at": now})
	if isDuplicate(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: referral click: %w", err)
	}
	if err := s.countReferral(ctx, l.Code, "clicks"); err != nil {
		return true, err
	}
	return true, s.Tally(ctx, models.ClickTally(now))
}

// AttributeSignUp records on a new member which link brought them in,
// unless something already did: the first touch wins.
func (s *Store) AttributeSignUp(ctx context.Context, userID string, by models.ReferredBy) (bool, error) {
	attributed := false
	_, err := modify(ctx, s, colUsers, userID, false, func(u *models.User) (bson.M, error) {
		if attributed = u.ReferredBy == nil; !attributed {
			return nil, errNoChange
		}
		return bson.M{"$set": bson.M{"referred_by": by}}, nil
	})
	if err != nil {
		return false, fmt.Errorf("store: attribute sign-up: %w", err)
	}
	return attributed, nil
}

// RecordConversion stores what a referred member did and raises the link's
// counter, once: recording it again changes nothing.
func (s *Store) RecordConversion(ctx context.Context, c models.ReferralConversion) (bool, error) {
	for _, person := range []string{c.ReferrerID, c.ReferredID} {
		if err := s.trace(ctx, person, colReferralConversions, c.ID); err != nil {
			return false, err
		}
	}
	_, err := s.write(colReferralConversions).InsertOne(ctx, c)
	if isDuplicate(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: referral conversion: %w", err)
	}
	if err := s.noteConversion(ctx, c); err != nil {
		return true, err
	}
	if err := s.countReferral(ctx, c.Code, models.CounterField(c.Kind)); err != nil {
		return true, err
	}
	return true, s.Tally(ctx, models.ConversionTallies(c)...)
}

// SetOnLeaderboard records whether a member wants to appear on the public leaderboard.
func (s *Store) SetOnLeaderboard(ctx context.Context, userID string, on bool) error {
	if _, err := s.write(colUsers).UpdateOne(ctx, bson.M{"_id": userID}, bson.M{"$set": bson.M{"on_leaderboard": on}}); err != nil {
		return fmt.Errorf("store: leaderboard choice: %w", err)
	}
	return nil
}
