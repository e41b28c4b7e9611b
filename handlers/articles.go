package handlers

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/markdown"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

const articlesPerPage = 20

type articlesData struct {
	Query            string
	Hits             []search.Hit
	Total            int
	PrevURL, NextURL string
	SearchDown       bool
}

// Articles lists the published articles, newest first, or those matching a search.
func (h *Handler) Articles(c *fiber.Ctx) error {
	d := articlesData{Query: textParam(c, "q", 200)}
	page := pageParam(c)
	res, err := h.Index.Search(c.UserContext(), search.Query{Text: d.Query, Kinds: []string{string(store.KindArticle)},
		Filters: published, Newest: d.Query == "", Limit: articlesPerPage, Offset: (page - 1) * articlesPerPage})
	if err != nil {
		h.Log.Warn("article search failed", "request_id", requestID(c), "err", err)
		d.SearchDown = true
	}
	d.Hits, d.Total = res.Hits, res.Total
	d.PrevURL, d.NextURL = pager("/articles", url.Values{"q": {d.Query}}, page, articlesPerPage, d.Total)
	return h.render(c, fiber.StatusOK, "pages/articles", h.page(c, "articles.title", "articles", d))
}

type articleData struct {
	A      *models.Article
	Body   markdown.HTML
	Author string
}

// Article shows a published article at its readable URL, with the tags a
// shared link needs to preview well. An old id URL redirects to the slug.
func (h *Handler) Article(c *fiber.Ctx) error {
	ctx := c.UserContext()
	a, err := h.Store.ArticleBySlug(ctx, c.Params("slug"))
	if errors.Is(err, store.ErrNotFound) {
		// An old link by id leads to the readable address, but only of a
		// published article: a draft's slug would give its title away.
		if byID, err := h.Store.Article(ctx, c.Params("slug")); err == nil && byID.Slug != "" && byID.Published() {
			return c.Redirect("/articles/"+byID.Slug, fiber.StatusMovedPermanently)
		}
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	if !a.Published() {
		return fiber.ErrNotFound
	}
	d := articleData{A: a, Body: markdown.Render(a.Body)}
	if a.AuthorID != "" {
		if author, err := h.Store.User(ctx, a.AuthorID); err == nil {
			d.Author = author.Name
		}
	}
	p := h.page(c, "articles.title", "articles", d)
	p.Title = a.Title
	p.Meta = &Meta{Description: a.Summary, URL: h.Cfg.BaseURL.String() + "/articles/" + a.Slug, Image: a.CoverURL, Type: "article"}
	return h.render(c, fiber.StatusOK, "pages/article", p)
}
