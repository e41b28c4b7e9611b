package handlers

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// touchpointForm is the form to log a contact with a member.
type touchpointForm struct {
	MemberID string
	Input    models.TouchpointInput
	About    string // "vacancies:<id>" or "events:<id>"
	Options  []aboutOption
	Errors   models.FieldErrors
	Back     string
	From     string // "today" when it sits in a row of Today
	Now      string // the latest time the field takes
}

// aboutOption is a vacancy or event a contact can be about.
type aboutOption struct{ Value, Label, Group string }

func (h *Handler) newTouchpointForm(c *fiber.Ctx, u *models.User, back string) touchpointForm {
	return touchpointForm{MemberID: u.ID, Input: models.TouchpointInput{Channel: "call"}, Back: back,
		From: c.Query("from"), Now: time.Now().In(i18n.Amsterdam()).Format("2006-01-02T15:04"),
		Options: h.aboutOptions(c.UserContext())}
}

// aboutOptions are the newest vacancies and events, from the index (none
// when search is down: the contact can still be logged).
func (h *Handler) aboutOptions(ctx context.Context) []aboutOption {
	var out []aboutOption
	for _, kind := range []store.Kind{store.KindVacancy, store.KindEvent} {
		res, err := h.Index.Search(ctx, search.Query{Kinds: []string{string(kind)}, Newest: true, Limit: 30})
		if err != nil {
			return nil
		}
		for _, hit := range res.Hits {
			out = append(out, aboutOption{Value: string(kind) + ":" + hit.Ref, Label: hit.Title, Group: string(kind)})
		}
	}
	return out
}

