package handlers

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
)

type privacyData struct {
	ConfirmError string
	Contacts     []models.Touchpoint // the community's contacts with the member, newest first
	Names        map[string]string   // who made them, by id
}

// Privacy is the privacy centre: what we hold, the contact history, the
// consent history, the export and the erasure.
func (h *Handler) Privacy(c *fiber.Ctx) error {
	d, err := h.contactHistory(c.UserContext(), auth.CurrentUser(c).ID)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/privacy", h.page(c, "privacy.title", "profile", d))
}

// contactHistory is who from the community contacted the member, when and how.
func (h *Handler) contactHistory(ctx context.Context, memberID string) (privacyData, error) {
	d := privacyData{Names: map[string]string{}}
	r, err := h.Store.Relationship(ctx, memberID)
	if err != nil {
		return d, err
	}
	for _, tp := range r.Timeline {
		if !models.IsContact(tp.Kind) {
			continue
		}
		d.Contacts = append(d.Contacts, tp)
		if _, seen := d.Names[tp.RecruiterID]; !seen && tp.RecruiterID != "" {
			d.Names[tp.RecruiterID] = ""
			if by, err := h.Store.User(ctx, tp.RecruiterID); err == nil {
				d.Names[tp.RecruiterID] = by.Name
			}
		}
	}
	return d, nil
}

// PrivacyExport downloads everything the portal holds about the signed-in
// person, as JSON.
func (h *Handler) PrivacyExport(c *fiber.Ctx) error {
	u := auth.CurrentUser(c)
	data, err := h.Store.ExportPerson(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	return sendJSONDownload(c, "talent-community", map[string]any{
		"exported_at": time.Now().UTC(),
		"about":       "Everything the talent community portal holds about you, by collection.",
		"data":        data,
	})
}

// sendJSONDownload answers with v as an indented JSON file to save, named
// after the prefix and today's date; personal data is never cached.
func sendJSONDownload(c *fiber.Ctx, prefix string, v any) error {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+prefix+`-`+time.Now().UTC().Format("2006-01-02")+`.json"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(body)
}

// PrivacyDeleteConfirm asks for confirmation before the erasure.
func (h *Handler) PrivacyDeleteConfirm(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "pages/privacy_delete", h.page(c, "privacy.delete.title", "profile", privacyData{}))
}

// PrivacyDelete erases the person from the store, the search index and the
// sessions, then signs them out. A confirmation box must be ticked.
func (h *Handler) PrivacyDelete(c *fiber.Ctx) error {
	if c.FormValue("confirm") != "1" {
		p := h.page(c, "privacy.delete.title", "profile", nil)
		p.Data = privacyData{ConfirmError: p.L.T("privacy.delete.confirm_required")}
		return h.render(c, fiber.StatusUnprocessableEntity, "pages/privacy_delete", p)
	}
	u := auth.CurrentUser(c)
	if err := h.leaveAllEvents(c.UserContext(), u.ID); err != nil {
		return err
	}
	if err := h.Store.ErasePerson(c.UserContext(), u.ID, []string{search.CandidateDocumentID(u.ID), search.MemberDocumentID(u.ID)}); err != nil {
		return err
	}
	h.Log.Info("person erased", "request_id", requestID(c)) // no id: there is nobody left to name
	if err := h.Sessions.SignOut(c); err != nil {
		return err
	}
	h.setFlash(c, "flash.erased")
	return redirect(c, "/")
}

// leaveAllEvents gives up a leaving member's places the ordinary way, so the
// people waiting move up and are told; erasure then removes what is left.
func (h *Handler) leaveAllEvents(ctx context.Context, userID string) error {
	joined, err := h.Store.EventsJoinedBy(ctx, userID)
	if err != nil {
		return err
	}
	for _, e := range joined {
		if _, err := h.Store.LeaveEvent(ctx, e.ID, userID, time.Now()); err != nil {
			return err
		}
	}
	return nil
}
