package models

import "testing"

func TestIsBot(t *testing.T) {
	for ua, want := range map[string]bool{
		"": true,
		"LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)": true,
		"Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)":                            true,
		"facebookexternalhit/1.1":                 true,
		"Twitterbot/1.0":                          true,
		"WhatsApp/2.23.20.0":                      true,
		"curl/8.5.0":                              true,
		"Mozilla/5.0 (compatible; Googlebot/2.1)": true,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1":    false,
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36": false,
	} {
		if got := IsBot(ua); got != want {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, want)
		}
	}
}

func TestShortNameAndConversionRules(t *testing.T) {
	for u, want := range map[*User]string{
		{Name: "Anna de Boer", GivenName: "Anna", FamilyName: "de Boer"}: "Anna B.",
		{Name: "Anna Bakker"}: "Anna B.",
		{Name: "Prince"}:      "Prince",
		{Name: "Émile Zola"}:  "Émile Z.",
	} {
		if got := u.ShortName(); got != want {
			t.Errorf("ShortName(%q) = %q, want %q", u.Name, got, want)
		}
	}
	referred := &User{ReferredBy: &ReferredBy{Code: "c", TargetKind: TargetEvent, TargetID: "e1"}}
	if !Converts(referred, TargetEvent, "e1") || Converts(referred, TargetEvent, "e2") || Converts(referred, TargetVacancy, "e1") ||
		Converts(&User{}, TargetEvent, "e1") || Converts(nil, TargetEvent, "e1") {
		t.Error("only the action on the target one was invited to converts")
	}
	if referred.ReferredBy.Path() != "/events/e1" || (&ReferralLink{TargetKind: TargetCommunity}).Path() != "/" {
		t.Error("target paths")
	}
}

func TestClipAndJoinNonEmpty(t *testing.T) {
	if got := Clip("Go meetup Utrecht", 20); got != "Go meetup Utrecht" {
		t.Errorf("short text clipped: %q", got)
	}
	if got := Clip("Go meetup Utrecht", 10); got != "Go meetup…" {
		t.Errorf("Clip = %q", got)
	}
	if got := JoinNonEmpty(" · ", "Windmill", " ", "Utrecht"); got != "Windmill · Utrecht" {
		t.Errorf("JoinNonEmpty = %q", got)
	}
}
