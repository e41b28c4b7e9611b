package models

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestBasicsValidation(t *testing.T) {
	in := BasicsInput{Headline: "  Backend   developer ", City: "Utrecht", Seniority: "senior", LinkedInURL: "www.LinkedIn.com/in/sanne-de-vries"}
	if e := in.Validate(); e.Any() {
		t.Fatalf("valid input refused: %v", e)
	}
	if in.Headline != "Backend developer" || in.LinkedInURL != "https://www.linkedin.com/in/sanne-de-vries" {
		t.Fatalf("not normalised: %+v", in)
	}
	bad := map[string]BasicsInput{
		"headline":     {Headline: strings.Repeat("x", MaxHeadlineLen+1)},
		"seniority":    {Seniority: "wizard"},
		"linkedin_url": {LinkedInURL: "https://evil.example/in/sanne"},
	}
	for field, in := range bad {
		if e := in.Validate(); e[field].Key == "" {
			t.Errorf("%s: no error for %+v", field, in)
		}
	}
	for _, u := range []string{"https://linkedin.com/company/acme", "javascript:alert(1)", "https://www.linkedin.com/in/x?trk=1", "https://www.linkedin.com.evil.example/in/abc"} {
		in := BasicsInput{LinkedInURL: u}
		if e := in.Validate(); e["linkedin_url"].Key != "validation.linkedin_url" {
			t.Errorf("accepted %q", u)
		}
	}
	// Markup is text: it is kept as typed and escaped when shown.
	in = BasicsInput{Headline: "<script>alert(1)</script>"}
	if e := in.Validate(); e.Any() || in.Headline != "<script>alert(1)</script>" {
		t.Errorf("markup: %v %q", e, in.Headline)
	}
}

func TestAvailability(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	u := &User{}
	in := AvailabilityInput{Status: "looking", Until: "2027-03-01"}
	if e := in.Validate(now); e.Any() {
		t.Fatal(e)
	}
	in.Apply(u, now)
	if !u.Availability.ChangedAt.Equal(now) || u.Availability.Until == nil {
		t.Fatalf("%+v", u.Availability)
	}
	later := now.Add(time.Hour)
	in.Apply(u, later)
	if !u.Availability.ChangedAt.Equal(now) {
		t.Error("saving the same availability moved its timestamp")
	}
	for _, bad := range []AvailabilityInput{{Status: "maybe"}, {Status: "open", Until: "2020-01-01"}, {Status: "open", Until: "1-2-2027"}, {Status: "open", Until: "2099-01-01"}} {
		if e := bad.Validate(now); !e.Any() {
			t.Errorf("accepted %+v", bad)
		}
	}
}

func TestPreferencesAndContact(t *testing.T) {
	in := PreferencesInput{Roles: "Backend developer, , backend developer, SRE", Workplaces: []string{"remote", "remote", "hybrid"}}
	p, e := in.Validate()
	if e.Any() || len(p.Roles) != 2 || len(p.Workplaces) != 2 {
		t.Fatalf("%+v %v", p, e)
	}
	if _, e := (&PreferencesInput{Workplaces: []string{"moon"}}).Validate(); e["workplaces"].Key == "" {
		t.Error("unknown workplace accepted")
	}
	if _, e := (&PreferencesInput{Roles: strings.Repeat("a,", MaxPrefItems+1)}).Validate(); e.Any() {
		t.Error("repeats counted against the cap")
	}
	many := ""
	for i := 0; i <= MaxPrefItems; i++ {
		many += string(rune('a'+i)) + "x,"
	}
	if _, e := (&PreferencesInput{Roles: many}).Validate(); e["roles"].Key != "validation.too_many" {
		t.Errorf("cap: %v", e)
	}
	if _, e := (&ContactInput{Frequency: "daily"}).Validate(); e["frequency"].Key == "" {
		t.Error("unknown frequency accepted")
	}
	for phone, want := range map[string]string{
		"":                      "",
		"+31 6 1234 5678":       "tel:+31612345678",
		" 020-123  4567 ":       "tel:0201234567",
		"(020) 123.45/67":       "tel:0201234567",
		"+1 (415) 555-0100":     "tel:+14155550100",
		"12345":                 "invalid", // too few digits to call
		"+31 6 1234 5678 90123": "invalid", // more than E.164's 15
		"06-CALL-ME":            "invalid",
		"31+6 1234 5678":        "invalid", // a + only in front
		"<b>0612345678</b>":     "invalid",
	} {
		c, e := (&ContactInput{Frequency: "monthly", Phone: phone}).Validate()
		switch {
		case want == "invalid" && e["phone"].Key != "validation.phone":
			t.Errorf("phone %q accepted as %q", phone, c.Phone)
		case want != "invalid" && e.Any():
			t.Errorf("phone %q refused: %v", phone, e)
		case want != "invalid" && want != "" && c.TelURI() != want:
			t.Errorf("phone %q links to %q, want %q", phone, c.TelURI(), want)
		}
	}
	if c, _ := (&ContactInput{Frequency: "monthly", Phone: " 020-123  4567 "}).Validate(); c.Phone != "020-123 4567" {
		t.Errorf("the phone is kept as %q, want it as written with its spaces folded", c.Phone)
	}
}

