package seed

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
	"github.com/talentcommunity/portal/taxonomy"
)

// ErrRealMembers is returned when a seed is asked to fill a database that
// real people have joined: the demo is made up, and is never mixed with them.
var ErrRealMembers = errors.New("seed: this database holds real members, and the demo is never seeded into it; seed a new database (another PORTAL_DATA_DIR or MONGODB_DATABASE)")

// Scale fills a realistic synthetic community of n members on top of the
// demo: varied profiles, consents as real communities give them,
// availability, milestones, live sessions for a share, inbox items,
// a year of recruiter history, RSVPs and referral links, with vacancies, articles and events
// in proportion (n/100, n/25, n/500). It is deterministic: every member,
// vacancy, article and event is drawn from its own number, so a larger n
// later adds only what is missing. It refuses to run where real people
// signed in (ErrRealMembers). It returns what it added in bulk, which is not queued for the
// search index: the caller indexes it (search.Syncer.IndexSeed), and the
// demo's own writes are queued as usual.
func Scale(ctx context.Context, s *store.Store, n int, now time.Time) (store.SeedDocuments, error) {
	if err := Demo(ctx, s, now); err != nil {
		return store.SeedDocuments{}, err
	}
	now = now.UTC().Truncate(time.Hour)
	have, err := s.CountUsers(ctx)
	if err != nil {
		return store.SeedDocuments{}, err
	}
	from := int(have) - demoMembers // scale members already there
	d := store.SeedDocuments{}
	for i := from; i < n-demoMembers; i++ {
		scaleMember(&d, i, now)
	}
	for i := scaleCount(from+demoMembers, 100, demoVacancies); i < scaleCount(n, 100, demoVacancies); i++ {
		d.Vacancies = append(d.Vacancies, scaleVacancy(i, now))
	}
	for i := scaleCount(from+demoMembers, 25, demoArticles); i < scaleCount(n, 25, demoArticles); i++ {
		d.Articles = append(d.Articles, scaleArticle(i, now))
	}
	for i := scaleCount(from+demoMembers, 500, demoEvents); i < scaleCount(n, 500, demoEvents); i++ {
		d.Events = append(d.Events, scaleEvent(i, d.Users, now))
	}
	if err := s.InsertSeed(ctx, d); err != nil {
		return d, err
	}
	return d, s.RebuildInsights(ctx, now)
}

// What the demo itself holds; Scale adds the rest.
const (
	demoMembers   = 63
	demoVacancies = 18
	demoArticles  = 10
	demoEvents    = 13
)

// scaleCount is how many documents of a kind Scale adds for n members: one
// per per members, beyond what the demo has.
func scaleCount(n, per, demo int) int { return max(n/per-demo, 0) }

// scaleID names the i-th synthetic document of a kind.
// ScaleSessionToken is the cookie of the session the synthetic member i
// (from 0) signed in with, if they did: a benchmark loads pages as many
// different members in turn with them (see bench/members.lua).
func ScaleSessionToken(i int) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("scale-session-%d", i)))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// ScaleSessionTokens are the cookies of the sessions seeded in d.
func ScaleSessionTokens(d store.SeedDocuments) []string {
	var out []string
	for _, s := range d.Sessions {
		var n int
		if _, err := fmt.Sscanf(s.UserID, "scale:member-%06d", &n); err == nil {
			out = append(out, ScaleSessionToken(n-1))
		}
	}
	return out
}

func scaleID(kind string, i int) string { return fmt.Sprintf("scale:%s-%06d", kind, i+1) }

func rngFor(kind string, i int) *rand.Rand {
	h := sha256.Sum256([]byte(kind))
	return rand.New(rand.NewPCG(uint64(h[0])<<8|uint64(h[1]), uint64(i)))
}

