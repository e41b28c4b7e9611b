package handlers

import (
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
)

// attendee is one person on an event's lists.
type attendee struct {
	U         *models.User
	Position  int // on the waitlist, from 1; 0 for attendees
	CheckedIn bool
}

type attendeesData struct {
	E                  *models.Event
	Query              string
	Attending, Waiting []attendee
	CheckedIn          int
	// Open says people can be checked in: from a few hours before the
	// event (see models.Event.CanCheckIn).
	Open bool
	// Walk is the walk-in form, empty; WalkIns says it is offered (on the day).
	Walk    walkInData
	WalkIns bool
}

// EventAttendees shows who is coming and who waits, with a one-tap check-in
// per attendee for the door; a name search narrows the list as one types.
func (h *Handler) EventAttendees(c *fiber.Ctx) error {
	ctx := c.UserContext()
	e, err := h.Store.Event(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	d, err := h.attendees(ctx, e, textParam(c, "q", 100))
	if err != nil {
		return err
	}
	p := h.page(c, "recruit.attendees.title", "recruit", d)
	p.Title = e.Title
	return h.render(c, fiber.StatusOK, "pages/recruit_attendees", p, "partials/attendee_list")
}

func (h *Handler) attendees(ctx context.Context, e *models.Event, query string) (attendeesData, error) {
	now := time.Now()
	d := attendeesData{E: e, Query: query, CheckedIn: len(e.CheckedIn), Open: e.CanCheckIn(now), WalkIns: e.CanAddGuest(now)}
	users, err := h.Store.UsersByID(ctx, append(append([]string{}, e.Attendees...), e.Waitlist...))
	if err != nil {
		return d, err
	}
	byID := make(map[string]*models.User, len(users))
	for i := range users {
		byID[users[i].ID] = &users[i]
	}
	want := models.FoldTerm(query)
	for _, list := range [][]string{e.Attendees, e.Waitlist} {
		for _, id := range list {
			u, ok := byID[id]
			if !ok || want != "" && !strings.Contains(models.FoldTerm(u.Name), want) {
				continue
			}
			r := e.RSVPOf(id)
			a := attendee{U: u, Position: r.Position, CheckedIn: r.CheckedIn}
			if r.Attending {
				d.Attending = append(d.Attending, a)
			} else {
				d.Waiting = append(d.Waiting, a)
			}
		}
	}
	return d, nil
}

// CheckIn records (or undoes) an attendee's arrival, and the attendance as
// a touchpoint on the candidate: now at the door, the event's start when
// the list is corrected afterwards; never before the event's day. htmx gets
// the updated row and the door's counter.
func (h *Handler) CheckIn(c *fiber.Ctx) error {
	ctx := c.UserContext()
	eventID, userID := c.Params("id"), c.FormValue("user_id")
	in := c.FormValue("in") == "true"
	now := time.Now()
	if err := h.Store.SetCheckedIn(ctx, eventID, userID, in, now); err != nil {
		return err
	}
	e, err := h.Store.Event(ctx, eventID)
	if err != nil {
		return err
	}
	tpID := models.TouchpointID(models.KindEventAttended, userID, eventID)
	if in {
		tp := models.Touchpoint{ID: tpID, CandidateID: userID, RecruiterID: auth.CurrentUser(c).ID,
			Kind: models.KindEventAttended, EventID: eventID, Title: e.Title, At: e.AttendedAt(now)}
		if _, err := h.Store.RecordTouchpoint(ctx, tp, models.Notification{}); err != nil {
			return err
		}
	} else if err := h.Store.DeleteTouchpoint(ctx, userID, tpID); err != nil {
		return err
	}
	if !isFragment(c) {
		return redirect(c, "/recruit/events/"+eventID+"/attendees")
	}
	u, err := h.Store.User(ctx, userID)
	if err != nil {
		return err
	}
	// The update above only lands for an attendee, so the row's state is known.
	row := attendeeRow{E: e, A: attendee{U: u, CheckedIn: in}, Open: true, CheckedIn: len(e.CheckedIn)}
	return h.render(c, fiber.StatusOK, "partials/checkin_result", h.page(c, "recruit.attendees.title", "recruit", row))
}

// attendeeRow is one row of the door list, rendered alone after a tap,
// with the door's counter.
type attendeeRow struct {
	E         *models.Event
	A         attendee
	Open      bool
	CheckedIn int
}

// EventAttendeesCSV exports who is coming and who waits, for spreadsheets.
// E-mail addresses are only in it for people who allow recruiters to
// contact them.
func (h *Handler) EventAttendeesCSV(c *fiber.Ctx) error {
	ctx := c.UserContext()
	e, err := h.Store.Event(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	d, err := h.attendees(ctx, e, "")
	if err != nil {
		return err
	}
	l := h.localizer(c)
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+models.Slug(e.Title)+`-attendees.csv"`)
	w := csv.NewWriter(c.Response().BodyWriter())
	header := []string{"csv.status", "csv.position", "csv.name", "csv.headline", "csv.city", "csv.email", "csv.checked_in"}
	for i, key := range header {
		header[i] = l.T(key)
	}
	_ = w.Write(header)
	for _, a := range append(append([]attendee{}, d.Attending...), d.Waiting...) {
		status, position := l.T("csv.attending"), ""
		if a.Position > 0 {
			status, position = l.T("csv.waiting"), strconv.Itoa(a.Position)
		}
		email := ""
		if models.May(a.U, models.PurposeRecruiterContact) {
			email = a.U.Email
		}
		checked := ""
		if a.CheckedIn {
			checked = l.T("csv.yes")
		}
		_ = w.Write(spreadsheetSafe(status, position, a.U.Name, a.U.Headline, a.U.City, email, checked))
	}
	w.Flush()
	return w.Error()
}

// spreadsheetSafe defuses cells a spreadsheet would run as a formula (a
// name like "=HYPERLINK(...)"): an apostrophe makes what follows text. A
// spreadsheet can start a cell not only where the CSV does but after any
// separator it splits on itself: one whose list separator is ";" (the
// Dutch default) reads "Utrecht;=HYPERLINK(...)" as two cells. So every
// place a cell could start is defused: the beginning, and after each
// separator (",", ";", a tab or a line break) and the spaces behind it.
func spreadsheetSafe(cells ...string) []string {
	for i, s := range cells {
		cells[i] = defuseFormulas(s)
	}
	return cells
}

func defuseFormulas(s string) string {
	var b strings.Builder
	cellStart := true
	for i := 0; i < len(s); i++ { // byte by byte: every character that matters is ASCII
		c := s[i]
		if cellStart && strings.IndexByte("=+-@\t\r", c) >= 0 {
			b.WriteByte('\'')
			cellStart = false
		}
		b.WriteByte(c)
		switch {
		case strings.IndexByte(",;\t\r\n", c) >= 0:
			cellStart = true
		case c != ' ':
			cellStart = false
		}
	}
	return b.String()
}
