// Package seed fills a realistic demo community: members with varied skills
// and interests, vacancies, articles and events. It is deterministic and
// idempotent: running it twice leaves the same documents.
package seed

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
	"github.com/talentcommunity/portal/taxonomy"
)

// The demo accounts offered on the sign-in page in demo mode.
var (
	DemoCandidate = models.User{
		ID: "demo:candidate", Provider: models.ProviderDemo, Subject: "candidate", Name: "Sanne de Vries",
		GivenName: "Sanne", FamilyName: "de Vries", Email: "sanne@demo.example", EmailVerified: true,
		Headline: "Backend developer · Go and Kubernetes", City: "Utrecht", Seniority: "medior",
		Skills: []string{"go", "kubernetes", "postgresql", "docker"}, Interests: []string{"backend", "cloud", "devops"},
	}
	DemoRecruiter = models.User{
		ID: "demo:recruiter", Provider: models.ProviderDemo, Subject: "recruiter", Name: "Mark Jansen",
		GivenName: "Mark", FamilyName: "Jansen", Email: "mark@demo.example", EmailVerified: true,
		Headline: "Tech recruiter", City: "Amsterdam",
	}
	DemoAdmin = models.User{
		ID: "demo:admin", Provider: models.ProviderDemo, Subject: "admin", Name: "Fatima El Amrani",
		GivenName: "Fatima", FamilyName: "El Amrani", Email: "fatima@demo.example", EmailVerified: true,
		Headline: "Portal administrator", City: "Rotterdam",
	}
)

var (
	givenNames  = []string{"Emma", "Daan", "Julia", "Noah", "Lotte", "Sem", "Sophie", "Lucas", "Mila", "Finn", "Tess", "Bram", "Zoë", "Milan", "Eva", "Jesse", "Anouk", "Thijs", "Yara", "Ruben", "Fleur", "Koen", "Iris", "Luuk", "Nina", "Mehmet", "Priya", "Ahmed", "Chen", "Olga"}
	familyNames = []string{"Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Yilmaz", "Sharma", "Haddad", "Wang"}
	cities      = []string{"Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Nijmegen", "Leiden", "Haarlem", "Zwolle"}
	// profiles are coherent bundles so that matches look like a real community.
	profiles = []struct {
		role      string // lower case but for names such as DevOps
		skills    []string
		interests []string
	}{
		{"backend developer", []string{"go", "postgresql", "kubernetes", "grpc"}, []string{"backend", "cloud"}},
		{"frontend developer", []string{"typescript", "react", "css", "accessibility"}, []string{"frontend", "design"}},
		{"data engineer", []string{"python", "spark", "sql", "airflow"}, []string{"data", "cloud"}},
		{"data scientist", []string{"python", "machine-learning", "statistics", "sql"}, []string{"data", "ai"}},
		{"DevOps engineer", []string{"kubernetes", "terraform", "aws", "docker"}, []string{"devops", "cloud"}},
		{"product designer", []string{"figma", "user-research", "accessibility", "prototyping"}, []string{"design", "product"}},
		{"product manager", []string{"roadmapping", "user-research", "sql", "scrum"}, []string{"product", "leadership"}},
		{"security engineer", []string{"pentesting", "go", "cloud-security", "iam"}, []string{"security", "cloud"}},
		{"mobile developer", []string{"kotlin", "swift", "flutter", "ci"}, []string{"mobile", "frontend"}},
		{"engineering manager", []string{"coaching", "hiring", "go", "architecture"}, []string{"leadership", "backend"}},
	}
	companies = []string{"Dutch Energy Grid", "Tulip Analytics", "Canal Commerce", "Polder Cloud", "Windmill Health", "Harbour Logistics", "Delta Fintech", "Stroopwafel Games"}
)

// Demo writes the demo community into s. now anchors dates (events ahead,
// publications behind) so the demo always looks alive. It makes an undecided
// database a demo, and refuses one with real members (ErrRealMembers).
func Demo(ctx context.Context, s *store.Store, now time.Time) error {
	if mode, err := s.ClaimDatabaseMode(ctx, models.ModeDemo, "seed"); err != nil {
		return err
	} else if mode != models.ModeDemo {
		return ErrRealMembers
	}
	before, err := s.CountUsers(ctx)
	if err != nil {
		return err
	}
	if err := demo(ctx, s, now); err != nil {
		return err
	}
	after, err := s.CountUsers(ctx)
	if err != nil {
		return err
	}
	if after > before {
		// The insights count the year of history just written.
		return s.RebuildInsights(ctx, now)
	}
	return nil
}