// scaleMember adds member i and what they did to d.
func scaleMember(d *store.SeedDocuments, i int, now time.Time) {
	rng := rngFor("member", i)
	given := givenNames[rng.IntN(len(givenNames))]
	family := familyNames[rng.IntN(len(familyNames))]
	p := profiles[rng.IntN(len(profiles))]
	senior := []string{"Junior", "Medior", "Senior", "Lead"}[rng.IntN(4)]
	created := now.Add(-time.Duration(rng.IntN(3*365*24)) * time.Hour)
	id := scaleID("member", i)
	u := models.User{
		ID: id, Provider: models.ProviderSeed, Subject: strings.TrimPrefix(id, "scale:"),
		Name: given + " " + family, GivenName: given, FamilyName: family,
		Email: fmt.Sprintf("member%06d@scale.example", i+1), EmailVerified: true,
		Headline: senior + " " + p.role, City: cities[rng.IntN(len(cities))],
		Skills:    taxonomy.DefaultLabels(models.TermSkill, p.skills[:1+rng.IntN(len(p.skills))]),
		Interests: taxonomy.DefaultLabels(models.TermInterest, p.interests[:1+rng.IntN(len(p.interests))]),
		Roles:     []models.Role{models.RoleCandidate}, SignInCount: int64(1 + rng.IntN(40)),
		CreatedAt: created, LastSignInAt: created.Add(time.Duration(rng.Int64N(int64(now.Sub(created)) + 1))),
		Seniority:    models.Seniority(strings.ToLower(senior)),
		Availability: models.Availability{Status: models.AvailabilityStatuses[rng.IntN(len(models.AvailabilityStatuses))], ChangedAt: now.AddDate(0, 0, -rng.IntN(365))},
		Country:      "Netherlands",
		Onboarding:   models.Onboarding{Step: models.OnboardingSteps + 1, Done: rng.IntN(10) > 1},
		Contact:      models.ContactPreferences{Frequency: []string{"monthly", "quarterly", "relevant"}[rng.IntN(3)], Channels: []string{"email", "inapp"}},
		Version:      1,
	}
	// Consents as communities give them: most allow contact, fewer want to
	// be found, fewer still want the newsletter.
	models.SetConsents(&u, map[models.ConsentKind]bool{
		models.ConsentContact: rng.IntN(100) < 75, models.ConsentVisibility: rng.IntN(100) < 70, models.ConsentNewsletter: rng.IntN(100) < 45,
	}, created)
	models.ConfirmNewsletter(&u, created.Add(10*time.Minute))
	if rng.IntN(5) == 0 {
		u.Milestones = []models.Milestone{{ID: fmt.Sprintf("m%06d", i), Kind: "new_job", Title: "Started at " + companies[rng.IntN(len(companies))],
			Date: now.AddDate(0, 0, -rng.IntN(200)), AddedAt: now.AddDate(0, 0, -rng.IntN(30))}}
	}
	if rng.IntN(10) == 0 { // signed in this month, still signed in
		sid := sha256.Sum256([]byte(ScaleSessionToken(i)))
		seen := now.Add(-time.Duration(rng.IntN(72)) * time.Hour)
		d.Sessions = append(d.Sessions, models.Session{ID: hex.EncodeToString(sid[:]), UserID: id, CreatedAt: seen.AddDate(0, 0, -3),
			LastSeenAt: seen, ExpiresAt: seen.AddDate(0, 0, 7), AbsoluteExpiresAt: seen.AddDate(0, 0, 27)})
	}
	for k := range rng.IntN(6) * (rng.IntN(3) / 2) { // a third have a few inbox items
		u.UnreadNotifications++
		d.Notifications = append(d.Notifications, models.Notification{ID: fmt.Sprintf("scale|%d|%d", i, k), UserID: id,
			Kind: models.KindVacancyShared, VacancyID: scaleID("vacancy", rng.IntN(100)), Title: "Senior " + p.role,
			FromID: DemoRecruiter.ID, FromName: DemoRecruiter.Name, CreatedAt: now.AddDate(0, 0, -rng.IntN(90))})
	}
	// Mark looks after one in 25 (2,000 of 50,000), Fatima after some, the rest nobody.
	owner := ""
	switch {
	case i%25 == 0:
		owner = DemoRecruiter.ID
	case i%5 == 1:
		owner = DemoAdmin.ID
	}
	r := history(rng, &u, owner, now)
	if i == 0 { // a member of long standing: 200 entries on the timeline (bench/scale.sh reads her page)
		models.SetConsents(&u, map[models.ConsentKind]bool{models.ConsentContact: true, models.ConsentVisibility: true}, created)
		for k := range 200 {
			r.Record(models.Touchpoint{ID: fmt.Sprintf("seed-long|%d", k), CandidateID: id, RecruiterID: DemoRecruiter.ID,
				Kind: models.KindContact, Channel: models.TouchpointChannels[k%len(models.TouchpointChannels)],
				Note: contactNotes[k%len(contactNotes)], At: now.Add(-time.Duration(k+1) * 36 * time.Hour)}, false)
		}
	}
	d.Relationships = append(d.Relationships, r)
	if rng.IntN(20) == 0 {
		code := sha256.Sum256([]byte(fmt.Sprintf("scale-link-%d", i)))
		l := models.ReferralLink{Code: hex.EncodeToString(code[:8]), ReferrerID: id, TargetKind: models.TargetCommunity,
			CreatedAt: now.AddDate(0, 0, -rng.IntN(200)), ReferralCounts: models.ReferralCounts{Clicks: rng.IntN(20), SignUps: rng.IntN(3)}}
		l.Key = models.ReferralKey(id, l.TargetKind, "")
		d.ReferralLinks = append(d.ReferralLinks, l)
		u.ReferralLinks = []models.LinkRef{{Key: l.Key, Code: l.Code, CreatedAt: l.CreatedAt}}
	}
	d.Users = append(d.Users, u)
}

