package models

import (
	"strings"
	"testing"
	"time"
)

func TestMemberZoneFromTheirChoiceOrCountry(t *testing.T) {
	for _, c := range []struct{ zone, country, want string }{
		{"America/Chicago", "Nederland", "America/Chicago"},
		{"", "Nederland", "Europe/Amsterdam"},
		{"", "Germany", "Europe/Berlin"},
		{"", "Verenigde Staten", "America/New_York"},
		{"", "GB", "Europe/London"},
		{"", "Atlantis", "Europe/Amsterdam"},
		{"Not/AZone", "", "Europe/Amsterdam"},
	} {
		u := &User{Country: c.country, Mail: MailPolicy{TimeZone: c.zone}}
		if got := u.Zone().String(); got != c.want {
			t.Errorf("zone %q, country %q: %s, want %s", c.zone, c.country, got, c.want)
		}
	}
}

func TestDecideMail(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	at := func(day, hour int) time.Time { return time.Date(2026, 12, day, hour, 0, 0, 0, ams) }
	member := func(change func(*User)) *User {
		u := &User{ID: "m", Email: "m@example.com", Country: "NL", Contact: ContactPreferences{Channels: []string{"email"}},
			Consents: Consents{Contact: Consent{Given: true}, Newsletter: Consent{Given: true}}}
		if change != nil {
			change(u)
		}
		return u
	}
	for _, c := range []struct {
		name   string
		u      *User
		class  MailClass
		topic  MailTopic
		now    time.Time
		want   MailVerdict
		queued time.Time
	}{
		{"transactional at night", member(nil), MailTransactional, "", at(3, 23), MailVerdict{}, at(3, 23)},
		{"transactional without the mail channel", member(func(u *User) { u.Contact.Channels = []string{"inapp"} }), MailTransactional, "", at(3, 12), MailVerdict{Skip: SkipNoChannel}, at(3, 12)},
		{"nurture by day", member(nil), MailNurture, TopicRecruiters, at(3, 12), MailVerdict{}, at(3, 12)},
		{"nurture at night waits for 08:00", member(nil), MailNurture, TopicRecruiters, at(3, 23), MailVerdict{Hold: at(4, 8)}, at(3, 23)},
		{"nurture after midnight waits for 08:00", member(nil), MailNurture, TopicAlerts, at(4, 2), MailVerdict{Hold: at(4, 8)}, at(4, 2)},
		{"own quiet hours", member(func(u *User) { u.Mail.QuietFrom, u.Mail.QuietUntil = 18, 10 }), MailNurture, TopicAlerts, at(4, 9), MailVerdict{Hold: at(4, 10)}, at(4, 9)},
		{"daytime quiet hours", member(func(u *User) { u.Mail.QuietFrom, u.Mail.QuietUntil = 9, 17 }), MailNurture, TopicAlerts, at(4, 12), MailVerdict{Hold: at(4, 17)}, at(4, 12)},
		{"the cap", member(func(u *User) { u.Mail.LastNurtureAt = at(1, 12) }), MailNurture, TopicAlerts, at(3, 12), MailVerdict{Hold: at(8, 12)}, at(3, 12)},
		{"the cap ends at night: the morning after", member(func(u *User) { u.Mail.LastNurtureAt = at(1, 22) }), MailNurture, TopicAlerts, at(3, 12), MailVerdict{Hold: at(9, 8)}, at(3, 12)},
		{"a chosen cap", member(func(u *User) { u.Mail.LastNurtureAt, u.Mail.NurtureDays = at(1, 12), 3 }), MailNurture, TopicAlerts, at(3, 12), MailVerdict{Hold: at(4, 12)}, at(3, 12)},
		{"waited too long for the cap", member(func(u *User) { u.Mail.LastNurtureAt, u.Mail.NurtureDays = at(1, 12), 30 }), MailNurture, TopicAlerts, at(3, 12), MailVerdict{Skip: SkipExpired}, at(3, 12)},
		{"the newsletter ignores the cap", member(func(u *User) { u.Mail.LastNurtureAt = at(3, 11) }), MailNewsletter, TopicNewsletter, at(3, 12), MailVerdict{}, at(3, 12)},
		{"the newsletter waits out the night", member(nil), MailNewsletter, TopicNewsletter, at(3, 22), MailVerdict{Hold: at(4, 8)}, at(3, 22)},
		{"the newsletter without its consent", member(func(u *User) { u.Consents.Newsletter.Given = false }), MailNewsletter, TopicNewsletter, at(3, 12), MailVerdict{Skip: SkipNoConsent}, at(3, 12)},
		{"nurture without contact consent", member(func(u *User) { u.Consents.Contact.Given = false }), MailNurture, TopicRecruiters, at(3, 12), MailVerdict{Skip: SkipNoConsent}, at(3, 12)},
		{"a stopped topic", member(func(u *User) { u.Mail.Stopped = []MailTopic{TopicAlerts} }), MailNurture, TopicAlerts, at(3, 12), MailVerdict{Skip: SkipStopped}, at(3, 12)},
		{"another topic still goes", member(func(u *User) { u.Mail.Stopped = []MailTopic{TopicAlerts} }), MailNurture, TopicRecruiters, at(3, 12), MailVerdict{}, at(3, 12)},
		{"a bounced address", member(func(u *User) { u.Undeliverable = &Undeliverable{Address: "m@example.com"} }), MailTransactional, "", at(3, 12), MailVerdict{Skip: SkipNoAddress}, at(3, 12)},
		{"erased", nil, MailTransactional, "", at(3, 12), MailVerdict{Skip: SkipErased}, at(3, 12)},
		{"a member in New York at 03:00 there", member(func(u *User) { u.Mail.TimeZone = "America/New_York" }), MailNurture, TopicAlerts, at(3, 9),
			MailVerdict{Hold: time.Date(2026, 12, 3, 8, 0, 0, 0, mustZone("America/New_York"))}, at(3, 9)},
	} {
		got := DecideMail(c.u, c.class, c.topic, c.queued, c.now)
		if got.Skip != c.want.Skip || !got.Hold.Equal(c.want.Hold) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Unsubscribing records each change once in the consent history; the
// newsletter's topic is its consent.
func TestSetMailTopics(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	u := &User{Consents: Consents{Newsletter: Consent{Given: true, At: now.Add(-time.Hour)}}}
	SetMailTopics(u, map[MailTopic]bool{TopicAlerts: false, TopicRecruiters: true, TopicNewsletter: false}, now)
	SetMailTopics(u, map[MailTopic]bool{TopicAlerts: false, TopicNewsletter: false}, now.Add(time.Minute))
	if !u.Mail.Stops(TopicAlerts) || u.Mail.Stops(TopicRecruiters) || u.Consents.Newsletter.Given || !GetsTopic(u, TopicReferrals) {
		t.Errorf("after unsubscribing: %+v %+v", u.Mail, u.Consents.Newsletter)
	}
	if len(u.ConsentHistory) != 2 || u.ConsentHistory[0].Kind != "mail_alerts" || u.ConsentHistory[1].Kind != ConsentNewsletter {
		t.Errorf("history: %+v", u.ConsentHistory)
	}
	SetMailTopics(u, map[MailTopic]bool{TopicAlerts: true, TopicNewsletter: true}, now.Add(2*time.Minute))
	if u.Mail.Stops(TopicAlerts) || u.Consents.Newsletter.Given || len(u.ConsentHistory) != 3 {
		t.Errorf("starting again: %+v %+v %d", u.Mail, u.Consents.Newsletter, len(u.ConsentHistory))
	}
}

func TestUnsubscribeToken(t *testing.T) {
	token := UnsubscribeToken([]byte("s1"), "demo:candidate", TopicAlerts)
	if id, topic, ok := ParseUnsubscribeToken([]byte("s1"), token); !ok || id != "demo:candidate" || topic != TopicAlerts {
		t.Errorf("parsed %q %q %v", id, topic, ok)
	}
	for _, bad := range []string{"", "x", token + "x", "A" + token, UnsubscribeToken([]byte("s2"), "demo:candidate", TopicAlerts)} {
		if _, _, ok := ParseUnsubscribeToken([]byte("s1"), bad); ok {
			t.Errorf("accepted %q", bad)
		}
	}
}

// The edition an unsubscribe link names counts only for the member it was
// signed for, and only as written.
func TestEditionTag(t *testing.T) {
	secret := []byte("secret")
	tag := EditionTag(secret, "m1", "ed.01")
	if id, ok := ParseEditionTag(secret, "m1", tag); !ok || id != "ed.01" {
		t.Errorf("round trip: %q %v", id, ok)
	}
	for name, c := range map[string]struct{ user, tag string }{
		"another member":   {"m2", tag},
		"another edition":  {"m1", "ed-02" + tag[strings.LastIndexByte(tag, '.'):]},
		"no signature":     {"m1", "ed.01"},
		"nothing":          {"m1", ""},
		"another secret's": {"m1", EditionTag([]byte("other"), "m1", "ed.01")},
	} {
		if _, ok := ParseEditionTag(secret, c.user, c.tag); ok {
			t.Errorf("%s: accepted", name)
		}
	}
}
