package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/store"
)

func TestRecruiterPublishesAnArticle(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	cand := p.Client()
	cand.DemoSignIn("candidate")
	if res := cand.Post("/recruit/articles", url.Values{"title": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("candidate writing an article: %d", res.StatusCode)
	}
	rec := p.Client()
	rec.DemoSignIn("recruiter")
	res := rec.Post("/recruit/articles", url.Values{"title": {""}, "summary": {""}, "body": {""}, "cover_url": {"javascript:alert(1)"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad article: %d", res.StatusCode)
	}
	for _, f := range []string{"title", "summary", "body", "cover_url"} {
		if !strings.Contains(res.Body, `id="err-`+f+`"`) {
			t.Errorf("no message at %s", f)
		}
	}
	form := url.Values{"title": {"Five questions for your interview"}, "summary": {"Ask these."},
		"body": {"## Ask\n\n1. *How* do you review code?\n\n<script>alert(1)</script>"}, "interests": {"career"},
		"cover_url": {"https://img.example/cover.png"}, "action": {"preview"}}
	if res := rec.Post("/recruit/articles", form); res.StatusCode != 200 || !strings.Contains(res.Body, "<em>How</em>") {
		t.Fatalf("preview: %d", res.StatusCode)
	}
	if as := apptest.Newest(t, p, store.KindArticle, 10, p.App.Store.ArticlesByID); len(as) != 0 {
		t.Fatal("the preview saved the article")
	}
	form.Set("action", "publish")
	if res := rec.Post("/recruit/articles", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	as := apptest.Newest(t, p, store.KindArticle, 10, p.App.Store.ArticlesByID)
	if len(as) != 1 || as[0].Interests[0] != "Career growth" || !strings.HasPrefix(as[0].Slug, "five-questions-for-your-interview-") {
		t.Fatalf("stored: %+v", as)
	}
	a := as[0]
	page := p.Client().Get("/articles/" + a.Slug)
	if page.StatusCode != 200 || !strings.Contains(page.Body, `<meta property="og:title" content="Five questions for your interview">`) ||
		!strings.Contains(page.Body, `<meta property="og:image" content="https://img.example/cover.png">`) ||
		!strings.Contains(page.Body, `content="`+p.URL+`/articles/`+a.Slug+`"`) ||
		!strings.Contains(page.Body, "by Mark Jansen") || strings.Contains(page.Body, "<script>alert") {
		t.Fatalf("public article page: %d\n%s", page.StatusCode, page.Body)
	}
	if res := p.Client().Get("/articles/" + a.ID); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/articles/"+a.Slug {
		t.Errorf("id URL: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := p.App.Syncer.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Client().Get("/articles?q=interveiw").Body, "/articles/"+a.Slug) {
		t.Error("article not found by a search with a typo")
	}
	// Unpublished: gone for readers, and from the lists.
	form.Set("action", "unpublish")
	rec.Post("/recruit/articles/"+a.ID, form)
	p.App.Syncer.SyncOnce(ctx)
	if res := p.Client().Get("/articles/" + a.Slug); res.StatusCode != 404 {
		t.Errorf("unpublished article: %d", res.StatusCode)
	}
	if strings.Contains(p.Client().Get("/articles").Body, a.Slug) {
		t.Error("unpublished article listed")
	}
	if !strings.Contains(rec.Get("/recruit/articles").Body, "Draft") {
		t.Error("recruiter list does not show the draft")
	}
}
