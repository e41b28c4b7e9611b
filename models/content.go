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
	// IndexPending is set by every write and cleared by the search sync worker.
	IndexPending bool `bson:"index_pending"`
}

// Article is a piece of content recruiters share with the community.
type Article struct {
	ID          string    `bson:"_id"`
	Title       string    `bson:"title"`
	Summary     string    `bson:"summary"`
	Body        string    `bson:"body"`
	Interests   []string  `bson:"interests"`
	PublishedAt time.Time `bson:"published_at"`
	Version     int64     `bson:"version"`
	// IndexPending is set by every write and cleared by the search sync worker.
	IndexPending bool `bson:"index_pending"`
}

// Event is a meetup or webinar that candidates can join.
type Event struct {
	ID          string    `bson:"_id"`
	Title       string    `bson:"title"`
	Description string    `bson:"description"`
	City        string    `bson:"city"` // empty for an online event
	Online      bool      `bson:"online"`
	StartsAt    time.Time `bson:"starts_at"`
	Capacity    int       `bson:"capacity"`
	Interests   []string  `bson:"interests"`
	PublishedAt time.Time `bson:"published_at"`
	Version     int64     `bson:"version"`
	// IndexPending is set by every write and cleared by the search sync worker.
	IndexPending bool `bson:"index_pending"`
}
