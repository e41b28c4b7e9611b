package handlers_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

// The defects a security and reliability review found (issue 11), each
// shown fixed against the real portal.
func TestHardening(t *testing.T) {
	p := apptest.Start(t, map[string]string{"SEED": "1"})
	ctx := context.Background()

	t.Run("page numbers and queries from the URL are bounded and cleaned", func(t *testing.T) {
		admin := p.Client()
		admin.DemoSignIn("admin")
		for _, path := range []string{"/events", "/vacancies", "/articles", "/admin/users"} {
			for _, query := range []string{"page=9223372036854775807", "page=-16", "page=abc", "q=%FF%FE", "q=" + strings.Repeat("a", 99) + "%C3%A9%C3%A9"} {
				if res := admin.Get(path + "?" + query); res.StatusCode != http.StatusOK {
					t.Errorf("%s?%s: %d", path, query, res.StatusCode)
				}
			}
		}
		if res := admin.Get("/vacancies?page=99999"); res.StatusCode != http.StatusOK || strings.Contains(res.Body, `rel="prev"`) {
			t.Errorf("a page past the last one should be the first page: %d", res.StatusCode)
		}
	})

	t.Run("request strings do not outlive the request in metric labels", func(t *testing.T) {
		c := p.Client()
		for range 5 {
			c.Post("/lang", url.Values{"lang": {"nl"}})
			c.Do(http.MethodHead, "/", nil, nil)
			c.Get("/events")
		}
		res := c.Get("/metrics")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("/metrics: %d %s", res.StatusCode, res.Body)
		}
		for _, line := range strings.Split(res.Body, "\n") {
			if strings.HasPrefix(line, "portal_http_requests_total{") &&
				!strings.Contains(line, `method="GET"`) && !strings.Contains(line, `method="POST"`) && !strings.Contains(line, `method="HEAD"`) {
				t.Errorf("a label that is no method: %s", line)
			}
		}
	})

	t.Run("the CSRF token is not taken from the query string", func(t *testing.T) {
		c := p.Client()
		c.DemoSignIn("candidate")
		token := c.CSRF()
		res := c.Do(http.MethodPost, "/referrals?csrf_token="+url.QueryEscape(token), url.Values{"kind": {"community"}}, nil)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("a token in the query string was accepted: %d", res.StatusCode)
		}
		if res := c.Do(http.MethodPost, "/referrals", url.Values{"kind": {"community"}, "csrf_token": {token}}, nil); res.StatusCode == http.StatusForbidden {
			t.Error("a token in the form body was refused")
		}
	})

	t.Run("secret path parts stay out of the logs", func(t *testing.T) {
		const secret = "calendar-secret-that-must-not-be-logged"
		if err := p.App.Store.SetCalendarToken(ctx, "demo:candidate", secret); err != nil {
			t.Fatal(err)
		}
		if res := p.Client().Get("/calendar/" + secret + ".ics"); res.StatusCode != http.StatusOK {
			t.Fatalf("feed: %d", res.StatusCode)
		}
		p.Client().Get("/calendar/not-" + secret + ".ics") // a 404 logs too
		if strings.Contains(p.Logs(), secret) {
			t.Error("the calendar feed's secret address is in the log")
		}
		if !strings.Contains(p.Logs(), "route=/calendar/:token.ics") {
			t.Error("the access log does not name the route")
		}
	})

	t.Run("pages and downloads with personal data are not cached", func(t *testing.T) {
		c := p.Client()
		c.DemoSignIn("recruiter")
		for _, path := range []string{"/", "/profile", "/notifications", "/privacy", "/recruit/events/evt-01/attendees", "/recruit/events/evt-01/attendees.csv"} {
			if res := c.Get(path); res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: %d, Cache-Control %q", path, res.StatusCode, res.Header.Get("Cache-Control"))
			}
		}
	})

	t.Run("a draft article's address by id gives nothing away", func(t *testing.T) {
		const title = "Unannounced reorganisation"
		if err := p.App.Store.SaveArticle(ctx, models.Article{ID: "draft-1", Slug: "unannounced-reorganisation-1", Title: title, Status: models.ArticleDraft}); err != nil {
			t.Fatal(err)
		}
		res := p.Client().Get("/articles/draft-1")
		if res.StatusCode != http.StatusNotFound || strings.Contains(res.Header.Get("Location")+res.Body, "unannounced") {
			t.Errorf("a draft leaks: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
	})

	t.Run("the QR code's format is checked before it goes into a header", func(t *testing.T) {
		l, _, err := p.App.Store.ReferralLinkFor(ctx, "demo:candidate", models.TargetCommunity, "", "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		res := p.Client().Get("/r/" + l.Code + "/qr.svg%22%3B%20x%3D%22")
		if res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Disposition") != "" {
			t.Errorf("format reflected: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		if res := p.Client().Get("/r/" + l.Code + "/qr.png"); res.StatusCode != http.StatusOK {
			t.Errorf("png: %d", res.StatusCode)
		}
	})

	t.Run("Fiber's own error answers carry the security headers", func(t *testing.T) {
		// Only the headers, announcing a body over the limit: Fiber answers
		// at once (and closes), before any middleware runs.
		conn, err := net.Dial("tcp", strings.TrimPrefix(p.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := fmt.Fprintf(conn, "POST /referrals HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", 64<<20); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("a 64 MB body: %d", res.StatusCode)
		}
		for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} {
			if res.Header.Get(h) == "" {
				t.Errorf("the 413 answer lacks %s", h)
			}
		}
	})

	t.Run("another User-Agent is not another visitor", func(t *testing.T) {
		l, _, err := p.App.Store.ReferralLinkFor(ctx, "demo:recruiter", models.TargetCommunity, "", "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		c := p.Client()
		for _, ua := range []string{"Mozilla/5.0 (X11; Linux) Firefox/140.0", "Mozilla/5.0 (Macintosh) Safari/605.1", "Mozilla/5.0 (Windows NT 10.0) Edge/140"} {
			if res := c.Do(http.MethodGet, "/r/"+l.Code, nil, map[string]string{"User-Agent": ua}); res.StatusCode != http.StatusOK {
				t.Fatalf("landing: %d", res.StatusCode)
			}
		}
		if got, _ := p.App.Store.ReferralLink(ctx, l.Code); got.Clicks != 1 {
			t.Errorf("%d clicks from one address", got.Clicks)
		}
	})
}
