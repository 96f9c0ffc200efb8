package ui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/index"
)

// facetNames are the facets the result list filters by, with the names
// users see.
var facetNames = []struct{ key, label string }{
	{"type", "Type"},
	{"tags", "Tags"},
	{"site", "Site"},
	{"reliability", "Grade"},
	{"lang", "Language"},
	{"year", "Year"},
}

// facetBar is a row of buttons, one per facet, each opening a menu of the
// facet's values with their counts; choosing values narrows the results.
type facetBar struct {
	buttons  map[string]*widget.Button
	clear    *widget.Button
	content  fyne.CanvasObject
	counts   index.Facets
	selected map[string][]string

	onChange func(map[string][]string)
}

func newFacetBar() *facetBar {
	f := &facetBar{buttons: map[string]*widget.Button{}, selected: map[string][]string{}}
	box := container.New(layout.NewRowWrapLayoutWithCustomPadding(0, 0))
	for _, fn := range facetNames {
		b := widget.NewButtonWithIcon(fn.label, theme.MenuDropDownIcon(), nil)
		b.IconPlacement = widget.ButtonIconTrailingText
		b.Importance = widget.LowImportance
		key := fn.key
		b.OnTapped = func() { f.openMenu(key, b) }
		f.buttons[key] = b
		box.Add(b)
	}
	f.clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() {
		f.setSelected(map[string][]string{})
		f.changed()
	})
	f.clear.Importance = widget.LowImportance
	f.clear.Hide()
	box.Add(f.clear)
	f.content = box
	return f
}

// setCounts shows the values and counts of the current results.
func (f *facetBar) setCounts(c index.Facets) { f.counts = c }

// setSelected shows which values are chosen (the sidebar chooses some).
func (f *facetBar) setSelected(sel map[string][]string) {
	f.selected = map[string][]string{}
	for k, v := range sel {
		if len(v) > 0 {
			f.selected[k] = slices.Clone(v)
		}
	}
	any := false
	for _, fn := range facetNames {
		b := f.buttons[fn.key]
		if n := len(f.selected[fn.key]); n > 0 {
			b.SetText(fmt.Sprintf("%s: %s", fn.label, summary(f.selected[fn.key])))
			b.Importance = widget.HighImportance
			any = true
		} else {
			b.SetText(fn.label)
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
	if any {
		f.clear.Show()
	} else {
		f.clear.Hide()
	}
}

func summary(vals []string) string {
	if len(vals) == 1 {
		return vals[0]
	}
	return fmt.Sprintf("%s +%d", vals[0], len(vals)-1)
}

// openMenu lists a facet's values with counts, checked where chosen.
func (f *facetBar) openMenu(key string, b *widget.Button) {
	var items []*fyne.MenuItem
	chosen := f.selected[key]
	seen := map[string]bool{}
	for _, v := range f.counts[key] {
		items = append(items, f.item(key, v.Value, fmt.Sprintf("%s  (%d)", v.Value, v.Count), slices.Contains(chosen, v.Value)))
		seen[v.Value] = true
	}
	// A chosen value the current results no longer have must still be
	// there to un-choose.
	for _, v := range chosen {
		if !seen[v] {
			items = append(items, f.item(key, v, v+"  (0)", true))
		}
	}
	if len(items) == 0 {
		items = append(items, fyne.NewMenuItem("(no values in these results)", nil))
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(0, b.Size().Height))
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos)
}

func (f *facetBar) item(key, value, label string, checked bool) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, func() { f.toggle(key, value) })
	it.Checked = checked
	return it
}

// toggle chooses or un-chooses one value.
func (f *facetBar) toggle(key, value string) {
	sel := map[string][]string{}
	for k, v := range f.selected {
		sel[k] = slices.Clone(v)
	}
	if i := slices.Index(sel[key], value); i >= 0 {
		sel[key] = slices.Delete(sel[key], i, i+1)
	} else {
		sel[key] = append(sel[key], value)
	}
	f.setSelected(sel)
	f.changed()
}

func (f *facetBar) changed() {
	if f.onChange != nil {
		f.onChange(f.selected)
	}
}
