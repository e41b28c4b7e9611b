package models

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// TouchpointInput is a contact a recruiter logs by hand, as typed.
type TouchpointInput struct {
	Channel, At, Note string
	// VacancyID or EventID name what it was about, when it was about one.
	VacancyID, EventID string
}

// earliestTouchpoint bounds how far back a contact can be logged.
var earliestTouchpoint = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// futureSlack forgives a browser clock a little ahead of the server's.
const futureSlack = 5 * time.Minute

// Validate checks the input; an empty time means now. A contact cannot lie
// in the future: it is a record of what happened.
func (in *TouchpointInput) Validate(now time.Time, loc *time.Location) (time.Time, FieldErrors) {
	e := FieldErrors{}
	e.choice("channel", in.Channel, TouchpointChannels, true)
	at := now
	if s := strings.TrimSpace(in.At); s != "" {
		t, err := time.ParseInLocation(localInputLayout, s, loc)
		if err != nil {
			t, err = time.ParseInLocation(time.DateOnly, s, loc)
			if err == nil && sameDayIn(t, now, loc) {
				t = now // "today" means now, not midnight
			}
		}
		switch {
		case err != nil:
			e.add("at", "validation.date", 0)
		case t.After(now.Add(futureSlack)):
			e.add("at", "talent.error.future", 0)
		case t.Before(earliestTouchpoint):
			e.add("at", "validation.date", 0)
		default:
			at = t
		}
	}
	in.Note = CleanNote(in.Note)
	if utf8.RuneCountInString(in.Note) > MaxNoteLen {
		e.add("note", "validation.too_long", MaxNoteLen)
	}
	return at, e
}

func sameDayIn(a, b time.Time, loc *time.Location) bool {
	return a.In(loc).Format(time.DateOnly) == b.In(loc).Format(time.DateOnly)
}

// CleanNote trims a multi-line text and gives it one kind of line break.
func CleanNote(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// MaxSubjectLen bounds a message's subject.
const MaxSubjectLen = 150

// ValidMessage checks a personal message to a member: its subject and its
// text, both needed.
func ValidMessage(subject, text *string) FieldErrors {
	e := FieldErrors{}
	e.text("subject", subject, MaxSubjectLen, true)
	if errs := ValidNote(*text); errs.Any() {
		e["message"] = errs["text"]
	}
	return e
}

// ValidNote checks a private note.
func ValidNote(text string) FieldErrors {
	e := FieldErrors{}
	switch {
	case text == "":
		e.add("text", "validation.required", 0)
	case utf8.RuneCountInString(text) > MaxNoteLen:
		e.add("text", "validation.too_long", MaxNoteLen)
	}
	return e
}

// CleanTags normalises recruiters' tags: trimmed, lower case, no repeats.
func CleanTags(in []string) ([]string, FieldErrors) {
	e := FieldErrors{}
	var out []string
	for _, t := range in {
		t = strings.ToLower(CleanTerm(t))
		if t == "" || slices.Contains(out, t) {
			continue
		}
		if utf8.RuneCountInString(t) > MaxTermLen {
			e.add("tag", "validation.too_long", MaxTermLen)
			continue
		}
		out = append(out, t)
	}
	if len(out) > MaxTags {
		e.add("tag", "validation.too_many", MaxTags)
	}
	return out, e
}
