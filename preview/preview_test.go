package preview

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

func TestCardIsALinkPreviewSizedPNG(t *testing.T) {
	b, err := Card("Anna invited you", "Go meetup Utrecht", "Utrecht", "talent.example.com")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != Width || img.Bounds().Dy() != Height {
		t.Fatalf("card: %v %v", err, img.Bounds())
	}
}

func TestLongTitlesWrapAndEndInAnEllipsis(t *testing.T) {
	fs, err := faces()
	if err != nil {
		t.Fatal(err)
	}
	lines := wrap(fs["title"], strings.Repeat("Platform engineering breakfast ", 8), Width-2*margin, 3)
	if len(lines) != 3 || !strings.HasSuffix(lines[2], "…") {
		t.Errorf("wrapped into %q", lines)
	}
	if lines := wrap(fs["title"], "Short", Width-2*margin, 3); len(lines) != 1 || lines[0] != "Short" {
		t.Errorf("a short title: %q", lines)
	}
	if lines := wrap(fs["title"], strings.Repeat("W", 200), Width-2*margin, 3); len(lines) != 1 || !strings.HasSuffix(lines[0], "…") {
		t.Errorf("one long word: %q", lines)
	}
}
