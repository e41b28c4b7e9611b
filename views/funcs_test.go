package views

import "testing"

func TestHighlightIsSafe(t *testing.T) {
	cases := []struct{ text, query, want string }{
		{"Go platform engineer", "go", "<mark>Go</mark> platform engineer"},
		{"<b>Go</b> & more", "go", "&lt;b&gt;<mark>Go</mark>&lt;/b&gt; &amp; more"},
		{"Data engineer", "<script>", "Data engineer"},
		{"a+b (c)", "a+b (c", "<mark>a+b</mark> <mark>(c</mark>)"},
		{"x", "", "x"},
		{"Ünal ünal", "ÜNAL", "<mark>Ünal</mark> <mark>ünal</mark>"},
		// One typo in a word of five letters or more, as the engines find it.
		{"Go and Kubernetes", "kubernets", "Go and <mark>Kubernetes</mark>"},
		{"Kubernetes, Kubernetes-y", "kubernetees", "<mark>Kubernetes</mark>, <mark>Kubernetes</mark>-y"},
		{"Data analyst", "dota", "Data analyst"}, // too short for a typo
		{"<i>Pythn</i>", "python", "&lt;i&gt;<mark>Pythn</mark>&lt;/i&gt;"},
		{"Pyhton", "python", "Pyhton"}, // two letters swapped are two typos
	}
	for _, c := range cases {
		if got := string(Highlight(c.text, c.query)); got != c.want {
			t.Errorf("Highlight(%q, %q) = %q, want %q", c.text, c.query, got, c.want)
		}
	}
}
