package models

import (
	"testing"
	"time"
)

func TestMatchVacancy(t *testing.T) {
	sanne := &User{
		Skills: []string{"Go", "Kubernetes", "PostgreSQL"}, Interests: []string{"Backend", "Cloud"},
		City: "Utrecht", Seniority: "medior", Availability: Availability{Status: AvailabilityLooking},
	}
	backend := &Vacancy{Title: "Go developer", Skills: []string{"go", "PostgreSQL"}, NiceSkills: []string{"Kubernetes", "gRPC"},
		Interests: []string{"Backend"}, City: "Utrecht", Workplace: "hybrid", Seniority: "medior"}
	m := MatchVacancy(sanne, backend)
	if !m.Strong() || m.Score < 85 {
		t.Fatalf("a fitting vacancy scored %d: %+v", m.Score, m.Reasons)
	}
	if r, ok := m.Reason(ReasonSkills); !ok || len(r.Terms) != 2 || r.Terms[0] != "go" {
		t.Errorf("shared skills: %+v", r)
	}
	for _, kind := range []string{ReasonNiceSkills, ReasonInterests, ReasonLocation, ReasonSeniority, ReasonAvailability} {
		if _, ok := m.Reason(kind); !ok {
			t.Errorf("reason %s missing: %+v", kind, m.Reasons)
		}
	}
	if _, ok := m.Reason(ReasonMissing); ok {
		t.Error("nothing is missing")
	}

	design := &Vacancy{Skills: []string{"Figma", "User research"}, Interests: []string{"Design"}, City: "Rotterdam", Workplace: "onsite", Seniority: "lead"}
	if m := MatchVacancy(sanne, design); m.Strong() || m.Near() {
		t.Errorf("a design job scored %d for a backend developer", m.Score)
	}

	// Half the skills, remote, right interests: worth a look.
	near := &Vacancy{Skills: []string{"Go", "Rust"}, Interests: []string{"Cloud"}, Workplace: "remote", Seniority: "senior"}
	m = MatchVacancy(sanne, near)
	if !m.Near() {
		t.Errorf("near match scored %d", m.Score)
	}
	if r, ok := m.Reason(ReasonMissing); !ok || r.Terms[0] != "Rust" {
		t.Errorf("missing skills: %+v", m.Reasons)
	}
	if _, ok := m.Reason(ReasonRemote); !ok {
		t.Error("remote reason missing")
	}

	// Someone who only wants remote work does not fit an on-site job elsewhere.
	remoteOnly := *sanne
	remoteOnly.Preferences.Workplaces = []string{"remote"}
	if a, b := MatchVacancy(&remoteOnly, backend).Score, MatchVacancy(sanne, backend).Score; a >= b {
		t.Errorf("remote-only candidate scored %d for a hybrid job, same as %d", a, b)
	}
	// A region counts like the city.
	amsterdam := *sanne
	amsterdam.City, amsterdam.Preferences.Regions = "Amsterdam", []string{"utrecht"}
	if _, ok := MatchVacancy(&amsterdam, backend).Reason(ReasonLocation); !ok {
		t.Error("preferred region not counted")
	}
	// Scores stay within 0..100 whatever is empty.
	for _, v := range []*Vacancy{{}, backend, design, near} {
		for _, u := range []*User{{}, sanne} {
			if s := MatchVacancy(u, v).Score; s < 0 || s > 100 {
				t.Errorf("score %d out of range", s)
			}
		}
	}
}

func TestRankVacanciesAndNotForMe(t *testing.T) {
	yesterday := time.Now().AddDate(0, 0, -2)
	u := &User{Skills: []string{"Go", "PostgreSQL", "Kubernetes"}, Interests: []string{"Backend"}, City: "Utrecht", Seniority: "medior"}
	vs := []Vacancy{
		{ID: "best", Skills: []string{"Go", "PostgreSQL"}, Interests: []string{"Backend"}, City: "Utrecht", Seniority: "medior"},
		{ID: "closed", Skills: []string{"Go", "PostgreSQL"}, Interests: []string{"Backend"}, City: "Utrecht", Status: VacancyClosed},
		{ID: "near", Skills: []string{"Go", "Rust"}, Workplace: "remote"},
		{ID: "k8s", Skills: []string{"Kubernetes", "Go"}, Interests: []string{"Backend"}, City: "Utrecht", Seniority: "medior"},
		{ID: "design", Skills: []string{"Figma"}},
		{ID: "expired", Skills: []string{"Go", "PostgreSQL"}, Interests: []string{"Backend"}, City: "Utrecht", ClosesAt: &yesterday},
	}
	strong, near := RankVacancies(u, vs, 10)
	if len(strong) != 2 || strong[0].Vacancy.ID != "best" || len(near) != 1 || near[0].Vacancy.ID != "near" {
		t.Fatalf("strong %v near %v", ids(strong), ids(near))
	}
	// "Not for me" hides the vacancy and lowers similar ones.
	before := strong[1].Match.Score
	Dismiss(u, &vs[0])
	Dismiss(u, &vs[0])
	if len(u.NotForMe) != 1 {
		t.Fatal("dismissed twice")
	}
	strong, near = RankVacancies(u, vs, 10)
	for _, r := range append(strong, near...) {
		if r.Vacancy.ID == "best" {
			t.Fatal("a dismissed vacancy is still shown")
		}
		if r.Vacancy.ID == "k8s" && r.Match.Score != before-similarPenalty {
			t.Errorf("similar vacancy scored %d, want %d", r.Match.Score, before-similarPenalty)
		}
	}
	for i := 0; i < MaxDismissals+5; i++ {
		Dismiss(u, &Vacancy{ID: string(rune('a'+i%26)) + string(rune('a'+i/26))})
	}
	if len(u.NotForMe) != MaxDismissals {
		t.Errorf("dismissals not capped: %d", len(u.NotForMe))
	}
}

func ids(rs []RankedVacancy) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Vacancy.ID)
	}
	return out
}
