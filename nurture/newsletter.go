package nurture

import (
	"context"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// editionBatch is how many recipients one round queues, in one write each
// for the queue and the outbox.
const editionBatch = 500

// Newsletter queues the recipients of scheduled editions: a mail per
// edition and member (the outbox key is the delivery record), written in
// batches from the search index's subscribers (narrowed by the edition's
// audience), each batch recorded on the edition so a crash resumes where it
// stood (a batch queued twice adds nothing). Each mail waits for its time,
// and is checked against its member's consent, caps and quiet hours when it
// goes. Members who left the newsletter are counted as skipped.
func Newsletter(st *store.Store, idx search.Index) Job {
	return Job{Name: "newsletter", Every: 10 * time.Second, Run: func(ctx context.Context, now time.Time) (int, error) {
		editions, err := st.Editions(ctx)
		if err != nil {
			return 0, err
		}
		queued := 0
		for i := range editions {
			if editions[i].Status != models.EditionScheduled {
				continue
			}
			n, err := QueueEdition(ctx, st, idx, &editions[i], now)
			queued += n
			if err != nil {
				return queued, err
			}
		}
		return queued, nil
	}}
}

// AudienceQuery is the index query for an edition's audience in one
// newsletter standing.
func AudienceQuery(ed *models.Edition, standing string) search.Query {
	a := ed.Audience
	if a.Empty() {
		return search.Query{Kinds: []string{search.KindMembers}, Filters: map[string][]string{"newsletter": {standing}}}
	}
	filters := map[string][]string{"newsletter": {standing}}
	if len(a.Interests) > 0 {
		filters["interests"] = a.Interests
	}
	if a.City != "" {
		filters["city"] = []string{a.City}
	}
	if a.Seniority != "" {
		filters["seniority"] = []string{string(a.Seniority)}
	}
	return search.TalentPool(search.Query{Filters: filters})
}

// QueueEdition queues the rest of an edition's recipients and marks it sent.
func QueueEdition(ctx context.Context, st *store.Store, idx search.Index, ed *models.Edition, now time.Time) (int, error) {
	added := 0
	for {
		at := ed.QueuedThrough
		q := fresh(AudienceQuery(ed, models.NewsletterSubscribed), editionBatch)
		q.ByID, q.AfterID = true, at
		res, err := idx.Search(ctx, q)
		if err != nil {
			return added, err
		}
		mails := make([]models.Mail, len(res.Hits))
		for i, h := range res.Hits {
			note := models.Notification{ID: ed.ID, UserID: h.Ref, Kind: models.PurposeNewsletterEdition, Title: ed.Subject, CreatedAt: now}
			mails[i] = models.Mail{ID: models.MailKey(note.Kind, ed.ID, h.Ref), Purpose: note.Kind, Class: models.MailNewsletter,
				Topic: models.TopicNewsletter, UserID: h.Ref, Subject: ed.Subject, Note: &note, CreatedAt: now,
				NotBefore: ed.SendAt, LocalDay: ed.RecipientDay()}
			if ed.LocalMorning { // the earliest morning anywhere; each member's own is checked as it goes
				mails[i].NotBefore = ed.RecipientTime(time.FixedZone("UTC+14", 14*3600))
			}
		}
		n, err := st.QueueMails(ctx, mails)
		added += n
		if err != nil {
			return added, err
		}
		done := len(res.Hits) < editionBatch
		overtaken, first := false, false
		saved, err := st.SaveEdition(ctx, ed.ID, func(e *models.Edition) error {
			e.Recipients += n // the mails this run added, even when another run got further
			if e.QueuedThrough != at || e.Status == models.EditionSent {
				overtaken = true
				return nil
			}
			first = at == ""
			if len(res.Hits) > 0 {
				e.QueuedThrough = res.Hits[len(res.Hits)-1].ID
			}
			if done {
				e.Status = models.EditionSent
			}
			return nil
		})
		if err != nil {
			return added, err
		}
		*ed = *saved
		if first { // the run that queued the first batch counts those who left, once
			left, err := idx.Search(ctx, fresh(AudienceQuery(ed, models.NewsletterUnsubscribed), 1))
			if err != nil {
				return added, err
			}
			if err := st.CountEdition(ctx, ed.ID, map[string]int{"stats.skipped." + models.SkipStopped: left.Total}); err != nil {
				return added, err
			}
		}
		if done || overtaken {
			return added, nil // when overtaken, the other run goes on from where it got
		}
	}
}

// fresh asks for up to limit hits past the cache: a job must see what was just written.
func fresh(q search.Query, limit int) search.Query {
	q.Limit, q.Fresh = limit, true
	return q
}