func TestMilestones(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	u := &User{}
	for i, d := range []string{"2024-05-01", "2026-01-15", "2025-03-03"} {
		in := MilestoneInput{Kind: "promotion", Title: "Lead", Date: d}
		m, e := in.Validate(now, string(rune('a'+i)))
		if e.Any() {
			t.Fatal(e)
		}
		if err := AddMilestone(u, m); err != nil {
			t.Fatal(err)
		}
	}
	if u.Milestones[0].Date.Year() != 2026 || u.Milestones[2].Date.Year() != 2024 {
		t.Errorf("not newest first: %+v", u.Milestones)
	}
	RemoveMilestone(u, "b")
	if len(u.Milestones) != 2 {
		t.Error("remove")
	}
	if _, e := (&MilestoneInput{Kind: "award", Title: "", Date: "2030-01-01"}).Validate(now, "x"); len(e) != 3 {
		t.Errorf("want errors on kind, title and date: %v", e)
	}
	u.Milestones = make([]Milestone, MaxMilestones)
	if err := AddMilestone(u, Milestone{}); !errors.Is(err, ErrLimit) {
		t.Error("cap not enforced")
	}
}

func TestConsentsAndMay(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	u := &User{}
	if May(u, PurposeTalentSearch) || May(u, PurposeRecruiterContact) || May(u, PurposeNewsletter) || May(nil, PurposeNewsletter) {
		t.Fatal("no consent must mean no")
	}
	SetConsents(u, map[ConsentKind]bool{ConsentVisibility: true, ConsentContact: false}, now)
	if !May(u, PurposeTalentSearch) || May(u, PurposeRecruiterContact) || len(u.ConsentHistory) != 2 {
		t.Fatalf("%+v", u)
	}
	SetConsents(u, map[ConsentKind]bool{ConsentVisibility: true, ConsentContact: false}, now.Add(time.Hour))
	if len(u.ConsentHistory) != 2 || !u.Consents.Visibility.At.Equal(now) {
		t.Error("an unchanged answer was recorded again")
	}
	SetConsents(u, map[ConsentKind]bool{ConsentVisibility: false}, now.Add(2*time.Hour))
	if May(u, PurposeTalentSearch) || len(u.ConsentHistory) != 3 {
		t.Error("withdrawal not recorded")
	}
	for i := 0; i < MaxConsentLog; i++ {
		SetConsents(u, map[ConsentKind]bool{ConsentNewsletter: i%2 == 0}, now.Add(time.Duration(i)*time.Minute))
		ConfirmNewsletter(u, now.Add(time.Duration(i)*time.Minute+time.Second))
	}
	if len(u.ConsentHistory) != MaxConsentLog {
		t.Errorf("history not capped: %d", len(u.ConsentHistory))
	}
}

