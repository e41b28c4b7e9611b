package taxonomy_test

import (
	"context"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/taxonomy"
)

func TestNormalizeAndSuggest(t *testing.T) {
	ctx := context.Background()
	svc := &taxonomy.Service{Store: apptest.OpenStore(t), TTL: time.Minute}
	if err := svc.EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	if err := svc.EnsureDefaults(ctx); err != nil { // idempotent
		t.Fatal(err)
	}
	cases := []struct {
		kind       models.TermKind
		typed, out string
	}{
		{models.TermSkill, "golang", "Go"},
		{models.TermSkill, " GO ", "Go"},
		{models.TermSkill, "k8s", "Kubernetes"},
		{models.TermSkill, "node js", "Node.js"},
		{models.TermSkill, "postgres", "PostgreSQL"},
		{models.TermSkill, "c#", "C#"},
		{models.TermSkill, "Zig  programming", "Zig programming"}, // free text, cleaned
		{models.TermInterest, "cyber security", "Security"},
		{models.TermInterest, "golang", "golang"}, // kinds are separate lists
		{models.TermSkill, "  \t", ""},
	}
	for _, c := range cases {
		got, err := svc.Normalize(ctx, c.kind, c.typed)
		if err != nil || got != c.out {
			t.Errorf("Normalize(%s, %q) = %q %v, want %q", c.kind, c.typed, got, err, c.out)
		}
	}
	got, err := svc.Suggest(ctx, models.TermSkill, "py", []string{"Python"}, 5)
	if err != nil || len(got) == 0 || got[0] == "Python" {
		t.Errorf("suggest py excluding Python: %v %v", got, err)
	}
	got, _ = svc.Suggest(ctx, models.TermSkill, "script", nil, 5)
	if len(got) < 2 {
		t.Errorf("suggest by substring: %v", got)
	}

	// A recruiter adds a term: it normalises from then on.
	if _, err := svc.Add(ctx, models.TermSkill, "Zig", []string{"ziglang"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.Normalize(ctx, models.TermSkill, "ZigLang"); got != "Zig" {
		t.Errorf("added alias: %q", got)
	}
}
