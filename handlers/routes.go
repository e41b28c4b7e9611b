package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
)

// Routes registers every page and action. Health and static files are
// registered by the app before the session middleware, so they cost no
// database read.
func (h *Handler) Routes(r fiber.Router) {
	// Everyone
	r.Get("/", h.Home)
	r.Post("/lang", h.SetLanguage)
	r.Get("/join", h.Join)

	// Articles
	r.Get("/articles", h.Articles)
	r.Get("/articles/:slug", h.Article)

	// Vacancies
	r.Get("/vacancies", h.Vacancies)
	r.Get("/vacancies/:id", h.Vacancy)
	r.Post("/vacancies/:id/not-for-me", auth.RequireUser, h.NotForMe)
	r.Post("/vacancies/:id/interest", auth.RequireUser, h.Interested)
	r.Post("/vacancies/:id/interest/withdraw", auth.RequireUser, h.WithdrawInterest)
	r.Get("/notifications", auth.RequireUser, h.Notifications)

	// Events ("/events/:id.ics" first: ":id" alone would take "x.ics")
	r.Get("/events", h.Events)
	r.Get("/events/:id.ics", h.EventICS)
	r.Get("/events/:id", h.Event)
	r.Post("/events/:id/join", auth.RequireUser, h.JoinEvent)
	r.Post("/events/:id/leave", auth.RequireUser, h.LeaveEvent)
	r.Post("/events/:id/visit", auth.RequireUser, h.ClaimVisit)
	r.Get("/calendar/:token.ics", h.CalendarFeed)
	r.Post("/calendar/token", auth.RequireUser, h.NewCalendarToken)

	// Referrals: the public landing of a shared link (its clicks limited per
	// address), its QR code, and a member's own links.
	r.Get("/r/:code/qr.:format", h.ReferralQR)
	r.Get("/r/:code/card.png", h.ReferralCard)
	r.Get("/r/:code", h.clickLimiter(), h.Referral)
	r.Get("/referrals/leaderboard", h.Leaderboard)
	r.Get("/referrals", auth.RequireUser, h.MyReferrals)
	r.Post("/referrals", auth.RequireUser, h.ShareLink)
	r.Post("/referrals/leaderboard", auth.RequireUser, h.SetLeaderboard)
	r.Get("/referrals/:code", auth.RequireUser, h.ShareLinkPage)
	r.Post("/referrals/:code/disabled", auth.RequireUser, h.SetReferralLinkDisabled)

	// Unsubscribing from a mail (the one-click POST is registered by the
	// app, before sessions and CSRF)
	r.Get("/u/:token", h.Unsubscribe)
	r.Post("/u/:token/choose", h.UnsubscribeChoose)
	r.Get("/newsletter", auth.RequireUser, h.NewsletterArchive)
	r.Get("/newsletter/:id/mail", auth.RequireUser, h.NewsletterEditionMail)
	r.Get("/m/:id", h.NewsletterClick)
	r.Get("/newsletter/confirm/:token", h.NewsletterConfirmPage)
	r.Post("/newsletter/confirm/:token", h.NewsletterConfirm)
	r.Get("/newsletter/:id", auth.RequireUser, h.NewsletterEdition)

	// Sign-in and sign-out
	r.Get("/signin", h.SignIn)
	r.Get("/auth/linkedin", h.LinkedInBegin)
	r.Get("/auth/linkedin/callback", h.LinkedInCallback)
	r.Post("/auth/logout", auth.RequireUser, h.SignOut)
	h.demoRoutes(r)

	// A member's own profile, onboarding and privacy centre
	signedIn := auth.RequireUser
	r.Get("/profile", signedIn, h.Profile)
	r.Get("/profile/suggest/:kind", signedIn, h.SuggestTerms)
	r.Get("/profile/import", signedIn, h.ProfileImport)
	r.Post("/profile/import", signedIn, h.ProfileImportPreview)
	r.Post("/profile/import/confirm", signedIn, h.ProfileImportConfirm)
	r.Get("/profile/resume.json", signedIn, h.ProfileResume)
	r.Post("/profile/milestones/add", signedIn, h.AddMilestone)
	r.Post("/profile/milestones/remove", signedIn, h.RemoveMilestone)
	r.Post("/profile/:kind/add", signedIn, h.AddProfileTerm)
	r.Post("/profile/:kind/remove", signedIn, h.RemoveProfileTerm)
	r.Get("/profile/:section/:mode?", signedIn, h.ProfileSection)
	r.Post("/profile/timezone", signedIn, h.SetTimeZone)
	r.Post("/profile/:section", signedIn, h.SaveProfileSection)
	r.Get("/onboarding", signedIn, h.Onboarding)
	r.Post("/onboarding/:step", signedIn, h.OnboardingStep)
	r.Get("/privacy", signedIn, h.Privacy)
	r.Get("/privacy/export", signedIn, h.PrivacyExport)
	r.Get("/privacy/delete", signedIn, h.PrivacyDeleteConfirm)
	r.Post("/privacy/delete", signedIn, h.PrivacyDelete)

	// Recruiters (and admins)
	recruiter := auth.RequireRole(models.RoleRecruiter)
	r.Get("/recruit", recruiter, h.Today)
	r.Get("/recruit/newsletter", recruiter, h.Newsletters)
	r.Get("/recruit/newsletter/new", recruiter, h.NewEdition)
	r.Post("/recruit/newsletter", recruiter, h.SaveEdition)
	r.Get("/recruit/newsletter/:id", recruiter, h.EditionPage)
	r.Post("/recruit/newsletter/:id", recruiter, h.SaveEdition)
	r.Get("/recruit/newsletter/:id/preview", recruiter, h.EditionPreview)
	r.Get("/recruit/talent", recruiter, h.TalentPool)
	r.Post("/recruit/talent/saved", recruiter, h.SaveSearch)
	r.Post("/recruit/talent/saved/:saved/delete", recruiter, h.DeleteSavedSearch)
	r.Post("/recruit/talent/bulk", recruiter, h.BulkTalent)
	r.Get("/recruit/talent/:id", recruiter, h.Candidate)
	r.Get("/recruit/talent/:id/touchpoints/new", recruiter, h.LogTouchpointForm)
	r.Post("/recruit/talent/:id/touchpoints", recruiter, h.LogTouchpoint)
	r.Post("/recruit/talent/:id/snooze", recruiter, h.Snooze)
	r.Post("/recruit/talent/:id/undo", recruiter, h.UndoToday)
	r.Get("/recruit/talent/:id/congratulate", recruiter, h.CongratulateForm)
	r.Post("/recruit/talent/:id/congratulate", recruiter, h.Congratulate)
	r.Post("/recruit/talent/:id/notes", recruiter, h.AddNote)
	r.Post("/recruit/talent/:id/notes/:note", recruiter, h.EditNote)
	r.Post("/recruit/talent/:id/owner", recruiter, h.SetOwner)
	r.Post("/recruit/talent/:id/tags", recruiter, h.SetTags)
	r.Post("/recruit/talent/:id/rhythm", recruiter, h.SetRhythm)
	r.Get("/recruit/vacancies", recruiter, h.RecruitVacancies)
	r.Get("/recruit/vacancies/new", recruiter, h.NewVacancy)
	r.Post("/recruit/vacancies", recruiter, h.SaveVacancy)
	r.Get("/recruit/vacancies/:id/edit", recruiter, h.EditVacancy)
	r.Post("/recruit/vacancies/:id", recruiter, h.SaveVacancy)
	r.Get("/recruit/vacancies/:id/matches", recruiter, h.VacancyMatches)
	r.Post("/recruit/vacancies/:id/share", recruiter, h.ShareVacancy)
	r.Get("/recruit/articles", recruiter, h.RecruitArticles)
	r.Get("/recruit/articles/new", recruiter, h.NewArticle)
	r.Post("/recruit/articles", recruiter, h.SaveArticle)
	r.Get("/recruit/articles/:id/edit", recruiter, h.EditArticle)
	r.Post("/recruit/articles/:id", recruiter, h.SaveArticle)
	r.Get("/recruit/events", recruiter, h.RecruitEvents)
	r.Get("/recruit/events/new", recruiter, h.NewEvent)
	r.Post("/recruit/events", recruiter, h.SaveEvent)
	r.Get("/recruit/events/:id/edit", recruiter, h.EditEvent)
	r.Post("/recruit/events/:id", recruiter, h.SaveEvent)
	r.Get("/recruit/events/:id/cancel", recruiter, h.CancelEventConfirm)
	r.Post("/recruit/events/:id/cancel", recruiter, h.CancelEvent)
	r.Get("/recruit/events/:id/attendees.csv", recruiter, h.EventAttendeesCSV)
	r.Get("/recruit/events/:id/attendees", recruiter, h.EventAttendees)
	r.Post("/recruit/events/:id/checkin", recruiter, h.CheckIn)
	r.Post("/recruit/events/:id/walk-ins", recruiter, h.AddWalkIn)
	r.Get("/recruit/referrals", recruiter, h.RecruitReferrals)
	r.Get("/recruit/insights", recruiter, h.Insights)
	r.Get("/recruit/insights/:chart.csv", recruiter, h.InsightsCSV)
	r.Post("/recruit/referrals/hired", recruiter, h.MarkReferralHired)
	r.Get("/recruit/import", recruiter, h.Imports)
	r.Post("/recruit/import", recruiter, h.UploadImport)
	r.Get("/recruit/import/:id/rejects.csv", recruiter, h.ImportRejectsCSV)
	r.Get("/recruit/import/:id", recruiter, h.ImportJob)
	r.Post("/recruit/import/:id", recruiter, h.StartImport)
	r.Post("/recruit/import/:id/cancel", recruiter, h.CancelImport)
	r.Get("/taxonomy", recruiter, h.TaxonomyPage)
	r.Post("/taxonomy", recruiter, h.AddTaxonomyTerm)

	// Admins
	admin := r.Group("/admin", auth.RequireRole(models.RoleAdmin))
	admin.Get("/users", h.AdminUsers)
	admin.Post("/users/role", h.AdminSetRecruiter)
	admin.Get("/settings", h.AdminSettings)
	admin.Post("/settings", h.SaveAdminSettings)
}

