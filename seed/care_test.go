package seed_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/seed"
)

// The demo reads as if someone cared: a breakfast is in the morning, a
// programme starts when its event does, no past event is named after a
// season it was not in, members writing in English name their country in
// English, and the brand is a sample one.
func TestDemoDataLooksCaredFor(t *testing.T) {
	ctx := context.Background()
	st := apptest.OpenStore(t)
	now := time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC) // an October day: a "spring edition" would show
	if err := seed.Demo(ctx, st, now); err != nil {
		t.Fatal(err)
	}
	firstTime := regexp.MustCompile(`(?m)^- (\d\d:\d\d) `)
	for i := 1; i <= 13; i++ {
		e, err := st.Event(ctx, fmt.Sprintf("evt-%02d", i))
		if err != nil {
			t.Fatal(err)
		}
		start := e.StartsAt.In(e.Location())
		if strings.Contains(strings.ToLower(e.Title), "breakfast") && start.Hour() >= 10 {
			t.Errorf("%q starts at %s", e.Title, start.Format("15:04"))
		}
		if m := firstTime.FindStringSubmatch(e.Description); m == nil || m[1] != start.Format("15:04") {
			t.Errorf("%q starts at %s but its programme says %v", e.Title, start.Format("15:04"), m)
		}
		for _, season := range []string{"spring", "summer", "autumn", "winter"} {
			if strings.Contains(strings.ToLower(e.Title), season) {
				t.Errorf("%q names a season, whatever the month it falls in", e.Title)
			}
		}
	}
	u, err := st.User(ctx, seed.DemoCandidate.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.Country != "Netherlands" {
		t.Errorf("Sanne, who writes in English, lives in %q", u.Country)
	}
	if b, _ := st.Brand(ctx); b.Name == models.DefaultCommunity || !b.Identified() {
		t.Errorf("the demo's brand: %+v", b)
	}
}
