package handlers_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/resume"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var payloadField = regexp.MustCompile(`name="payload" value="([^"]*)"`)

func TestImportLinkedInArchive(t *testing.T) {
	p, c := signedInNewcomer(t)
	c.Post("/profile/skills/add", url.Values{"term": {"Go"}})
	archive := zipOf(t, map[string]string{
		"Profile.csv":   "First Name,Last Name,Headline,Geo Location\nSanne,de Vries,Backend developer,\"Utrecht, Netherlands\"\n",
		"Skills.csv":    "Name\ngolang\nk8s\nPostgreSQL\n",
		"Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\nPolder Cloud,Backend developer,<b>APIs</b>,Utrecht,Mar 2021,\n",
	})
	res := c.Upload("/profile/import", map[string]string{"source": "linkedin"}, "file", "Basic_LinkedInDataExport.zip", archive)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Check before saving") {
		t.Fatalf("preview: %d\n%s", res.StatusCode, res.Body)
	}
	// The preview folds variants and leaves out what the profile has: golang is Go, already there.
	if !strings.Contains(res.Body, "<li>Kubernetes</li>") || strings.Contains(res.Body, "<li>Go</li>") || strings.Contains(res.Body, "<b>APIs</b>") {
		t.Fatalf("preview content:\n%s", res.Body)
	}
	if u := user(t, p); len(u.Positions) != 0 || len(u.Skills) != 1 {
		t.Fatal("the preview saved something")
	}
	m := payloadField.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatal("no payload in the preview")
	}
	payload := html.UnescapeString(m[1])
	res = c.Post("/profile/import/confirm", url.Values{"payload": {payload}, "take": {"skills", "positions", "location"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/profile" {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	u := user(t, p)
	if strings.Join(u.Skills, ",") != "Go,Kubernetes,PostgreSQL" || len(u.Positions) != 1 || u.Positions[0].Start != "2021-03" || u.City != "Utrecht" {
		t.Fatalf("after import: skills %v positions %+v city %q", u.Skills, u.Positions, u.City)
	}
	if u.Headline != "" {
		t.Error("an unticked part (headline) was imported")
	}
	if body := c.Get("/profile").Body; !strings.Contains(body, "Polder Cloud") || !strings.Contains(body, "&lt;b&gt;APIs&lt;/b&gt;") {
		t.Error("profile does not show the imported position escaped")
	}

	// JSON Resume export of the result.
	res = c.Get("/profile/resume.json")
	var r resume.JSONResume
	if err := json.Unmarshal([]byte(res.Body), &r); err != nil || len(r.Work) != 1 || r.Work[0].Name != "Polder Cloud" {
		t.Fatalf("resume.json: %v %s", err, res.Body)
	}
}

func TestImportRefusesBadFilesAndTampering(t *testing.T) {
	p, c := signedInNewcomer(t)
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("Skills.csv")
	w.Write(bytes.Repeat([]byte("A"), 20<<20))
	zw.Close()
	cases := []struct {
		name, source, file string
		data               []byte
		message            string
	}{
		{"zip bomb", "linkedin", "bomb.zip", bomb.Bytes(), "This archive was refused"},
		{"not a zip", "linkedin", "cv.pdf", []byte("%PDF-1.7"), "This is not a ZIP archive."},
		{"other archive", "linkedin", "photos.zip", zipOf(t, map[string]string{"cat.jpg": "meow"}), "No profile data found"},
		{"not JSON", "jsonresume", "resume.json", []byte("<resume/>"), "This is not a JSON Resume file."},
		{"no file", "jsonresume", "", nil, "Choose a file first."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Upload("/profile/import", map[string]string{"source": tc.source}, "file", tc.file, tc.data)
			if tc.file == "" {
				r = c.Upload("/profile/import", map[string]string{"source": tc.source}, "other", "x", nil)
			}
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.message) || !strings.Contains(r.Body, `aria-invalid="true"`) {
				t.Fatalf("%d\n%s", r.StatusCode, r.Body)
			}
		})
	}
	// A confirmation tampered to hold far more than a file could is cut to the profile's limits.
	im := resume.Import{Headline: strings.Repeat("x", 5000)}
	for i := 0; i < 500; i++ {
		im.Skills = append(im.Skills, "s"+strings.Repeat("k", i%40)+string(rune('a'+i%26)))
	}
	b, _ := json.Marshal(im)
	if res := c.Post("/profile/import/confirm", url.Values{"payload": {string(b)}, "take": {"headline", "skills"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("tampered confirm: %d", res.StatusCode)
	}
	u := user(t, p)
	if len(u.Skills) > models.MaxSkills || len([]rune(u.Headline)) > models.MaxHeadlineLen {
		t.Fatalf("limits broken: %d skills, headline of %d", len(u.Skills), len([]rune(u.Headline)))
	}
	if res := c.Post("/profile/import/confirm", url.Values{"payload": {"not json"}}); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("garbage payload: %d", res.StatusCode)
	}
}