// demoRoutes registers every route that exists only while the portal offers
// the demo (demoOffered: configured for it, on a database that is not real):
// the one-click demo accounts, and the outbox as its made-up recipients
// would see it. Each is guarded by demoOnly, so on a real database it
// answers 404 whatever PORTAL_DEMO says; RouteAccess declares them Demo, and
// the authorisation test checks both kinds of database.
func (h *Handler) demoRoutes(r fiber.Router) {
	r.Post("/auth/demo", h.demoOnly, h.DemoSignIn)
	r.Get("/outbox", h.demoOnly, h.Outbox)
	r.Get("/outbox/:key/html", h.demoOnly, h.OutboxMailHTML)
	r.Get("/outbox/:key", h.demoOnly, h.OutboxMail)
}

// Access says who may use a route.
type Access string

const (
	Public    Access = "public"    // anyone, signed in or not (a secret in the URL may stand in for sign-in)
	Member    Access = "member"    // any signed-in member
	Owner     Access = "owner"     // only the member it belongs to; to anyone else it does not exist (404)
	Recruiter Access = "recruiter" // recruiters and admins
	Admin     Access = "admin"
	// Demo routes serve anyone while the demo is offered and do not exist
	// (404) on a real database (see demoRoutes).
	Demo Access = "demo"
)

