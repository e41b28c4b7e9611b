package mail

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	netmail "net/mail"
	"net/url"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/vanng822/go-premailer/premailer"

	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
	"github.com/talentcommunity/portal/views"
)

// Letter is what a mail says, in the recipient's language: one layout
// renders it as HTML (styles inlined, for mail programs, with a dark
// variant) and as plain text.
type Letter struct {
	Lang, Subject string
	// Community is the brand's name, Accent its colour; Sender says who
	// sends the mail (legal name and postal address), and Privacy links
	// their privacy policy: every mail carries both, in both parts.
	Community, Accent, Sender string
	Privacy                   Link
	Greeting                  string
	Paragraphs                []string
	// Message is a person's own words, as paragraphs of lines: their line
	// breaks are kept.
	Message   [][]string
	Intro     htmltemplate.HTML // the newsletter's introduction, from Markdown
	IntroText string
	Quote     string // a recruiter's own words
	Sections  []Section
	Action    *Link // the one thing to do, as a button
	Why       string
	Footer    []Link // where to change or stop this mail
}

// Section is a list of links under a heading (a digest, the newsletter).
type Section struct {
	Heading string
	Items   []Item
}

// Item is one entry of a section.
type Item struct{ Title, URL, Meta string }

// Link is a labelled address.
type Link struct{ Label, URL string }

var (
	letterHTML = htmltemplate.Must(htmltemplate.New("letter").Parse(withAccent(inlineStyles("emails/letter.html"))))
	letterText = texttemplate.Must(texttemplate.ParseFS(views.Emails, "emails/letter.txt"))
)

// inlineStyles moves the layout's style sheet onto its elements once, when
// the portal starts (mail programs ignore most style sheets): inlining each
// mail would cost a parse of every one of 100,000 newsletters. Rules that
// cannot be inlined (the dark variant) stay in a style element.
func inlineStyles(name string) string {
	src, err := fs.ReadFile(views.Emails, name)
	if err != nil {
		panic(err)
	}
	p, err := premailer.NewPremailerFromBytes(src, premailer.NewOptions())
	if err != nil {
		panic(err)
	}
	out, err := p.Transform()
	if err != nil {
		panic(err)
	}
	return out
}

// layoutAccent is the accent the layout is drawn in; each letter paints
// it in its brand's accent instead.
const layoutAccent = "#0b5394"

// withAccent makes the inlined layout's accent the letter's own.
func withAccent(layout string) string {
	if !strings.Contains(layout, layoutAccent) {
		panic("mail: the layout has no accent to brand")
	}
	return strings.ReplaceAll(layout, layoutAccent, "{{$.Accent}}")
}

// Render gives the letter's HTML and text.
func (l Letter) Render() (html, text string, err error) {
	var h, t bytes.Buffer
	if err := letterHTML.Execute(&h, l); err != nil {
		return "", "", fmt.Errorf("mail: render html: %w", err)
	}
	if err := letterText.Execute(&t, l); err != nil {
		return "", "", fmt.Errorf("mail: render text: %w", err)
	}
	return h.String(), strings.TrimSpace(t.String()) + "\n", nil
}

// Composer writes the portal's mails, each in its recipient's language.
type Composer struct {
	Store   *store.Store
	Index   search.Index // what the newsletter chooses from
	Bundle  *i18n.Bundle
	BaseURL string // links in mail are absolute
	Secret  []byte // signs unsubscribe links

	cache contentCache
}

// letter starts a letter to a member in their language, in the brand.
func (c *Composer) letter(ctx context.Context, u *models.User) (Letter, *i18n.Localizer, error) {
	l := c.Bundle.Localizer(c.Bundle.Match(u.Locale, ""))
	b, err := c.Store.Brand(ctx)
	if err != nil {
		return Letter{}, nil, err
	}
	privacy := cmp.Or(b.PrivacyURL, c.BaseURL+"/privacy")
	return Letter{Lang: l.Lang, Community: b.Name, Accent: b.Accent, Sender: b.Sender(),
		Privacy:  Link{Label: l.T("footer.privacy_policy"), URL: privacy},
		Greeting: l.T("mail.greeting", "Name", u.FirstName())}, l, nil
}

// UnsubscribeURL is the signed link that stops a topic for a member.
func (c *Composer) UnsubscribeURL(userID string, topic models.MailTopic) string {
	return c.BaseURL + "/u/" + models.UnsubscribeToken(c.Secret, userID, topic)
}

