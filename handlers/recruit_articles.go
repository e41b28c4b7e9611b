package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/markdown"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// RecruitArticles lists the articles in every state for recruiters.
func (h *Handler) RecruitArticles(c *fiber.Ctx) error {
	ctx := c.UserContext()
	refs, err := h.recruiterList(ctx, store.KindArticle)
	if err != nil {
		return err
	}
	as, err := h.Store.ArticlesByID(ctx, refs)
	if err != nil {
		return err
	}
	as = newestFirst(as, func(a models.Article) time.Time { return a.PublishedAt })
	return h.render(c, fiber.StatusOK, "pages/recruit_articles", h.page(c, "recruit.articles.title", "recruit", as))
}

type articleFormData struct {
	ID, Status, Slug string
	Form             models.ArticleInput
	Errors           models.FieldErrors
	Preview          *articleData
}

// NewArticle shows an empty article form.
func (h *Handler) NewArticle(c *fiber.Ctx) error {
	return h.renderArticleForm(c, fiber.StatusOK, articleFormData{Errors: models.FieldErrors{}})
}

// EditArticle shows an article's form.
func (h *Handler) EditArticle(c *fiber.Ctx) error {
	a, err := h.Store.Article(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return h.renderArticleForm(c, fiber.StatusOK, articleFormData{ID: a.ID, Status: a.Status, Slug: a.Slug, Form: models.ArticleInputFrom(a), Errors: models.FieldErrors{}})
}

func (h *Handler) renderArticleForm(c *fiber.Ctx, status int, d articleFormData) error {
	return h.render(c, status, "pages/recruit_article_form", h.page(c, "recruit.article.title", "recruit", d))
}

// SaveArticle creates or updates an article. The action: "preview" shows it
// without saving, "publish", "unpublish" (back to draft), "archive", or
// "draft". Bad input saves nothing.
func (h *Handler) SaveArticle(c *fiber.Ctx) error {
	ctx := c.UserContext()
	a := &models.Article{ID: newID(), Status: models.ArticleDraft, AuthorID: auth.CurrentUser(c).ID}
	if id := c.Params("id"); id != "" {
		existing, err := h.Store.Article(ctx, id)
		if err != nil {
			return err // store.ErrNotFound becomes the 404 page
		}
		a = existing
	}
	d := articleFormData{ID: c.Params("id"), Status: a.Status, Slug: a.Slug, Form: models.ArticleInput{
		Title: c.FormValue("title"), Summary: c.FormValue("summary"), Body: c.FormValue("body"),
		Interests: c.FormValue("interests"), CoverURL: c.FormValue("cover_url"),
	}}
	interests, errs := d.Form.Validate()
	d.Errors = errs
	if errs.Any() {
		return h.renderArticleForm(c, fiber.StatusUnprocessableEntity, d)
	}
	interests, err := h.normalizeTerms(c, models.TermInterest, interests)
	if err != nil {
		return err
	}
	d.Form.Apply(a, interests)
	now := time.Now()
	switch c.FormValue("action") {
	case "preview":
		d.Preview = &articleData{A: a, Body: markdown.Render(a.Body)}
		return h.renderArticleForm(c, fiber.StatusOK, d)
	case "publish":
		if !a.Published() {
			a.PublishedAt = now // first published now (a re-save keeps the date)
		}
		a.Status = models.ArticlePublished
	case "unpublish":
		a.Status = models.ArticleDraft
	case "archive":
		a.Status = models.ArticleArchived
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = now
	}
	if err := h.Store.SaveArticle(ctx, *a); err != nil {
		return err
	}
	h.Log.Info("article saved", "request_id", requestID(c), "article", a.ID, "status", a.Status)
	h.setFlash(c, "flash.article_saved")
	return redirect(c, "/recruit/articles")
}
