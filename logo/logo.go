// Package logo takes the community's logo as an admin uploads it and gives
// back a clean copy: a PNG is decoded and encoded afresh (nothing but
// pixels survive), an SVG is rebuilt from an allowlist of drawing elements
// and attributes (no script, no event handler, no link outside itself, no
// style sheet), so a logo can never run anything in a visitor's browser.
package logo

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"strings"
)

// Limits of a logo.
const (
	MaxBytes = 200 << 10
	// MaxSide keeps a PNG's decoded size small (4 bytes a pixel).
	MaxSide = 2000
	// maxDepth and maxElements bound an SVG's nesting and size.
	maxDepth    = 32
	maxElements = 5000
)

// Content types of a clean logo.
const (
	PNG = "image/png"
	SVG = "image/svg+xml"
)

// Errors say what is wrong with an upload.
var (
	ErrTooLarge   = errors.New("logo: too large")
	ErrNotAnImage = errors.New("logo: not a PNG or SVG image")
)

// Clean checks the upload and returns its clean copy and content type.
func Clean(data []byte) ([]byte, string, error) {
	if len(data) > MaxBytes {
		return nil, "", ErrTooLarge
	}
	if bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		return cleanPNG(data)
	}
	clean, err := cleanSVG(data)
	if err != nil {
		return nil, "", err
	}
	return clean, SVG, nil
}

func cleanPNG(data []byte) ([]byte, string, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", ErrNotAnImage
	}
	if cfg.Width > MaxSide || cfg.Height > MaxSide {
		return nil, "", ErrTooLarge
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", ErrNotAnImage
	}
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		return nil, "", fmt.Errorf("logo: encode: %w", err)
	}
	return out.Bytes(), PNG, nil
}

const svgNS = "http://www.w3.org/2000/svg"

// drawing is what an SVG logo may contain: shapes, text, groups, gradients,
// clips and masks. Anything else (script, foreignObject, style, image,
// a, animate, and use, whose nesting can multiply a drawing until the
// browser freezes) is dropped with all it contains.
var drawing = map[string]bool{
	"svg": true, "g": true, "defs": true, "title": true, "desc": true,
	"path": true, "rect": true, "circle": true, "ellipse": true, "line": true, "polyline": true, "polygon": true,
	"text": true, "tspan": true, "linearGradient": true, "radialGradient": true, "stop": true,
	"clipPath": true, "mask": true,
}

// attributes are the presentation and geometry attributes kept; an
// attribute not listed (every on… handler, style, href to elsewhere) goes.
var attributes = map[string]bool{
	"id": true, "viewBox": true, "width": true, "height": true, "x": true, "y": true, "x1": true, "y1": true,
	"x2": true, "y2": true, "cx": true, "cy": true, "r": true, "rx": true, "ry": true, "fx": true, "fy": true,
	"d": true, "points": true, "transform": true, "fill": true, "fill-opacity": true, "fill-rule": true,
	"clip-rule": true, "stroke": true, "stroke-width": true, "stroke-opacity": true, "stroke-linecap": true,
	"stroke-linejoin": true, "stroke-miterlimit": true, "stroke-dasharray": true, "opacity": true,
	"offset": true, "stop-color": true, "stop-opacity": true, "gradientUnits": true, "gradientTransform": true,
	"spreadMethod": true, "clip-path": true, "mask": true, "clipPathUnits": true, "maskUnits": true,
	"preserveAspectRatio": true, "font-family": true, "font-size": true, "font-weight": true,
	"font-style": true, "text-anchor": true, "dominant-baseline": true, "letter-spacing": true,
	"href": true, "role": true, "aria-label": true, "version": true,
}

// cleanSVG rebuilds the document from what is allowed. A reference may only
// point inside the logo ("#id", "url(#id)"): never to a file or a site.
func cleanSVG(data []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = map[string]string{} // no entity beyond XML's own: no billion laughs
	var out bytes.Buffer
	enc := xml.NewEncoder(&out)
	depth, skipping, elements, root := 0, 0, 0, false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, ErrNotAnImage
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			elements++
			if depth > maxDepth || elements > maxElements {
				return nil, ErrTooLarge
			}
			if depth == 1 {
				if t.Name.Local != "svg" || t.Name.Space != svgNS && t.Name.Space != "" {
					return nil, ErrNotAnImage
				}
				root = true
			}
			if skipping > 0 || !drawing[t.Name.Local] || t.Name.Space != svgNS && t.Name.Space != "" {
				skipping++
				continue
			}
			clean := xml.StartElement{Name: xml.Name{Local: t.Name.Local}}
			if depth == 1 {
				clean.Attr = append(clean.Attr, xml.Attr{Name: xml.Name{Local: "xmlns"}, Value: svgNS})
			}
			for _, a := range t.Attr {
				if keepAttr(a) {
					clean.Attr = append(clean.Attr, xml.Attr{Name: xml.Name{Local: a.Name.Local}, Value: a.Value})
				}
			}
			if err := enc.EncodeToken(clean); err != nil {
				return nil, ErrNotAnImage
			}
		case xml.EndElement:
			depth--
			if skipping > 0 {
				skipping--
				continue
			}
			if err := enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: t.Name.Local}}); err != nil {
				return nil, ErrNotAnImage
			}
		case xml.CharData:
			if skipping == 0 && depth > 0 {
				if err := enc.EncodeToken(t.Copy()); err != nil {
					return nil, ErrNotAnImage
				}
			}
		case xml.Directive:
			return nil, ErrNotAnImage // a DOCTYPE can declare entities
		}
		// Comments and processing instructions are left out.
	}
	if !root {
		return nil, ErrNotAnImage
	}
	if err := enc.Flush(); err != nil {
		return nil, fmt.Errorf("logo: write svg: %w", err)
	}
	return out.Bytes(), nil
}

// keepAttr keeps an allowed attribute whose value cannot reach outside the
// logo. xlink:href is read as href; xmlns declarations are dropped (the
// root gets the SVG namespace back).
func keepAttr(a xml.Attr) bool {
	if !attributes[a.Name.Local] || a.Name.Space != "" && a.Name.Space != "http://www.w3.org/1999/xlink" {
		return false
	}
	v := strings.ToLower(strings.Join(strings.Fields(a.Value), ""))
	if a.Name.Local == "href" {
		return strings.HasPrefix(v, "#")
	}
	if strings.Contains(v, "url(") {
		return strings.HasPrefix(v, "url(#") && strings.Count(v, "url(") == 1
	}
	return !strings.Contains(v, "javascript:") && !strings.Contains(v, "expression(")
}