// RouteAccess declares who may use every route of the app, by "METHOD
// /path" as registered. The authorisation test requests each route as an
// anonymous visitor, a candidate, another candidate, a recruiter and an
// admin and checks every answer against this table; a route that is not in
// it fails the test, so no route goes without a decision.
var RouteAccess = map[string]Access{
	"GET /healthz": Public, "GET /readyz": Public, "GET /metrics": Public, "GET /static/*": Public,

	"GET /": Public, "POST /lang": Public, "GET /brand.css": Public, "GET /join": Public, "GET /brand/logo": Public,
	"GET /articles": Public, "GET /articles/:slug": Public,
	"GET /vacancies": Public, "GET /vacancies/:id": Public,
	"POST /vacancies/:id/not-for-me": Member, "POST /vacancies/:id/interest": Member, "POST /vacancies/:id/interest/withdraw": Member,
	"GET /notifications": Member,
	"GET /events":        Public, "GET /events/:id.ics": Public, "GET /events/:id": Public,
	"POST /events/:id/join": Member, "POST /events/:id/leave": Member, "POST /events/:id/visit": Member,
	"GET /calendar/:token.ics": Public, "POST /calendar/token": Member,

	"GET /r/:code/qr.:format": Public, "GET /r/:code/card.png": Public, "GET /r/:code": Public,
	"GET /referrals/leaderboard": Public, "GET /referrals": Member, "POST /referrals": Member,
	"POST /referrals/leaderboard": Member, "GET /referrals/:code": Owner, "POST /referrals/:code/disabled": Owner,

	// The signed token in the address is the authority to unsubscribe.
	"POST /profile/timezone": Member,
	"GET /newsletter":        Member, "GET /newsletter/:id/mail": Member, "GET /newsletter/:id": Member, "GET /m/:id": Public,
	"GET /recruit/newsletter": Recruiter, "GET /recruit/newsletter/new": Recruiter, "POST /recruit/newsletter": Recruiter,
	"GET /recruit/newsletter/:id": Recruiter, "POST /recruit/newsletter/:id": Recruiter, "GET /recruit/newsletter/:id/preview": Recruiter,
	"GET /newsletter/confirm/:token": Public, "POST /newsletter/confirm/:token": Public,
	"GET /u/:token": Public, "POST /u/:token": Public, "POST /u/:token/choose": Public,

	"GET /signin": Public, "GET /auth/linkedin": Public, "GET /auth/linkedin/callback": Public,
	"POST /auth/logout": Member,
	"POST /auth/demo":   Demo, "GET /outbox": Demo, "GET /outbox/:key/html": Demo, "GET /outbox/:key": Demo,

	"GET /profile": Member, "GET /profile/suggest/:kind": Member,
	"GET /profile/import": Member, "POST /profile/import": Member, "POST /profile/import/confirm": Member,
	"GET /profile/resume.json": Member, "POST /profile/milestones/add": Member, "POST /profile/milestones/remove": Member,
	"POST /profile/:kind/add": Member, "POST /profile/:kind/remove": Member,
	"GET /profile/:section/:mode?": Member, "POST /profile/:section": Member,
	"GET /onboarding": Member, "POST /onboarding/:step": Member,
	"GET /privacy": Member, "GET /privacy/export": Member, "GET /privacy/delete": Member, "POST /privacy/delete": Member,

	"GET /recruit": Recruiter, "GET /recruit/talent": Recruiter, "POST /recruit/talent/saved": Recruiter,
	"POST /recruit/talent/saved/:saved/delete": Recruiter, "POST /recruit/talent/bulk": Recruiter,
	"GET /recruit/talent/:id": Recruiter, "GET /recruit/talent/:id/touchpoints/new": Recruiter,
	"POST /recruit/talent/:id/touchpoints": Recruiter, "POST /recruit/talent/:id/snooze": Recruiter, "POST /recruit/talent/:id/undo": Recruiter,
	"GET /recruit/talent/:id/congratulate": Recruiter, "POST /recruit/talent/:id/congratulate": Recruiter,
	"POST /recruit/talent/:id/notes": Recruiter, "POST /recruit/talent/:id/notes/:note": Recruiter,
	"POST /recruit/talent/:id/owner": Recruiter, "POST /recruit/talent/:id/tags": Recruiter, "POST /recruit/talent/:id/rhythm": Recruiter,
	"GET /recruit/vacancies": Recruiter, "GET /recruit/vacancies/new": Recruiter, "POST /recruit/vacancies": Recruiter,
	"GET /recruit/vacancies/:id/edit": Recruiter, "POST /recruit/vacancies/:id": Recruiter,
	"GET /recruit/vacancies/:id/matches": Recruiter, "POST /recruit/vacancies/:id/share": Recruiter,
	"GET /recruit/articles": Recruiter, "GET /recruit/articles/new": Recruiter, "POST /recruit/articles": Recruiter,
	"GET /recruit/articles/:id/edit": Recruiter, "POST /recruit/articles/:id": Recruiter,
	"GET /recruit/events": Recruiter, "GET /recruit/events/new": Recruiter, "POST /recruit/events": Recruiter,
	"GET /recruit/events/:id/edit": Recruiter, "POST /recruit/events/:id": Recruiter,
	"GET /recruit/events/:id/cancel": Recruiter, "POST /recruit/events/:id/cancel": Recruiter,
	"GET /recruit/events/:id/attendees.csv": Recruiter, "GET /recruit/events/:id/attendees": Recruiter,
	"POST /recruit/events/:id/checkin": Recruiter, "POST /recruit/events/:id/walk-ins": Recruiter,
	"GET /recruit/referrals": Recruiter, "POST /recruit/referrals/hired": Recruiter,
	"GET /recruit/insights": Recruiter, "GET /recruit/insights/:chart.csv": Recruiter,
	"GET /recruit/import": Recruiter, "POST /recruit/import": Recruiter, "GET /recruit/import/:id/rejects.csv": Recruiter,
	"GET /recruit/import/:id": Recruiter, "POST /recruit/import/:id": Recruiter, "POST /recruit/import/:id/cancel": Recruiter,
	"GET /taxonomy": Recruiter, "POST /taxonomy": Recruiter,

	"GET /admin/users": Admin, "POST /admin/users/role": Admin,
	"GET /admin/settings": Admin, "POST /admin/settings": Admin,
}
