package handlers

import (
	"errors"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/mail"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// The demo's outbox: without SMTP_URL mail stays in the outbox, and in demo
// mode these pages show the newest mails as their recipients would see
// them. The routes exist only in demo mode, where everyone is made up.

// Outbox lists the newest mails queued.
func (h *Handler) Outbox(c *fiber.Ctx) error {
	mails, err := h.Store.RecentMail(c.UserContext())
	if err != nil {
		return err
	}
	for i := range mails {
		if err := h.asWritten(c, &mails[i]); err != nil {
			return err
		}
	}
	return h.render(c, fiber.StatusOK, "pages/outbox", h.page(c, "outbox.title", "outbox", mails))
}

// outboxMail reads the mail a /outbox/:key route names.
func (h *Handler) outboxMail(c *fiber.Ctx) (*models.Mail, error) {
	key, err := url.PathUnescape(c.Params("key")) // a key has "|" in it, escaped in the path
	if err != nil {
		return nil, fiber.ErrNotFound
	}
	m, err := h.Store.OutboxMail(c.UserContext(), key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return m, h.asWritten(c, m)
}

// asWritten writes a mail that tells of a notification and has not gone
// yet as it would go now (its recipient's language and address may still
// change until then).
func (h *Handler) asWritten(c *fiber.Ctx, m *models.Mail) error {
	if m.Note == nil || m.Text != "" {
		return nil
	}
	u, err := h.Store.User(c.UserContext(), m.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := h.Mail.Notification(c.UserContext(), m, u, time.Now()); !errors.Is(err, mail.ErrNothingToSay) {
		return err
	}
	return nil
}

// OutboxMail shows one mail: its envelope, the text part, and the HTML part
// in a sandboxed frame.
func (h *Handler) OutboxMail(c *fiber.Ctx) error {
	m, err := h.outboxMail(c)
	if err != nil {
		return err
	}
	p := h.page(c, "outbox.title", "outbox", m)
	p.Title = m.Subject
	return h.render(c, fiber.StatusOK, "pages/outbox_mail", p)
}

// mailFramePolicy lets a mail's HTML part show, in a sandboxed frame of
// our own page, with its inline styles and pictures, and nothing else.
const mailFramePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; sandbox"

// OutboxMailHTML serves a mail's HTML part for the frame.
func (h *Handler) OutboxMailHTML(c *fiber.Ctx) error {
	m, err := h.outboxMail(c)
	if err != nil {
		return err
	}
	return mailFrame(c, m.HTML)
}

// mailFrame serves a mail's HTML part for a sandboxed frame of our own pages.
func mailFrame(c *fiber.Ctx, html string) error {
	c.Set("Content-Security-Policy", mailFramePolicy)
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Type("html", "utf-8")
	return c.SendString(html)
}
