package models

import "testing"

func TestBrandAccentMustReadOnWhite(t *testing.T) {
	for _, c := range []struct {
		accent, want, err string
	}{
		{"#0A5C7A", "#0a5c7a", ""},
		{"0a5c7a", "#0a5c7a", ""}, // without its "#"
		{"#ffcc00", "#ffcc00", "validation.contrast"},
		{"teal", "teal", "validation.colour"},
	} {
		in := BrandInput{Name: "Acme", Accent: c.accent, LegalName: "Acme B.V.", Address: "Damrak 1\n1012 LG Amsterdam"}
		errs := in.Validate()
		if in.Accent != c.want || errs["accent"].Key != c.err {
			t.Errorf("%q: %q, %+v", c.accent, in.Accent, errs["accent"])
		}
	}
	if r, _ := ContrastWithWhite("#ffcc00"); r > 1.6 || r < 1.4 {
		t.Errorf("#ffcc00 on white: %.2f", r)
	}
	in := BrandInput{Name: "Acme", Accent: "#ffcc00", LegalName: "Acme", Address: "x"}
	if got := in.Validate()["accent"].Value; got != "1.5" {
		t.Errorf("the ratio quoted: %q", got)
	}
}