func scaleVacancy(i int, now time.Time) models.Vacancy {
	rng := rngFor("vacancy", i)
	p := profiles[rng.IntN(len(profiles))]
	skills := taxonomy.DefaultLabels(models.TermSkill, p.skills)
	level := []string{"Junior", "Medior", "Senior", "Lead"}[rng.IntN(4)]
	company := companies[rng.IntN(len(companies))]
	status := models.VacancyOpen
	if rng.IntN(5) == 0 {
		status = models.VacancyClosed
	}
	return models.Vacancy{
		ID: scaleID("vacancy", i), Title: level + " " + p.role, Company: company, City: cities[rng.IntN(len(cities))],
		Workplace: models.Workplaces[rng.IntN(len(models.Workplaces))], EmploymentType: "permanent",
		Seniority:   models.Seniority(strings.ToLower(level)),
		Description: fmt.Sprintf("Join **%s** as a %s.\n\nYou work with %s.", company, p.role, strings.Join(skills, ", ")),
		Skills:      skills[:2], NiceSkills: skills[2:], Interests: taxonomy.DefaultLabels(models.TermInterest, p.interests),
		Status: status, PublishedAt: now.AddDate(0, 0, -rng.IntN(180)), OwnerID: DemoRecruiter.ID, Version: 1,
	}
}

func scaleArticle(i int, now time.Time) models.Article {
	rng := rngFor("article", i)
	p := profiles[rng.IntN(len(profiles))]
	title := fmt.Sprintf("Notes for a %s, part %d", p.role, i+1)
	return models.Article{
		ID: scaleID("article", i), Slug: models.Slug(title), Status: models.ArticlePublished, AuthorID: DemoRecruiter.ID,
		Title: title, Summary: "What members in " + p.role + " roles learned this year.",
		Body:      "Our community shares what works in practice. " + strings.Repeat("A paragraph of advice from members. ", 20),
		Interests: taxonomy.DefaultLabels(models.TermInterest, p.interests), PublishedAt: now.AddDate(0, 0, -rng.IntN(720)), Version: 1,
	}
}

// scaleEvent is event i, with attendees drawn from the members being
// seeded (each of whom gets it on their list of events).
func scaleEvent(i int, members []models.User, now time.Time) models.Event {
	rng := rngFor("event", i)
	p := profiles[rng.IntN(len(profiles))]
	city := cities[rng.IntN(len(cities))]
	start := now.AddDate(0, 0, rng.IntN(240)-120).Truncate(24 * time.Hour).Add(18 * time.Hour)
	e := models.Event{
		ID: scaleID("event", i), Title: fmt.Sprintf("%s evening %s", strings.ToUpper(p.role[:1])+p.role[1:], city),
		Description: "Talks and conversations for " + p.role + "s.", City: city, Venue: "Stationsplein 1",
		TimeZone: models.DefaultTimeZone, StartsAt: start, EndsAt: start.Add(150 * time.Minute), Capacity: 40 + rng.IntN(160),
		Interests: taxonomy.DefaultLabels(models.TermInterest, p.interests), Status: models.EventPublished,
		OwnerID: DemoRecruiter.ID, PublishedAt: start.AddDate(0, 0, -30), Version: 1,
	}
	e.Attendees, e.Waitlist = []string{}, []string{}
	seen := map[string]bool{}
	for range rng.IntN(e.Capacity) * min(len(members), 1) {
		u := &members[rng.IntN(len(members))]
		m := u.ID
		if seen[m] {
			continue
		}
		seen[m] = true
		u.Events = append(u.Events, e.ID)
		e.Attendees = append(e.Attendees, m)
		if start.Before(now) && rng.IntN(4) != 0 {
			e.CheckedIn = append(e.CheckedIn, m)
		}
	}
	e.Going = len(e.Attendees)
	return e
}
