package apptest

import (
	"context"
	"testing"
	"time"

	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/mail"
	"github.com/talentcommunity/portal/mailtest"
	"github.com/talentcommunity/portal/search"
)

// SendOutbox sends what the portal's outbox holds to a new loopback SMTP
// server, as the portal's sender does, at 10:00 tomorrow in Amsterdam
// (outside anyone's quiet hours), and returns the server with the mail.
func (p *Portal) SendOutbox(t testing.TB) *mailtest.Server {
	t.Helper()
	smtp := mailtest.Start(t)
	tomorrow := time.Now().In(i18n.Amsterdam()).AddDate(0, 0, 1)
	morning := time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 10, 0, 0, 0, i18n.Amsterdam())
	snd := &mail.Sender{Store: p.App.Store, SMTP: smtp.URL, From: "Talent Community <community@portal.example>", Batch: 100,
		Composer: p.App.Mail, Log: p.App.Log}
	if _, err := snd.SendDue(context.Background(), morning); err != nil {
		t.Fatal(err)
	}
	return smtp
}

// WaitForNewsletter waits until the talent index holds a member's
// newsletter standing (models.NewsletterSubscribed or Unsubscribed).
func (p *Portal) WaitForNewsletter(t testing.TB, userID, standing string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		res, err := p.App.Index.Search(context.Background(), search.Query{Kinds: []string{search.KindMembers},
			Filters: map[string][]string{"newsletter": {standing}}, Limit: 500, Fresh: true})
		if err == nil {
			for _, h := range res.Hits {
				if h.Ref == userID {
					return
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the index never said %s is %s", userID, standing)
}
