//go:build pprof

package main

import (
	"log/slog"
	"net/http"
	_ "net/http/pprof" // the profiling handlers, only in a build with -tags pprof
	"os"
)

// A build with -tags pprof serves Go's profiler on PORTAL_PPROF_ADDR
// (127.0.0.1:6060 by default), for profiling a benchmark run.
func init() {
	addr := os.Getenv("PORTAL_PPROF_ADDR")
	if addr == "" {
		addr = "127.0.0.1:6060"
	}
	go func() {
		if err := http.ListenAndServe(addr, nil); err != nil {
			slog.Error("pprof", "err", err)
		}
	}()
}
