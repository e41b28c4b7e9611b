package views_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/talentcommunity/portal/views"
)

// A fragment is rendered once per key and reused; another key (a new
// version of the document, another language) renders anew.
func TestFragmentRendersOncePerKey(t *testing.T) {
	renders := 0
	f := views.NewFragments(func(w io.Writer, name string, data any) error {
		renders++
		_, err := fmt.Fprintf(w, "<p>%s %v</p>", name, data)
		return err
	})
	for range 3 {
		html, err := f.Fragment("card", views.Key("evt-01", 1, "en"), "v1")
		if err != nil || html != "<p>card v1</p>" {
			t.Fatalf("fragment = %q, %v", html, err)
		}
	}
	if renders != 1 {
		t.Fatalf("rendered %d times for one key", renders)
	}
	if html, _ := f.Fragment("card", views.Key("evt-01", 2, "en"), "v2"); html != "<p>card v2</p>" || renders != 2 {
		t.Fatalf("a new version shows %q after %d renders", html, renders)
	}
	if _, err := f.Fragment("card", views.Key("evt-01", 2, "nl"), "v2"); err != nil || renders != 3 {
		t.Fatalf("another language was not rendered: %d, %v", renders, err)
	}
	failing := views.NewFragments(func(io.Writer, string, any) error { return fmt.Errorf("boom") })
	if _, err := failing.Fragment("card", "k", nil); err == nil {
		t.Fatal("a failed render was not reported")
	}
}