// finish renders the letter into m, with the footer and headers its class
// needs: nurture mail and the newsletter carry a one-click unsubscribe
// (RFC 8058); transactional mail links to the contact settings.
func (c *Composer) finish(m *models.Mail, u *models.User, letter Letter, l *i18n.Localizer) error {
	settings := Link{Label: l.T("mail.settings"), URL: c.BaseURL + "/profile?edit=contact#profile-contact"}
	if m.Topic != "" {
		unsubscribe := c.UnsubscribeURL(u.ID, m.Topic)
		letter.Footer = append(letter.Footer, Link{Label: l.T("mail.unsubscribe." + string(m.Topic)), URL: unsubscribe})
		if m.Headers == nil {
			m.Headers = map[string]string{}
		}
		m.Headers["List-Unsubscribe"] = "<" + unsubscribe + ">"
		m.Headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
	}
	letter.Footer = append(letter.Footer, settings)
	if m.Purpose == models.PurposeNewsletterEdition && m.Note != nil {
		// The one-click unsubscribe also counts for the edition it came with.
		m.Headers["List-Unsubscribe"] = "<" + c.UnsubscribeURL(u.ID, m.Topic) + "?e=" + url.QueryEscape(models.EditionTag(c.Secret, u.ID, m.Note.ID)) + ">"
	}
	html, text, err := letter.Render()
	if err != nil {
		return err
	}
	m.To, m.Subject, m.HTML, m.Text = u.Email, letter.Subject, html, text
	if m.FromName == "" {
		m.FromName = letter.Community
	}
	return nil
}

// ErrNothingToSay is a digest that found nothing to tell.
var ErrNothingToSay = errors.New("mail: nothing to say")

// Notification writes the mail that tells a member of a notification, as
// it goes at now: in their language then, to their address then.
func (c *Composer) Notification(ctx context.Context, m *models.Mail, u *models.User, now time.Time) error {
	n := m.Note
	letter, l, err := c.letter(ctx, u)
	if err != nil {
		return err
	}
	switch n.Kind {
	case models.KindEventReminder, models.KindEventPromoted, models.KindEventCancelled:
		letter.Subject = l.T("mail."+n.Kind+".subject", "Title", n.Title)
		letter.Paragraphs = []string{l.T("mail."+n.Kind+".body", "Title", n.Title)}
		e, err := c.Store.Event(ctx, n.EventID)
		switch {
		case err == nil:
			letter.Paragraphs = append(letter.Paragraphs, l.T("mail.event.when", "When", eventWhen(l, e)))
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		letter.Action = &Link{Label: l.T("mail.event.open"), URL: c.BaseURL + "/events/" + n.EventID}
		letter.Why = l.T("mail.why.event", "Title", n.Title)
	case models.KindVacancyShared:
		letter.Subject = l.T("mail.vacancy_shared.subject", "Name", n.FromName, "Title", n.Title)
		letter.Paragraphs = []string{l.T("mail.vacancy_shared.body", "Name", n.FromName, "Title", n.Title)}
		letter.Action = &Link{Label: l.T("mail.vacancy.open"), URL: c.BaseURL + "/vacancies/" + n.VacancyID}
		letter.Why = l.T("mail.why.recruiters")
	case models.KindVacancyAlert:
		letter.Subject = l.T("mail.vacancy_alert.subject", "Title", n.Title)
		letter.Paragraphs = []string{l.T("mail.vacancy_alert.body", "Title", n.Title)}
		letter.Action = &Link{Label: l.T("mail.vacancy.open"), URL: c.BaseURL + "/vacancies/" + n.VacancyID}
		letter.Why = l.T("mail.why.alerts")
	case models.KindAlertDigest:
		items, err := c.weeksAlerts(ctx, u.ID, now)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return ErrNothingToSay
		}
		letter.Subject = l.N("mail.alert_digest.subject", len(items))
		letter.Paragraphs = []string{l.T("mail.alert_digest.body")}
		letter.Sections = []Section{{Items: items}}
		letter.Action = &Link{Label: l.T("mail.foryou.open"), URL: c.BaseURL + "/"}
		letter.Why = l.T("mail.why.alert_digest")
	case models.PurposeNewsletterConfirm:
		letter.Subject = l.T("mail.newsletter_confirm.subject")
		letter.Paragraphs = []string{l.T("mail.newsletter_confirm.body")}
		letter.Action = &Link{Label: l.T("mail.newsletter_confirm.button"),
			URL: c.BaseURL + "/newsletter/confirm/" + models.UnsubscribeToken(c.Secret, u.ID, models.ConfirmTopic)}
		letter.Why = l.T("mail.why.newsletter_confirm")
	case models.PurposeNewsletterEdition:
		ed, err := c.Store.Edition(ctx, n.ID)
		if err != nil {
			return err
		}
		return c.Edition(ctx, m, ed, u, now)
	case models.KindMessage:
		// The recruiter's own words, from them by name, under their subject:
		// their message greets the member, so the letter does not.
		letter.Subject = cmp.Or(n.Subject, l.T("mail.message.subject", "Name", n.FromName, "Title", n.Title))
		letter.Greeting, letter.Message = "", models.Paragraphs(n.Body)
		m.FromName = l.T("mail.from_person", "Name", n.FromName, "Community", letter.Community)
		if err := c.replyToWriter(ctx, m, n.FromID); err != nil {
			return err
		}
		letter.Why = l.T("mail.why.message", "Name", n.FromName, "Community", letter.Community)
	case models.KindReferralSignUp, models.KindReferralConverted, models.KindReferralHired:
		target := n.Title
		if target == "" {
			target = l.T("referrals.target.community")
		}
		letter.Subject = l.T("mail." + n.Kind + ".subject")
		letter.Paragraphs = []string{l.T("notifications."+n.Kind) + " " + target + "."}
		letter.Action = &Link{Label: l.T("mail.referrals.open"), URL: c.BaseURL + "/referrals"}
		letter.Why = l.T("mail.why.referrals")
	case models.KindTodayDigest:
		letter.Subject = n.Title
		letter.Paragraphs = []string{n.Title}
		letter.Action = &Link{Label: l.T("mail.today.open"), URL: c.BaseURL + "/recruit"}
		letter.Why = l.T("mail.why.today")
	default:
		return fmt.Errorf("mail: no mail for a %q notification", n.Kind)
	}
	return c.finish(m, u, letter, l)
}

