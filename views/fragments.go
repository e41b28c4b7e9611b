package views

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Fragments keeps the HTML of partials that many pages show alike: the card
// of an event, an article or a vacancy looks the same to every member who
// reads the same language. text/template costs about a microsecond per
// action (reflection on every field and call), so a card is 30 to 60 µs to
// render, and at 50,000 members the cards were most of the dashboard's CPU.
//
// A fragment is rendered once per key. The key must name everything the
// partial shows: a document's id and version (every write raises it) and
// the language, plus any other input such as a search query. The cache is
// bounded, so a long tail of keys only costs renders.
type Fragments struct {
	render func(w io.Writer, name string, data any) error
	cache  *lru.Cache[string, template.HTML]
}

// fragmentsKept bounds the cache: a few thousand cards of a kilobyte or two.
const fragmentsKept = 4096

// NewFragments renders through render (the template engine's, without a layout).
func NewFragments(render func(w io.Writer, name string, data any) error) *Fragments {
	cache, _ := lru.New[string, template.HTML](fragmentsKept) // a positive size never fails
	return &Fragments{render: render, cache: cache}
}

// Funcs are the template functions: fragment renders a partial once per key,
// key joins its parts into one.
func (f *Fragments) Funcs() map[string]any {
	return map[string]any{"fragment": f.Fragment, "key": Key}
}

// Fragment returns partial name rendered with data, from the cache when it
// was rendered for key before.
func (f *Fragments) Fragment(name, key string, data any) (template.HTML, error) {
	full := name + "\x00" + key
	if html, ok := f.cache.Get(full); ok {
		return html, nil
	}
	var buf bytes.Buffer
	if err := f.render(&buf, name, data); err != nil {
		return "", fmt.Errorf("views: fragment %s: %w", name, err)
	}
	html := template.HTML(buf.String()) // rendered by html/template: escaped already
	f.cache.Add(full, html)
	return html, nil
}

// Key joins the parts of a fragment's key: "evt-01|7|nl".
func Key(parts ...any) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = fmt.Sprint(p)
	}
	return strings.Join(s, "|")
}
