package nurture

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// digestFrom is the hour (Amsterdam time) from which recruiters get the
// day's digest: before the working day starts.
const digestFrom = 7

// staleBatch bounds how many members one run brings up to date.
const staleBatch = 5000

// KeepInTouch is the recruiters' daily round, run hourly under a lease;
// each part does its day's work once:
//   - members whose document in the index went stale by time alone (their
//     engagement fell a tier) are indexed again, so Today and the pool's
//     facets stay true without anyone writing;
//   - anniversaries that came round (a year in the community, years at
//     an employer) become milestones to congratulate on;
//   - people who joined an event with a door check-in but were not checked
//     in get a "no-show" on their timeline;
//   - from 07:00 each recruiter finds a digest in their inbox: how many of
//     their members are due, and how many signals wait;
//   - the insights' daily snapshots are taken (see insightSnapshots);
//   - the walk-ins of events long past who did not join are forgotten.
//
// Who is due needs no raising: the index holds when each member comes due,
// and Today asks it for what is due by now.
func KeepInTouch(st *store.Store, idx search.Index, bundle *i18n.Bundle) Job {
	return Job{Name: "keep-in-touch", Every: time.Hour, Run: func(ctx context.Context, now time.Time) (int, error) {
		done := 0
		for _, part := range []func(context.Context, *store.Store, search.Index, *i18n.Bundle, time.Time) (int, error){
			refreshStale, raiseAnniversaries, noShows, digests, insightSnapshots, forgetGuests,
		} {
			n, err := part(ctx, st, idx, bundle, now)
			done += n
			if err != nil {
				return done, err
			}
		}
		return done, nil
	}}
}

// refreshStale queues the members whose index document expired.
func refreshStale(ctx context.Context, st *store.Store, idx search.Index, _ *i18n.Bundle, now time.Time) (int, error) {
	res, err := idx.Search(ctx, search.Query{Kinds: []string{search.KindCandidates}, Limit: staleBatch, Fresh: true,
		Ranges: []search.DateRange{{Field: "refresh", From: search.Never.Add(time.Second), To: now}}})
	if err != nil {
		return 0, err
	}
	for _, hit := range res.Hits {
		if err := st.QueueMember(ctx, hit.Ref); err != nil {
			return 0, err
		}
	}
	return len(res.Hits), nil
}

// raiseAnniversaries makes the day's anniversaries signals, once a day.
func raiseAnniversaries(ctx context.Context, st *store.Store, idx search.Index, bundle *i18n.Bundle, now time.Time) (int, error) {
	local := now.In(i18n.Amsterdam())
	if first, err := st.FirstRunOn(ctx, "anniversaries", local.Format(time.DateOnly)); err != nil || !first {
		return 0, err
	}
	refs, err := search.Refs(ctx, idx, st, store.Kind(search.KindCandidates), search.Query{Filters: map[string][]string{
		"anniversaries": {"join:" + local.Format("01-02"), "work:" + local.Format("01")}}})
	if err != nil {
		return 0, err
	}
	raised := 0
	for _, ref := range refs {
		u, err := st.User(ctx, ref)
		if err != nil {
			continue // gone since
		}
		l := bundle.Localizer(bundle.Match(u.Locale, ""))
		for _, m := range models.AutomaticMilestones(u, local, l.N) {
			if err := st.MilestoneShared(ctx, u.ID, m, now); err != nil {
				return raised, err
			}
			raised++
		}
	}
	return raised, nil
}

// noShows notes who did not come to an event that used the door check-in,
// for events that ended in the last three days.
func noShows(ctx context.Context, st *store.Store, idx search.Index, _ *i18n.Bundle, now time.Time) (int, error) {
	events, err := publishedEvents(ctx, st, idx, now.AddDate(0, 0, -4), now)
	if err != nil {
		return 0, err
	}
	noted := 0
	for _, e := range events {
		if e.Cancelled() || len(e.CheckedIn) == 0 || e.EndsAt.After(now) || e.EndsAt.Before(now.AddDate(0, 0, -3)) {
			continue
		}
		for _, id := range e.Attendees {
			if slices.Contains(e.CheckedIn, id) {
				continue
			}
			isNew, err := st.RecordTouchpoint(ctx, models.Touchpoint{ID: models.TouchpointID(models.KindNoShow, id, e.ID), CandidateID: id,
				Kind: models.KindNoShow, EventID: e.ID, Title: e.Title, At: e.EndsAt}, models.Notification{})
			if err != nil {
				return noted, err
			}
			if isNew {
				noted++
			}
		}
	}
	return noted, nil
}

// forgetGuests drops the names and addresses of walk-ins who did not join,
// models.GuestKeep after their event ended. Events are found by their
// start: the window reaches back the longest an event lasts, and two weeks
// more, so a round that did not run for days still finds them.
func forgetGuests(ctx context.Context, st *store.Store, idx search.Index, _ *i18n.Bundle, now time.Time) (int, error) {
	refs, err := search.Refs(ctx, idx, st, store.KindEvent, search.Query{
		After: now.Add(-models.GuestKeep-models.MaxEventDuration).AddDate(0, 0, -14), Before: now.Add(-models.GuestKeep)})
	if err != nil {
		return 0, err
	}
	events, err := st.EventsByID(ctx, refs)
	if err != nil {
		return 0, err
	}
	forgot := 0
	for _, e := range events {
		if len(e.Guests) == 0 || e.GuestsForgottenAt().After(now) {
			continue
		}
		if err := st.ForgetGuests(ctx, e.ID); err != nil {
			return forgot, err
		}
		forgot += len(e.Guests)
	}
	return forgot, nil
}

// digests leaves each recruiter with members due or signals waiting a note
// in their inbox, once a day from digestFrom.
func digests(ctx context.Context, st *store.Store, idx search.Index, bundle *i18n.Bundle, now time.Time) (int, error) {
	local := now.In(i18n.Amsterdam())
	if local.Hour() < digestFrom {
		return 0, nil
	}
	day := local.Format(time.DateOnly)
	recruiters, err := idx.Search(ctx, search.Query{Kinds: []string{search.KindMembers},
		Tags: []string{string(models.RoleRecruiter), string(models.RoleAdmin)}, Limit: 500})
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range recruiters.Hits {
		counts := map[string]int{}
		for _, kind := range []string{models.TodaySignal, models.TodayRhythm} {
			q := search.TodayQuery(kind, r.Ref, now)
			q.Limit = 1
			res, err := idx.Search(ctx, q)
			if err != nil {
				return sent, err
			}
			counts[kind] = res.Total
		}
		if counts[models.TodaySignal]+counts[models.TodayRhythm] == 0 {
			continue
		}
		u, err := st.User(ctx, r.Ref)
		if err != nil {
			continue
		}
		l := bundle.Localizer(bundle.Match(u.Locale, ""))
		isNew, err := st.Notify(ctx, models.Notification{ID: fmt.Sprintf("%s|%s|%s", models.KindTodayDigest, u.ID, day), UserID: u.ID,
			Kind: models.KindTodayDigest, CreatedAt: now,
			Title: l.T("digest.title", "Due", l.N("digest.due", counts[models.TodayRhythm]), "Signals", l.N("digest.signals", counts[models.TodaySignal]))})
		if err != nil {
			return sent, err
		}
		if isNew {
			sent++
		}
	}
	return sent, nil
}