// DemoBrand is the made-up company whose community the demo is.
var DemoBrand = models.Brand{
	Name: "Northwind Talent Community", Accent: "#8a3b12", LegalName: "Northwind Recruitment B.V.",
	Address: "Keizersgracht 174\n1016 DW Amsterdam\nNetherlands", PrivacyURL: "https://northwind.example/privacy",
	ContactEmail: "talent@northwind.example", LogoType: "image/svg+xml",
	Logo: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#8a3b12"/>` +
		`<path d="M16 4 L21 17 H11 Z" fill="#ffffff"/><path d="M16 28 L11 17 H21 Z" fill="#f2c7a5"/></svg>`),
}

func demo(ctx context.Context, s *store.Store, now time.Time) error {
	rng := rand.New(rand.NewPCG(42, 2026))
	now = now.UTC().Truncate(time.Hour)
	if b, err := s.Brand(ctx); err != nil {
		return err
	} else if b.Version == 0 { // an admin's own brand stays
		if _, err := s.SaveBrand(ctx, func(b *models.Brand) { *b = DemoBrand }); err != nil {
			return err
		}
	}
	for _, u := range []models.User{DemoCandidate, DemoRecruiter, DemoAdmin} {
		u.Roles = []models.Role{models.RoleCandidate}
		switch u.ID {
		case DemoRecruiter.ID:
			u.Roles = append(u.Roles, models.RoleRecruiter)
		case DemoAdmin.ID:
			u.Roles = append(u.Roles, models.RoleRecruiter, models.RoleAdmin)
		}
		u.Locale = ""
		u.CreatedAt = now.AddDate(0, -6, 0)
		completeProfile(&u, now.AddDate(0, -6, 0), true)
		if u.ID == DemoCandidate.ID {
			u.Contact.Frequency = "quarterly"
		}
		if err := s.SaveUser(ctx, u); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	if err := sanneIsOverdue(ctx, s, now); err != nil {
		return err
	}
	for i := 0; i < 60; i++ {
		given := givenNames[i%len(givenNames)]
		family := familyNames[(i*7+3)%len(familyNames)]
		p := profiles[rng.IntN(len(profiles))]
		senior := []string{"Junior", "Medior", "Senior", "Lead"}[rng.IntN(4)]
		u := models.User{
			ID: fmt.Sprintf("demo:member-%02d", i+1), Provider: models.ProviderDemo, Subject: fmt.Sprintf("member-%02d", i+1),
			Name: given + " " + family, GivenName: given, FamilyName: family,
			Email: fmt.Sprintf("member%02d@demo.example", i+1), EmailVerified: true,
			Headline: senior + " " + p.role, City: cities[rng.IntN(len(cities))],
			Skills:    taxonomy.DefaultLabels(models.TermSkill, p.skills[:2+rng.IntN(3)]),
			Interests: taxonomy.DefaultLabels(models.TermInterest, p.interests),
			Roles:     []models.Role{models.RoleCandidate}, SignInCount: int64(1 + rng.IntN(30)),
			CreatedAt:    now.AddDate(0, 0, -rng.IntN(365)),
			Seniority:    models.Seniority(strings.ToLower(senior)),
			Availability: models.Availability{Status: models.AvailabilityStatuses[rng.IntN(3)], ChangedAt: now.AddDate(0, 0, -rng.IntN(90))},
		}
		completeProfile(&u, u.CreatedAt, rng.IntN(5) > 0) // four in five let recruiters find them
		if err := saveWithHistory(ctx, s, rng, u, now); err != nil {
			return err
		}
	}
	for i := 0; i < 18; i++ {
		p := profiles[i%len(profiles)]
		skills := taxonomy.DefaultLabels(models.TermSkill, p.skills)
		level := []string{"Senior", "Medior", "Lead"}[i%3]
		v := models.Vacancy{
			ID: fmt.Sprintf("vac-%02d", i+1), Title: level + " " + p.role,
			Company: companies[i%len(companies)], City: cities[(i*3)%len(cities)],
			Workplace: models.Workplaces[i%len(models.Workplaces)], EmploymentType: "permanent",
			Seniority:   models.Seniority(strings.ToLower(level)),
			Description: fmt.Sprintf("Join **%s** as a %s.\n\nYou work with %s in a team that ships every week.\n\n- Room to learn\n- A team that reviews kindly", companies[i%len(companies)], p.role, strings.Join(skills, ", ")),
			Skills:      skills[:2], NiceSkills: skills[2:], Interests: taxonomy.DefaultLabels(models.TermInterest, p.interests),
			Status: models.VacancyOpen, PublishedAt: now.AddDate(0, 0, -i*2),
		}
		if err := s.SaveVacancy(ctx, v); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		// Seeded vacancies are history, not news to alert members about.
		if err := s.SaveVacancyAlert(ctx, models.VacancyAlert{VacancyID: v.ID, At: v.PublishedAt}); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	articles := []struct {
		title, summary string
		interests      []string
	}{
		{"Five questions to ask in your next interview", "What to ask your future team to learn how they really work.", []string{"leadership", "product"}},
		{"Kubernetes in 2026: what changed", "A tour of what platform teams adopted this year.", []string{"cloud", "devops"}},
		{"From analyst to data engineer", "Three members tell how they made the switch.", []string{"data"}},
		{"Accessible design is good design", "Why accessibility belongs in every sprint.", []string{"design", "frontend"}},
		{"Salary benchmarks for Dutch tech roles", "What backend, data and design roles earn in the Netherlands.", []string{"backend", "data", "design"}},
		{"How we run blameless post-mortems", "A recipe for learning from incidents.", []string{"devops", "leadership"}},
		{"Getting started with AI assistants at work", "Practical habits that save hours a week.", []string{"ai", "data"}},
		{"Security champions: a field guide", "How developers become the first line of defence.", []string{"security"}},
		{"Your first 90 days as an engineering manager", "Listen, learn, then lead.", []string{"leadership"}},
		{"Mobile releases without the drama", "Feature flags, staged roll-outs and good release notes.", []string{"mobile"}},
	}
	for i, a := range articles {
		art := models.Article{
			ID: fmt.Sprintf("art-%02d", i+1), Slug: models.Slug(a.title), Status: models.ArticlePublished, AuthorID: DemoRecruiter.ID,
			Title: a.title, Summary: a.summary,
			Body:      a.summary + " " + "Our community shares what works in practice, with examples from members across the Netherlands.",
			Interests: taxonomy.DefaultLabels(models.TermInterest, a.interests), PublishedAt: now.AddDate(0, 0, -i*5-1),
		}
		if err := s.SaveArticle(ctx, art); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	if err := seedEvents(ctx, s, now); err != nil {
		return err
	}
	if err := seedNewsletter(ctx, s, now); err != nil {
		return err
	}
	return seedReferrals(ctx, s, now)
}

// seedNewsletter gives the demo last month's edition, sent, with its figures.
func seedNewsletter(ctx context.Context, s *store.Store, now time.Time) error {
	sent := now.AddDate(0, 0, -20)
	_, err := s.SaveEdition(ctx, "ed-01", func(e *models.Edition) error {
		*e = models.Edition{ID: "ed-01", Subject: "News from the community: " + sent.Format("January 2006"),
			Intro:  "This month: **new roles** in cloud and data, a meetup in Utrecht, and what our members learned about hiring in 2026.",
			Note:   "Reply to this mail if you want to talk about your next step: I read every answer.",
			Blocks: models.EditionBlocks, Status: models.EditionSent, SendAt: sent, AuthorID: DemoRecruiter.ID, AuthorName: DemoRecruiter.Name,
			CreatedAt: sent.AddDate(0, 0, -2), Recipients: 14}
		return nil
	})
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if err := s.CountEdition(ctx, "ed-01", map[string]int{"stats.sent": 13, "stats.failed": 1, "stats.unsubscribed": 1,
		"stats.skipped." + models.SkipStopped: 2}); err != nil {
		return err
	}
	return seedPastEditions(ctx, s, sent)
}

// seedPastEditions gives the demo the eleven monthly editions before the
// last one, with their figures and clicks, so the archive and the insights
// have a year of newsletters.
func seedPastEditions(ctx context.Context, s *store.Store, last time.Time) error {
	links := []string{"/vacancies/vac-01", "/events/evt-01", "/articles"}
	for k := 1; k <= 11; k++ {
		id, sent := fmt.Sprintf("ed-m%02d", k), last.AddDate(0, -k, 0)
		_, err := s.SaveEdition(ctx, id, func(e *models.Edition) error {
			*e = models.Edition{ID: id, Subject: "News from the community: " + sent.Format("January 2006"),
				Intro:  "This month: new roles, the next meetup, and what members told us.",
				Blocks: models.EditionBlocks, Status: models.EditionSent, SendAt: sent, AuthorID: DemoRecruiter.ID, AuthorName: DemoRecruiter.Name,
				CreatedAt: sent.AddDate(0, 0, -2), Recipients: 14 - k/2}
			return nil
		})
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		if err := s.CountEdition(ctx, id, map[string]int{"stats.sent": 13 - k/2, "stats.unsubscribed": k % 3 / 2}); err != nil {
			return err
		}
		for c := range 3 + (k*7)%6 {
			url := links[c%len(links)]
			if err := s.ClickEdition(ctx, id, models.LinkKey(url), url); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
		}
	}
	return nil
}

// seedReferrals gives the demo a referral history: members who shared the
// community, an event and a vacancy, the clicks on their links, and the
// people who came in through them (one of whom was hired).
func seedReferrals(ctx context.Context, s *store.Store, now time.Time) error {
	shares := []struct {
		referrer, kind, target, title string
		clicks                        int
		referred                      []string
		converted, hired              bool
	}{
		{DemoCandidate.ID, models.TargetCommunity, "", "", 12, []string{"demo:member-59", "demo:member-60"}, false, false},
		{"demo:member-03", models.TargetEvent, "evt-01", "Go meetup Utrecht", 6, []string{"demo:member-58"}, true, false},
		{"demo:member-10", models.TargetVacancy, "vac-02", "", 9, []string{"demo:member-57"}, true, true},
	}
	for i, sh := range shares {
		title := sh.title
		if sh.kind == models.TargetVacancy {
			v, err := s.Vacancy(ctx, sh.target)
			if err != nil {
				return fmt.Errorf("seed: %w", err)
			}
			title = v.Title
		}
		// The referred members signed up when they joined the community, so
		// the funnel and the members chart count each sign-up on one day.
		created, joined := now.AddDate(0, 0, -20+i), now
		signedUp := make([]time.Time, len(sh.referred))
		for k, member := range sh.referred {
			u, err := s.User(ctx, member)
			if err != nil {
				return fmt.Errorf("seed: %w", err)
			}
			signedUp[k] = u.CreatedAt
			joined = earliest(joined, u.CreatedAt)
		}
		created = earliest(created, joined.AddDate(0, 0, -2))
		if sh.kind == models.TargetCommunity { // Sanne has shared the community since the spring
			created = earliest(created, now.AddDate(0, -5, 0))
		}
		l, _, err := s.ReferralLinkFor(ctx, sh.referrer, sh.kind, sh.target, title, created)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		// The clicks come spread over the link's life, up to the sign-ups.
		every := joined.Sub(created) / time.Duration(sh.clicks)
		for c := 0; c < sh.clicks; c++ {
			if _, err := s.RecordReferralClick(ctx, l, fmt.Sprintf("seed-%d-%d", i, c), created.Add(time.Duration(c)*every)); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
		}
		for k, member := range sh.referred {
			at := signedUp[k]
			if _, err := s.AttributeSignUp(ctx, member, models.ReferredBy{Code: l.Code, TargetKind: l.TargetKind, TargetID: l.TargetID, At: at}); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
			kinds := []string{models.ConversionSignUp}
			if sh.converted {
				kinds = append(kinds, map[string]string{models.TargetEvent: models.ConversionJoin, models.TargetVacancy: models.ConversionInterest}[sh.kind])
			}
			if sh.kind == models.TargetEvent {
				if _, err := s.JoinEvent(ctx, sh.target, member, at); err != nil {
					return fmt.Errorf("seed: %w", err)
				}
			}
			if sh.hired {
				kinds = append(kinds, models.ConversionHire)
			}
			for _, kind := range kinds {
				if _, err := s.RecordConversion(ctx, models.NewConversion(l, member, kind, at)); err != nil {
					return fmt.Errorf("seed: %w", err)
				}
			}
		}
		if err := s.SetOnLeaderboard(ctx, sh.referrer, true); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	return nil
}

// seedEvents plans the community's events: evenings in person and webinars,
// one full with a waitlist, one in another time zone, and five past ones
// over the last year (four of them full, with waitlists that moved up).
func seedEvents(ctx context.Context, s *store.Store, now time.Time) error {
	events := []struct {
		title, venue, city, zone string
		interests                []string
		days, capacity, joined   int
	}{
		{"Go meetup Utrecht", "Jaarbeursplein 6", "Utrecht", "", []string{"backend", "cloud"}, 9, 60, 24},
		{"Webinar: your CV in the age of AI", "", "", "", []string{"ai", "leadership"}, 4, 300, 41},
		{"Data & drinks Amsterdam", "Keizersgracht 174", "Amsterdam", "", []string{"data", "ai"}, 16, 80, 30},
		{"Design critique night", "Witte de Withstraat 50", "Rotterdam", "", []string{"design", "product"}, 23, 12, 15},
		{"Platform engineering breakfast", "Strijp-S, Torenallee 20", "Eindhoven", "", []string{"devops", "cloud"}, 30, 40, 8},
		{"Webinar: negotiating your offer", "", "", "Europe/Brussels", []string{"leadership"}, 12, 0, 19},
		{"Security capture-the-flag", "Prinses Beatrixlaan 5", "Den Haag", "", []string{"security"}, 40, 50, 6},
		{"Mobile dev open evening", "Zernikelaan 8", "Groningen", "", []string{"mobile", "frontend"}, 47, 45, 4},
		{"Frontend meetup Amsterdam", "Rokin 75", "Amsterdam", "", []string{"frontend", "design"}, -10, 50, 20},
		// The year before: full evenings whose waitlists moved up.
		{"Go meetup Utrecht: concurrency special", "Jaarbeursplein 6", "Utrecht", "", []string{"backend", "cloud"}, -60, 20, 24},
		{"Cloud native Amsterdam", "Rokin 75", "Amsterdam", "", []string{"cloud", "devops"}, -130, 25, 27},
		{"Data engineering night", "Keizersgracht 174", "Amsterdam", "", []string{"data"}, -200, 15, 18},
		{"Open day at Polder Cloud", "Strijp-S, Torenallee 20", "Eindhoven", "", []string{"cloud", "backend"}, -300, 40, 22},
	}
	for i, e := range events {
		zone := e.zone
		if zone == "" {
			zone = models.DefaultTimeZone
		}
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		day := now.In(loc).AddDate(0, 0, e.days)
		shape := eventShapeOf(e.title)
		start := time.Date(day.Year(), day.Month(), day.Day(), shape.hour, shape.minute, 0, 0, loc)
		ev := models.Event{
			ID: fmt.Sprintf("evt-%02d", i+1), Title: e.title, Venue: e.venue, City: e.city, Online: e.city == "", TimeZone: zone,
			Description: shape.intro + "\n\n**Programme**\n\n" + shape.programme(start),
			StartsAt:    start.UTC(), EndsAt: start.Add(shape.length).UTC(),
			Capacity: e.capacity, Interests: taxonomy.DefaultLabels(models.TermInterest, e.interests),
			Status: models.EventPublished, OwnerID: DemoRecruiter.ID, PublishedAt: now.AddDate(0, 0, min(-i-20, e.days-30)),
		}
		if ev.Online {
			ev.OnlineURL = fmt.Sprintf("https://meet.example.com/community-%02d", i+1)
		}
		if err := s.SaveEvent(ctx, ev); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		signUpAt := now.AddDate(0, 0, min(e.days, 0)-14)
		for m := 0; m < e.joined; m++ {
			member := fmt.Sprintf("demo:member-%02d", (i*7+m)%60+1)
			if _, err := s.JoinEvent(ctx, ev.ID, member, signUpAt); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
		}
		if e.days < 0 {
			if err := pastAttendance(ctx, s, ev.ID, signUpAt, e.days >= -14); err != nil {
				return err
			}
		}
	}
	if err := shareVacancies(ctx, s, now); err != nil {
		return err
	}
	// The demo candidate goes to the Go meetup.
	if _, err := s.JoinEvent(ctx, "evt-01", DemoCandidate.ID, now); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

// eventShape is when a kind of event starts, how long it lasts and what
// happens in it, so a breakfast is in the morning and a webinar at lunch.
type eventShape struct {
	hour, minute int
	length       time.Duration
	intro        string
	steps        []eventStep
}

type eventStep struct {
	after time.Duration
	what  string
}

func eventShapeOf(title string) eventShape {
	switch {
	case strings.Contains(title, "breakfast"):
		return eventShape{7, 30, 2 * time.Hour, "Start the day with coffee, croissants and people who build platforms.",
			[]eventStep{{0, "coffee and croissants"}, {30 * time.Minute, "two short talks"}, {90 * time.Minute, "off to work"}}}
	case strings.HasPrefix(title, "Webinar"):
		return eventShape{12, 30, 45 * time.Minute, "A lunchtime session online: bring your questions.",
			[]eventStep{{0, "talk"}, {30 * time.Minute, "your questions"}}}
	case strings.HasPrefix(title, "Open day"):
		return eventShape{14, 0, 3 * time.Hour, "See where the work happens and meet the team.",
			[]eventStep{{0, "welcome"}, {30 * time.Minute, "tour of the office"}, {2 * time.Hour, "drinks"}}}
	default:
		return eventShape{19, 0, 150 * time.Minute, "Meet fellow members and our recruiters for an evening of talks.",
			[]eventStep{{0, "welcome"}, {30 * time.Minute, "talks and conversations"}, {2 * time.Hour, "drinks"}}}
	}
}

// programme lists the steps at their times.
func (s eventShape) programme(start time.Time) string {
	var b strings.Builder
	for _, st := range s.steps {
		fmt.Fprintf(&b, "- %s %s\n", start.Add(st.after).Format("15:04"), st.what)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// pastAttendance plays out an event that took place: two people who had
// a place gave it up a week after signing up (the first waiting moved up),
// and three in four of those going came. Only a recent event leaves the
// attended touchpoints, which ask recruiters to follow up now.
func pastAttendance(ctx context.Context, s *store.Store, id string, signUpAt time.Time, followUp bool) error {
	e, err := s.Event(ctx, id)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if len(e.Waitlist) > 0 {
		for _, member := range slices.Clone(e.Attendees[:2]) {
			if _, err := s.LeaveEvent(ctx, id, member, signUpAt.AddDate(0, 0, 7)); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
		}
		if e, err = s.Event(ctx, id); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	for k, member := range e.Attendees {
		if k%4 == 3 {
			continue
		}
		if err := s.SetCheckedIn(ctx, id, member, true, e.StartsAt); err != nil { // at the door
			return fmt.Errorf("seed: %w", err)
		}
		if !followUp {
			continue
		}
		tp := models.Touchpoint{ID: models.TouchpointID(models.KindEventAttended, member, id), CandidateID: member,
			RecruiterID: DemoRecruiter.ID, Kind: models.KindEventAttended, EventID: id, Title: e.Title, At: e.StartsAt}
		if _, err := s.RecordTouchpoint(ctx, tp, models.Notification{}); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	return nil
}

// saveWithHistory saves a demo member with a year of recruiter history:
// Mark looks after two in three, the rest nobody.
func saveWithHistory(ctx context.Context, s *store.Store, rng *rand.Rand, u models.User, now time.Time) error {
	owner := DemoRecruiter.ID
	if rng.IntN(3) == 0 {
		owner = ""
	}
	r := history(rng, &u, owner, now)
	if u.ID == demoMilestoneMember { // the journey congratulates her
		models.SetConsents(&u, map[models.ConsentKind]bool{models.ConsentContact: true, models.ConsentVisibility: true, models.ConsentNewsletter: true}, u.CreatedAt)
		models.ConfirmNewsletter(&u, u.CreatedAt.Add(10*time.Minute))
		m := models.Milestone{ID: "ms-polder", Kind: "new_job", Title: "Started at Polder Cloud", Date: now.AddDate(0, 0, -3), AddedAt: now.AddDate(0, 0, -2)}
		u.Milestones = []models.Milestone{m}
		r.RaiseMilestone(m, m.AddedAt)
	}
	if err := s.SaveUser(ctx, u); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return saveRelationship(ctx, s, r)
}

// demoMilestoneMember is the demo member with a new job to congratulate on.
const demoMilestoneMember = "demo:member-02"

// sanneIsOverdue gives the demo candidate Mark as her owner and a last call
// 97 days ago: she asked to hear from us quarterly, so she is overdue.
func sanneIsOverdue(ctx context.Context, s *store.Store, now time.Time) error {
	u := DemoCandidate
	u.CreatedAt = now.AddDate(0, -6, 0)
	r := models.Relationship{ID: u.ID, Source: models.SourceSignUp}
	r.Assign(DemoRecruiter.ID)
	r.Record(models.Touchpoint{ID: models.TouchpointID(models.KindSignedUp, u.ID, ""), CandidateID: u.ID, Kind: models.KindSignedUp, At: u.CreatedAt}, false)
	r.Record(models.Touchpoint{ID: "seed-contact|" + u.ID, CandidateID: u.ID, RecruiterID: DemoRecruiter.ID, Kind: models.KindContact,
		Channel: "call", Note: "Talked about her move to platform work.", At: now.AddDate(0, 0, -97)}, false)
	return saveRelationship(ctx, s, r)
}

// saveRelationship writes a seeded relationship whole.
func saveRelationship(ctx context.Context, s *store.Store, r models.Relationship) error {
	if err := s.SaveRelationship(ctx, r); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

// completeProfile gives a demo member what onboarding would have: a finished
// wizard, contact preferences and answered consents.
func completeProfile(u *models.User, at time.Time, visible bool) {
	u.Country = "Netherlands" // in the interface's language, as a member writing in English would
	if u.Availability.Status == "" {
		u.Availability = models.Availability{Status: models.AvailabilityOpen, ChangedAt: at}
	}
	u.Skills = taxonomy.DefaultLabels(models.TermSkill, u.Skills)
	u.Interests = taxonomy.DefaultLabels(models.TermInterest, u.Interests)
	u.Onboarding = models.Onboarding{Step: models.OnboardingSteps + 1, Done: true}
	u.Contact = models.ContactPreferences{Frequency: "monthly", Channels: []string{"email", "inapp"}, Phone: demoPhone(u.ID)}
	models.SetConsents(u, map[models.ConsentKind]bool{
		models.ConsentContact: true, models.ConsentVisibility: visible, models.ConsentNewsletter: visible,
	}, at)
	models.ConfirmNewsletter(u, at.Add(10*time.Minute))
	u.Version = 1
}

// earliest is the earlier of two times.
func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// demoPhone gives Sanne and two demo members in three a made-up Dutch
// mobile number (06 12 34 56 78 and its like are not given out).
func demoPhone(id string) string {
	h := fnv.New32a()
	h.Write([]byte(id))
	n := h.Sum32()
	if n%3 == 0 && id != DemoCandidate.ID {
		return ""
	}
	return fmt.Sprintf("+31 6 %04d %04d", n/3%10000, n/30000%10000)
}

// shareVacancies has Mark share each of the newer vacancies with a few
// members a day or two after publishing it, and some of them say they are
// interested: the vacancies' part of the insights.
func shareVacancies(ctx context.Context, s *store.Store, now time.Time) error {
	for i := range 10 {
		v, err := s.Vacancy(ctx, fmt.Sprintf("vac-%02d", i+1))
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		for k := range 4 {
			member := fmt.Sprintf("demo:member-%02d", (i*11+k*5)%60+1)
			shared := v.PublishedAt.Add(time.Duration(6+k*5) * time.Hour)
			if shared.After(now) {
				continue
			}
			tp := models.Touchpoint{ID: models.TouchpointID(models.KindVacancyShared, member, v.ID), CandidateID: member,
				RecruiterID: DemoRecruiter.ID, Kind: models.KindVacancyShared, VacancyID: v.ID, Title: v.Title, At: shared}
			if _, err := s.RecordTouchpoint(ctx, tp, models.Notification{}); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
			if interested := shared.Add(time.Duration(3+i*7) * time.Hour); k%2 == 0 && interested.Before(now) {
				tp := models.Touchpoint{ID: models.TouchpointID(models.KindInterestExpressed, member, v.ID), CandidateID: member,
					RecruiterID: v.OwnerID, Kind: models.KindInterestExpressed, VacancyID: v.ID, Title: v.Title, At: interested}
				if _, err := s.RecordTouchpoint(ctx, tp, models.Notification{}); err != nil {
					return fmt.Errorf("seed: %w", err)
				}
			}
		}
	}
	return nil
}
