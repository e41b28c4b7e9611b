package handlers

import (
	"errors"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// Unsubscribing, the way mail providers require (RFC 8058): every nurture
// mail and newsletter names /u/{token} in its List-Unsubscribe header. The
// signed token is the authority (it names the member and the topic, and
// only the portal can make one), so a POST to it unsubscribes at once,
// without a session, a CSRF token or a second confirmation: a mail program
// posts it for the member. In a browser the same address shows one
// button, and the choice to keep some mail and stop the rest.

type unsubscribeData struct {
	Token  string
	Topic  models.MailTopic
	Email  string
	Topics []topicChoice
	Done   bool
}

type topicChoice struct {
	Topic models.MailTopic
	On    bool
}

// unsubscriber reads the member an unsubscribe token names.
func (h *Handler) unsubscriber(c *fiber.Ctx) (*models.User, models.MailTopic, error) {
	return h.tokenMember(c, func(t models.MailTopic) bool { return slices.Contains(models.MailTopics, t) })
}

// tokenMember reads the member the route's signed token names, if the
// token is for what accept takes; a token that does not check out, or
// names someone erased, is a 404.
func (h *Handler) tokenMember(c *fiber.Ctx, accept func(models.MailTopic) bool) (*models.User, models.MailTopic, error) {
	id, topic, ok := models.ParseUnsubscribeToken(h.Cfg.Secret, c.Params("token"))
	if !ok || !accept(topic) {
		return nil, "", fiber.ErrNotFound
	}
	u, err := h.Store.User(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", fiber.ErrNotFound
	}
	return u, topic, err
}

// Unsubscribe shows the one button, and the choices.
func (h *Handler) Unsubscribe(c *fiber.Ctx) error {
	u, topic, err := h.unsubscriber(c)
	if err != nil {
		return err
	}
	d := unsubscribeData{Token: c.Params("token"), Topic: topic, Email: u.Email, Done: c.Query("done") != ""}
	for _, t := range models.MailTopics {
		if t == models.TopicNewsletter && !u.Consents.Newsletter.Given {
			continue // starting it again takes the double opt-in, in the profile
		}
		d.Topics = append(d.Topics, topicChoice{Topic: t, On: models.GetsTopic(u, t)})
	}
	c.Set("Referrer-Policy", "no-referrer") // the token is in the address
	return h.render(c, fiber.StatusOK, "pages/unsubscribe", h.page(c, "unsubscribe.title", "", d))
}

// UnsubscribeOneClick stops the token's topic. A mail program's one-click
// POST gets a plain 200; the page's button comes back to the page.
func (h *Handler) UnsubscribeOneClick(c *fiber.Ctx) error {
	u, topic, err := h.unsubscriber(c)
	if err != nil {
		return err
	}
	wasSubscribed := u.Consents.Newsletter.Given
	if _, err := h.Store.SetMailTopics(c.UserContext(), u.ID, map[models.MailTopic]bool{topic: false}, time.Now()); err != nil {
		return err
	}
	if edition, ok := models.ParseEditionTag(h.Cfg.Secret, u.ID, c.Query("e")); ok && topic == models.TopicNewsletter && wasSubscribed {
		// The edition whose mail it came with counts it.
		if err := h.Store.CountEdition(c.UserContext(), edition, map[string]int{"stats.unsubscribed": 1}); err != nil {
			h.Log.Warn("unsubscribe not counted", "request_id", requestID(c), "err", err)
		}
	}
	h.Log.Info("unsubscribed", "request_id", requestID(c), "topic", topic, "one_click", c.FormValue("List-Unsubscribe") == "One-Click")
	if c.FormValue("List-Unsubscribe") == "One-Click" {
		return c.SendString("unsubscribed")
	}
	return redirect(c, "/u/"+c.Params("token")+"?done=1")
}

// UnsubscribeChoose keeps the topics ticked and stops the rest.
func (h *Handler) UnsubscribeChoose(c *fiber.Ctx) error {
	u, _, err := h.unsubscriber(c)
	if err != nil {
		return err
	}
	want := map[models.MailTopic]bool{}
	for _, t := range models.MailTopics {
		if t == models.TopicNewsletter && !u.Consents.Newsletter.Given {
			continue
		}
		want[t] = c.FormValue("keep_"+string(t)) == "on"
	}
	if _, err := h.Store.SetMailTopics(c.UserContext(), u.ID, want, time.Now()); err != nil {
		return err
	}
	return redirect(c, "/u/"+c.Params("token")+"?done=1")
}
