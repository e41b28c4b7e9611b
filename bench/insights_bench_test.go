package bench

import (
	"net/http"
	"testing"

	"github.com/talentcommunity/portal/apptest"
)

// BenchmarkInsightsPage renders a year of insights for the demo community,
// in process: for profiling (the figures at 50,000 members come from
// scale.sh, over HTTP).
func BenchmarkInsightsPage(b *testing.B) {
	p := apptest.Start(b, map[string]string{"SEED": "1"})
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	b.ResetTimer()
	for b.Loop() {
		if res := mark.Get("/recruit/insights?range=365"); res.StatusCode != http.StatusOK {
			b.Fatalf("insights: %d", res.StatusCode)
		}
	}
}
