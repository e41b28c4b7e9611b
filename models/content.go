package models

import "time"

// The states of a vacancy.
const (
	VacancyDraft  = "draft"
	VacancyOpen   = "open"
	VacancyClosed = "closed"
)

// Vacancy is a job a recruiter wants to fill.
type Vacancy struct {
	ID             string     `bson:"_id"`
	Title          string     `bson:"title"`
	Company        string     `bson:"company"`
	City           string     `bson:"city"`
	Workplace      string     `bson:"workplace,omitempty"` // remote, hybrid or onsite
	EmploymentType string     `bson:"employment_type,omitempty"`
	Seniority      Seniority  `bson:"seniority,omitempty"`
	Description    string     `bson:"description"`
	Skills         []string   `bson:"skills"`                // required
	NiceSkills     []string   `bson:"nice_skills,omitempty"` // nice to have
	Interests      []string   `bson:"interests"`
	Status         string     `bson:"status,omitempty"` // empty is open, for older documents
	SalaryMin      int        `bson:"salary_min,omitempty"`
	SalaryMax      int        `bson:"salary_max,omitempty"`
	ClosesAt       *time.Time `bson:"closes_at,omitempty"`
	ApplyURL       string     `bson:"apply_url,omitempty"` // the company's ATS; empty: express interest here
	OwnerID        string     `bson:"owner_id,omitempty"`  // the recruiter who posted it
	PublishedAt    time.Time  `bson:"published_at"`
	Version        int64      `bson:"version"`
}

// The states of an article.
const (
	ArticleDraft     = "draft"
	ArticlePublished = "published"
	ArticleArchived  = "archived"
)

// Article is a piece of content recruiters share with the community.
type Article struct {
	ID          string    `bson:"_id"`
	Slug        string    `bson:"slug,omitempty"` // the readable part of its URL
	Title       string    `bson:"title"`
	Summary     string    `bson:"summary"`
	Body        string    `bson:"body"` // Markdown
	Interests   []string  `bson:"interests"`
	CoverURL    string    `bson:"cover_url,omitempty"`
	AuthorID    string    `bson:"author_id,omitempty"`
	Status      string    `bson:"status,omitempty"` // empty is published, for older documents
	PublishedAt time.Time `bson:"published_at"`
	Version     int64     `bson:"version"`
}

// Published reports whether readers may see the article.
func (a *Article) Published() bool { return a.Status == "" || a.Status == ArticlePublished }
