// Package preview draws the image a shared link shows when it is pasted
// into LinkedIn, Slack or X: who invites, to what, on a plain brand card.
package preview

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The size LinkedIn and X show large link previews at.
const (
	Width  = 1200
	Height = 627
	margin = 72
)

var (
	background = color.RGBA{0x0b, 0x3d, 0x6e, 0xff}
	accent     = color.RGBA{0xf3, 0xa7, 0x12, 0xff}
	light      = color.RGBA{0xd6, 0xe6, 0xf5, 0xff}
)

// faces are the Go fonts at the card's sizes, parsed once.
var faces = sync.OnceValues(func() (map[string]font.Face, error) {
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, err
	}
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	out := map[string]font.Face{}
	for name, spec := range map[string]struct {
		f    *opentype.Font
		size float64
	}{"kicker": {bold, 40}, "title": {bold, 68}, "subtitle": {regular, 36}, "site": {regular, 30}} {
		face, err := opentype.NewFace(spec.f, &opentype.FaceOptions{Size: spec.size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, err
		}
		out[name] = face
	}
	return out, nil
})

// Card draws kicker ("Anna invited you"), a title of up to three lines, a
// subtitle line and the site's name, as a PNG.
func Card(kicker, title, subtitle, site string) ([]byte, error) {
	fs, err := faces()
	if err != nil {
		return nil, fmt.Errorf("preview: fonts: %w", err)
	}
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	draw.Draw(img, img.Bounds(), image.NewUniform(background), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, 16, Height), image.NewUniform(accent), image.Point{}, draw.Src)

	y := margin + 40
	write(img, fs["kicker"], accent, kicker, y)
	y += 96
	for _, line := range wrap(fs["title"], title, Width-2*margin, 3) {
		write(img, fs["title"], color.White, line, y)
		y += 80
	}
	if lines := wrap(fs["subtitle"], subtitle, Width-2*margin, 1); len(lines) > 0 {
		write(img, fs["subtitle"], light, lines[0], y+16)
	}
	write(img, fs["site"], light, site, Height-margin)

	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("preview: encode: %w", err)
	}
	return buf.Bytes(), nil
}

func write(img draw.Image, face font.Face, c color.Color, text string, baseline int) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face, Dot: fixed.P(margin, baseline)}
	d.DrawString(text)
}

// wrap breaks text into at most maxLines lines that fit width, ending the
// last with an ellipsis when the text is longer.
func wrap(face font.Face, text string, width, maxLines int) []string {
	var lines []string
	line := ""
	words := strings.Fields(text)
	for i, w := range words {
		next := strings.TrimSpace(line + " " + w)
		if font.MeasureString(face, next).Ceil() <= width || line == "" {
			line = next
			continue
		}
		lines = append(lines, line)
		line = w
		if len(lines) == maxLines {
			lines[maxLines-1] = ellipsis(face, lines[maxLines-1]+" "+strings.Join(words[i:], " "), width)
			return lines
		}
	}
	if line != "" {
		lines = append(lines, ellipsis(face, line, width))
	}
	return lines
}

// ellipsis shortens s to fit width, ending in "…" when it had to.
func ellipsis(face font.Face, s string, width int) string {
	if font.MeasureString(face, s).Ceil() <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && font.MeasureString(face, string(r)+"…").Ceil() > width {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}
