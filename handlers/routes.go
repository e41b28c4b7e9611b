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

	// Articles
	r.Get("/articles", h.Articles)
	r.Get("/articles/:slug", h.Article)

	// Vacancies
	r.Get("/vacancies", h.Vacancies)
	r.Get("/vacancies/:id", h.Vacancy)
	r.Post("/vacancies/:id/not-for-me", auth.RequireUser, h.NotForMe)
	r.Post("/vacancies/:id/interest", auth.RequireUser, h.Interested)
	r.Get("/notifications", auth.RequireUser, h.Notifications)

	// Events ("/events/:id.ics" first: ":id" alone would take "x.ics")
	r.Get("/events", h.Events)
	r.Get("/events/:id.ics", h.EventICS)
	r.Get("/events/:id", h.Event)
	r.Post("/events/:id/join", auth.RequireUser, h.JoinEvent)
	r.Post("/events/:id/leave", auth.RequireUser, h.LeaveEvent)
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

	// Sign-in and sign-out
	r.Get("/signin", h.SignIn)
	r.Get("/auth/linkedin", h.LinkedInBegin)
	r.Get("/auth/linkedin/callback", h.LinkedInCallback)
	if h.Cfg.Demo() {
		r.Post("/auth/demo", h.DemoSignIn)
	}
	r.Post("/auth/logout", auth.RequireUser, h.SignOut)

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
	r.Post("/profile/:section", signedIn, h.SaveProfileSection)
	r.Get("/onboarding", signedIn, h.Onboarding)
	r.Post("/onboarding/:step", signedIn, h.OnboardingStep)
	r.Get("/privacy", signedIn, h.Privacy)
	r.Get("/privacy/export", signedIn, h.PrivacyExport)
	r.Get("/privacy/delete", signedIn, h.PrivacyDeleteConfirm)
	r.Post("/privacy/delete", signedIn, h.PrivacyDelete)

	// Recruiters (and admins)
	recruiter := auth.RequireRole(models.RoleRecruiter)
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
	r.Get("/recruit/referrals", recruiter, h.RecruitReferrals)
	r.Post("/recruit/referrals/hired", recruiter, h.MarkReferralHired)
	r.Get("/taxonomy", recruiter, h.TaxonomyPage)
	r.Post("/taxonomy", recruiter, h.AddTaxonomyTerm)

	// Admins
	admin := r.Group("/admin", auth.RequireRole(models.RoleAdmin))
	admin.Get("/users", h.AdminUsers)
	admin.Post("/users/role", h.AdminSetRecruiter)
}
