package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
)

// The newsletter's double opt-in: saying yes sends a confirmation mail; the
// consent counts from the click on its link, which opens a page with one
// button (a GET changes nothing: mail scanners open links).

// askNewsletter sends the confirmation when a save just asked for the newsletter.
func (h *Handler) askNewsletter(c *fiber.Ctx, before, saved *models.User) error {
	asked := saved.Mail.NewsletterAskedAt
	if asked.IsZero() || asked.Equal(before.Mail.NewsletterAskedAt) {
		return nil
	}
	return h.Mail.QueueNewsletterConfirm(c.UserContext(), saved, asked)
}

type newsletterConfirmData struct {
	Token     string
	Email     string
	Confirmed bool
	Expired   bool // nothing waits for confirmation (withdrawn, or confirmed before)
}

func (h *Handler) confirmingMember(c *fiber.Ctx) (*models.User, error) {
	u, _, err := h.tokenMember(c, func(t models.MailTopic) bool { return t == models.ConfirmTopic })
	return u, err
}

// NewsletterConfirmPage shows the button that confirms.
func (h *Handler) NewsletterConfirmPage(c *fiber.Ctx) error {
	u, err := h.confirmingMember(c)
	if err != nil {
		return err
	}
	d := newsletterConfirmData{Token: c.Params("token"), Email: u.Email, Confirmed: c.Query("done") != "",
		Expired: u.Mail.NewsletterAskedAt.IsZero() && c.Query("done") == ""}
	c.Set("Referrer-Policy", "no-referrer")
	return h.render(c, fiber.StatusOK, "pages/newsletter_confirm", h.page(c, "newsletter.confirm.title", "", d))
}

// NewsletterConfirm makes the consent count from now.
func (h *Handler) NewsletterConfirm(c *fiber.Ctx) error {
	u, err := h.confirmingMember(c)
	if err != nil {
		return err
	}
	saved, err := h.Store.ModifyProfile(c.UserContext(), u.ID, func(u *models.User) error {
		if !models.ConfirmNewsletter(u, time.Now()) {
			return errNothingToDo
		}
		return nil
	})
	if err != nil && !errors.Is(err, errNothingToDo) {
		return err
	}
	if saved != nil && auth.CurrentUser(c) != nil && auth.CurrentUser(c).ID == saved.ID {
		auth.SetCurrentUser(c, saved)
	}
	return redirect(c, "/newsletter/confirm/"+c.Params("token")+"?done=1")
}
