package handlers_test

import (
	"regexp"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/apptest"
)

func TestInsightsPageSmoke(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	res := mark.Get("/recruit/insights?range=365")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("insights: %d\n%s", res.StatusCode, res.Body)
	}
	for _, m := range regexp.MustCompile(`class="reading">[^<]*`).FindAllString(res.Body, -1) {
		t.Log(m)
	}
	csvRes := mark.Get("/recruit/insights/members.csv?range=365")
	rows, err := csv.NewReader(strings.NewReader(csvRes.Body)).ReadAll()
	t.Log(rows, err)
}
