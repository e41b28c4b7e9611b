package handlers

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

const usersPerPage = 50

type adminUsersData struct {
	Users            []*models.User
	Total            int
	Query, Role      string
	PrevURL, NextURL string
	SearchDown       bool
}

// AdminUsers lists members, newest first, searchable by name or email and
// filterable by role. The list comes from the search index (a query on the
// members collection would read all of it); the members are then read by _id.
func (h *Handler) AdminUsers(c *fiber.Ctx) error {
	q := textParam(c, "q", 100)
	role := models.Role(c.Query("role"))
	switch role {
	case "", models.RoleCandidate, models.RoleRecruiter, models.RoleAdmin:
	default:
		role = ""
	}
	page := pageParam(c)
	d := adminUsersData{Query: q, Role: string(role)}
	query := search.Query{Text: q, AllWords: true, Kinds: []string{search.KindMembers}, Newest: q == "", Limit: usersPerPage, Offset: (page - 1) * usersPerPage}
	if role != "" {
		query.Tags = []string{string(role)}
	}
	res, err := h.Index.Search(c.UserContext(), query)
	if err != nil {
		h.Log.Warn("member search failed", "request_id", requestID(c), "err", err)
		d.SearchDown = true
	}
	ids := make([]string, len(res.Hits))
	for i, hit := range res.Hits {
		ids[i] = hit.Ref
	}
	users, err := h.Store.UsersByID(c.UserContext(), ids)
	if err != nil {
		return err
	}
	for i := range users {
		d.Users = append(d.Users, &users[i])
	}
	d.Total = res.Total
	d.PrevURL, d.NextURL = pager("/admin/users", url.Values{"q": {q}, "role": {string(role)}}, page, usersPerPage, d.Total)
	return h.render(c, fiber.StatusOK, "pages/admin_users", h.page(c, "admin.users.title", "admin", d), "partials/user_results")
}

// AdminSetRecruiter grants or revokes the recruiter role. With htmx it answers
// with the updated table row; as a plain form it redirects back to the list.
func (h *Handler) AdminSetRecruiter(c *fiber.Ctx) error {
	grant := c.FormValue("grant") == "1"
	u, err := h.Store.SetUserRole(c.UserContext(), c.FormValue("id"), models.RoleRecruiter, grant)
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	h.Log.Info("recruiter role changed", "request_id", requestID(c), "user", u.ID, "granted", grant)
	if isFragment(c) {
		p := h.page(c, "admin.users.title", "admin", nil)
		return c.Render("partials/user_row", map[string]any{"U": u, "L": p.L, "CSRF": p.CSRF})
	}
	if grant {
		h.setFlash(c, "flash.role_granted")
	} else {
		h.setFlash(c, "flash.role_revoked")
	}
	return redirect(c, "/admin/users")
}
