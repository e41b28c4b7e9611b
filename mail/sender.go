// Package mail sends what the outbox holds over SMTP: in batches, at a
// limited rate, each mail once. The outbox itself (what is queued, sent or
// given up) is in the store; composing mail is the callers' business.
package mail

import (
	"cmp"
	"context"
	"crypto"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	netmail "net/mail"
	"net/url"
	"strconv"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// Sender sends the mails that are due. It runs as a scheduled job under a
// lease (one instance sends at a time), and every mail is also claimed on
// its own, so instances whose runs overlap still send it once.
type Sender struct {
	Store *store.Store
	// SMTP is the server: smtp://user:pass@host:587 (STARTTLS, required
	// unless ?starttls=off, for a local catcher) or smtps://host:465.
	SMTP *url.URL
	From string // "Talent Community <community@example.com>"
	// Batch is how many mails one run sends over one connection.
	Batch int
	// PerSecond limits the sending rate (0: no limit).
	PerSecond float64
	// Connections is how many connections send side by side (at least one).
	Connections int
	// Composer writes the mails that tell of a notification, as they go.
	Composer *Composer
	// DKIMKey, when set, signs every mail for From's domain, under
	// DKIMSelector (see config.DKIMKey).
	DKIMKey      crypto.Signer
	DKIMSelector string
	Log          *slog.Logger
}

// dkimHeaders are the headers a DKIM signature covers: those RFC 6376
// (section 5.4.1) recommends that our mails carry, and the unsubscribe
// headers, which mailbox providers honour only when signed (RFC 8058,
// section 4). The list must stay a tag of at most 75 characters: go-mail
// v0.8.1 folds a longer one inside a header name, and a relaxed verifier
// then reads a space there (TestSenderSignsWithDKIM verifies).
var dkimHeaders = []string{"From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post"}

// sentHook runs after each mail is recorded as sent; tests kill the
// process there.
var sentHook = func(key string) {}

// SendDue sends the mails whose turn came by now, and says how many it sent.
// A refused connection leaves them queued for the next run; a temporary
// refusal of one mail (4xx, a broken connection) tries it again later; a
// permanent one (5xx) gives it up and marks the address undeliverable.
//
// The one window in which a mail can go twice: the server accepted it, and
// the process died before the outbox recorded that (one write to the
// store, well under a millisecond). The mail is then sent again after its
// claim runs out, with the same Message-ID, which receiving systems use to
// drop the duplicate.
func (s *Sender) SendDue(ctx context.Context, now time.Time) (int, error) {
	due, err := s.Store.ClaimDueMail(ctx, now, s.Batch)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	// Connections work side by side (a round trip to the store and one to
	// the server per mail leave one connection mostly waiting), each at its
	// share of the rate. A member's mails go over one of them, in order, so
	// the cap sees the one sent before.
	workers := min(max(s.Connections, 1), len(due))
	shares := make([][]models.Mail, workers)
	for _, m := range due {
		h := fnv.New32a()
		h.Write([]byte(m.UserID + m.To))
		w := int(h.Sum32() % uint32(workers))
		shares[w] = append(shares[w], m)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
		first error
	)
	editions := editionFigures{}
	for _, share := range shares {
		if len(share) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			figures := editionFigures{}
			sent, err := s.send(ctx, share, now, float64(workers), figures)
			mu.Lock()
			defer mu.Unlock()
			total += sent
			if err != nil && first == nil {
				first = err
			}
			editions.merge(figures)
		}()
	}
	wg.Wait()
	s.countEditions(ctx, editions)
	return total, first
}

// send sends mails over one connection at its share of the rate.
func (s *Sender) send(ctx context.Context, due []models.Mail, now time.Time, shares float64, editions editionFigures) (int, error) {
	client, err := Client(s.SMTP)
	if err != nil {
		return 0, err
	}
	if err := client.DialWithContext(ctx); err != nil {
		return 0, fmt.Errorf("mail: connect to %s: %w", s.SMTP.Host, err)
	}
	defer client.Close()
	domain := models.MailDomain(s.From)
	var dkim *gomail.DKIMSigner // one per connection: it settles its algorithm on first use
	if s.DKIMKey != nil {
		dkim = gomail.NewDKIMSigner(domain, s.DKIMSelector, s.DKIMKey)
		dkim.SignHeaders(dkimHeaders...)
	}
	var gap time.Duration
	if s.PerSecond > 0 {
		gap = time.Duration(float64(time.Second) * shares / s.PerSecond)
	}
	sent := 0
	next := time.Now()
	for _, m := range due {
		if wait := time.Until(next); wait > 0 {
			select {
			case <-ctx.Done():
				return sent, ctx.Err()
			case <-time.After(wait):
			}
		}
		goes, skipped, err := s.prepare(ctx, &m, now)
		if err != nil {
			return sent, err
		}
		if skipped != "" {
			editions.add(m, "stats.skipped."+skipped)
		}
		if !goes {
			continue
		}
		next = time.Now().Add(gap)
		msg, err := message(m, s.From, domain, dkim)
		if err != nil {
			if _, err := s.Store.MailFailed(ctx, m, err.Error(), true, time.Now()); err != nil {
				return sent, err
			}
			editions.add(m, "stats.failed")
			continue
		}
		err = client.Send(msg)
		if err == nil {
			if err := s.Store.MailSent(ctx, m.ID, time.Now()); err != nil {
				return sent, err
			}
			if m.Class == models.MailNurture {
				if err := s.Store.NurtureMailSent(ctx, m.UserID, now); err != nil {
					return sent, err
				}
			}
			editions.add(m, "stats.sent")
			sent++
			sentHook(m.ID)
			continue
		}
		permanent := isPermanent(err)
		s.Log.Warn("mail not sent", "mail", m.ID, "permanent", permanent, "err", err)
		gaveUp, err := s.Store.MailFailed(ctx, m, err.Error(), permanent, time.Now())
		if err != nil {
			return sent, err
		}
		if gaveUp {
			editions.add(m, "stats.failed")
		}
	}
	return sent, nil
}

