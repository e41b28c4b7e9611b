package store

import (
	"container/heap"
	"context"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
)

// mailSchedule knows, on the embedded store, when each queued mail is
// ready, so a sender finds the due ones without a query. FerretDB pushes
// only {_id} filters down to SQLite: a find on ready_at decodes the whole
// queue, and a newsletter puts 100,000 mails in it. The collection stays
// the record, read once when the store opens; the process is its only
// writer (the data dir is locked), and every write to it is mirrored here.
// Claims are kept here only: a sender that dies takes them along with its
// process, and the outbox's status still tells a sent mail.
type mailSchedule struct {
	mu    sync.Mutex
	ready map[string]time.Time // key → when it is ready (or its claim runs out)
	order readyHeap            // every time set, oldest first; stale ones are dropped as they surface
}

func newMailSchedule() *mailSchedule {
	return &mailSchedule{ready: map[string]time.Time{}}
}

// load reads the queue as the store opens.
func (m *mailSchedule) load(ctx context.Context, s *Store) error {
	entries, err := findMany[mailQueueEntry](ctx, s.write(colMailQueue), bson.M{}, nil, "mail queue")
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range entries {
		m.setLocked(e.ID, e.ReadyAt)
	}
	return nil
}

// set makes a mail ready at a time.
func (m *mailSchedule) set(key string, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.setLocked(key, at)
}

// add makes a mail ready at a time unless it is queued already, as an
// insert that leaves an existing entry alone does.
func (m *mailSchedule) add(key string, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, queued := m.ready[key]; !queued {
		m.setLocked(key, at)
	}
}

func (m *mailSchedule) setLocked(key string, at time.Time) {
	m.ready[key] = at
	heap.Push(&m.order, readyAt{key: key, at: at})
	if len(m.order) > 2*len(m.ready)+1024 { // mostly stale: claims of mails sent since
		m.order = m.order[:0]
		for key, at := range m.ready {
			m.order = append(m.order, readyAt{key: key, at: at})
		}
		heap.Init(&m.order)
	}
}

// remove forgets a mail that left the queue.
func (m *mailSchedule) remove(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.ready, key)
}

// claim takes up to limit mails ready by now, oldest first, and makes each
// ready again only at until: of two senders asking, only one gets a mail.
func (m *mailSchedule) claim(now, until time.Time, limit int) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var keys []string
	for len(keys) < limit && m.order.Len() > 0 && !m.order[0].at.After(now) {
		e := heap.Pop(&m.order).(readyAt)
		if at, queued := m.ready[e.key]; !queued || !at.Equal(e.at) {
			continue // left the queue, or was set again since
		}
		keys = append(keys, e.key)
		m.setLocked(e.key, until)
	}
	return keys
}

type readyAt struct {
	key string
	at  time.Time
}

// readyHeap orders mails by when they are ready (container/heap).
type readyHeap []readyAt

func (h readyHeap) Len() int           { return len(h) }
func (h readyHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h readyHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *readyHeap) Push(x any)        { *h = append(*h, x.(readyAt)) }
func (h *readyHeap) Pop() any {
	old := *h
	last := old[len(old)-1]
	*h = old[:len(old)-1]
	return last
}
