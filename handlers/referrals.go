package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/preview"
	"github.com/talentcommunity/portal/qr"
	"github.com/talentcommunity/portal/store"
)

// errReferralGone answers an unknown or disabled referral code with a
// friendly 404 that says nothing about which of the two it was.
var errReferralGone = errors.New("referral link unknown or disabled")

// referralCookie keeps the first referral link a visitor followed, for 30
// days, so that signing in later still credits the member who invited them.
// It is first-party, holds the link's code, the time of the click and a
// signature, and nothing else (see the README).
const (
	referralCookie = "portal_ref"
	referralMaxAge = 30 * 24 * time.Hour
)

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
	d, err := h.referralLanding(ctx, l)
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
	d, err := h.referralLanding(c.UserContext(), l)
	if err != nil {
		return err
	}
	loc := h.localizer(c)
	title := d.Subject
	if title == "" {
		title = loc.T("landing.title")
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
func (h *Handler) referralLanding(ctx context.Context, l *models.ReferralLink) (referralData, error) {
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
			d.Vacancy, d.Subject, d.Summary = v, v.Title, strings.Join(nonEmptyStrings(v.Company, v.City), " · ")
		}
	case models.TargetEvent:
		e, err := h.Store.Event(ctx, l.TargetID)
		if err == nil {
			d.Event, d.Subject, d.Summary, d.Image = e, e.Title, clipText(e.Description, 200), e.CoverURL
		}
	}
	if d.Summary == "" {
		d.Summary = clipText(h.I18n.Localizer("en").T("landing.lead"), 200)
	}
	return d, nil
}

func nonEmptyStrings(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// clickID names one visitor's clicks on one link on one day, without
// storing who the visitor is: a keyed hash of their address and browser.
func (h *Handler) clickID(c *fiber.Ctx, code string, now time.Time) string {
	mac := hmac.New(sha256.New, h.Cfg.Secret)
	mac.Write([]byte("click|" + code + "|" + now.UTC().Format("2006-01-02") + "|" + c.IP() + "|" + c.Get(fiber.HeaderUserAgent)))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

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
	parts := strings.Split(c.Cookies(referralCookie), ".")
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
	notice := map[string]string{models.ConversionSignUp: models.KindReferralSignUp, models.ConversionHire: models.KindReferralHired}[kind]
	if notice == "" {
		notice = models.KindReferralConverted
	}
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

func (h *Handler) referralURL(code string) string { return h.Cfg.BaseURL.String() + "/r/" + code }

// ReferralQR draws the link as a QR code, as PNG or SVG, for posters and slides.
func (h *Handler) ReferralQR(c *fiber.Ctx) error {
	l, err := h.liveReferralLink(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="invitation-qr.`+c.Params("format")+`"`)
	switch c.Params("format") {
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

// myReferralsData is a member's links with what each led to.
type myReferralsData struct {
	Links         []models.ReferralLink
	Totals        models.ReferralCounts
	OnLeaderboard bool
}

// MyReferrals shows the member's links: clicks, sign-ups, event joins,
// interests and hires per link, and their leaderboard choice.
func (h *Handler) MyReferrals(c *fiber.Ctx) error {
	u := auth.CurrentUser(c)
	links, err := h.Store.ReferralLinksOf(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	d := myReferralsData{Links: links, Totals: sumLinks(links), OnLeaderboard: u.OnLeaderboard}
	return h.render(c, fiber.StatusOK, "pages/referrals", h.page(c, "referrals.title", "referrals", d))
}

func sumLinks(links []models.ReferralLink) models.ReferralCounts {
	var t models.ReferralCounts
	for _, l := range links {
		t.Add(l.ReferralCounts)
	}
	return t
}

// SetReferralLinkDisabled turns one of the member's links off (or on again).
func (h *Handler) SetReferralLinkDisabled(c *fiber.Ctx) error {
	disabled := c.FormValue("disabled") == "true"
	if err := h.Store.SetReferralLinkDisabled(c.UserContext(), c.Params("code"), auth.CurrentUser(c).ID, disabled); err != nil {
		return err
	}
	h.setFlash(c, map[bool]string{true: "flash.link_disabled", false: "flash.link_enabled"}[disabled])
	return redirect(c, "/referrals")
}

// SetLeaderboard records whether the member appears on the public leaderboard.
func (h *Handler) SetLeaderboard(c *fiber.Ctx) error {
	if err := h.Store.SetOnLeaderboard(c.UserContext(), auth.CurrentUser(c).ID, c.FormValue("on") == "true"); err != nil {
		return err
	}
	h.setFlash(c, "flash.leaderboard_saved")
	return redirect(c, "/referrals")
}

// referrerRow is one member's referrals added up.
type referrerRow struct {
	User   *models.User
	Totals models.ReferralCounts
	Links  int
}

// rankReferrers adds up each member's links and orders them by what their
// referrals led to.
func (h *Handler) rankReferrers(ctx context.Context, links []models.ReferralLink, onlyOptedIn bool, limit int) ([]referrerRow, error) {
	byReferrer := map[string]*referrerRow{}
	var ids []string
	for _, l := range links {
		r, ok := byReferrer[l.ReferrerID]
		if !ok {
			r = &referrerRow{}
			byReferrer[l.ReferrerID] = r
			ids = append(ids, l.ReferrerID)
		}
		r.Links++
		r.Totals.Add(l.ReferralCounts)
	}
	users, err := h.Store.UsersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var rows []referrerRow
	for i := range users {
		u := &users[i]
		r := byReferrer[u.ID]
		if r.Totals.Score() == 0 || onlyOptedIn && !u.OnLeaderboard {
			continue
		}
		r.User = u
		rows = append(rows, *r)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if a, b := rows[i].Totals.Score(), rows[j].Totals.Score(); a != b {
			return a > b
		}
		return rows[i].User.Name < rows[j].User.Name
	})
	return rows[:min(limit, len(rows))], nil
}

// Leaderboard is the public list of the members who brought the most people
// in, showing only those who chose to appear on it.
func (h *Handler) Leaderboard(c *fiber.Ctx) error {
	links, err := h.Store.ReferralLinks(c.UserContext())
	if err != nil {
		return err
	}
	rows, err := h.rankReferrers(c.UserContext(), links, true, 20)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "pages/leaderboard", h.page(c, "leaderboard.title", "referrals", rows))
}
