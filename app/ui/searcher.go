package ui

import (
	"context"
	"sync"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/index"
)

// searchDelay lets a fast typist finish a word before the search runs.
const searchDelay = 120 * time.Millisecond

// searcher runs searches as the user types: debounced, off the UI
// goroutine, and cancelling the search a newer keystroke made stale, so
// that an old result never replaces a newer one.
type searcher struct {
	nb    *app.Notebook
	tasks *tasks
	delay time.Duration
	show  func(req index.Request, res *index.Result, err error) // called on the UI goroutine

	mu     sync.Mutex
	seq    uint64
	timer  *time.Timer
	cancel context.CancelFunc
}

func newSearcher(nb *app.Notebook, t *tasks, show func(index.Request, *index.Result, error)) *searcher {
	return &searcher{nb: nb, tasks: t, delay: searchDelay, show: show}
}

// request schedules a search; immediate skips the debounce (a click on a
// facet, a new sort order).
func (s *searcher) request(req index.Request, immediate bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	seq := s.seq
	if s.timer != nil && s.timer.Stop() {
		s.tasks.done() // the pending search will not run
	}
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	if immediate {
		s.tasks.run(func() { s.run(seq, req) })
		return
	}
	// The debounced search counts as a task from now, so that waiting for
	// the window to settle includes it.
	s.tasks.start()
	s.timer = time.AfterFunc(s.delay, func() {
		defer s.tasks.done()
		s.run(seq, req)
	})
}

func (s *searcher) run(seq uint64, req index.Request) {
	s.mu.Lock()
	if seq != s.seq {
		s.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.mu.Unlock()
	res, err := s.nb.Search(ctx, req, true)
	cancel()
	s.tasks.do(func() {
		s.mu.Lock()
		current := seq == s.seq
		s.mu.Unlock()
		if current {
			s.show(req, res, err)
		}
	})
}
