package mail_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-msgauth/dkim"
	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/mail"
	"github.com/talentcommunity/portal/mailtest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func sender(s *store.Store, smtp *mailtest.Server) *mail.Sender {
	return &mail.Sender{Store: s, SMTP: smtp.URL, From: "Talent Community <community@portal.example>", Batch: 50, Log: quiet}
}

func letter(to, userID string) models.Mail {
	return models.Mail{ID: models.MailKey("test", "hello", to), Purpose: "test", Class: models.MailTransactional, UserID: userID, To: to,
		Subject: "Hello " + to, Text: "Hello in text", HTML: "<p>Hello in <b>HTML</b></p>",
		Headers: map[string]string{"List-Unsubscribe": "<https://portal.example/u/x>"}}
}

// Mail goes out once, with both parts and its headers, even when it is
// queued twice and two senders run at once; a temporary refusal is tried
// again later, a permanent one gives up and marks the address.
func TestSenderSendsOnceRetriesAndGivesUp(t *testing.T) {
	s := apptest.OpenStore(t)
	ctx := context.Background()
	smtp := mailtest.Start(t)
	if err := s.SaveUser(ctx, models.User{ID: "gone", Name: "Gone", Email: "gone@example.com", Contact: models.ContactPreferences{Channels: []string{"email"}}}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []models.Mail{letter("ann@example.com", ""), letter("bob@example.com", ""), letter("gone@example.com", "gone"), letter("ann@example.com", "")} {
		if _, err := s.QueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 20; i++ { // more to send at once, for the two senders
		if _, err := s.QueueMail(ctx, letter(fmt.Sprintf("m%02d@example.com", i), "")); err != nil {
			t.Fatal(err)
		}
	}
	smtp.Refuse("bob@example.com", 451)
	smtp.Refuse("gone@example.com", 550)

	now := time.Now()
	var wg sync.WaitGroup
	for range 2 { // two instances whose runs overlap
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := sender(s, smtp).SendDue(ctx, now); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for i := 0; i < 20; i++ {
		if n := len(smtp.To(fmt.Sprintf("m%02d@example.com", i))); n != 1 {
			t.Errorf("m%02d got %d mails", i, n)
		}
	}
	ann := smtp.To("ann@example.com")
	if len(ann) != 1 {
		t.Fatalf("ann got %d mails", len(ann))
	}
	raw := string(ann[0].Data)
	if !strings.Contains(raw, "text/plain") || !strings.Contains(raw, "text/html") || ann[0].Header("List-Unsubscribe") != "<https://portal.example/u/x>" ||
		ann[0].Header("Message-Id") != "<"+models.MessageID(models.MailKey("test", "hello", "ann@example.com"), "portal.example")+">" {
		t.Errorf("the mail as sent:\n%s", raw)
	}
	bob, _ := s.OutboxMail(ctx, models.MailKey("test", "hello", "bob@example.com"))
	if bob.Status != models.MailQueued || bob.Attempts != 1 || !strings.Contains(bob.LastError, "451") {
		t.Errorf("after a temporary refusal: %+v", bob)
	}
	gone, _ := s.OutboxMail(ctx, models.MailKey("test", "hello", "gone@example.com"))
	if gone.Status != models.MailUndeliverable {
		t.Errorf("after a permanent refusal: %+v", gone)
	}
	if u, _ := s.User(ctx, "gone"); u.Undeliverable == nil || models.Mailable(u) {
		t.Errorf("the refused address is not marked: %+v", u.Undeliverable)
	}

	// Bob's server takes mail again; his retry comes after its wait, once.
	smtp.Refuse("bob@example.com", 0)
	if n, _ := sender(s, smtp).SendDue(ctx, now.Add(30*time.Second)); n != 0 {
		t.Errorf("%d sent before the retry's time", n)
	}
	if n, err := sender(s, smtp).SendDue(ctx, now.Add(3*time.Minute)); err != nil || n != 1 {
		t.Errorf("the retry sent %d (%v), want 1", n, err)
	}
	if n, _ := sender(s, smtp).SendDue(ctx, now.Add(time.Hour)); n != 0 || len(smtp.To("bob@example.com")) != 1 {
		t.Errorf("sent again: %d, bob has %d", n, len(smtp.To("bob@example.com")))
	}
}

// openAt opens the embedded store in dir, as the portal does; the function
// returned closes it (so a child process can open it next).
func openAt(t *testing.T, dir string) (*store.Store, func()) {
	t.Helper()
	e, err := store.StartEmbedded(dir, quiet)
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), e.URI(), "test", store.Options{Embedded: e})
	if err != nil {
		e.Close()
		t.Fatal(err)
	}
	return s, func() { s.Close(context.Background()); e.Close() }
}

// The child half of TestSenderKilledMidBatch: it sends the queued mail and
// is killed (SIGKILL) right after the second is recorded as sent.
func TestHelperSendAndDie(t *testing.T) {
	dir := os.Getenv("PORTAL_MAIL_KILL_DIR")
	if dir == "" {
		t.Skip("only run as the child of TestSenderKilledMidBatch")
	}
	s, _ := openAt(t, dir) // never closed: the process is killed
	sent := 0
	mail.SetSentHook(func(string) {
		if sent++; sent == 2 {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	})
	smtp := &mailtest.Server{}
	smtp.URL, _ = smtp.URL.Parse(os.Getenv("PORTAL_MAIL_KILL_SMTP"))
	_, _ = (&mail.Sender{Store: s, SMTP: smtp.URL, From: "community@portal.example", Batch: 50, Log: quiet}).SendDue(context.Background(), time.Now())
	t.Fatal("still alive after the kill point")
}

// A sender killed in the middle of a batch, the process and not a
// goroutine, and started again: every recipient gets the mail exactly once.
func TestSenderKilledMidBatch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	smtp := mailtest.Start(t)
	ctx := context.Background()
	func() {
		s, closeStore := openAt(t, dir)
		defer closeStore()
		for i := 0; i < 5; i++ {
			if _, err := s.QueueMail(ctx, letter(fmt.Sprintf("r%d@example.com", i), "")); err != nil {
				t.Fatal(err)
			}
		}
	}()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSendAndDie$")
	cmd.Env = append(os.Environ(), "PORTAL_MAIL_KILL_DIR="+dir, "PORTAL_MAIL_KILL_SMTP="+smtp.URL.String())
	err := cmd.Run()
	if status, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !status.Signaled() {
		t.Fatalf("the child was not killed: %v", err)
	}
	if n := len(smtp.Received()); n != 2 {
		t.Fatalf("%d mails before the kill, want 2", n)
	}
	s, closeStore := openAt(t, dir)
	defer closeStore()
	// The dead sender's claims run out; the restarted one sends the rest.
	if n, err := sender(s, smtp).SendDue(ctx, time.Now().Add(3*time.Minute)); err != nil || n != 3 {
		t.Fatalf("after the restart %d sent (%v), want 3", n, err)
	}
	for i := 0; i < 5; i++ {
		if n := len(smtp.To(fmt.Sprintf("r%d@example.com", i))); n != 1 {
			t.Errorf("r%d got %d mails", i, n)
		}
	}
}

// With SMTP_URL set, a running portal sends what lands in its outbox, from MAIL_FROM.
func TestPortalSendsItsOutbox(t *testing.T) {
	smtp := mailtest.Start(t)
	p := apptest.Start(t, map[string]string{"SMTP_URL": smtp.URL.String(), "MAIL_FROM": "Mark <mark@portal.example>"})
	if _, err := p.App.Store.QueueMail(context.Background(), letter("sanne@example.com", "")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for len(smtp.To("sanne@example.com")) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	got := smtp.To("sanne@example.com")
	if len(got) != 1 || got[0].From != "mark@portal.example" {
		t.Fatalf("received: %+v", got)
	}
}

// With a DKIM key, every mail is signed for the sender's domain, the
// unsubscribe headers included; a verifier that knows the public key (as
// DNS would publish it) accepts the mail as received, and not once changed.
func TestSenderSignsWithDKIM(t *testing.T) {
	s := apptest.OpenStore(t)
	ctx := context.Background()
	smtp := mailtest.Start(t)
	public, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	plain := letter("bob@example.com", "")
	plain.Headers = nil // transactional: no unsubscribe headers
	for _, m := range []models.Mail{letter("ann@example.com", ""), plain} {
		if _, err := s.QueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	snd := sender(s, smtp)
	snd.DKIMKey, snd.DKIMSelector = private, "mail2026"
	if n, err := snd.SendDue(ctx, time.Now()); err != nil || n != 2 {
		t.Fatalf("sent %d: %v", n, err)
	}
	dns := &dkim.VerifyOptions{LookupTXT: func(domain string) ([]string, error) {
		if domain != "mail2026._domainkey.portal.example" {
			return nil, fmt.Errorf("no TXT record at %s", domain)
		}
		return []string{"v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(public)}, nil
	}}
	for _, to := range []string{"ann@example.com", "bob@example.com"} {
		got := smtp.To(to)
		if len(got) != 1 {
			t.Fatalf("%s got %d mails", to, len(got))
		}
		vs, err := dkim.VerifyWithOptions(bytes.NewReader(got[0].Data), dns)
		if err != nil || len(vs) != 1 || vs[0].Err != nil || vs[0].Domain != "portal.example" {
			t.Fatalf("%s: %v %+v\n%s", to, err, vs, got[0].Data)
		}
		if to == "ann@example.com" && !slices.ContainsFunc(vs[0].HeaderKeys, func(h string) bool { return strings.EqualFold(h, "List-Unsubscribe-Post") }) {
			t.Errorf("the unsubscribe headers are not signed: %v", vs[0].HeaderKeys)
		}
		changed := bytes.Replace(got[0].Data, []byte("Subject: Hello"), []byte("Subject: Hallo"), 1)
		if vs, err := dkim.VerifyWithOptions(bytes.NewReader(changed), dns); err != nil || len(vs) != 1 || vs[0].Err == nil {
			t.Errorf("%s: a changed subject still verifies: %v", to, err)
		}
	}
}
