package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

// In demo mode, without SMTP_URL, the outbox shows each mail as its
// recipient would see it; a mail's HTML part shows in a sandboxed frame.
// A refused address shows on the member's page for recruiters.
func TestDemoOutboxAndUndeliverableAddress(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()
	m := models.Mail{ID: models.MailKey("test", "hello", "demo:candidate"), Purpose: "test", UserID: "demo:candidate", To: "sanne@demo.example",
		Subject: "Hello <Sanne>", Text: "Plain hello", HTML: `<p style="color:red">HTML hello</p><script>alert(1)</script>`}
	if _, err := p.App.Store.QueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	visitor := p.Client()
	list := visitor.Get("/outbox")
	if list.StatusCode != 200 || !strings.Contains(list.Body, "Hello &lt;Sanne&gt;") {
		t.Fatalf("outbox: %d", list.StatusCode)
	}
	page := visitor.Get("/outbox/" + url.PathEscape(m.ID))
	if !strings.Contains(page.Body, "Plain hello") || !strings.Contains(page.Body, `<iframe class="mail-frame" src="/outbox/`) || !strings.Contains(page.Body, "sandbox") {
		t.Fatalf("a mail: %d %s", page.StatusCode, page.Body)
	}
	frame := visitor.Get("/outbox/" + url.PathEscape(m.ID) + "/html")
	if csp := frame.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "sandbox") ||
		!strings.Contains(frame.Body, "HTML hello") {
		t.Errorf("the HTML part: %q %s", csp, frame.Body)
	}
	if res := visitor.Get("/outbox/nothing-here"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a mail that is not there: %d", res.StatusCode)
	}

	// The server refuses Sanne's address for good: recruiters see it.
	if _, err := p.App.Store.MailFailed(ctx, m, "550 no such mailbox", true, time.Now()); err != nil {
		t.Fatal(err)
	}
	mark := p.Client()
	mark.DemoSignIn("recruiter")
	if body := mark.Get("/recruit/talent/demo:candidate").Body; !strings.Contains(body, "Mail to sanne@demo.example bounces") {
		t.Error("the member's page does not say their address bounces")
	}
}
