package handlers

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/mail"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/nurture"
	"github.com/talentcommunity/portal/store"
)

// The newsletter for recruiters: editions written, previewed as any
// recipient, tested, scheduled or sent; the figures of each.

type editionData struct {
	Edition *models.Edition // nil for a new one
	Form    models.EditionInput
	Errors  models.FieldErrors
	As      string        // the member the preview shows it as
	Who     string        // the name the recruiter looked for among them
	Sample  []models.User // subscribers in its audience, to preview as
	Tested  bool
	From    string // who the mail comes from, as the preview shows it
	// Confirm asks before sending (or scheduling) to Audience subscribers:
	// the action to confirm, "send" or "schedule".
	Confirm  string
	Audience int
}

// Newsletters lists the editions, newest first.
func (h *Handler) Newsletters(c *fiber.Ctx) error {
	eds, err := h.Store.Editions(c.UserContext())
	if err != nil {
		return err
	}
	slices.SortStableFunc(eds, func(a, b models.Edition) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return h.render(c, fiber.StatusOK, "pages/recruit_newsletters", h.page(c, "newsletter.title", "recruit", eds))
}

// NewEdition shows an empty edition form.
func (h *Handler) NewEdition(c *fiber.Ctx) error {
	d := editionData{Form: models.EditionInput{Blocks: models.EditionBlocks}, Errors: models.FieldErrors{}}
	return h.render(c, fiber.StatusOK, "pages/recruit_edition", h.page(c, "newsletter.new", "recruit", d))
}

// edition reads the edition the route names.
func (h *Handler) edition(c *fiber.Ctx) (*models.Edition, error) {
	ed, err := h.Store.Edition(c.UserContext(), c.Params("id"))
	if errors.Is(err, store.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	return ed, err
}

// EditionPage shows an edition: its form while a draft, its figures, and
// the preview as one of its recipients.
func (h *Handler) EditionPage(c *fiber.Ctx) error {
	ed, err := h.edition(c)
	if err != nil {
		return err
	}
	d := editionData{Edition: ed, Form: models.InputFrom(ed), Errors: models.FieldErrors{}, Tested: c.Query("tested") != ""}
	return h.renderEdition(c, fiber.StatusOK, d)
}

func (h *Handler) renderEdition(c *fiber.Ctx, status int, d editionData) error {
	d.From = mail.FromHeader(h.Cfg.MailFrom, h.brand(c.UserContext()).Name)
	if d.Edition != nil {
		d.As, d.Who = c.Query("as", c.FormValue("as")), strings.TrimSpace(c.Query("who"))
		sample, err := h.audienceSample(c, d.Edition, d.Who)
		if err != nil {
			return err
		}
		d.Sample = sample
		chosen := slices.ContainsFunc(sample, func(u models.User) bool { return u.ID == d.As })
		switch {
		case chosen:
		case d.Who == "" && d.As != "":
			// A member named by the link, beyond the first few: list them too.
			if u, err := h.Store.User(c.UserContext(), d.As); err == nil {
				d.Sample = append([]models.User{*u}, sample...)
			}
		case len(sample) > 0:
			d.As = sample[0].ID
		default:
			d.As = ""
		}
	}
	return h.render(c, status, "pages/recruit_edition", h.page(c, "newsletter.edition", "recruit", d))
}

// audienceSample is the first subscribers of an edition's audience, or
// the first whose name has every word of who.
func (h *Handler) audienceSample(c *fiber.Ctx, ed *models.Edition, who string) ([]models.User, error) {
	q := nurture.AudienceQuery(ed, models.NewsletterSubscribed)
	q.Text, q.AllWords, q.Limit = who, true, 20
	res, err := h.Index.Search(c.UserContext(), q)
	if err != nil {
		h.Log.Warn("audience sample", "request_id", requestID(c), "err", err)
		return nil, nil
	}
	ids := make([]string, len(res.Hits))
	for i, hit := range res.Hits {
		ids[i] = hit.Ref
	}
	return h.Store.UsersByID(c.UserContext(), ids)
}

// SaveEdition creates or changes an edition, and does what its button
// says: save, send a test to oneself, schedule or send now.
func (h *Handler) SaveEdition(c *fiber.Ctx) error {
	ctx := c.UserContext()
	rec := auth.CurrentUser(c)
	now := time.Now()
	action := c.FormValue("action")
	id := c.Params("id")
	var ed *models.Edition
	if id != "" {
		var err error
		if ed, err = h.edition(c); err != nil {
			return err
		}
	}
	in := models.EditionInput{Subject: c.FormValue("subject"), Intro: c.FormValue("intro"), Note: c.FormValue("note"),
		Blocks: formValues(c, "blocks"), Interests: c.FormValue("interests"), City: c.FormValue("city"),
		Seniority: c.FormValue("seniority"), SendAt: c.FormValue("send_at"), LocalMorning: c.FormValue("local_morning") == "on"}
	if ed != nil && !ed.Editable() {
		if action == "test" {
			return h.testEdition(c, ed, rec)
		}
		return fiber.NewError(fiber.StatusConflict, "this edition was sent")
	}
	draft := &models.Edition{}
	if ed != nil {
		*draft = *ed
	}
	if errs := in.Validate(draft, action == "schedule", now); errs.Any() {
		return h.renderEdition(c, fiber.StatusUnprocessableEntity, editionData{Edition: ed, Form: in, Errors: errs})
	}
	if id == "" {
		id = newID()
	}
	// Sending goes to everyone in the audience: it is asked once more, with
	// how many that is; what was typed is saved as the draft meanwhile.
	confirm := ""
	if (action == "send" || action == "schedule") && c.FormValue("confirmed") != "yes" {
		confirm, action = action, "save"
	}
	saved, err := h.Store.SaveEdition(ctx, id, func(e *models.Edition) error {
		if !e.Editable() && e.Status != "" {
			return fiber.NewError(fiber.StatusConflict, "this edition was sent")
		}
		e.Subject, e.Intro, e.Note, e.Blocks, e.Audience = draft.Subject, draft.Intro, draft.Note, draft.Blocks, draft.Audience
		e.SendAt, e.LocalMorning = draft.SendAt, draft.LocalMorning
		if e.CreatedAt.IsZero() {
			e.CreatedAt, e.AuthorID, e.AuthorName = now, rec.ID, rec.Name
		}
		e.Status = models.EditionDraft
		switch action {
		case "send":
			e.Status, e.SendAt, e.LocalMorning = models.EditionScheduled, now, false
		case "schedule":
			e.Status = models.EditionScheduled
			if e.SendAt.IsZero() {
				e.SendAt = now
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	h.Log.Info("edition saved", "request_id", requestID(c), "edition", saved.ID, "action", action)
	if action == "test" {
		return h.testEdition(c, saved, rec)
	}
	if confirm != "" {
		res, err := h.Index.Search(ctx, nurture.AudienceQuery(saved, models.NewsletterSubscribed))
		if err != nil {
			return err
		}
		return h.renderEdition(c, fiber.StatusOK, editionData{Edition: saved, Form: models.InputFrom(saved), Errors: models.FieldErrors{},
			Confirm: confirm, Audience: res.Total})
	}
	if saved.Status == models.EditionScheduled {
		h.setFlash(c, "flash.edition_scheduled")
	} else {
		h.setFlash(c, "flash.edition_saved")
	}
	return redirect(c, "/recruit/newsletter/"+saved.ID)
}

// testEdition sends the edition, as the chosen recipient gets it, to the
// recruiter's own address.
func (h *Handler) testEdition(c *fiber.Ctx, ed *models.Edition, rec *models.User) error {
	as, err := h.previewMember(c, ed)
	if err != nil {
		return err
	}
	now := time.Now()
	m := models.Mail{ID: models.MailKey("newsletter_test", ed.ID+"|"+now.Format(time.RFC3339Nano), rec.ID), Purpose: "newsletter_test",
		Class: models.MailTransactional, Topic: models.TopicNewsletter, Note: &models.Notification{ID: ed.ID, Kind: models.PurposeNewsletterEdition}}
	if err := h.Mail.Edition(c.UserContext(), &m, ed, as, now); err != nil {
		return err
	}
	m.Note, m.To, m.Subject = nil, rec.Email, "[Test] "+m.Subject
	if _, err := h.Store.QueueMail(c.UserContext(), m); err != nil {
		return err
	}
	return redirect(c, "/recruit/newsletter/"+ed.ID+"?tested=1&as="+url.QueryEscape(as.ID))
}

// previewMember is the member a preview or test shows the edition as: the
// one asked for, if they are a member, else the first in its audience.
func (h *Handler) previewMember(c *fiber.Ctx, ed *models.Edition) (*models.User, error) {
	id := c.Query("as", c.FormValue("as"))
	if id == "" {
		sample, err := h.audienceSample(c, ed, "")
		if err != nil || len(sample) == 0 {
			return nil, fiber.NewError(fiber.StatusNotFound, "nobody to preview as")
		}
		return &sample[0], nil
	}
	u, err := h.Store.User(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	return u, err
}

// EditionPreview serves the edition's HTML as one recipient gets it, for
// the preview's sandboxed frame.
func (h *Handler) EditionPreview(c *fiber.Ctx) error {
	ed, err := h.edition(c)
	if err != nil {
		return err
	}
	as, err := h.previewMember(c, ed)
	if err != nil {
		return err
	}
	return h.editionFrame(c, ed, as)
}

// NewsletterClick counts a click on a link of an edition and leads on; a
// link the portal did not put in that edition is refused.
func (h *Handler) NewsletterClick(c *fiber.Ctx) error {
	id, target := c.Params("id"), c.Query("u")
	if !models.ValidClick(h.Cfg.Secret, id, target, c.Query("t")) {
		return fiber.ErrNotFound
	}
	if err := h.Store.ClickEdition(c.UserContext(), id, models.LinkKey(target), target); err != nil {
		h.Log.Warn("click not counted", "request_id", requestID(c), "err", err)
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// NewsletterArchive lists the editions sent, for members.
func (h *Handler) NewsletterArchive(c *fiber.Ctx) error {
	eds, err := h.Store.Editions(c.UserContext())
	if err != nil {
		return err
	}
	eds = slices.DeleteFunc(eds, func(e models.Edition) bool { return !sentBy(&e, time.Now()) })
	return h.render(c, fiber.StatusOK, "pages/newsletter_archive", h.page(c, "newsletter.archive.title", "", eds))
}

// NewsletterEdition shows a past edition to a member, as they got it.
func (h *Handler) NewsletterEdition(c *fiber.Ctx) error {
	ed, err := h.edition(c)
	if err != nil {
		return err
	}
	if !sentBy(ed, time.Now()) {
		return fiber.ErrNotFound
	}
	return h.render(c, fiber.StatusOK, "pages/newsletter_edition", h.page(c, "newsletter.archive.title", "", ed))
}

// NewsletterEditionMail serves a past edition's HTML as the signed-in
// member gets it now, for the archive page's sandboxed frame.
func (h *Handler) NewsletterEditionMail(c *fiber.Ctx) error {
	ed, err := h.edition(c)
	if err != nil {
		return err
	}
	if !sentBy(ed, time.Now()) {
		return fiber.ErrNotFound
	}
	return h.editionFrame(c, ed, auth.CurrentUser(c))
}

// editionFrame serves an edition's HTML as u gets it, for a sandboxed frame.
func (h *Handler) editionFrame(c *fiber.Ctx, ed *models.Edition, u *models.User) error {
	m := models.Mail{Purpose: models.PurposeNewsletterEdition, Topic: models.TopicNewsletter, Note: &models.Notification{ID: ed.ID, Kind: models.PurposeNewsletterEdition}}
	if err := h.Mail.Edition(c.UserContext(), &m, ed, u, time.Now()); err != nil {
		return err
	}
	return mailFrame(c, m.HTML)
}

// sentBy reports whether an edition went out by now.
func sentBy(e *models.Edition, now time.Time) bool {
	return e.Status != models.EditionDraft && !e.SendAt.After(now)
}
