package handlers

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

const timelinePerPage = 25

// talentMember reads the member a /recruit/talent/:id route is about. To
// recruiters a member exists if they let recruiters find them, or where
// they dealt with the community themselves (at the door, "I'm
// interested"); anyone else is not found.
func (h *Handler) talentMember(c *fiber.Ctx) (*models.User, error) {
	return h.talentMemberByID(c.UserContext(), c.Params("id"))
}

// talentMemberByID reads a member as recruiters may see them (see
// talentMember), for a route or a bulk action.
func (h *Handler) talentMemberByID(ctx context.Context, id string) (*models.User, error) {
	u, err := h.Store.User(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if models.Reachable(u) {
		return u, nil
	}
	r, err := h.Store.Relationship(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if len(models.OwnDoings(r.Timeline)) == 0 {
		return nil, fiber.ErrNotFound
	}
	return u, nil
}

// recruiter is someone who can own members, for the owner choices and names.
type recruiter struct{ ID, Name string }

// recruiters lists the recruiters and admins, from the index's member list.
func (h *Handler) recruiters(ctx context.Context) ([]recruiter, error) {
	res, err := h.Index.Search(ctx, search.Query{Kinds: []string{search.KindMembers},
		Tags: []string{string(models.RoleRecruiter), string(models.RoleAdmin)}, Limit: 200})
	if err != nil {
		return nil, err
	}
	out := make([]recruiter, 0, len(res.Hits))
	for _, hit := range res.Hits {
		out = append(out, recruiter{ID: hit.Ref, Name: hit.Title})
	}
	slices.SortFunc(out, func(a, b recruiter) int { return compareFold(a.Name, b.Name) })
	return out, nil
}

// names maps recruiters' ids to their names.
func names(rs []recruiter) map[string]string {
	out := make(map[string]string, len(rs))
	for _, r := range rs {
		out[r.ID] = r.Name
	}
	return out
}

// milestoneView is a milestone with who congratulated on it, if anyone did.
type milestoneView struct {
	M      models.Milestone
	Done   *models.Congratulation
	ByName string
}

type candidateData struct {
	U          *models.User
	R          *models.Relationship
	Reachable  bool
	MayContact bool
	Newsletter bool
	Engagement models.Engagement
	Rhythm     string
	Rhythms    []string
	Timeline   []models.Touchpoint
	Names      map[string]string // recruiters by id
	Recruiters []recruiter
	Today      models.Today
	Snoozed    bool // held off Today until r.SnoozedUntil
	Me         string
	Milestones []milestoneView

	PrevURL, NextURL string
	Log              touchpointForm
	NoteErrors       models.FieldErrors
	NoteText         string
	TagErrors        models.FieldErrors
	Tomorrow         string
}

// Candidate is a member's page for recruiters: their profile as they keep
// it, what may be done with them, the relationship and the whole timeline.
func (h *Handler) Candidate(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	d, err := h.candidateData(c, u)
	if err != nil {
		return err
	}
	return h.renderCandidate(c, fiber.StatusOK, d)
}

func (h *Handler) renderCandidate(c *fiber.Ctx, status int, d *candidateData) error {
	p := h.page(c, "talent.member.title", "talent", d)
	p.Title = d.U.Name
	return h.render(c, status, "pages/recruit_candidate", p)
}

func (h *Handler) candidateData(c *fiber.Ctx, u *models.User) (*candidateData, error) {
	ctx := c.UserContext()
	r, err := h.Store.Relationship(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	rs, err := h.recruiters(ctx)
	if err != nil {
		h.Log.Warn("search unavailable for the recruiters' names", "request_id", requestID(c), "err", err)
	}
	now := time.Now()
	d := &candidateData{U: u, R: r, Reachable: models.Reachable(u), MayContact: models.May(u, models.PurposeRecruiterContact),
		Newsletter: models.May(u, models.PurposeNewsletter), Engagement: models.MeasureEngagement(r.Activity, now),
		Rhythm: models.EffectiveRhythm(u, r), Rhythms: models.RecruiterRhythms(u), Names: names(rs), Recruiters: rs,
		Today: models.OnToday(u, r), Snoozed: r.SnoozedUntil.After(now), Me: auth.CurrentUser(c).ID, Tomorrow: now.AddDate(0, 0, 1).Format(time.DateOnly)}
	for _, m := range u.Milestones {
		v := milestoneView{M: m}
		if done, ok := r.Congratulation(m.ID); ok {
			v.Done, v.ByName = &done, d.Names[done.ByID]
		}
		d.Milestones = append(d.Milestones, v)
	}
	timeline := models.RecruiterTimeline(u, r.Timeline)
	page := pageParam(c)
	from := min((page-1)*timelinePerPage, len(timeline))
	d.Timeline = timeline[from:min(from+timelinePerPage, len(timeline))]
	d.PrevURL, d.NextURL = pager(talentURL(u.ID), nil, page, timelinePerPage, len(timeline))
	d.Log = h.newTouchpointForm(c, u, talentURL(u.ID))
	return d, nil
}

// AddNote adds a private note about a member.
func (h *Handler) AddNote(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	text := models.CleanNote(c.FormValue("text"))
	if errs := models.ValidNote(text); errs.Any() {
		return h.candidateWithErrors(c, u, func(d *candidateData) { d.NoteErrors, d.NoteText = errs, text })
	}
	me := auth.CurrentUser(c).ID
	_, err = h.Store.ChangeRelationship(c.UserContext(), u.ID, me, func(r *models.Relationship) (bool, error) {
		return true, r.AddNote(models.Note{ID: newID(), AuthorID: me, Text: text, At: time.Now()})
	})
	if errors.Is(err, models.ErrLimit) {
		return h.candidateWithErrors(c, u, func(d *candidateData) {
			d.NoteErrors, d.NoteText = models.FieldErrors{"text": {Key: "validation.too_many", Max: models.MaxNotes}}, text
		})
	}
	if err != nil {
		return err
	}
	h.setFlash(c, "flash.note_saved")
	return redirect(c, talentURL(u.ID)+"#notes")
}

// EditNote changes a note; only its author may.
func (h *Handler) EditNote(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	text := models.CleanNote(c.FormValue("text"))
	if errs := models.ValidNote(text); errs.Any() {
		return h.candidateWithErrors(c, u, func(d *candidateData) { d.NoteErrors = errs })
	}
	me := auth.CurrentUser(c).ID
	found := false
	_, err = h.Store.ChangeRelationship(c.UserContext(), u.ID, me, func(r *models.Relationship) (bool, error) {
		found = r.EditNote(c.Params("note"), me, text, time.Now())
		return found, nil
	})
	if err != nil {
		return err
	}
	if !found {
		return fiber.ErrNotFound // someone else's note, or none
	}
	h.setFlash(c, "flash.note_saved")
	return redirect(c, talentURL(u.ID)+"#notes")
}

// candidateWithErrors shows the member's page again with what was typed
// and what is wrong with it.
func (h *Handler) candidateWithErrors(c *fiber.Ctx, u *models.User, set func(*candidateData)) error {
	d, err := h.candidateData(c, u)
	if err != nil {
		return err
	}
	set(d)
	return h.renderCandidate(c, fiber.StatusUnprocessableEntity, d)
}

// SetOwner makes one recruiter (or nobody) look after a member.
func (h *Handler) SetOwner(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	owner, ok, err := h.validOwner(c.UserContext(), c.FormValue("owner"))
	if err != nil {
		return err
	}
	if !ok {
		h.setFlash(c, "flash.not_a_recruiter")
		return redirect(c, talentURL(u.ID)+"#relationship")
	}
	return h.relate(c, u.ID, owner, "flash.owner_saved", h.backTo(c, u.ID), func(r *models.Relationship) { r.Assign(owner) })
}

// relate changes a member's relationship (by names the recruiter it will
// name) and goes back with a message.
func (h *Handler) relate(c *fiber.Ctx, memberID, by, flash, back string, change func(r *models.Relationship)) error {
	_, err := h.Store.ChangeRelationship(c.UserContext(), memberID, by, func(r *models.Relationship) (bool, error) {
		change(r)
		return true, nil
	})
	if err != nil {
		return err
	}
	h.setFlash(c, flash)
	return redirect(c, back)
}

// validOwner checks that an owner is a recruiter ("" is nobody).
func (h *Handler) validOwner(ctx context.Context, id string) (string, bool, error) {
	if id == "" {
		return "", true, nil
	}
	rs, err := h.recruiters(ctx)
	if err != nil {
		return "", false, err
	}
	return id, slices.ContainsFunc(rs, func(r recruiter) bool { return r.ID == id }), nil
}

// SetTags adds a tag to a member, or removes one.
func (h *Handler) SetTags(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	remove := c.FormValue("remove")
	add, errs := models.CleanTags([]string{c.FormValue("tag")})
	if remove == "" && len(add) == 0 && !errs.Any() {
		errs = models.FieldErrors{"tag": {Key: "validation.required"}}
	}
	if errs.Any() {
		return h.candidateWithErrors(c, u, func(d *candidateData) { d.TagErrors = errs })
	}
	_, err = h.Store.ChangeRelationship(c.UserContext(), u.ID, "", func(r *models.Relationship) (bool, error) {
		tags, errs := models.CleanTags(append(slices.DeleteFunc(r.Tags, func(t string) bool { return t == remove }), add...))
		if errs.Any() {
			return false, models.ErrLimit
		}
		r.Tags = tags
		return true, nil
	})
	if errors.Is(err, models.ErrLimit) {
		return h.candidateWithErrors(c, u, func(d *candidateData) {
			d.TagErrors = models.FieldErrors{"tag": {Key: "validation.too_many", Max: models.MaxTags}}
		})
	}
	if err != nil {
		return err
	}
	h.setFlash(c, "flash.tags_saved")
	return redirect(c, talentURL(u.ID)+"#relationship")
}

// SetRhythm sets how often a member is due: the member's own rhythm or a
// slower one, never a faster one than they asked for.
func (h *Handler) SetRhythm(c *fiber.Ctx) error {
	u, err := h.talentMember(c)
	if err != nil {
		return err
	}
	rhythm := c.FormValue("rhythm")
	if rhythm == models.CandidateRhythm(u) {
		rhythm = "" // follows the member's own choice, also when they change it
	}
	if rhythm != "" && !slices.Contains(models.RecruiterRhythms(u), rhythm) {
		h.setFlash(c, "flash.rhythm_faster")
		return redirect(c, talentURL(u.ID)+"#relationship")
	}
	return h.relate(c, u.ID, "", "flash.rhythm_saved", talentURL(u.ID)+"#relationship", func(r *models.Relationship) { r.Rhythm = rhythm })
}

// compareFold orders names alphabetically, whatever their case.
func compareFold(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }
