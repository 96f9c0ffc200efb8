package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// tasks runs work off the UI goroutine — reading files, searching, saving —
// so the window never waits on the disk, and brings the results back to the
// UI goroutine with do.
//
// In the real app do is fyne.Do. Fyne's test driver has no UI goroutine
// (fyne.Do runs its function at once, on whatever goroutine called it), so
// a test window queues the UI work instead and runs it on the test's own
// goroutine in wait, which returns once every task, and every task a task
// started, is done: how tests know the window has settled, without sleeps.
type tasks struct {
	mu      sync.Mutex
	cond    sync.Cond
	running int
	queue   []func()
	queued  bool // UI work waits for wait (tests) rather than fyne.Do
}

func newTasks(queued bool) *tasks {
	t := &tasks{queued: queued}
	t.cond.L = &t.mu
	return t
}

// run does fn on a goroutine of its own.
func (t *tasks) run(fn func()) {
	t.start()
	go func() {
		defer t.done()
		fn()
	}()
}

// start and done count work that is under way without a goroutine of its
// own, such as a debounced search waiting on its timer.
func (t *tasks) start() {
	t.mu.Lock()
	t.running++
	t.mu.Unlock()
}

func (t *tasks) done() {
	t.mu.Lock()
	t.running--
	t.cond.Broadcast()
	t.mu.Unlock()
}

// do runs fn on the UI goroutine.
func (t *tasks) do(fn func()) {
	if !t.queued {
		fyne.Do(fn)
		return
	}
	t.mu.Lock()
	t.queue = append(t.queue, fn)
	t.cond.Broadcast()
	t.mu.Unlock()
}

// wait runs queued UI work until no task is left (tests only).
func (t *tasks) wait() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		if len(t.queue) > 0 {
			fns := t.queue
			t.queue = nil
			t.mu.Unlock()
			for _, fn := range fns {
				fn()
			}
			t.mu.Lock()
			continue
		}
		if t.running == 0 {
			return
		}
		t.cond.Wait()
	}
}
