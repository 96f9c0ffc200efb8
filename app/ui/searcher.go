package ui

import (
	"context"
	"sync"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/index"
)

// searcher runs searches as the user types, off the UI goroutine. A
// keystroke searches at once when no search is running, which is what
// makes results feel instant; keystrokes that come while one runs cancel
// it and are coalesced into one search for the latest text, so a fast
// typist never queues up stale searches, and an older result is never
// shown over a newer one.
type searcher struct {
	nb    *app.Notebook
	tasks *tasks
	show  func(req index.Request, res *index.Result, err error) // called on the UI goroutine

	mu      sync.Mutex
	seq     uint64 // numbers requests; only the latest is shown
	running bool
	pending *index.Request
	cancel  context.CancelFunc
}

func newSearcher(nb *app.Notebook, t *tasks, show func(index.Request, *index.Result, error)) *searcher {
	return &searcher{nb: nb, tasks: t, show: show}
}

// request searches for req, now or as soon as the running search stops.
func (s *searcher) request(req index.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	if s.running {
		s.pending = &req
		s.cancel()
		return
	}
	s.start(req)
}

// start runs a search; s.mu is held.
func (s *searcher) start(req index.Request) {
	s.running = true
	seq := s.seq
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.tasks.run(func() {
		res, err := s.nb.Search(ctx, req, true)
		cancel()
		s.mu.Lock()
		current := seq == s.seq
		s.running = false
		if next := s.pending; next != nil {
			s.pending = nil
			s.start(*next)
		}
		s.mu.Unlock()
		if !current {
			return // a newer search is on its way
		}
		s.tasks.do(func() {
			s.mu.Lock()
			latest := seq == s.seq
			s.mu.Unlock()
			if latest {
				s.show(req, res, err)
			}
		})
	})
}
