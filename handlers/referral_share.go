package handlers

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// ShareLink creates (or finds) the member's link to the community, a
// vacancy or an event and shows the ways to share it.
func (h *Handler) ShareLink(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u := auth.CurrentUser(c)
	kind, id := c.FormValue("kind"), c.FormValue("id")
	title := ""
	switch kind {
	case models.TargetCommunity:
		id = ""
	case models.TargetVacancy:
		v, err := h.Store.Vacancy(ctx, id)
		if err != nil {
			return err
		}
		if !v.Open() {
			return fiber.ErrNotFound
		}
		title = v.Title
	case models.TargetEvent:
		e, err := h.Store.Event(ctx, id)
		if err != nil {
			return err
		}
		if e.Cancelled() {
			return fiber.ErrNotFound
		}
		title = e.Title
	default:
		return fiber.ErrBadRequest
	}
	l, created, err := h.Store.ReferralLinkFor(ctx, u.ID, kind, id, title, time.Now())
	if errors.Is(err, store.ErrTooManyLinks) {
		return fiber.ErrTooManyRequests
	}
	if err != nil {
		return err
	}
	if created {
		h.Log.Info("referral link created", "request_id", requestID(c), "kind", kind)
	}
	if !isFragment(c) {
		return redirect(c, "/referrals/"+l.Code)
	}
	return h.renderShare(c, l)
}

// ShareLinkPage shows one of the member's own links with the ways to share it.
func (h *Handler) ShareLinkPage(c *fiber.Ctx) error {
	l, err := h.Store.ReferralLink(c.UserContext(), c.Params("code"))
	if err != nil || l.ReferrerID != auth.CurrentUser(c).ID {
		return fiber.ErrNotFound
	}
	return h.renderShare(c, l)
}

func (h *Handler) renderShare(c *fiber.Ctx, l *models.ReferralLink) error {
	d := h.shareData(c, l)
	p := h.page(c, "referrals.share.title", "referrals", d)
	return h.render(c, fiber.StatusOK, "pages/share", p, "partials/share_panel")
}

// shareData is everything the share panel offers for one link.
func (h *Handler) shareData(c *fiber.Ctx, l *models.ReferralLink) referralData {
	l10n := h.localizer(c)
	link := h.referralURL(l.Code)
	subject := l10n.T("referrals.mail.subject")
	if l.TargetTitle != "" {
		subject = l.TargetTitle
	}
	mail := url.Values{"subject": {subject}, "body": {l10n.T("referrals.mail.body") + "\n\n" + link}}
	return referralData{Link: l, Subject: l.TargetTitle, URL: link,
		LinkedIn: "https://www.linkedin.com/sharing/share-offsite/?" + url.Values{"url": {link}}.Encode(),
		Mail:     "mailto:?" + strings.ReplaceAll(mail.Encode(), "+", "%20"),
		QRPNG:    "/r/" + l.Code + "/qr.png", QRSVG: "/r/" + l.Code + "/qr.svg"}
}