// GuestInvitation writes the invitation to join for a walk-in at an event's
// door, in the language chosen there, with the link that adds the visit
// to the profile they make. It goes to their address, once (its key names
// the event and the address); they are no member, so it needs no policy.
func (c *Composer) GuestInvitation(ctx context.Context, e *models.Event, g models.Guest) (models.Mail, error) {
	letter, l, err := c.letter(ctx, &models.User{Name: g.Name, Locale: g.Lang})
	if err != nil {
		return models.Mail{}, err
	}
	join := c.BaseURL + "/join?" + url.Values{"next": {"/events/" + e.ID + "?guest=" + models.GuestToken(c.Secret, e.ID, g.Email)}}.Encode()
	letter.Subject = l.T("mail.guest.subject", "Community", letter.Community)
	letter.Paragraphs = []string{l.T("mail.guest.thanks", "Title", e.Title), l.T("mail.guest.why", "Community", letter.Community)}
	letter.Action = &Link{Label: l.T("mail.guest.join", "Community", letter.Community), URL: join}
	letter.Why = l.T("mail.why.guest", "Title", e.Title, "Days", int(models.GuestKeep.Hours()/24))
	html, text, err := letter.Render()
	if err != nil {
		return models.Mail{}, err
	}
	return models.Mail{ID: models.GuestInvitationKey(e.ID, g.Email), Purpose: models.PurposeGuestInvitation,
		Class: models.MailTransactional, To: g.Email, Subject: letter.Subject, FromName: letter.Community,
		HTML: html, Text: text}, nil
}

// replyToWriter sends a reply to a recruiter's message to them, not to the
// community's address nobody reads.
func (c *Composer) replyToWriter(ctx context.Context, m *models.Mail, writerID string) error {
	w, err := c.Store.User(ctx, writerID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // they left: replies go to the community
	}
	if err != nil {
		return err
	}
	if m.Headers == nil {
		m.Headers = map[string]string{}
	}
	m.Headers["Reply-To"] = (&netmail.Address{Name: w.Name, Address: w.Email}).String()
	return nil
}

// QueueNewsletterConfirm queues the mail that confirms the newsletter (one a
// day at most, however often the member says yes).
func (c *Composer) QueueNewsletterConfirm(ctx context.Context, u *models.User, now time.Time) error {
	n := models.Notification{ID: now.UTC().Format(time.DateOnly), UserID: u.ID, Kind: models.PurposeNewsletterConfirm, CreatedAt: now}
	_, err := c.Store.QueueMail(ctx, models.Mail{ID: models.MailKey(n.Kind, n.ID, u.ID), Purpose: n.Kind, Class: models.MailConfirmation,
		UserID: u.ID, To: u.Email, Subject: n.Kind, Note: &n, CreatedAt: now})
	return err
}

// weeksAlerts lists the vacancy alerts of the last week in the member's
// inbox (one read by _id).
func (c *Composer) weeksAlerts(ctx context.Context, userID string, now time.Time) ([]Item, error) {
	notes, err := c.Store.Notifications(ctx, userID, 100)
	if err != nil {
		return nil, err
	}
	var items []Item
	for _, n := range notes {
		if n.Kind == models.KindVacancyAlert && n.CreatedAt.After(now.AddDate(0, 0, -7)) {
			items = append(items, Item{Title: n.Title, URL: c.BaseURL + "/vacancies/" + n.VacancyID})
		}
	}
	return items, nil
}

// eventWhen says when and where an event is, in its own time zone.
func eventWhen(l *i18n.Localizer, e *models.Event) string {
	when := l.When(e.StartsAt, e.EndsAt, e.Location()) + " (" + i18n.Zone(e.StartsAt, e.Location()) + ")"
	if e.Online {
		return when + ", " + l.T("mail.event.online")
	}
	if where := strings.Trim(e.Venue+", "+e.City, ", "); where != "" {
		return when + ", " + where
	}
	return when
}
