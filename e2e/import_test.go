package e2e

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/talentcommunity/portal/apptest"
)

// A candidate imports LinkedIn's data export in the browser: a preview
// first, then the profile shows the positions and skills.
func TestImportLinkedInExportInBrowser(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	dir := t.TempDir()
	archive := filepath.Join(dir, "Basic_LinkedInDataExport_11-27-2026.zip")
	f, err := os.Create(archive)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, content := range map[string]string{
		"Skills.csv":    "Name\nRust\nterraform\n",
		"Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\nDelta Fintech,Platform engineer,,Amsterdam,Jan 2024,\n",
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	zw.Close()
	f.Close()
	bad := filepath.Join(dir, "holiday.zip")
	os.WriteFile(bad, []byte("not a zip at all"), 0o644)

	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/signin"), chromedp.Click(chromedp.CSS("#demo-candidate")), chromedp.WaitVisible(chromedp.CSS(".dashboard-head")),
		chromedp.Navigate(p.URL+"/profile/import"), chromedp.WaitVisible(chromedp.CSS("#linkedin-file")))
	audit(t, ctx, "import")

	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#linkedin-file"), []string{bad}),
		chromedp.Click(chromedp.CSS(`form:has(#linkedin-file) button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#err-linkedin-file")))
	if got := text(t, ctx, "#err-linkedin-file"); !strings.HasPrefix(got, "This is not a ZIP archive.") {
		t.Errorf("error = %q", got)
	}
	audit(t, ctx, "import with an error")

	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#linkedin-file"), []string{archive}),
		chromedp.Click(chromedp.CSS(`form:has(#linkedin-file) button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".import-preview")))
	if got := text(t, ctx, ".import-preview"); !strings.Contains(got, "Rust") || !strings.Contains(got, "Terraform") || !strings.Contains(got, "Delta Fintech") {
		t.Errorf("preview = %q", got)
	}
	audit(t, ctx, "import preview")
	do(t, ctx, chromedp.Click(chromedp.CSS(`.import-preview button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#profile-experience")))
	if got := text(t, ctx, "#profile-experience"); !strings.Contains(got, "Platform engineer") {
		t.Errorf("experience = %q", got)
	}
	if got := text(t, ctx, "#profile-skills"); !strings.Contains(got, "Rust") || !strings.Contains(got, "Terraform") {
		t.Errorf("skills = %q", got)
	}
}
