package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// recordPicker holds a list of chosen records of one type, each removable,
// and adds more through a search, so it works with ten records or ten
// thousand.
type recordPicker struct {
	w       *mainWindow
	typ     vault.Type
	chosen  []choice
	box     *fyne.Container
	content fyne.CanvasObject
	changed func()
}

// newRecordPicker starts with the ids in chosen, labelled from known.
func newRecordPicker(w *mainWindow, typ vault.Type, addLabel string, known []choice, chosen []string, changed func()) *recordPicker {
	p := &recordPicker{w: w, typ: typ, box: container.NewVBox(), changed: changed}
	for _, id := range chosen {
		label := id
		for _, c := range known {
			if c.id == id {
				label = c.label
			}
		}
		p.chosen = append(p.chosen, choice{id, label})
	}
	add := widget.NewButtonWithIcon(addLabel, theme.ContentAddIcon(), p.openSearch)
	add.Importance = widget.LowImportance
	p.content = container.NewVBox(p.box, container.NewHBox(add))
	p.rebuild()
	return p
}

func (p *recordPicker) ids() vault.StringList {
	var ids vault.StringList
	for _, c := range p.chosen {
		ids = append(ids, c.id)
	}
	return ids
}

func (p *recordPicker) rebuild() {
	p.box.RemoveAll()
	for i, c := range p.chosen {
		open := linkRow(c.label, typeIcon(string(p.typ)), func() { p.w.openRecord(c.id, "") })
		remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
			p.chosen = slices.Delete(p.chosen, i, i+1)
			p.rebuild()
			p.changed()
		})
		remove.Importance = widget.LowImportance
		p.box.Add(container.NewBorder(nil, nil, nil, remove, open))
	}
}

// openSearch finds records of the picker's type to add.
func (p *recordPicker) openSearch() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("search")
	var hits []index.Hit
	list := widget.NewList(func() int { return len(hits) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(hits) {
				o.(*widget.Label).SetText(hits[id].Title)
			}
		})
	var d dialog.Dialog
	list.OnSelected = func(id widget.ListItemID) {
		if id >= len(hits) {
			return
		}
		h := hits[id]
		if !slices.ContainsFunc(p.chosen, func(c choice) bool { return c.id == h.ID }) {
			p.chosen = append(p.chosen, choice{h.ID, h.Title})
			p.rebuild()
			p.changed()
		}
		d.Hide()
	}
	s := newSearcher(p.w.nb, p.w.tasks, func(_ index.Request, res *index.Result, err error) {
		if err == nil {
			hits = res.Hits
			list.Refresh()
		}
	})
	search := func(q string) {
		s.request(index.Request{Query: q, Filters: map[string][]string{"type": {string(p.typ)}}, Limit: 50})
	}
	entry.OnChanged = search
	search("")
	d = dialog.NewCustom("Choose", "Cancel", container.NewBorder(entry, nil, nil, nil, list), p.w.win)
	d.Resize(fyne.NewSize(520, 480))
	d.Show()
	p.w.win.Canvas().Focus(entry)
}
