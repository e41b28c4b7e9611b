// Package markdown renders the Markdown that recruiters write (vacancy
// descriptions, article bodies) into HTML that is safe to show: goldmark
// never passes raw HTML through, and bluemonday's UGC policy sanitises the
// result as well. HTML is the only way to put markup into a template.
package markdown

import (
	"bytes"
	"html"
	"html/template"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md     = goldmark.New(goldmark.WithExtensions(extension.GFM)) // raw HTML is dropped (no WithUnsafe)
	policy = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		return p
	}()
)

// HTML is sanitised HTML made from Markdown. Its zero value is empty; the
// only way to fill it is Render, so nothing else can reach a template as markup.
type HTML struct {
	html template.HTML
}

// Render turns Markdown into sanitised HTML.
func Render(src string) HTML {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark fails only on a failing writer; a bytes.Buffer does not fail.
		return HTML{html: template.HTML(template.HTMLEscapeString(src))}
	}
	return HTML{html: template.HTML(policy.SanitizeBytes(buf.Bytes()))}
}

// Markup is the HTML for a template.
func (h HTML) Markup() template.HTML { return h.html }

var (
	// blockEnd ends a line of plain text: a paragraph, a heading, a list
	// item or a line break.
	blockEnd = regexp.MustCompile(`(?i)</(p|h[1-6]|li|blockquote|pre|tr)>|<br\s*/?>`)
	listItem = regexp.MustCompile(`(?i)<li>`)
	extraGap = regexp.MustCompile(`\n{3,}`)
	strict   = bluemonday.StrictPolicy()
)

// PlainText turns Markdown into the text it reads as, without its marks:
// for places that show no markup (a calendar's description). Paragraphs
// are kept apart by a blank line, list items start with "- ".
func PlainText(src string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return src
	}
	s := listItem.ReplaceAllString(strings.ReplaceAll(buf.String(), "</li>\n", "</li>"), "<li>- ")
	s = blockEnd.ReplaceAllString(s, "$0\n")
	s = html.UnescapeString(strict.Sanitize(s))
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(extraGap.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}
