package logo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func TestCleanSVGKeepsTheDrawingAndDropsWhatRuns(t *testing.T) {
	dirty := `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
<script>alert(2)</script>
<style>@import url(https://evil.example/x.css);</style>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
<a href="javascript:alert(3)"><rect width="5" height="5"/></a>
<use xlink:href="https://evil.example/sprite.svg#x"/>
<use href="#g"/>
<circle cx="5" cy="5" r="4" fill="url(#g)" onclick="alert(4)" style="fill:url(https://evil.example)"/>
<image href="https://evil.example/track.png"/>
<text x="1" y="9">Acme</text>
</svg>`
	clean, typ, err := Clean([]byte(dirty))
	if err != nil || typ != SVG {
		t.Fatalf("Clean = %q, %v", typ, err)
	}
	out := string(clean)
	for _, gone := range []string{"script", "alert", "evil.example", "style", "foreignObject", "onload", "onclick", "<a", "<image", "<!--", "<use"} {
		if strings.Contains(out, gone) {
			t.Errorf("clean logo still has %q:\n%s", gone, out)
		}
	}
	for _, kept := range []string{`viewBox="0 0 10 10"`, `<circle cx="5" cy="5" r="4" fill="url(#g)">`, `>Acme</text>`, `xmlns="http://www.w3.org/2000/svg"`, `stop-color="#fff"`} {
		if !strings.Contains(out, kept) {
			t.Errorf("clean logo lost %q:\n%s", kept, out)
		}
	}
}

func TestCleanRefusesWhatIsNoLogo(t *testing.T) {
	for name, data := range map[string]string{
		"html":       `<html><body>hi</body></html>`,
		"entities":   `<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>`,
		"broken":     `<svg xmlns="http://www.w3.org/2000/svg"><g></svg>`,
		"text":       `just words`,
		"broken png": "\x89PNG\r\n\x1a\nnot really",
		"too large":  `<svg xmlns="http://www.w3.org/2000/svg">` + strings.Repeat(" ", MaxBytes) + `</svg>`,
		"too deep":   `<svg xmlns="http://www.w3.org/2000/svg">` + strings.Repeat("<g>", 40) + strings.Repeat("</g>", 40) + `</svg>`,
	} {
		if _, _, err := Clean([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestCleanPNGKeepsOnlyThePixels(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4, 2))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var src bytes.Buffer
	if err := png.Encode(&src, img); err != nil {
		t.Fatal(err)
	}
	// A text chunk after the image: metadata a clean copy must not carry.
	chunk := []byte("tEXtAcme\x00hi")
	text := binary.BigEndian.AppendUint32(nil, uint32(len(chunk)-4))
	text = binary.BigEndian.AppendUint32(append(text, chunk...), crc32.ChecksumIEEE(chunk))
	end := src.Len() - 12 // the IEND chunk
	data := append(append(append([]byte{}, src.Bytes()[:end]...), text...), src.Bytes()[end:]...)
	clean, typ, err := Clean(data)
	if err != nil || typ != PNG {
		t.Fatalf("Clean = %q, %v", typ, err)
	}
	if bytes.Contains(clean, []byte("tEXt")) {
		t.Error("the clean PNG kept the text chunk")
	}
	got, err := png.Decode(bytes.NewReader(clean))
	if err != nil || got.Bounds().Dx() != 4 || got.At(1, 1) != (color.NRGBA{R: 200, A: 255}) && got.At(1, 1) != (color.RGBA{R: 200, A: 255}) {
		t.Errorf("clean PNG = %v, %v", got.At(1, 1), err)
	}
	big := image.NewGray(image.Rect(0, 0, MaxSide+1, 1))
	var b bytes.Buffer
	_ = png.Encode(&b, big)
	if _, _, err := Clean(b.Bytes()); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a %d px wide PNG: %v", MaxSide+1, err)
	}
}
