package handlers

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// Query parameters come from anyone: every handler reads them through these
// helpers, which bound numbers and clean text, so that no value from a URL
// reaches an offset, a slice or the search engine unchecked.

// maxPage is the deepest page a list shows; nobody pages further, and
// page × page size stays far from overflowing.
const maxPage = 500

// pageParam is the page number in ?page=, from 1 to maxPage; anything else
// (missing, not a number, out of range) is the first page.
func pageParam(c *fiber.Ctx) int { return pageNumber(c.Query("page")) }

func pageNumber(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPage {
		return 1
	}
	return n
}

// textParam is the query parameter name as text: valid UTF-8, trimmed, and
// cut at maxRunes characters (never inside one). It is a copy: Fiber's own
// string shares the request's buffer, which the next request reuses, and
// queries end up in cache keys.
func textParam(c *fiber.Ctx, name string, maxRunes int) string {
	return strings.Clone(cleanText(c.Query(name), maxRunes))
}

// cleanText drops what is not valid UTF-8, trims s and cuts it at maxRunes
// characters.
func cleanText(s string, maxRunes int) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:maxRunes]))
}
