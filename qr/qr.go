// Package qr draws links as QR codes, as PNG for screens and print and as
// SVG for posters and slides that scale.
package qr

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// pngSize is the PNG's width and height in pixels: sharp on a slide.
const pngSize = 512

// PNG returns content as a QR code image.
func PNG(content string) ([]byte, error) {
	png, err := qrcode.Encode(content, qrcode.Medium, pngSize)
	if err != nil {
		return nil, fmt.Errorf("qr: %w", err)
	}
	return png, nil
}

// SVG returns content as a QR code drawing: one path of unit squares on a
// white background, with the quiet zone the standard asks for.
func SVG(content string) (string, error) {
	code, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("qr: %w", err)
	}
	bits := code.Bitmap() // includes the quiet zone
	n := len(bits)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`, n, n, n*8, n*8)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
