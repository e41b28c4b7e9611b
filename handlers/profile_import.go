package handlers

import (
	"encoding/json"
	"errors"
	"io"
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/resume"
)

// importSections are the parts of an import a candidate can take or leave.
var importSections = []string{"headline", "location", "skills", "interests", "positions", "education"}

type importData struct {
	Source     string // linkedin or jsonresume: which form the error belongs to
	Error      string
	Preview    *resume.Import
	Payload    string // the preview, sent back with the confirmation
	Importable []string
}

// ProfileImport offers the two ways to import: LinkedIn's data export and a
// JSON Resume file.
func (h *Handler) ProfileImport(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "pages/profile_import", h.page(c, "import.title", "profile", importData{}))
}

// ProfileImportPreview reads the uploaded file and shows what it would add.
// Nothing is saved until the candidate confirms.
func (h *Handler) ProfileImportPreview(c *fiber.Ctx) error {
	source := c.FormValue("source")
	if source != "linkedin" && source != "jsonresume" {
		return fiber.ErrBadRequest
	}
	im, err := h.readImport(c, source)
	if err != nil {
		p := h.page(c, "import.title", "profile", nil)
		p.Data = importData{Source: source, Error: p.L.T(importErrorKey(err))}
		if !isImportError(err) {
			h.Log.Warn("import failed", "request_id", requestID(c), "err", err)
		}
		return h.render(c, fiber.StatusUnprocessableEntity, "pages/profile_import", p)
	}
	if im, err = h.normalizeImport(c, im); err != nil {
		return err
	}
	payload, err := json.Marshal(im)
	if err != nil {
		return err
	}
	d := importData{Source: source, Preview: &im, Payload: string(payload), Importable: importable(im)}
	return h.render(c, fiber.StatusOK, "pages/profile_import", h.page(c, "import.title", "profile", d))
}

func (h *Handler) readImport(c *fiber.Ctx, source string) (resume.Import, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return resume.Import{}, errNoFile
	}
	if fh.Size > resume.MaxUpload {
		return resume.Import{}, resume.ErrTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return resume.Import{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, resume.MaxUpload+1))
	if err != nil {
		return resume.Import{}, err
	}
	if source == "linkedin" {
		return resume.ParseLinkedInZip(data)
	}
	return resume.ParseJSONResume(data)
}

var errNoFile = errors.New("import: no file chosen")

func isImportError(err error) bool {
	return importErrorKey(err) != "import.error.failed"
}

func importErrorKey(err error) string {
	switch {
	case errors.Is(err, errNoFile):
		return "import.error.no_file"
	case errors.Is(err, resume.ErrTooLarge):
		return "import.error.too_large"
	case errors.Is(err, resume.ErrNotZip):
		return "import.error.not_zip"
	case errors.Is(err, resume.ErrUnsafe):
		return "import.error.unsafe"
	case errors.Is(err, resume.ErrNoData):
		return "import.error.no_data"
	case errors.Is(err, resume.ErrNotJSON):
		return "import.error.not_json"
	}
	return "import.error.failed"
}

// normalizeImport folds skills and interests through the taxonomy and leaves
// out the ones the profile has already.
func (h *Handler) normalizeImport(c *fiber.Ctx, im resume.Import) (resume.Import, error) {
	u := auth.CurrentUser(c)
	var err error
	if im.Skills, err = h.newTerms(c, models.TermSkill, im.Skills, u.Skills); err != nil {
		return im, err
	}
	im.Interests, err = h.newTerms(c, models.TermInterest, im.Interests, u.Interests)
	return im, err
}

func (h *Handler) newTerms(c *fiber.Ctx, kind models.TermKind, terms, have []string) ([]string, error) {
	normalized, err := h.normalizeTerms(c, kind, terms)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range normalized {
		if _, fresh := models.AddTerm(have, t); fresh {
			out = append(out, t)
		}
	}
	return out, nil
}

func importable(im resume.Import) []string {
	var out []string
	for _, s := range importSections {
		switch {
		case s == "headline" && im.Headline != "",
			s == "location" && (im.City != "" || im.Country != ""),
			s == "skills" && len(im.Skills) > 0,
			s == "interests" && len(im.Interests) > 0,
			s == "positions" && len(im.Positions) > 0,
			s == "education" && len(im.Education) > 0:
			out = append(out, s)
		}
	}
	return out
}

// ProfileImportConfirm saves the parts of the preview the candidate kept.
// The preview comes back from the browser, so it is cleaned and normalised
// again: a tampered confirmation cannot store more than a file could.
func (h *Handler) ProfileImportConfirm(c *fiber.Ctx) error {
	payload := c.FormValue("payload")
	if len(payload) > 512<<10 {
		return fiber.ErrRequestEntityTooLarge
	}
	var im resume.Import
	if err := json.Unmarshal([]byte(payload), &im); err != nil {
		return fiber.ErrBadRequest
	}
	im, err := h.normalizeImport(c, resume.Clean(im))
	if err != nil {
		return err
	}
	take := formValues(c, "take")
	saved, err := h.Store.ModifyProfile(c.UserContext(), auth.CurrentUser(c).ID, func(u *models.User) error {
		applyImport(u, im, take)
		return nil
	})
	if err != nil {
		return err
	}
	auth.SetCurrentUser(c, saved)
	h.setFlash(c, "flash.imported")
	return redirect(c, "/profile")
}

func applyImport(u *models.User, im resume.Import, take []string) {
	if slices.Contains(take, "headline") && im.Headline != "" {
		u.Headline = im.Headline
	}
	if slices.Contains(take, "location") && (im.City != "" || im.Country != "") {
		u.City, u.Country = im.City, im.Country
	}
	if slices.Contains(take, "skills") {
		for _, s := range im.Skills {
			if _, err := models.AddTermTo(u, models.TermSkill, s); err != nil {
				break // the cap is reached; the rest stays out
			}
		}
	}
	if slices.Contains(take, "interests") {
		for _, s := range im.Interests {
			if _, err := models.AddTermTo(u, models.TermInterest, s); err != nil {
				break
			}
		}
	}
	if slices.Contains(take, "positions") && len(im.Positions) > 0 {
		u.Positions = im.Positions
	}
	if slices.Contains(take, "education") && len(im.Education) > 0 {
		u.Education = im.Education
	}
}

// ProfileResume downloads the profile as a JSON Resume.
func (h *Handler) ProfileResume(c *fiber.Ctx) error {
	return sendJSONDownload(c, "resume", resume.ToJSONResume(auth.CurrentUser(c)))
}
