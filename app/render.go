package app

import (
	"io"

	"github.com/gofiber/fiber/v2"
)

// renderSlots lets at most n template executions run at once. Rendering is
// pure CPU (no I/O: every read happened before), so running more of them
// than there are cores only interleaves them: with 32 connections on two
// cores the dashboard's p99 was four times its median (79-98 ms against
// 22 ms at 50,000 members). Waiting for a slot in turn keeps it near twice
// the median (36-40 ms) at the same throughput; see bench/README.md.
type renderSlots struct {
	fiber.Views
	slots chan struct{}
}

func limitRendering(v fiber.Views, n int) fiber.Views {
	return renderSlots{Views: v, slots: make(chan struct{}, max(n, 1))}
}

func (r renderSlots) Render(w io.Writer, name string, data any, layout ...string) error {
	r.slots <- struct{}{}
	defer func() { <-r.slots }()
	return r.Views.Render(w, name, data, layout...)
}
