package markdown

import (
	"strings"
	"testing"
)

func TestRenderIsSafe(t *testing.T) {
	cases := map[string]string{
		"# Hello\n\n**bold** and [a link](https://example.com)": `<strong>bold</strong>`,
		"<script>alert(1)</script>":                             "",
		"[x](javascript:alert(1))":                              "",
		"<img src=x onerror=alert(1)>":                          "",
		`<a href="https://x.example" onclick="evil()">x</a>`:    "",
		"| a | b |\n|---|---|\n| 1 | 2 |":                       "<table>",
		"![pic](https://img.example/p.png \"t\")":               `<img src="https://img.example/p.png"`,
	}
	for src, want := range cases {
		got := string(Render(src).Markup())
		for _, bad := range []string{"<script", "onerror", "onclick", "javascript:"} {
			if strings.Contains(strings.ToLower(got), bad) {
				t.Errorf("%q rendered dangerous %q", src, got)
			}
		}
		if want != "" && !strings.Contains(got, want) {
			t.Errorf("%q rendered %q, want it to contain %q", src, got, want)
		}
	}
	if got := string(Render("[a](https://example.com)").Markup()); !strings.Contains(got, `rel="nofollow`) {
		t.Errorf("external link without nofollow: %q", got)
	}
	if got := string(HTML{}.Markup()); got != "" {
		t.Errorf("zero HTML = %q", got)
	}
}

func TestPlainTextDropsTheMarks(t *testing.T) {
	got := PlainText("Join us for **breakfast** & talks.\n\n## Programme\n\n- *Coffee*\n- [Talks](https://example.com)\n\nSee `you` there.")
	want := "Join us for breakfast & talks.\n\nProgramme\n\n- Coffee\n- Talks\n\nSee you there."
	if got != want {
		t.Errorf("PlainText =\n%q\nwant\n%q", got, want)
	}
}
