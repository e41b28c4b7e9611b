package handlers

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

const vacanciesPerPage = 20

// vacancyFacets are the filters the vacancy search offers, in page order.
var vacancyFacets = []string{"workplace", "seniority", "city", "tags"}

type facetView struct {
	Field  string
	Values []facetValue
}

type facetValue struct {
	Value   string
	Count   int
	Checked bool
}

type vacancySearchData struct {
	Query            string
	Hits             []search.Hit
	HitsKey          string // names the hits as shown: the page of cards is rendered once per key
	Total            int
	Facets           []facetView
	PrevURL, NextURL string
	SearchDown       bool
	Filtered         bool
}

// Vacancies searches the open vacancies: full text with typo tolerance,
// filters with counts, pages. The query lives in the URL, so a search can be
// bookmarked and shared; htmx swaps only the results as one types.
func (h *Handler) Vacancies(c *fiber.Ctx) error {
	d := vacancySearchData{Query: textParam(c, "q", 200)}
	filters := chosenFilters(c, vacancyFacets)
	d.Filtered = len(filters) > 0
	filters["status"] = []string{"open"}
	page := pageParam(c)
	res, err := h.Index.Search(c.UserContext(), search.Query{
		Text: d.Query, Kinds: []string{string(store.KindVacancy)}, Filters: filters, Facets: vacancyFacets,
		Newest: d.Query == "", Limit: vacanciesPerPage, Offset: (page - 1) * vacanciesPerPage,
	})
	if err != nil {
		h.Log.Warn("vacancy search failed", "request_id", requestID(c), "err", err)
		d.SearchDown = true
	}
	d.Hits, d.Total = res.Hits, res.Total
	d.HitsKey = hitsKey(d.Query, res.Hits)
	d.Facets = facetViews(vacancyFacets, res.Facets, filters)
	query := url.Values{"q": {d.Query}}
	for _, f := range vacancyFacets {
		query[f] = filters[f]
	}
	d.PrevURL, d.NextURL = pager("/vacancies", query, page, vacanciesPerPage, d.Total)
	return h.render(c, fiber.StatusOK, "pages/vacancies", h.page(c, "vacancies.title", "vacancies", d), "partials/vacancy_search_body")
}

// chosenFilters reads the facet values ticked in the query string.
func chosenFilters(c *fiber.Ctx, fields []string) map[string][]string {
	args := c.Context().QueryArgs()
	filters := map[string][]string{}
	for _, f := range fields {
		for _, v := range args.PeekMulti(f) {
			if s := cleanText(string(v), 80); s != "" {
				filters[f] = append(filters[f], s)
			}
		}
	}
	return filters
}

// facetViews shows the counts of each facet, ticking the chosen values. A
// chosen value stays visible even when nothing matches it now.
func facetViews(fields []string, counts map[string][]search.FacetCount, chosen map[string][]string) []facetView {
	var out []facetView
	for _, f := range fields {
		fv := facetView{Field: f}
		for _, v := range counts[f] {
			if v.Value == "" {
				continue // online events have no city
			}
			fv.Values = append(fv.Values, facetValue{Value: v.Value, Count: v.Count, Checked: slices.Contains(chosen[f], v.Value)})
		}
		for _, value := range chosen[f] {
			if !slices.ContainsFunc(fv.Values, func(x facetValue) bool { return x.Value == value }) {
				fv.Values = append(fv.Values, facetValue{Value: value, Checked: true})
			}
		}
		if len(fv.Values) > 0 {
			out = append(out, fv)
		}
	}
	return out
}

// hitsKey names a page of hits as the cards show them: the query (which
// they highlight) and each hit's id and version.
func hitsKey(query string, hits []search.Hit) string {
	var b strings.Builder
	b.WriteString(query)
	for _, h := range hits {
		b.WriteByte('|')
		b.WriteString(h.ID)
		b.WriteByte('@')
		b.WriteString(strconv.FormatInt(h.Version, 10))
	}
	return b.String()
}
