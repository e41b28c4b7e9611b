// Package nurture is the portal's scheduled work: jobs that keep members
// informed without anyone clicking, such as event reminders. Every job runs
// under a lease in MongoDB, so with several portal instances each run
// happens on one of them; what a job sends is keyed so that even an overlap
// (a lease that ran out mid-run) tells nobody twice.
package nurture

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/talentcommunity/portal/store"
)

// Job is one kind of scheduled work.
type Job struct {
	Name  string
	Every time.Duration
	// Run does the work due at now and says how many things it did.
	Run func(ctx context.Context, now time.Time) (int, error)
}

// Scheduler runs jobs for one portal instance, the Holder of its leases.
type Scheduler struct {
	Store  *store.Store
	Holder string
	Log    *slog.Logger
	Now    func() time.Time
}

// RunOnce runs job if this instance gets its lease, and reports whether it
// did. A panic in the job becomes its error: it must not end the process.
func (s *Scheduler) RunOnce(ctx context.Context, job Job) (ran bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			ran, err = true, fmt.Errorf("nurture: job %s panicked: %v", job.Name, r)
		}
	}()
	now := s.Now()
	got, err := s.Store.AcquireLease(ctx, job.Name, s.Holder, now, job.Every)
	if err != nil || !got {
		return false, err
	}
	n, err := job.Run(ctx, now)
	if n > 0 {
		s.Log.Info("scheduled job done", "job", job.Name, "count", n)
	}
	return true, err
}

// Loop runs job every job.Every until ctx ends.
func (s *Scheduler) Loop(ctx context.Context, job Job) {
	t := time.NewTicker(job.Every)
	defer t.Stop()
	for {
		if _, err := s.RunOnce(ctx, job); err != nil && ctx.Err() == nil {
			s.Log.Warn("scheduled job failed; will retry", "job", job.Name, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
