package app

import "sync"

// EventKind says what happened.
type EventKind int

// The events a notebook emits.
const (
	// EventChanged: records were created, changed or removed (IDs), by
	// Parley or by another program.
	EventChanged EventKind = iota
	// EventProgress: long work moved on (Progress).
	EventProgress
	// EventReady: the index is built and matches the files.
	EventReady
	// EventNotice: something to tell the user once (Message).
	EventNotice
	// EventError: background work failed (Err).
	EventError
)

// Event is something a notebook tells its subscribers.
type Event struct {
	Kind     EventKind
	IDs      []string
	Progress Progress
	Message  string
	Err      error
}

// Progress of long work: Done of Total items of Stage.
type Progress struct {
	Stage string
	Done  int
	Total int
}

// eventHub fans events out to subscribers.
type eventHub struct {
	mu   sync.Mutex
	next int
	subs map[int]func(Event)
}

// Subscribe calls fn for every event until the returned function is
// called. fn runs on the goroutine that did the work: it must not block,
// and a GUI must hand the event to its own thread.
func (nb *Notebook) Subscribe(fn func(Event)) (cancel func()) {
	h := &nb.events
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs == nil {
		h.subs = map[int]func(Event){}
	}
	id := h.next
	h.next++
	h.subs[id] = fn
	return func() {
		h.mu.Lock()
		delete(h.subs, id)
		h.mu.Unlock()
	}
}

func (h *eventHub) emit(e Event) {
	h.mu.Lock()
	fns := make([]func(Event), 0, len(h.subs))
	for _, fn := range h.subs {
		fns = append(fns, fn)
	}
	h.mu.Unlock()
	for _, fn := range fns {
		fn(e)
	}
}