// LogTouchpointForm shows the form to log a contact: a page of its own,
// or for htmx the form alone, to open inside a row.
func (h *Handler) LogTouchpointForm(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	f := h.newTouchpointForm(c, u, auth.SafeReturnPath(c.Query("back", talentURL(u.ID))))
	f.Input.Channel = c.Query("channel", "call")
	r, err := h.Store.Relationship(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	f.aboutNews(models.VisibleSignals(u, r), r)
	return h.renderTouchpointForm(c, fiber.StatusOK, u, f)
}

// aboutNews chooses what the contact is about from the member's newest news
// when it concerns a vacancy or an event ("Interested in Senior backend
// developer"): the recruiter most likely calls about that.
func (f *touchpointForm) aboutNews(signals []models.Signal, r *models.Relationship) {
	if len(signals) == 0 {
		return
	}
	newest := signals[0]
	for _, tp := range r.Timeline {
		if tp.ID != newest.ID {
			continue
		}
		var o aboutOption
		switch {
		case tp.VacancyID != "":
			o = aboutOption{Value: string(store.KindVacancy) + ":" + tp.VacancyID, Label: tp.Title, Group: string(store.KindVacancy)}
		case tp.EventID != "":
			o = aboutOption{Value: string(store.KindEvent) + ":" + tp.EventID, Label: tp.Title, Group: string(store.KindEvent)}
		default:
			return
		}
		f.About = o.Value
		if !slices.ContainsFunc(f.Options, func(x aboutOption) bool { return x.Value == o.Value }) {
			f.Options = append([]aboutOption{o}, f.Options...) // older than the newest thirty
		}
		return
	}
}

func (h *Handler) renderTouchpointForm(c *fiber.Ctx, status int, u *models.User, f touchpointForm) error {
	p := h.page(c, "talent.log.title", "talent", fiber.Map{"U": u, "Form": f})
	return h.render(c, status, "pages/recruit_log", p, "partials/touchpoint_form")
}

// LogTouchpoint records a contact a recruiter had with a member: how, when
// (now unless said otherwise; never in the future), a note, and what it
// was about. It resets the member's rhythm and answers their signals.
func (h *Handler) LogTouchpoint(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	f := h.newTouchpointForm(c, u, h.backTo(c, u.ID))
	f.From = c.FormValue("from")
	f.Input = models.TouchpointInput{Channel: c.FormValue("channel"), At: c.FormValue("at"), Note: c.FormValue("note")}
	f.About = c.FormValue("about")
	at, errs := f.Input.Validate(time.Now(), i18n.Amsterdam())
	tp := models.Touchpoint{ID: newID(), CandidateID: u.ID, RecruiterID: auth.CurrentUser(c).ID, Kind: models.KindContact,
		Channel: f.Input.Channel, Note: f.Input.Note, At: at}
	if f.About != "" {
		if err := h.setAbout(c.UserContext(), &tp, f.About); err != nil {
			errs["about"] = models.FieldError{Key: "validation.choice"}
		}
	}
	if errs.Any() {
		f.Errors = errs
		return h.renderTouchpointForm(c, fiber.StatusUnprocessableEntity, u, f)
	}
	if _, err := h.Store.RecordTouchpoint(c.UserContext(), tp, models.Notification{}); err != nil {
		return err
	}
	return h.handled(c, todayDone{U: u, Kind: "contact", Message: "flash.touchpoint_logged", Undo: "contact", Touchpoint: tp.ID}, f.Back)
}

// setAbout names on a touchpoint the vacancy or event it was about.
func (h *Handler) setAbout(ctx context.Context, tp *models.Touchpoint, about string) error {
	kind, id, _ := strings.Cut(about, ":")
	switch store.Kind(kind) {
	case store.KindVacancy:
		v, err := h.Store.Vacancy(ctx, id)
		if err != nil {
			return err
		}
		tp.VacancyID, tp.Title = v.ID, v.Title
	case store.KindEvent:
		e, err := h.Store.Event(ctx, id)
		if err != nil {
			return err
		}
		tp.EventID, tp.Title = e.ID, e.Title
	default:
		return store.ErrNotFound
	}
	return nil
}

type congratulateData struct {
	U         *models.User
	Milestone models.Milestone
	Done      *models.Congratulation
	ByName    string
	Subject   string
	Message   string
	Errors    models.FieldErrors
	Back      string
	From      string
	MayWrite  bool
}

// congratulation finds the milestone a congratulation is about and who
// congratulated on it already, if anyone did.
func (h *Handler) congratulation(c *fiber.Ctx, u *models.User, milestoneID string) (*congratulateData, *models.Relationship, error) {
	r, err := h.Store.Relationship(c.UserContext(), u.ID)
	if err != nil {
		return nil, nil, err
	}
	m := milestoneOf(u, r, milestoneID)
	if m == nil {
		return nil, nil, fiber.ErrNotFound
	}
	d := &congratulateData{U: u, Milestone: *m, Back: h.backTo(c, u.ID), MayWrite: models.May(u, models.PurposeRecruiterContact)}
	if done, ok := r.Congratulation(m.ID); ok {
		d.Done = &done
		if by, err := h.Store.User(c.UserContext(), done.ByID); err == nil {
			d.ByName = by.Name
		}
	}
	return d, r, nil
}

// milestoneOf finds a milestone the member shared, or one that came round
// by itself (a signal, or congratulated on already).
func milestoneOf(u *models.User, r *models.Relationship, id string) *models.Milestone {
	for i := range u.Milestones {
		if u.Milestones[i].ID == id {
			return &u.Milestones[i]
		}
	}
	for _, s := range r.Signals {
		if s.MilestoneID == id {
			return &models.Milestone{ID: id, Kind: "other", Title: s.Title, Date: s.At}
		}
	}
	if _, done := r.Congratulation(id); done {
		return &models.Milestone{ID: id, Kind: "other"}
	}
	return nil
}

// CongratulateForm shows a congratulation prefilled in the member's own
// language, to edit before sending; or who already sent one.
func (h *Handler) CongratulateForm(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	d, _, err := h.congratulation(c, u, c.Query("milestone"))
	if err != nil {
		return err
	}
	d.Back, d.From = auth.SafeReturnPath(c.Query("back", talentURL(u.ID))), c.Query("from")
	d.Subject, d.Message = h.congratulationTemplate(u, d.Milestone, auth.CurrentUser(c))
	return h.renderCongratulate(c, fiber.StatusOK, d)
}

func (h *Handler) renderCongratulate(c *fiber.Ctx, status int, d *congratulateData) error {
	return h.render(c, status, "pages/recruit_congratulate", h.page(c, "talent.congrats.title", "talent", d), "partials/congratulate_form")
}

// congratulationTemplate is the prefilled subject and message for the kind
// of milestone, in the member's language, for the recruiter to make their own.
func (h *Handler) congratulationTemplate(u *models.User, m models.Milestone, from *models.User) (subject, message string) {
	l := h.I18n.Localizer(h.I18n.Match(u.Locale, ""))
	kind := m.Kind
	if !slices.Contains(models.MilestoneKinds, kind) {
		kind = "other"
	}
	args := []any{"Name", u.FirstName(), "Milestone", m.Title, "Recruiter", from.FirstName()}
	return l.T("talent.congrats.subject."+kind, args...), l.T("talent.congrats.message."+kind, args...)
}

// Congratulate sends the member a congratulation on a milestone, to their
// inbox from the recruiter by name, and logs it. A second recruiter is told
// who sent one instead of sending another.
func (h *Handler) Congratulate(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	d, _, err := h.congratulation(c, u, c.FormValue("milestone"))
	if err != nil {
		return err
	}
	d.From = c.FormValue("from")
	d.Subject, d.Message = c.FormValue("subject"), models.CleanNote(c.FormValue("message"))
	if d.Done != nil || !d.MayWrite {
		return h.renderCongratulate(c, fiber.StatusConflict, d)
	}
	if d.Errors = models.ValidMessage(&d.Subject, &d.Message); d.Errors.Any() {
		return h.renderCongratulate(c, fiber.StatusUnprocessableEntity, d)
	}
	me := auth.CurrentUser(c)
	now := time.Now()
	errTaken := errors.New("congratulated meanwhile")
	_, err = h.Store.ChangeRelationship(c.UserContext(), u.ID, me.ID, func(r *models.Relationship) (bool, error) {
		if _, done := r.Congratulation(d.Milestone.ID); done {
			return false, errTaken // a colleague was a moment quicker
		}
		r.Congratulate(d.Milestone.ID, me.ID, now)
		r.Record(models.Touchpoint{ID: models.TouchpointID(models.KindCongratulated, u.ID, d.Milestone.ID), CandidateID: u.ID,
			RecruiterID: me.ID, Kind: models.KindCongratulated, Title: d.Milestone.Title, Note: d.Message, At: now}, false)
		return true, nil
	})
	if errors.Is(err, errTaken) {
		d, _, err = h.congratulation(c, u, d.Milestone.ID)
		if err != nil {
			return err
		}
		return h.renderCongratulate(c, fiber.StatusConflict, d)
	}
	if err != nil {
		return err
	}
	n := models.Notification{ID: models.TouchpointID(models.KindMessage, u.ID, d.Milestone.ID), UserID: u.ID, Kind: models.KindMessage,
		Title: d.Milestone.Title, Subject: d.Subject, Body: d.Message, FromID: me.ID, FromName: me.Name, CreatedAt: now}
	if _, err := h.Store.Notify(c.UserContext(), n); err != nil {
		return err
	}
	return h.handled(c, todayDone{U: u, Kind: "congratulated", Message: "flash.congratulated"}, d.Back)
}
