package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/models"
)

// referralCookie keeps the first referral link a visitor followed, for 30
// days, so that signing in later still credits the member who invited them.
// It is first-party, holds the link's code, the time of the click and a
// signature, and nothing else (see the README).
const (
	referralCookie = "portal_ref"
	referralMaxAge = 30 * 24 * time.Hour
)

// referralSignature binds a cookie's code to the time of its click, so
// neither can be changed or the cookie kept alive past 30 days.
func (h *Handler) referralSignature(code string, at int64) string {
	mac := hmac.New(sha256.New, h.Cfg.Secret)
	mac.Write([]byte("referral|" + code + "|" + strconv.FormatInt(at, 10)))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}

func (h *Handler) setReferralCookie(c *fiber.Ctx, code string, now time.Time) {
	at := now.Unix()
	c.Cookie(&fiber.Cookie{
		Name: referralCookie, Value: code + "." + strconv.FormatInt(at, 10) + "." + h.referralSignature(code, at),
		Path: "/", MaxAge: int(referralMaxAge.Seconds()), HTTPOnly: true, Secure: h.Cfg.SecureCookies(),
		SameSite: fiber.CookieSameSiteLaxMode,
	})
}

// referralFromCookie returns the code of the invitation the visitor
// followed, if the cookie is ours and younger than 30 days.
func (h *Handler) referralFromCookie(c *fiber.Ctx, now time.Time) (string, bool) {
	return h.parseReferralCookie(c.Cookies(referralCookie), now)
}

func (h *Handler) parseReferralCookie(value string, now time.Time) (string, bool) {
	parts := strings.Split(value, ".")
	if len(parts) != 3 {
		return "", false
	}
	at, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !hmac.Equal([]byte(parts[2]), []byte(h.referralSignature(parts[0], at))) {
		return "", false
	}
	if clicked := time.Unix(at, 0); now.Sub(clicked) > referralMaxAge || clicked.After(now.Add(time.Minute)) {
		return "", false
	}
	return parts[0], true
}

// attributeSignUp credits a new member to the link they followed before
// signing in for the first time: first touch wins, their own link does not
// count, and an existing member is never credited again. The referrer gets
// a thank-you.
func (h *Handler) attributeSignUp(c *fiber.Ctx, u *models.User) {
	now := time.Now()
	code, ok := h.referralFromCookie(c, now)
	if !ok {
		return
	}
	c.ClearCookie(referralCookie)
	if u.SignInCount != 1 {
		return // an existing member
	}
	ctx := c.UserContext()
	l, err := h.liveReferralLink(ctx, code)
	if err != nil || l.ReferrerID == u.ID {
		return
	}
	by := models.ReferredBy{Code: l.Code, TargetKind: l.TargetKind, TargetID: l.TargetID, At: now}
	if credited, err := h.Store.AttributeSignUp(ctx, u.ID, by); err != nil || !credited {
		h.logReferralError(c, err)
		return
	}
	u.ReferredBy = &by
	h.convert(c, l, u.ID, models.ConversionSignUp)
	if referrer, err := h.Store.User(ctx, l.ReferrerID); err == nil {
		h.touch(c, models.Touchpoint{ID: models.TouchpointID(models.KindSignedUp, u.ID, ""), CandidateID: u.ID,
			Kind: models.KindSignedUp, Title: referrer.Name, At: now})
		h.touch(c, models.Touchpoint{ID: models.TouchpointID(models.KindReferralSignUp, referrer.ID, u.ID), CandidateID: referrer.ID,
			Kind: models.KindReferralSignUp, Title: u.Name, At: now})
	}
}

// convertReferral records that a referred member did what they were invited
// for: joined that event, or said they are interested in that vacancy.
func (h *Handler) convertReferral(c *fiber.Ctx, u *models.User, targetKind, targetID, kind string) {
	if !models.Converts(u, targetKind, targetID) {
		return
	}
	l, err := h.Store.ReferralLink(c.UserContext(), u.ReferredBy.Code)
	if err != nil {
		return // the referrer left, and their link with them
	}
	h.convert(c, l, u.ID, kind)
}

// convert records a conversion once and thanks the referrer. Referral
// bookkeeping never fails the member's own action: errors are logged.
func (h *Handler) convert(c *fiber.Ctx, l *models.ReferralLink, referredID, kind string) {
	ctx := c.UserContext()
	now := time.Now()
	isNew, err := h.Store.RecordConversion(ctx, models.NewConversion(l, referredID, kind, now))
	if err != nil || !isNew {
		h.logReferralError(c, err)
		return
	}
	notice := models.ConversionNotice(kind)
	n := models.Notification{ID: notice + "|" + l.Code + "|" + referredID, UserID: l.ReferrerID, Kind: notice,
		Title: l.TargetTitle, CreatedAt: now}
	if _, err := h.Store.Notify(ctx, n); err != nil {
		h.logReferralError(c, err)
	}
	h.Log.Info("referral converted", "request_id", requestID(c), "code", l.Code, "kind", kind)
}

func (h *Handler) logReferralError(c *fiber.Ctx, err error) {
	if err != nil {
		h.Log.Warn("referral bookkeeping failed", "request_id", requestID(c), "err", err)
	}
}
