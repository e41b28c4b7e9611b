package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/preview"
	"github.com/talentcommunity/portal/qr"
	"github.com/talentcommunity/portal/store"
)

// errReferralGone answers an unknown or disabled referral code with a
// friendly 404 that says nothing about which of the two it was.
var errReferralGone = errors.New("referral link unknown or disabled")

// maxCodeLen bounds what /r/{code} looks up; real codes are 16 characters.
const maxCodeLen = 32

// Referral is the landing page of a shared link: it counts the click (once
// per visitor per day, not for bots or the member themself), remembers the
// invitation in a cookie for a sign-up, and shows what was shared with the
// name of who shared it. It never redirects elsewhere.
func (h *Handler) Referral(c *fiber.Ctx) error {
	ctx := c.UserContext()
	l, err := h.liveReferralLink(ctx, c.Params("code"))
	if err != nil {
		return err
	}
	now := time.Now()
	visitor := auth.CurrentUser(c)
	self := visitor != nil && visitor.ID == l.ReferrerID
	// HEAD is how link checkers look; only a GET is somebody opening the link.
	if !self && c.Method() == fiber.MethodGet && !models.IsBot(c.Get(fiber.HeaderUserAgent)) {
		if _, err := h.Store.RecordReferralClick(ctx, l, h.clickID(c, l.Code, now), now); err != nil {
			return err
		}
	}
	if visitor == nil {
		if _, ok := h.referralFromCookie(c, now); !ok {
			h.setReferralCookie(c, l.Code, now)
		}
	}
	d, err := h.referralLanding(ctx, l, h.localizer(c))
	if err != nil {
		return err
	}
	d.Self = self
	p := h.page(c, "referral.title", "", d)
	p.Title = p.L.T("referral.invited", "Name", d.Referrer)
	if d.Subject != "" {
		p.Title += ": " + d.Subject
	}
	image := d.Image // an event's own cover, or the card drawn for the link
	if image == "" {
		image = h.referralURL(l.Code) + "/card.png"
	}
	p.Meta = &Meta{Description: d.Summary, URL: h.referralURL(l.Code), Image: image, Type: "website"}
	return h.render(c, fiber.StatusOK, "pages/referral", p)
}

// ReferralCard draws the link's preview image: who invites, to what.
func (h *Handler) ReferralCard(c *fiber.Ctx) error {
	l, err := h.liveReferralLink(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	loc := h.localizer(c)
	d, err := h.referralLanding(c.UserContext(), l, loc)
	if err != nil {
		return err
	}
	title := d.Subject
	if title == "" {
		title = loc.T("landing.title", "Name", h.brand(c.UserContext()).Name)
	}
	png, err := preview.Card(loc.T("referral.invited", "Name", d.Referrer), title, d.Summary, h.Cfg.BaseURL.Host)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(png)
}

// clickLimiter bounds how often one address may open referral links: a
// person clicks a few; a script guessing codes or inflating counts, many.
// The count is per portal instance, kept in memory.
func (h *Handler) clickLimiter() fiber.Handler {
	return limiter.New(limiter.Config{
		Max: 30, Expiration: time.Minute,
		KeyGenerator: func(c *fiber.Ctx) string { return c.IP() },
		LimitReached: func(c *fiber.Ctx) error { return fiber.ErrTooManyRequests },
	})
}

// liveReferralLink finds a link that is still on, or errReferralGone.
func (h *Handler) liveReferralLink(ctx context.Context, code string) (*models.ReferralLink, error) {
	if code == "" || len(code) > maxCodeLen {
		return nil, errReferralGone
	}
	l, err := h.Store.ReferralLink(ctx, code)
	if errors.Is(err, store.ErrNotFound) || err == nil && l.Disabled {
		return nil, errReferralGone
	}
	return l, err
}

type referralData struct {
	Link              *models.ReferralLink
	Referrer          string // the first name of who shared it
	Subject, Summary  string
	Image             string
	Vacancy           *models.Vacancy
	Event             *models.Event
	Self              bool // the member looks at their own link
	LinkedIn, Mail    string
	URL, QRPNG, QRSVG string
}

// referralLanding gathers what the landing page shows: who invites, and
// the vacancy or event as it is now (its current title, not the one shared).
func (h *Handler) referralLanding(ctx context.Context, l *models.ReferralLink, loc *i18n.Localizer) (referralData, error) {
	d := referralData{Link: l}
	referrer, err := h.Store.User(ctx, l.ReferrerID)
	if err != nil {
		return d, errReferralGone // the member left: the link went with them
	}
	d.Referrer = referrer.FirstName()
	switch l.TargetKind {
	case models.TargetVacancy:
		v, err := h.Store.Vacancy(ctx, l.TargetID)
		if err == nil && v.Status != models.VacancyDraft {
			d.Vacancy, d.Subject, d.Summary = v, v.Title, models.JoinNonEmpty(" · ", v.Company, v.City)
		}
	case models.TargetEvent:
		e, err := h.Store.Event(ctx, l.TargetID)
		if err == nil {
			d.Event, d.Subject, d.Summary, d.Image = e, e.Title, clipText(e.Description, 200), e.CoverURL
		}
	}
	if d.Summary == "" {
		d.Summary = clipText(loc.T("landing.lead"), 200)
	}
	return d, nil
}

// clickID names one visitor's clicks on one link on one day, without
// storing who the visitor is: a keyed hash of their address. Not of their
// browser too: changing the User-Agent would count as a new visitor, and
// one address could add a click with every request.
func (h *Handler) clickID(c *fiber.Ctx, code string, now time.Time) string {
	mac := hmac.New(sha256.New, h.Cfg.Secret)
	mac.Write([]byte("click|" + code + "|" + now.UTC().Format("2006-01-02") + "|" + c.IP()))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

func (h *Handler) referralURL(code string) string { return h.Cfg.BaseURL.String() + "/r/" + code }

// ReferralQR draws the link as a QR code, as PNG or SVG, for posters and slides.
func (h *Handler) ReferralQR(c *fiber.Ctx) error {
	format := c.Params("format")
	if format != "png" && format != "svg" { // checked before it goes into a header
		return fiber.ErrNotFound
	}
	l, err := h.liveReferralLink(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="invitation-qr.`+format+`"`)
	switch format {
	case "png":
		png, err := qr.PNG(h.referralURL(l.Code))
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "image/png")
		return c.Send(png)
	case "svg":
		svg, err := qr.SVG(h.referralURL(l.Code))
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "image/svg+xml")
		return c.SendString(svg)
	}
	return fiber.ErrNotFound
}
