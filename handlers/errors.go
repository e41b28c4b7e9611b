package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

type errorData struct {
	Heading, Message string
}

// ErrorHandler is the one place where errors become status codes and pages.
// Users see a friendly page with the request id; the error itself goes to the log.
func (h *Handler) ErrorHandler(c *fiber.Ctx, err error) error {
	code := fiber.StatusInternalServerError
	var fe *fiber.Error
	switch {
	case errors.As(err, &fe):
		code = fe.Code
	case errors.Is(err, store.ErrNotFound):
		code = fiber.StatusNotFound
	case errors.Is(err, store.ErrConflict):
		code = fiber.StatusConflict
	case errors.Is(err, errReferralGone):
		code = fiber.StatusNotFound
	case errors.Is(err, models.ErrDoorNotOpen):
		code = fiber.StatusConflict
	}
	l := h.localizer(c)
	var heading, message string
	switch {
	case errors.Is(err, auth.ErrCSRF):
		heading, message = l.T("error.csrf.title"), l.T("error.csrf.text")
	case errors.Is(err, errReferralGone):
		heading, message = l.T("referral.gone.title"), l.T("referral.gone.text")
	case errors.Is(err, models.ErrDoorNotOpen):
		heading, message = l.T("recruit.attendees.not_open.title"), l.T("recruit.attendees.not_open.text")
	case code == fiber.StatusTooManyRequests:
		heading, message = l.T("error.429.title"), l.T("error.429.text")
	case code == fiber.StatusForbidden:
		heading, message = l.T("error.403.title"), l.T("error.403.text")
	case code == fiber.StatusNotFound:
		heading, message = l.T("error.404.title"), l.T("error.404.text")
	case code == fiber.StatusMethodNotAllowed:
		heading, message = l.T("error.405.title"), l.T("error.405.text")
	case code == fiber.StatusConflict:
		heading, message = l.T("error.409.title"), l.T("error.409.text")
	case code == fiber.StatusRequestEntityTooLarge:
		heading, message = l.T("error.413.title"), l.T("error.413.text")
	case code < 500:
		code = fiber.StatusBadRequest
		heading, message = l.T("error.400.title"), l.T("error.400.text")
	default:
		code = fiber.StatusInternalServerError
		heading, message = l.T("error.500.title"), l.T("error.500.text")
	}
	// The route pattern, never the path: paths hold secrets (a calendar feed's address).
	route := c.Route().Path
	if code >= 500 {
		h.Log.Error("request failed", "request_id", requestID(c), "method", c.Method(), "route", route, "err", err)
	} else {
		h.Log.Info("request refused", "request_id", requestID(c), "method", c.Method(), "route", route, "status", code, "err", err)
	}
	p := h.page(c, "error.title", "", errorData{Heading: heading, Message: message})
	p.Title = heading
	if isFragment(c) {
		// htmx swaps error responses too (see htmx-config): into the alert region.
		c.Set("HX-Retarget", "#alerts")
		c.Set("HX-Reswap", "innerHTML")
	}
	if rerr := h.render(c, code, "pages/error", p, "partials/error_alert"); rerr != nil {
		h.Log.Error("error page failed", "request_id", requestID(c), "err", rerr)
		return c.Status(code).SendString(heading)
	}
	return nil
}
