package handlers

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/ats"
	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/importer"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// previewRows is how many rows the mapping page shows as they will be saved.
const previewRows = 5

type importsData struct {
	Imports []models.ImportJob
	Error   string
	Source  string
}

type importJobData struct {
	Job      *models.ImportJob
	Fields   []ats.Field
	Mapping  ats.Mapping
	Previews []importer.Preview
	Errors   map[string]string
	// Rejects are the first rejected rows, to show (the CSV has them all).
	Rejects []models.ImportReject
}

// Imports is where a team brings in its ATS: the upload form and the
// imports so far.
func (h *Handler) Imports(c *fiber.Ctx) error {
	jobs, err := h.Store.Imports(c.UserContext())
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/recruit_imports", h.page(c, "imports.title", "recruit", importsData{Imports: jobs}))
}

// UploadImport keeps an uploaded export as a draft and shows its mapping;
// a file that cannot be read comes back with the reason beside the field.
func (h *Handler) UploadImport(c *fiber.Ctx) error {
	source := strings.TrimSpace(c.FormValue("source"))
	fail := func(key string) error {
		p := h.page(c, "imports.title", "recruit", nil)
		jobs, err := h.Store.Imports(c.UserContext())
		if err != nil {
			return err
		}
		p.Data = importsData{Imports: jobs, Error: p.L.T(key), Source: source}
		return h.render(c, fiber.StatusUnprocessableEntity, "pages/recruit_imports", p)
	}
	if len([]rune(source)) > 80 {
		return fail("imports.error.source")
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return fail("imports.error.no_file")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, ats.MaxFileBytes+1))
	if err != nil {
		return err
	}
	job, _, err := h.Importer.Upload(c.UserContext(), fh.Filename, data, source, auth.CurrentUser(c).ID)
	switch {
	case errors.Is(err, ats.ErrEmpty):
		return fail("imports.error.empty")
	case errors.Is(err, ats.ErrTooLarge), errors.Is(err, ats.ErrTooMany):
		return fail("imports.error.too_large")
	case errors.Is(err, ats.ErrNotTable):
		return fail("imports.error.not_table")
	case errors.Is(err, ats.ErrBroken):
		return fail("imports.error.broken")
	case err != nil:
		return err
	}
	return redirect(c, "/recruit/import/"+job.ID)
}

// ImportJob shows an import as it stands: the mapping and a preview while
// it is a draft, the progress while it runs, the outcome when it ended.
// htmx polls it for the progress.
func (h *Handler) ImportJob(c *fiber.Ctx) error {
	job, err := h.Store.Import(c.UserContext(), c.Params("id"))
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	d := importJobData{Job: job, Fields: ats.Fields, Mapping: importer.Mapping(job)}
	return h.renderImportJob(c, fiber.StatusOK, d)
}

func (h *Handler) renderImportJob(c *fiber.Ctx, status int, d importJobData) error {
	if d.Job.State == models.ImportDraft {
		t, err := h.Importer.Table(c.UserContext(), d.Job)
		if err != nil {
			return err
		}
		d.Previews = importer.Previews(t, d.Mapping, previewRows)
	}
	d.Rejects = d.Job.Rejects[:min(len(d.Job.Rejects), 50)]
	p := h.page(c, "imports.title", "recruit", d)
	p.Title = d.Job.FileName
	p.Path = "/recruit/import"
	return h.render(c, status, "pages/recruit_import", p, "partials/import_progress")
}

// StartImport confirms the mapping (as the form sets it) and queues the
// import; "preview" shows the rows through the new mapping first.
func (h *Handler) StartImport(c *fiber.Ctx) error {
	job, err := h.Store.Import(c.UserContext(), c.Params("id"))
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if job.State != models.ImportDraft {
		return redirect(c, "/recruit/import/"+job.ID)
	}
	mapping := make(ats.Mapping, len(job.Header))
	for i := range mapping {
		f := ats.Field(c.FormValue("col" + strconv.Itoa(i)))
		if !ats.ValidField(f) {
			return fiber.ErrBadRequest
		}
		mapping[i] = f
	}
	job.Source = strings.TrimSpace(c.FormValue("source"))
	d := importJobData{Job: job, Fields: ats.Fields, Mapping: mapping, Errors: map[string]string{}}
	l := h.localizer(c)
	switch n := len([]rune(job.Source)); {
	case n == 0:
		d.Errors["source"] = l.T("validation.required")
	case n > 80:
		d.Errors["source"] = l.T("imports.error.source")
	}
	if !mapping.Identifies() {
		d.Errors["mapping"] = l.T("imports.error.no_identity_column")
	}
	if c.FormValue("action") == "preview" || len(d.Errors) > 0 {
		status := fiber.StatusOK
		if len(d.Errors) > 0 {
			status = fiber.StatusUnprocessableEntity
		}
		return h.renderImportJob(c, status, d)
	}
	strs := make([]string, len(mapping))
	for i, f := range mapping {
		strs[i] = string(f)
	}
	if err := h.Store.ConfirmImport(c.UserContext(), job.ID, job.Source, strs); err != nil && !errors.Is(err, store.ErrImportState) {
		return err
	}
	h.setFlash(c, "flash.import_started")
	return redirect(c, "/recruit/import/"+job.ID)
}

// CancelImport stops an import; what it wrote stays.
func (h *Handler) CancelImport(c *fiber.Ctx) error {
	err := h.Store.CancelImport(c.UserContext(), c.Params("id"), time.Now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fiber.ErrNotFound
	case err != nil && !errors.Is(err, store.ErrImportState):
		return err
	}
	h.setFlash(c, "flash.import_cancelled")
	return redirect(c, "/recruit/import/"+c.Params("id"))
}

// ImportRejectsCSV downloads an import's rejected rows with their line and
// reason, spreadsheet-safe, to fix and import again.
func (h *Handler) ImportRejectsCSV(c *fiber.Ctx) error {
	job, err := h.Store.Import(c.UserContext(), c.Params("id"))
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	l := h.localizer(c)
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="rejected-rows-`+job.ID+`.csv"`)
	w := csv.NewWriter(c.Response().BodyWriter())
	_ = w.Write(spreadsheetSafe(append([]string{l.T("imports.csv.line"), l.T("imports.csv.reason")}, job.Header...)...))
	for _, r := range job.Rejects {
		_ = w.Write(spreadsheetSafe(append([]string{strconv.Itoa(r.Line), l.T("imports.reject." + r.Reason)}, r.Cells...)...))
	}
	w.Flush()
	return w.Error()
}