// The newsletter counts only from the confirmation; the history keeps
// when it was asked and when confirmed.
func TestNewsletterDoubleOptIn(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	u := &User{}
	SetConsents(u, map[ConsentKind]bool{ConsentNewsletter: true}, now)
	if May(u, PurposeNewsletter) || !u.Mail.NewsletterAskedAt.Equal(now) {
		t.Fatalf("counted before the confirmation: %+v", u.Consents.Newsletter)
	}
	if !ConfirmNewsletter(u, now.Add(time.Hour)) || !May(u, PurposeNewsletter) || !u.Consents.Newsletter.At.Equal(now.Add(time.Hour)) {
		t.Fatalf("after the confirmation: %+v", u.Consents.Newsletter)
	}
	if ConfirmNewsletter(u, now.Add(2*time.Hour)) || len(u.ConsentHistory) != 2 ||
		u.ConsentHistory[0].Kind != ConsentNewsletterAsked || u.ConsentHistory[1].Kind != ConsentNewsletter {
		t.Errorf("history: %+v", u.ConsentHistory)
	}
	SetConsents(u, map[ConsentKind]bool{ConsentNewsletter: false}, now.Add(3*time.Hour))
	if May(u, PurposeNewsletter) || ConfirmNewsletter(u, now.Add(4*time.Hour)) {
		t.Error("an old confirmation link works after withdrawing")
	}
}

func TestTermsAndCompleteness(t *testing.T) {
	u := &User{}
	p, next := Completeness(u)
	if p != 0 || next == nil || next.Key != "skills" {
		t.Fatalf("%d %+v", p, next)
	}
	for _, s := range []string{"Go", "go", "Rust", "SQL"} {
		if _, err := AddTermTo(u, TermSkill, s); err != nil {
			t.Fatal(err)
		}
	}
	if len(u.Skills) != 3 {
		t.Fatalf("skills %v", u.Skills)
	}
	if _, err := AddTermTo(u, TermSkill, strings.Repeat("x", MaxTermLen+1)); !errors.Is(err, ErrTooLong) {
		t.Error("long term accepted")
	}
	u.Interests = make([]string, MaxInterests)
	for i := range u.Interests {
		u.Interests[i] = string(rune('a' + i))
	}
	if _, err := AddTermTo(u, TermInterest, "new"); !errors.Is(err, ErrLimit) {
		t.Error("interest cap not enforced")
	}
	p, next = Completeness(u)
	if p != 35 || next.Key != "availability" {
		t.Errorf("%d %+v", p, next)
	}
}

func TestArticleInputAndSlug(t *testing.T) {
	in := ArticleInput{Title: "  Café & Go: what's new?  ", Summary: "S", Body: "B", Interests: "backend, Backend", CoverURL: "http://x.example/a.png"}
	interests, e := in.Validate()
	if e["cover_url"].Key != "validation.https_url" || len(interests) != 1 {
		t.Fatalf("%v %v", e, interests)
	}
	a := &Article{ID: "abcdef123"}
	in.Apply(a, interests)
	if a.Slug != "cafe-go-what-s-new-abcdef" {
		t.Errorf("slug %q", a.Slug)
	}
	if Slug("!!!") != "article" || Slug("日本語") != "article" {
		t.Error("slug of a title without ASCII letters")
	}
	if _, e := (&ArticleInput{}).Validate(); e["title"].Key == "" || e["summary"].Key == "" || e["body"].Key == "" {
		t.Errorf("required fields: %v", e)
	}
}

func TestSearchedFor(t *testing.T) {
	for _, c := range []struct {
		word, searched string
		want           bool
	}{
		{"Kubernetes", "kube", true}, {"Kubernetes", "kubernets", true}, {"Kubernetes", "kubernetse", false},
		{"Python", "pyhton", false}, {"Python", "pythn", true}, {"Python", "pythonn", true}, {"Python", "pithon", true},
		{"Go", "g", false}, {"Data", "dota", false}, {"Golang", "go", true}, {"Ünal", "ünal", true},
	} {
		if got := SearchedFor(c.word, c.searched); got != c.want {
			t.Errorf("SearchedFor(%q, %q) = %v, want %v", c.word, c.searched, got, c.want)
		}
	}
}
