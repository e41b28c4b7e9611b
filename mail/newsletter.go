package mail

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/markdown"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// editionContent is what an edition's blocks choose from, read once per
// edition and a few minutes, not once per recipient.
type editionContent struct {
	vacancies []models.Vacancy
	articles  []models.Article
	events    []models.Event
	readAt    time.Time
}

// contentFresh is how long the content an edition chooses from is reused.
const contentFresh = 5 * time.Minute

// contentCache holds the content per edition.
type contentCache struct {
	mu   sync.Mutex
	byID map[string]*editionContent
}

// content returns what the edition's blocks choose from.
func (c *Composer) content(ctx context.Context, ed *models.Edition, now time.Time) (*editionContent, error) {
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock() // one reader at a time: the others wait for its answer
	if c.cache.byID == nil {
		c.cache.byID = map[string]*editionContent{}
	}
	if got := c.cache.byID[ed.ID]; got != nil && now.Sub(got.readAt) < contentFresh && got.readAt.Sub(now) < contentFresh {
		return got, nil
	}
	out := &editionContent{readAt: now}
	refs, err := search.Refs(ctx, c.Index, c.Store, store.KindVacancy, search.Query{Filters: map[string][]string{"status": {models.VacancyOpen}}, Limit: 500})
	if err != nil {
		return nil, err
	}
	if out.vacancies, err = c.Store.VacanciesByID(ctx, refs); err != nil {
		return nil, err
	}
	refs, err = search.Refs(ctx, c.Index, c.Store, store.KindArticle, search.Query{Filters: map[string][]string{"status": {models.ArticlePublished}}, Newest: true, Limit: 50})
	if err != nil {
		return nil, err
	}
	if out.articles, err = c.Store.ArticlesByID(ctx, refs); err != nil {
		return nil, err
	}
	refs, err = search.Refs(ctx, c.Index, c.Store, store.KindEvent, search.Query{Filters: map[string][]string{"status": {models.EventPublished}}, After: now, Limit: 50})
	if err != nil {
		return nil, err
	}
	if out.events, err = c.Store.EventsByID(ctx, refs); err != nil {
		return nil, err
	}
	slices.SortFunc(out.articles, func(a, b models.Article) int { return b.PublishedAt.Compare(a.PublishedAt) })
	slices.SortFunc(out.events, func(a, b models.Event) int { return a.StartsAt.Compare(b.StartsAt) })
	c.cache.byID[ed.ID] = out
	return out, nil
}

// EditionLetter writes an edition as one member gets it: their matches,
// articles on their interests, events near them, in their language.
func (c *Composer) EditionLetter(ctx context.Context, ed *models.Edition, u *models.User, now time.Time) (Letter, *i18n.Localizer, error) {
	content, err := c.content(ctx, ed, now)
	if err != nil {
		return Letter{}, nil, err
	}
	letter, l, err := c.letter(ctx, u)
	if err != nil {
		return Letter{}, nil, err
	}
	link := func(target string) string {
		if u.Mail.NoClickTracking {
			return target
		}
		return c.BaseURL + "/m/" + url.PathEscape(ed.ID) + "?u=" + url.QueryEscape(target) + "&t=" + models.ClickToken(c.Secret, ed.ID, target)
	}
	letter.Subject = ed.Subject
	letter.Intro, letter.IntroText = markdown.Render(ed.Intro).Markup(), ed.Intro
	if ed.Note != "" {
		letter.Quote = ed.Note + " — " + ed.AuthorName
	}
	for _, block := range ed.Blocks {
		switch block {
		case models.BlockVacancies:
			strong, near := models.RankVacancies(u, content.vacancies, 3)
			letter.Sections = append(letter.Sections, vacancySection(l.T("newsletter.block.for_you"), strong, c.BaseURL, link),
				vacancySection(l.T("newsletter.block.someone_you_know"), near[:min(2, len(near))], c.BaseURL, link))
		case models.BlockArticles:
			s := Section{Heading: l.T("newsletter.block.articles")}
			for _, a := range content.articles {
				if len(s.Items) < 3 && models.SharesTerm(a.Interests, u.Interests) {
					s.Items = append(s.Items, Item{Title: a.Title, Meta: a.Summary, URL: link(c.BaseURL + "/articles/" + cmp.Or(a.Slug, a.ID))})
				}
			}
			letter.Sections = append(letter.Sections, s)
		case models.BlockEvents:
			s := Section{Heading: l.T("newsletter.block.events")}
			for _, e := range content.events {
				if len(s.Items) < 3 && !e.Cancelled() && (e.Online || u.City != "" && strings.EqualFold(e.City, u.City)) {
					s.Items = append(s.Items, Item{Title: e.Title, Meta: eventWhen(l, &e), URL: link(c.BaseURL + "/events/" + e.ID)})
				}
			}
			letter.Sections = append(letter.Sections, s)
		}
	}
	letter.Sections = slices.DeleteFunc(letter.Sections, func(s Section) bool { return len(s.Items) == 0 })
	if interests := models.NewsletterWhy(u); len(interests) > 0 {
		letter.Why = l.T("mail.why.newsletter_about", "Interests", strings.Join(interests, ", "))
	} else {
		letter.Why = l.T("mail.why.newsletter")
	}
	letter.Footer = append(letter.Footer, Link{Label: l.T("newsletter.archive.title"), URL: c.BaseURL + "/newsletter"})
	return letter, l, nil
}

// Edition writes the mail m of an edition for u.
func (c *Composer) Edition(ctx context.Context, m *models.Mail, ed *models.Edition, u *models.User, now time.Time) error {
	letter, l, err := c.EditionLetter(ctx, ed, u, now)
	if err != nil {
		return err
	}
	return c.finish(m, u, letter, l)
}

func vacancySection(heading string, ranked []models.RankedVacancy, base string, link func(string) string) Section {
	s := Section{Heading: heading}
	for _, r := range ranked {
		s.Items = append(s.Items, Item{Title: r.Vacancy.Title, Meta: strings.Trim(r.Vacancy.Company+" · "+r.Vacancy.City, " ·"),
			URL: link(base + "/vacancies/" + r.Vacancy.ID)})
	}
	return s
}
