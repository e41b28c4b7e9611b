package app

import (
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingViews records how many renders run at the same time.
type countingViews struct {
	running, most atomic.Int32
}

func (v *countingViews) Load() error { return nil }

func (v *countingViews) Render(io.Writer, string, any, ...string) error {
	n := v.running.Add(1)
	for {
		m := v.most.Load()
		if n <= m || v.most.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(2 * time.Millisecond)
	v.running.Add(-1)
	return nil
}

func TestLimitRenderingRunsAtMostNAtOnce(t *testing.T) {
	for _, n := range []int{1, 3} {
		v := &countingViews{}
		limited := limitRendering(v, n)
		var wg sync.WaitGroup
		for range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := limited.Render(io.Discard, "pages/x", nil); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got := v.most.Load(); got != int32(n) {
			t.Errorf("with %d slots, %d renders ran at once", n, got)
		}
	}
}
