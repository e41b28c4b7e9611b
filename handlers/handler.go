// Package handlers turns HTTP requests into calls on the store and the search
// index and renders the answer: a whole page, or only its fragment for htmx.
package handlers

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"log/slog"
	"sync/atomic"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/config"
	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/importer"
	"github.com/talentcommunity/portal/mail"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
	"github.com/talentcommunity/portal/taxonomy"
)

// LangCookie remembers the language a visitor chose.
const LangCookie = "portal_lang"

// Handler holds what the handlers need; cmd/portal wires it.
type Handler struct {
	Cfg      config.Config
	Store    *store.Store
	Index    search.Index
	I18n     *i18n.Bundle
	Mail     *mail.Composer
	Sessions *auth.Sessions
	LinkedIn *auth.LinkedIn // nil when LinkedIn is not configured
	Taxonomy *taxonomy.Service
	Importer *importer.Importer
	Log      *slog.Logger
	// SyncIndex brings the search index up to date with what was just
	// written, for an answer that counts from it (Today's figures after an
	// action); nil leaves it to the sync worker.
	SyncIndex func(context.Context) error
	// Draining is set when the portal is stopping: /readyz then says so,
	// so a load balancer sends no new requests here.
	Draining *atomic.Bool
}

// Page is the data every template receives: the shared part is filled in one
// place (page), the page's own part goes in Data.
type Page struct {
	Title string
	User  *models.User
	CSRF  string
	Flash *Flash
	L     *i18n.Localizer
	Lang  string
	// Demo shows the banner that everyone here is made up.
	Demo      bool
	Path      string
	Nav       string
	RequestID string
	Meta      *Meta // for link previews; nil on most pages
	// TodayCount is the number on a recruiter's Today badge.
	TodayCount int
	// Brand is whose community this is: its name, logo and colour.
	Brand models.Brand
	Data  any
	// Content is the rendered page, for the layout (see renderInLayout).
	Content template.HTML
}

// Meta describes a page for search engines and link previews (Open Graph),
// so a shared link previews well on LinkedIn.
type Meta struct {
	Description, URL, Image, Type string
}

// syncSoon brings the index up to date now, where it can; a failure only
// leaves the figures a moment behind.
func (h *Handler) syncSoon(ctx context.Context) {
	if h.SyncIndex == nil {
		return
	}
	if err := h.SyncIndex(ctx); err != nil {
		h.Log.Warn("index sync after an action", "err", err)
	}
}

// brand is the community's brand; a failed read shows the default look
// rather than no page.
func (h *Handler) brand(ctx context.Context) models.Brand {
	b, err := h.Store.Brand(ctx)
	if err != nil {
		h.Log.Warn("brand unavailable", "err", err)
	}
	return b
}

// localizer picks the request's language: the remembered choice, else the browser's.
func (h *Handler) localizer(c *fiber.Ctx) *i18n.Localizer {
	if l, ok := c.Locals("i18n.localizer").(*i18n.Localizer); ok {
		return l
	}
	chosen := c.Cookies(LangCookie)
	if u := auth.CurrentUser(c); chosen == "" && u != nil {
		chosen = u.Locale
	}
	l := h.I18n.Localizer(h.I18n.Match(chosen, c.Get(fiber.HeaderAcceptLanguage)))
	c.Locals("i18n.localizer", l)
	return l
}

func (h *Handler) page(c *fiber.Ctx, titleKey, nav string, data any) Page {
	l := h.localizer(c)
	mode := h.databaseMode(c.UserContext())
	u := auth.CurrentUser(c)
	today := 0
	if u.IsRecruiter() && !isFragment(c) {
		today = h.todayCount(c.UserContext(), u.ID)
	}
	return Page{
		Brand:      h.brand(c.UserContext()),
		TodayCount: today,
		Title:      l.T(titleKey),
		User:       auth.CurrentUser(c),
		CSRF:       h.Sessions.CSRFToken(c),
		Flash:      h.takeFlash(c, l),
		L:          l,
		Lang:       l.Lang,
		Demo:       mode == models.ModeDemo || h.offersDemo(mode), // made-up people, or the offer of them
		Path:       string(c.Request().URI().RequestURI()),
		Nav:        nav,
		RequestID:  requestID(c),
		Data:       data,
	}
}

// isFragment tells whether htmx asked for a piece of a page. Boosted links
// and history restores need the whole page.
func isFragment(c *fiber.Ctx) bool {
	return c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" &&
		c.Get("HX-History-Restore-Request") != "true"
}

// render answers with the whole page in the layout, or with the page alone
// (or the given fragment template) when htmx asked for a fragment.
func (h *Handler) render(c *fiber.Ctx, status int, tmpl string, p Page, fragment ...string) error {
	c.Vary("HX-Request")
	c.Status(status)
	if isFragment(c) {
		if len(fragment) > 0 {
			tmpl = fragment[0]
		}
		return c.Render(tmpl, p)
	}
	return h.renderInLayout(c, tmpl, p)
}

// renderInLayout renders the page into a buffer and then the layout around
// it. gofiber/template's html engine takes an engine-wide lock for a render
// with a layout (it sets the layout's "embed" function on the shared
// template), which serialised every page; two renders without a layout
// take no lock.
func (h *Handler) renderInLayout(c *fiber.Ctx, tmpl string, p Page) error {
	var body bytes.Buffer
	if err := c.App().Config().Views.Render(&body, tmpl, p); err != nil {
		return fmt.Errorf("handlers: render %s: %w", tmpl, err)
	}
	// The engine's own output, escaped as it was written: no user data is cast.
	p.Content = template.HTML(body.String())
	return c.Render("layouts/main", p)
}

// redirect sends the browser on after a successful unsafe request: 303 for a
// plain form, HX-Redirect for htmx (a whole page load: HX-Location would ask
// for the page as a fragment and lose the layout). Targets are same-origin
// paths only.
func redirect(c *fiber.Ctx, to string) error {
	to = auth.SafeReturnPath(to)
	if c.Get("HX-Request") == "true" {
		c.Set("HX-Redirect", to)
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

// newID returns a short random id for items inside a document (milestones).
func newID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	return hex.EncodeToString(b)
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals("requestid").(string)
	return id
}
