package handlers

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/logo"
	"github.com/talentcommunity/portal/models"
)

type brandFormData struct {
	Form   models.BrandInput
	Errors models.FieldErrors
	Brand  models.Brand // as it stands: the logo shown
}

// AdminSettings shows the community's brand and legal identity for an
// admin to set.
func (h *Handler) AdminSettings(c *fiber.Ctx) error {
	b := h.brand(c.UserContext())
	return h.renderBrandForm(c, fiber.StatusOK, brandFormData{Form: models.BrandInputFrom(b), Errors: models.FieldErrors{}, Brand: b})
}

func (h *Handler) renderBrandForm(c *fiber.Ctx, status int, d brandFormData) error {
	return h.render(c, status, "pages/admin_settings", h.page(c, "admin.settings.title", "admin", d))
}

// SaveAdminSettings saves the brand: all of it or, when a field is wrong,
// nothing (the form comes back with the message beside the field and what
// was typed).
func (h *Handler) SaveAdminSettings(c *fiber.Ctx) error {
	ctx := c.UserContext()
	b, err := h.Store.Brand(ctx)
	if err != nil {
		return err
	}
	in := models.BrandInput{Name: c.FormValue("name"), Accent: c.FormValue("accent"), LegalName: c.FormValue("legal_name"),
		Address: c.FormValue("address"), PrivacyURL: c.FormValue("privacy_url"), ContactEmail: c.FormValue("contact_email")}
	errs := in.Validate()
	newLogo, logoType, logoKey := h.uploadedLogo(c)
	if logoKey != "" {
		errs["logo"] = models.FieldError{Key: logoKey, Max: logo.MaxBytes >> 10}
	}
	if errs.Any() {
		return h.renderBrandForm(c, fiber.StatusUnprocessableEntity, brandFormData{Form: in, Errors: errs, Brand: b})
	}
	removeLogo := c.FormValue("remove_logo") == "1"
	if _, err := h.Store.SaveBrand(ctx, func(b *models.Brand) {
		in.Apply(b)
		switch {
		case newLogo != nil:
			b.Logo, b.LogoType = newLogo, logoType
		case removeLogo:
			b.Logo, b.LogoType = nil, ""
		}
	}); err != nil {
		return err
	}
	h.setFlash(c, "flash.brand_saved")
	return redirect(c, "/admin/settings")
}

// uploadedLogo reads and cleans the logo file, if one was chosen; the key
// says what is wrong with it.
func (h *Handler) uploadedLogo(c *fiber.Ctx) (data []byte, contentType, errKey string) {
	fh, err := c.FormFile("logo")
	if err != nil || fh.Size == 0 {
		return nil, "", "" // none chosen
	}
	if fh.Size > logo.MaxBytes {
		return nil, "", "admin.settings.logo.too_large"
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", "admin.settings.logo.unreadable"
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, logo.MaxBytes+1))
	if err != nil {
		return nil, "", "admin.settings.logo.unreadable"
	}
	clean, typ, err := logo.Clean(raw)
	switch {
	case errors.Is(err, logo.ErrTooLarge):
		return nil, "", "admin.settings.logo.too_large"
	case err != nil:
		return nil, "", "admin.settings.logo.not_image"
	}
	return clean, typ, ""
}

// logoPolicy lets a logo draw and nothing else, should a browser open it as
// a document rather than an image.
const logoPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

// BrandLogo serves the community's logo. Its address names the brand's
// version, so a browser may keep it for good.
func (h *Handler) BrandLogo(c *fiber.Ctx) error {
	b := h.brand(c.UserContext())
	if len(b.Logo) == 0 {
		return fiber.ErrNotFound
	}
	c.Set("Content-Security-Policy", logoPolicy)
	c.Set(fiber.HeaderContentType, b.LogoType)
	c.Set(fiber.HeaderCacheControl, cacheFor(c, b))
	return c.Send(b.Logo)
}

// BrandStyle is the style sheet that paints the portal in the brand's
// accent (the strict CSP allows no inline style). It takes Pico's own light
// theme selector, so it wins by coming later; a dark screen keeps Pico's
// dark accent, as the brand's was checked against white only.
func (h *Handler) BrandStyle(c *fiber.Ctx) error {
	b := h.brand(c.UserContext())
	c.Set(fiber.HeaderContentType, "text/css; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, cacheFor(c, b))
	return c.SendString(fmt.Sprintf("@media not (prefers-color-scheme: dark){:root:not([data-theme=dark]){--pico-primary:%[1]s;--pico-primary-background:%[1]s;--pico-primary-border:%[1]s;"+
		"--pico-primary-hover:%[2]s;--pico-primary-hover-background:%[2]s;--pico-primary-hover-border:%[2]s;"+
		"--pico-primary-underline:rgba(%[3]s,.5);--pico-primary-hover-underline:%[2]s;--pico-primary-focus:rgba(%[3]s,.35)}}\n",
		b.Accent, b.AccentHover(), b.AccentRGB()))
}

// cacheFor keeps a versioned brand address for a year and an unversioned
// (or outdated) one only briefly.
func cacheFor(c *fiber.Ctx, b models.Brand) string {
	if c.Query("v") == strconv.FormatInt(b.Version, 10) {
		return "public, max-age=31536000, immutable"
	}
	return "public, max-age=60"
}
