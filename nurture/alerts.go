package nurture

import (
	"context"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// alertCandidates bounds how many members of the talent index one vacancy
// is matched against (the best by tags come first).
const alertCandidates = 20000

// VacancyAlerts tells the members a newly published vacancy fits strongly
// (the matching of For you): at once in their inbox, and by mail as each
// chose (see models.MailPolicy.Alerts), within their contact policy. A
// vacancy is alerted once: a record keyed by it says so, and each alert's
// id is per vacancy and member, so a run cut short and run again tells
// nobody twice.
//
// The members come from the talent index: it holds the profiles of those
// who let the community's matching see them. Members who did not still
// find new vacancies under For you.
func VacancyAlerts(st *store.Store, idx search.Index) Job {
	return Job{Name: "vacancy-alerts", Every: 30 * time.Second, Run: func(ctx context.Context, now time.Time) (int, error) {
		refs, err := search.Refs(ctx, idx, st, store.KindVacancy, search.Query{
			Filters: map[string][]string{"status": {models.VacancyOpen}}, After: now.Add(-models.AlertWindow), Fresh: true})
		if err != nil {
			return 0, err
		}
		vacancies, err := st.VacanciesByID(ctx, refs)
		if err != nil {
			return 0, err
		}
		told := 0
		for i := range vacancies {
			v := &vacancies[i]
			if !v.Open() || v.PublishedAt.Before(now.Add(-models.AlertWindow)) || v.PublishedAt.After(now) {
				continue
			}
			done, err := st.VacancyAlert(ctx, v.ID)
			if err != nil {
				return told, err
			}
			if done != nil {
				continue
			}
			n, err := alertVacancy(ctx, st, idx, v, now)
			told += n
			if err != nil {
				return told, err
			}
			if err := st.SaveVacancyAlert(ctx, models.VacancyAlert{VacancyID: v.ID, Alerted: n, At: now}); err != nil {
				return told, err
			}
		}
		return told, nil
	}}
}

// alertVacancy notifies every member the vacancy fits strongly.
func alertVacancy(ctx context.Context, st *store.Store, idx search.Index, v *models.Vacancy, now time.Time) (int, error) {
	tags := v.Terms()
	var refs []string
	q := search.TalentPool(search.Query{Tags: tags, Limit: 500, Fresh: true})
	for q.Offset = 0; q.Offset < alertCandidates; q.Offset += q.Limit {
		res, err := idx.Search(ctx, q)
		if err != nil {
			return 0, err
		}
		for _, h := range res.Hits {
			refs = append(refs, h.Ref)
		}
		if len(res.Hits) < q.Limit {
			break
		}
	}
	told := 0
	for start := 0; start < len(refs); start += 500 {
		users, err := st.UsersByID(ctx, refs[start:min(start+500, len(refs))])
		if err != nil {
			return told, err
		}
		for i := range users {
			u := &users[i]
			if u.ID == v.OwnerID || !models.May(u, models.PurposeTalentSearch) || !models.MatchVacancy(u, v).Strong() {
				continue
			}
			if _, err := st.Notify(ctx, models.VacancyAlertNote(v, u.ID, now)); err != nil {
				return told, err
			}
			told++
		}
	}
	return told, nil
}
