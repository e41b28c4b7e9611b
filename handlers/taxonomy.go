package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/models"
)

type taxonomyData struct {
	Skills, Interests []models.Term
	Query             string
	Form              models.TermInput
	Errors            models.FieldErrors
}

// TaxonomyPage lets recruiters and admins see and extend the shared list of
// skills and interests that profiles are normalised against.
func (h *Handler) TaxonomyPage(c *fiber.Ctx) error {
	d := taxonomyData{Query: textParam(c, "q", 100), Form: models.TermInput{Kind: string(models.TermSkill)}, Errors: models.FieldErrors{}}
	return h.renderTaxonomy(c, fiber.StatusOK, d)
}

func (h *Handler) renderTaxonomy(c *fiber.Ctx, status int, d taxonomyData) error {
	ctx := c.UserContext()
	var err error
	if d.Skills, err = h.Taxonomy.Terms(ctx, models.TermSkill); err != nil {
		return err
	}
	if d.Interests, err = h.Taxonomy.Terms(ctx, models.TermInterest); err != nil {
		return err
	}
	if q := strings.ToLower(d.Query); q != "" {
		d.Skills, d.Interests = filterTerms(d.Skills, q), filterTerms(d.Interests, q)
	}
	return h.render(c, status, "pages/taxonomy", h.page(c, "taxonomy.title", "taxonomy", d))
}

func filterTerms(terms []models.Term, q string) []models.Term {
	var out []models.Term
	for _, t := range terms {
		if strings.Contains(strings.ToLower(t.Label+" "+strings.Join(t.Aliases, " ")), q) {
			out = append(out, t)
		}
	}
	return out
}

// AddTaxonomyTerm adds a term, refusing one that folds to an existing term.
func (h *Handler) AddTaxonomyTerm(c *fiber.Ctx) error {
	d := taxonomyData{Form: models.TermInput{Kind: c.FormValue("kind"), Label: c.FormValue("label"), Aliases: c.FormValue("aliases")}}
	aliases, errs := d.Form.Validate()
	d.Errors = errs
	if !errs.Any() {
		existing, found, err := h.Taxonomy.Lookup(c.UserContext(), models.TermKind(d.Form.Kind), d.Form.Label)
		if err != nil {
			return err
		}
		if found && models.FoldTerm(existing.Label) != models.FoldTerm(d.Form.Label) {
			// A variant of another term: it would split one skill in two.
			d.Errors["label"] = models.FieldError{Key: "taxonomy.error.variant_of"}
			d.Query = existing.Label
		}
	}
	if d.Errors.Any() {
		return h.renderTaxonomy(c, fiber.StatusUnprocessableEntity, d)
	}
	if _, err := h.Taxonomy.Add(c.UserContext(), models.TermKind(d.Form.Kind), d.Form.Label, aliases); err != nil {
		return err
	}
	h.Log.Info("taxonomy term added", "request_id", requestID(c), "kind", d.Form.Kind, "label", d.Form.Label)
	h.setFlash(c, "flash.term_added")
	return redirect(c, "/taxonomy")
}
