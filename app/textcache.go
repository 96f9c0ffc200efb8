package app

import (
	"container/list"
	"sync"

	"github.com/parley-notes/parley/app/vault"
)

// textCache keeps the indexed text of recently highlighted records, so that
// typing a query a letter at a time does not re-read and re-parse the same
// files on every keystroke. An entry is good while its file's signature
// (size and modification time) is unchanged.
type textCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // most recently used first; values are *textEntry
	byKey map[string]*list.Element
}

type textEntry struct {
	path  string
	sig   vault.Sig
	texts map[string]map[string]string // document id -> field -> text
}

// textCacheSize holds about a screenful of hits many times over, a few
// megabytes of text.
const textCacheSize = 512

func newTextCache() *textCache {
	return &textCache{max: textCacheSize, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *textCache) get(path string, sig vault.Sig) (map[string]map[string]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[path]
	if !ok || el.Value.(*textEntry).sig != sig {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*textEntry).texts, true
}

func (c *textCache) put(path string, sig vault.Sig, texts map[string]map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[path]; ok {
		el.Value = &textEntry{path, sig, texts}
		c.order.MoveToFront(el)
		return
	}
	c.byKey[path] = c.order.PushFront(&textEntry{path, sig, texts})
	if c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*textEntry).path)
	}
}
