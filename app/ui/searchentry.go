package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// searchEntry is the search field. Besides typing a query it steers the
// result list from the keyboard: Up and Down move, Enter opens, Escape
// clears.
type searchEntry struct {
	widget.Entry
	onMove   func(delta int)
	onEnter  func()
	onEscape func()
}

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder("Search   e.g.  embassy  \"local staff\"  type:round  date:>=2025-01-01")
	return e
}

// TypedKey takes the keys that steer the list and leaves the rest to the
// entry.
func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		e.onMove(1)
	case fyne.KeyUp:
		e.onMove(-1)
	case fyne.KeyReturn, fyne.KeyEnter:
		e.onEnter()
	case fyne.KeyEscape:
		e.onEscape()
	default:
		e.Entry.TypedKey(k)
	}
}