// editionFigures adds up, per edition, what one batch did with its mails.
type editionFigures map[string]map[string]int

func (f editionFigures) merge(other editionFigures) {
	for id, inc := range other {
		if f[id] == nil {
			f[id] = map[string]int{}
		}
		for field, n := range inc {
			f[id][field] += n
		}
	}
}

func (f editionFigures) add(m models.Mail, field string) {
	if m.Purpose != models.PurposeNewsletterEdition || m.Note == nil {
		return
	}
	if f[m.Note.ID] == nil {
		f[m.Note.ID] = map[string]int{}
	}
	f[m.Note.ID][field]++
}

// countEditions writes a batch's figures, one write per edition.
func (s *Sender) countEditions(ctx context.Context, f editionFigures) {
	for id, inc := range f {
		if err := s.Store.CountEdition(ctx, id, inc); err != nil {
			s.Log.Warn("edition figures not counted", "edition", id, "err", err)
		}
	}
}

// prepare applies the recipient's contact policy as it is now to a mail
// (it holds the mail, skips it, or lets it go), and writes the mail if it
// tells of a notification or is an edition. It reports whether the mail
// goes now, and the reason when it is skipped for good.
func (s *Sender) prepare(ctx context.Context, m *models.Mail, now time.Time) (goes bool, skipped string, err error) {
	if m.UserID == "" {
		return true, "", nil // to an address, not a member (a test to oneself)
	}
	u, err := s.Store.User(ctx, m.UserID)
	if errors.Is(err, store.ErrNotFound) {
		u = nil
	} else if err != nil {
		return false, "", err
	}
	verdict := models.DecideMail(u, m.Class, m.Topic, m.CreatedAt, now)
	if verdict.Skip == "" {
		// Its own time first (then the policy again).
		if morning := m.LocalMorning(u.Zone()); morning.After(now) {
			verdict.Hold = morning
		}
		if m.NotBefore.After(now) {
			verdict.Hold = m.NotBefore
		}
	}
	switch {
	case verdict.Skip != "":
		return false, verdict.Skip, s.Store.SkipMail(ctx, m.ID, verdict.Skip)
	case !verdict.Hold.IsZero():
		return false, "", s.Store.HoldMail(ctx, m.ID, verdict.Hold)
	}
	m.To = u.Email
	if m.Note != nil {
		err := s.Composer.Notification(ctx, m, u, now)
		if errors.Is(err, ErrNothingToSay) || errors.Is(err, store.ErrNotFound) { // a digest with no news; an edition deleted
			return false, models.SkipNothing, s.Store.SkipMail(ctx, m.ID, models.SkipNothing)
		}
		if err != nil {
			return false, "", err
		}
	}
	return true, "", nil
}

// isPermanent tells a refusal for good (5xx) from one worth retrying.
func isPermanent(err error) bool {
	var se *gomail.SendError
	if errors.As(err, &se) {
		return !se.IsTemp()
	}
	return false
}

// message builds the mail as it goes out: both parts, the headers, a
// Message-ID derived from the mail's key, and a DKIM signature when a
// signer is given.
func message(m models.Mail, from, domain string, dkim *gomail.DKIMSigner) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if dkim != nil {
		msg.SetDKIM(dkim)
	}
	if err := msg.From(FromHeader(from, m.FromName)); err != nil {
		return nil, fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(models.MessageID(m.ID, domain))
	msg.SetDate()
	for name, value := range m.Headers {
		msg.SetGenHeader(gomail.Header(name), value)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// FromHeader is the configured sender's address under the mail's sender
// name, when it has one.
func FromHeader(configured, name string) string {
	a, err := netmail.ParseAddress(configured)
	if err != nil || name == "" {
		return configured
	}
	return (&netmail.Address{Name: name, Address: a.Address}).String()
}

// Client makes an SMTP client for a server address (see Sender.SMTP).
func Client(u *url.URL) (*gomail.Client, error) {
	port, _ := strconv.Atoi(u.Port())
	opts := []gomail.Option{gomail.WithTimeout(15 * time.Second)}
	switch {
	case u.Scheme == "smtps":
		opts = append(opts, gomail.WithSSL(), gomail.WithPort(cmp.Or(port, 465)))
	case u.Query().Get("starttls") == "off":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS), gomail.WithPort(cmp.Or(port, 25)))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory), gomail.WithPort(cmp.Or(port, 587)))
	}
	if user := u.User.Username(); user != "" {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(user), gomail.WithPassword(pass))
	}
	c, err := gomail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: client: %w", err)
	}
	return c, nil
}
