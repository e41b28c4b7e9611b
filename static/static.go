// Package static holds the vendored front-end assets (htmx, Pico CSS) and our
// own, served at content-hashed URLs so browsers may cache them for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

//go:embed css js img
var files embed.FS

// Assets maps each file to its content hash.
type Assets struct {
	hashes map[string]string
}

// Load hashes every embedded file once at start.
func Load() (*Assets, error) {
	a := &Assets{hashes: map[string]string{}}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hashes[p] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	return a, err
}

// URL is the cache-busting address of an asset, e.g. /static/3f2a…/css/app.css.
// It panics on an unknown asset so a typo fails at the first render in tests.
func (a *Assets) URL(name string) string {
	h, ok := a.hashes[name]
	if !ok {
		panic("static: unknown asset " + name)
	}
	return "/static/" + h + "/" + name
}

// Handler serves /static/<hash>/<name>. A current hash is cached for a year;
// an old one (a page from before a deploy) still gets the file, uncached.
func (a *Assets) Handler(c *fiber.Ctx) error {
	hash, name, ok := strings.Cut(strings.TrimPrefix(c.Params("*"), "/"), "/")
	if !ok {
		return fiber.ErrNotFound
	}
	b, err := files.ReadFile(name)
	if err != nil {
		return fiber.ErrNotFound
	}
	if a.hashes[name] == hash {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "no-cache")
	}
	c.Set(fiber.HeaderContentType, mime.TypeByExtension(path.Ext(name)))
	return c.Send(b)
}
