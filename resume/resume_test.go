package resume

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/models"
)

// zipOf builds an archive from name → content.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// linkedInExport is shaped like LinkedIn's "Get a copy of your data" archive.
func linkedInExport() map[string]string {
	return map[string]string{
		"Profile.csv": "\ufeffFirst Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n" +
			`Sanne,de Vries,,,,"Backend developer, Go and Kubernetes",Summary,Software,,"Utrecht, Utrecht, Netherlands",,,` + "\n",
		"Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\n" +
			"Polder Cloud,Backend developer,\"Built APIs\nin Go\",Utrecht,Mar 2021,\n" +
			"Tulip Analytics,Junior developer,,Amsterdam,Sep 2018,Feb 2021\n",
		"Skills.csv":       "Name\nGo\nKubernetes\ngolang\nPostgreSQL\n",
		"Education.csv":    "School Name,Start Date,End Date,Notes,Degree Name,Activities\nUniversiteit Utrecht,2014,2018,,BSc Computing Science,\n",
		"Connections.csv":  "Notes:\n\"When exporting...\"\n\nFirst Name,Last Name\nA,B\n",
		"messages.csv":     "ignored",
		"Rich_Media.csv":   "ignored",
		"Recommendations/": "",
	}
}

func TestParseLinkedInZip(t *testing.T) {
	im, err := ParseLinkedInZip(zipOf(t, linkedInExport()))
	if err != nil {
		t.Fatal(err)
	}
	if im.Headline != "Backend developer, Go and Kubernetes" || im.City != "Utrecht" || im.Country != "Netherlands" {
		t.Errorf("profile: %+v", im)
	}
	if strings.Join(im.Skills, ",") != "Go,Kubernetes,golang,PostgreSQL" {
		t.Errorf("skills: %v (variants are folded later, against the taxonomy)", im.Skills)
	}
	if len(im.Positions) != 2 || im.Positions[0].Start != "2021-03" || im.Positions[0].End != "" || im.Positions[1].End != "2021-02" ||
		im.Positions[0].Description != "Built APIs\nin Go" {
		t.Errorf("positions: %+v", im.Positions)
	}
	if len(im.Education) != 1 || im.Education[0].Degree != "BSc Computing Science" || im.Education[0].Start != "2014" {
		t.Errorf("education: %+v", im.Education)
	}
	// In a folder, as some exports are.
	files := map[string]string{}
	for k, v := range linkedInExport() {
		files["Basic_LinkedInDataExport_11-27-2026/"+k] = v
	}
	if im, err := ParseLinkedInZip(zipOf(t, files)); err != nil || len(im.Skills) != 4 {
		t.Errorf("archive with a folder: %v %+v", err, im)
	}
}

func TestHostileAndWrongArchives(t *testing.T) {
	bomb := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("Skills.csv")
		chunk := bytes.Repeat([]byte("A"), 1<<20)
		for i := 0; i < 50; i++ { // 50 MB of one letter compresses to ~50 KB
			w.Write(chunk)
		}
		zw.Close()
		return buf.Bytes()
	}()
	lying := func() []byte {
		// A header that claims a tiny size for a large file: the reader must not trust it.
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "Skills.csv", Method: zip.Deflate})
		w.Write([]byte("Name\n" + strings.Repeat("Go\n", 1<<20)))
		zw.Close()
		return buf.Bytes()
	}()
	many := map[string]string{}
	for i := 0; i < maxZipEntries+1; i++ {
		many[strings.Repeat("x", i%7)+string(rune('a'+i%26))+strings.Repeat("y", i/26)+".txt"] = "x"
	}
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"zip bomb", bomb, ErrUnsafe},
		{"lying sizes", lying, ErrUnsafe},
		{"too many entries", zipOf(t, many), ErrUnsafe},
		{"not a zip", []byte("PK\x03\x04 but not really"), ErrNotZip},
		{"a picture", []byte("\x89PNG\r\n\x1a\n"), ErrNotZip},
		{"wrong files", zipOf(t, map[string]string{"notes.txt": "hello", "Connections.csv": "First Name\nA"}), ErrNoData},
		{"empty CSVs", zipOf(t, map[string]string{"Skills.csv": "Name\n", "Profile.csv": ""}), ErrNoData},
		{"too large", make([]byte, MaxUpload+1), ErrTooLarge},
		{"path traversal names", zipOf(t, map[string]string{"../../../../etc/Skills.csv": "Name\nGo\n"}), ErrNoData},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ParseLinkedInZip(c.data); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

func TestJSONResumeRoundTrip(t *testing.T) {
	doc := `{"basics":{"name":"Ada","label":"Engineer","location":{"city":"London","countryCode":"GB"}},
	"work":[{"name":"Analytical Engines","position":"Programmer","startDate":"1842-01-01","endDate":"1843-09"}],
	"education":[{"institution":"Home","area":"Mathematics","studyType":"Private"}],
	"skills":[{"name":"Mathematics","keywords":["Algorithms","algorithms"]}],"interests":[{"name":"Poetry"}]}`
	im, err := ParseJSONResume([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if im.Headline != "Engineer" || strings.Join(im.Skills, ",") != "Mathematics,Algorithms" || im.Positions[0].Start != "" ||
		im.Positions[0].End != "" || im.Education[0].Degree != "Private Mathematics" || im.Interests[0] != "Poetry" {
		// 1842 is before 1900: dates that old are not believed.
		t.Errorf("%+v", im)
	}
	for _, bad := range []string{"", "[1,2]", `{"basics":{}}`, "<resume/>"} {
		if _, err := ParseJSONResume([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}

	u := &models.User{Name: "Ada", Headline: "Engineer", City: "London", Skills: []string{"Go"}, LinkedInURL: "https://www.linkedin.com/in/ada",
		Positions: []models.Position{{Title: "Programmer", Company: "Engines", Start: "2020-01"}}}
	b, err := json.Marshal(ToJSONResume(u))
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseJSONResume(b)
	if err != nil || back.Headline != "Engineer" || back.Positions[0].Company != "Engines" || back.Skills[0] != "Go" {
		t.Fatalf("round trip: %+v %v", back, err)
	}
}

func TestCleanEnforcesTheProfileLimits(t *testing.T) {
	im := Import{Headline: strings.Repeat("h", 500)}
	for i := 0; i < 100; i++ {
		im.Skills = append(im.Skills, "skill "+string(rune('a'+i%26))+strings.Repeat("z", i/26))
		im.Positions = append(im.Positions, models.Position{Title: "T", Start: "garbage"})
	}
	out := Clean(im)
	if len([]rune(out.Headline)) != models.MaxHeadlineLen || len(out.Skills) != models.MaxSkills || len(out.Positions) != models.MaxPositions {
		t.Fatalf("limits: %d %d %d", len([]rune(out.Headline)), len(out.Skills), len(out.Positions))
	}
	if out.Positions[0].Start != "" || out.Dropped == 0 {
		t.Errorf("garbage date kept or nothing counted as dropped: %+v", out.Positions[0])
	}
}
