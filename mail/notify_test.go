package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/mail"
	"github.com/talentcommunity/portal/mailtest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

var secret = []byte("test secret")

func composingSender(t *testing.T, s *store.Store, smtp *mailtest.Server) *mail.Sender {
	t.Helper()
	bundle, err := i18n.New(quiet)
	if err != nil {
		t.Fatal(err)
	}
	snd := sender(s, smtp)
	snd.Composer = &mail.Composer{Store: s, Bundle: bundle, BaseURL: "https://portal.example", Secret: secret}
	return snd
}

// member is a candidate who chose mail and allows recruiters to contact her.
func member(id, email, locale string) models.User {
	now := time.Now()
	return models.User{ID: id, Name: "Sanne de Vries", GivenName: "Sanne", Email: email, Locale: locale, Country: "NL",
		Contact:  models.ContactPreferences{Channels: []string{"email", "inapp"}},
		Consents: models.Consents{Contact: models.Consent{Given: true, At: now}}}
}

// amsterdam returns a time in Amsterdam on a day counted so that day 3 is
// tomorrow: after anything queued now, whenever the test runs.
func amsterdam(day, hour, minute int) time.Time {
	t := time.Now().In(i18n.Amsterdam())
	return time.Date(t.Year(), t.Month(), t.Day()+day-2, hour, minute, 0, 0, i18n.Amsterdam())
}

// A notification that goes by mail is written as it goes, in the member's
// language, with both parts; transactional mail goes at any hour and has
// no unsubscribe header, nurture mail has one and waits for the morning
// and for the cap; without the mail channel nothing is queued.
func TestNotificationsGoByMailWithinThePolicy(t *testing.T) {
	s := apptest.OpenStore(t)
	ctx := context.Background()
	smtp := mailtest.Start(t)
	snd := composingSender(t, s, smtp)
	for _, u := range []models.User{member("sanne", "sanne@example.com", "nl"), member("ruud", "ruud@example.com", "en")} {
		if err := s.SaveUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	inAppOnly := member("eva", "eva@example.com", "en")
	inAppOnly.Contact.Channels = []string{"inapp"}
	if err := s.SaveUser(ctx, inAppOnly); err != nil {
		t.Fatal(err)
	}
	e := models.Event{ID: "evt-mail", Title: "Go meetup Utrecht", City: "Utrecht", Venue: "Jaarbeurs",
		StartsAt: amsterdam(4, 19, 0), EndsAt: amsterdam(4, 21, 0), TimeZone: "Europe/Amsterdam"}
	if err := s.SaveEvent(ctx, e); err != nil {
		t.Fatal(err)
	}

	night := amsterdam(3, 23, 30)
	for _, id := range []string{"sanne", "eva"} {
		if _, err := s.Notify(ctx, models.EventNotification(models.KindEventReminder, &e, id, night)); err != nil {
			t.Fatal(err)
		}
	}
	share := func(to, id string, at time.Time) {
		t.Helper()
		n := models.Notification{ID: id, UserID: to, Kind: models.KindVacancyShared, VacancyID: "vac-1", Title: "Go developer",
			FromID: "mark", FromName: "Mark Jansen", CreatedAt: at}
		if _, err := s.Notify(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	share("ruud", "share-1", night)
	if _, err := s.OutboxMail(ctx, models.MailKey(models.KindEventReminder, models.EventNotification(models.KindEventReminder, &e, "eva", night).ID, "eva")); err == nil {
		t.Error("a mail was queued for a member who chose the portal only")
	}

	// At night: the reminder goes, the shared vacancy waits for 08:00.
	if _, err := snd.SendDue(ctx, night.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	got := smtp.To("sanne@example.com")
	if len(got) != 1 {
		t.Fatalf("sanne got %d mails at night, want the reminder", len(got))
	}
	text, html, err := got[0].Parts()
	if err != nil {
		t.Fatal(err)
	}
	if subject := got[0].Header("Subject"); subject != "Morgen: Go meetup Utrecht" {
		t.Errorf("subject %q, want Dutch", subject)
	}
	for _, want := range []string{"Hoi Sanne,", "Jaarbeurs, Utrecht", "https://portal.example/events/evt-mail", "omdat je je hebt aangemeld voor Go meetup Utrecht"} {
		if !strings.Contains(text, want) || !strings.Contains(html, want) {
			t.Errorf("the reminder lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(html, `style="`) || !strings.Contains(html, "prefers-color-scheme: dark") {
		t.Error("the HTML part has no inlined styles or no dark variant")
	}
	if got[0].Header("List-Unsubscribe") != "" {
		t.Error("a transactional mail carries List-Unsubscribe")
	}
	if n := len(smtp.To("ruud@example.com")); n != 0 {
		t.Fatalf("nurture mail went in quiet hours (%d)", n)
	}

	// From 08:00 the shared vacancy goes, with a one-click unsubscribe.
	morning := amsterdam(4, 8, 0)
	if _, err := snd.SendDue(ctx, morning.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n := len(smtp.To("ruud@example.com")); n != 0 {
		t.Fatalf("sent before the quiet hours ended (%d)", n)
	}
	if _, err := snd.SendDue(ctx, morning); err != nil {
		t.Fatal(err)
	}
	ruud := smtp.To("ruud@example.com")
	if len(ruud) != 1 {
		t.Fatalf("ruud got %d mails in the morning, want 1", len(ruud))
	}
	if ruud[0].Header("Subject") != "Mark Jansen thought of you: Go developer" ||
		ruud[0].Header("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("the shared vacancy's headers: subject %q, post %q", ruud[0].Header("Subject"), ruud[0].Header("List-Unsubscribe-Post"))
	}
	link := strings.Trim(ruud[0].Header("List-Unsubscribe"), "<>")
	token, ok := strings.CutPrefix(link, "https://portal.example/u/")
	if id, topic, valid := models.ParseUnsubscribeToken(secret, token); !ok || !valid || id != "ruud" || topic != models.TopicRecruiters {
		t.Errorf("the unsubscribe link %q names %q %q", link, id, topic)
	}

	// A second share the same day waits for the cap: a week after the first.
	share("ruud", "share-2", morning)
	if _, err := snd.SendDue(ctx, morning.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := len(smtp.To("ruud@example.com")); n != 1 {
		t.Fatalf("the cap let a second nurture mail through (%d)", n)
	}
	if _, err := snd.SendDue(ctx, amsterdam(12, 9, 0)); err != nil {
		t.Fatal(err)
	}
	if n := len(smtp.To("ruud@example.com")); n != 2 {
		t.Errorf("after the cap's week ruud has %d mails, want 2", n)
	}

	// A member who withdrew her consent after the mail was queued gets
	// nothing, and the outbox says why.
	share("sanne", "share-3", morning)
	sanne, _ := s.User(ctx, "sanne")
	sanne.Consents.Contact = models.Consent{Given: false, At: morning}
	if err := s.SaveUser(ctx, *sanne); err != nil {
		t.Fatal(err)
	}
	if _, err := snd.SendDue(ctx, amsterdam(13, 9, 0)); err != nil {
		t.Fatal(err)
	}
	if n := len(smtp.To("sanne@example.com")); n != 1 {
		t.Errorf("sanne got %d mails after withdrawing, want only the reminder", n)
	}
	m, err := s.OutboxMail(ctx, models.MailKey(models.KindVacancyShared, "share-3", "sanne"))
	if err != nil || m.Status != models.MailSkipped || m.Skipped != models.SkipNoConsent {
		t.Errorf("the withdrawn mail: %+v %v", m, err)
	}
}
