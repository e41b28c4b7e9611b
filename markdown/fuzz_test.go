package markdown_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/talentcommunity/portal/markdown"
)

// Whatever a recruiter writes, the rendered HTML runs no script: no script,
// frame or form element, no event handler attribute, no javascript:,
// vbscript: or data: link.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"# Title\n\nSome *text* with onA= in it.", "<script>alert(1)</script>", "[x](javascript:alert(1))",
		"<img src=x onerror=alert(1)>", "[x](JaVaScRiPt:alert(1))", "<iframe src=//evil>", "![a](data:text/html;base64,PHNjcmlwdD4=)",
		"<a href=\"&#106;avascript:alert(1)\">x</a>", "```\n<script>\n```", "<svg onload=alert(1)>", "[x](java\tscript:alert(1))"} {
		f.Add(s)
	}
	forbidden := map[string]bool{"script": true, "iframe": true, "frame": true, "object": true, "embed": true, "svg": true,
		"math": true, "style": true, "form": true, "input": true, "button": true, "base": true, "meta": true, "link": true}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(markdown.Render(src).Markup())
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if forbidden[tok.Data] {
				t.Fatalf("Render(%q) = %q has a <%s>", src, out, tok.Data)
			}
			for _, a := range tok.Attr {
				value := strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, strings.ToLower(a.Val))
				if strings.HasPrefix(a.Key, "on") || (a.Key == "href" || a.Key == "src") &&
					(strings.HasPrefix(value, "javascript:") || strings.HasPrefix(value, "vbscript:") || strings.HasPrefix(value, "data:")) {
					t.Fatalf("Render(%q) = %q: %s=%q", src, out, a.Key, a.Val)
				}
			}
		}
	})
}
