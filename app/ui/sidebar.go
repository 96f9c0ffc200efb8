package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// sideEntry is one row of the notebook column.
type sideEntry struct {
	label  string
	icon   fyne.Resource
	count  int
	header bool   // a section title, not choosable
	typ    string // a record type ("" with tag == "" means all)
	tag    string
	view   string // a view of the notebook, such as the matrix
}

// sidebar is the notebook column: all records, each type, the views, and
// the tags, with counts.
type sidebar struct {
	list    *widget.List
	entries []sideEntry
	content fyne.CanvasObject

	onChoose func(sideEntry)
}

// The views the sidebar offers besides lists of records.
const viewMatrix = "matrix"

var typeLabels = map[vault.Type]string{vault.TypeClip: "Clips", vault.TypeRound: "Rounds", vault.TypeIssue: "Issues", vault.TypeNote: "Notes"}

func newSidebar() *sidebar {
	s := &sidebar{}
	s.list = widget.NewList(func() int { return len(s.entries) },
		func() fyne.CanvasObject {
			label := widget.NewLabel("")
			label.Truncation = fyne.TextTruncateEllipsis
			count := widget.NewLabel("")
			return container.NewBorder(nil, nil, widget.NewIcon(nil), count, label)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.entries) {
				return
			}
			e := s.entries[id]
			row := o.(*fyne.Container)
			label, icon, count := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Icon), row.Objects[2].(*widget.Label)
			label.SetText(e.label)
			label.TextStyle.Bold = e.header
			label.Importance = widget.MediumImportance
			if e.header {
				label.Importance = widget.LowImportance
			}
			label.Refresh()
			icon.SetResource(e.icon)
			count.SetText("")
			if !e.header && e.view == "" {
				count.SetText(fmt.Sprint(e.count))
			}
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		if id >= len(s.entries) {
			return
		}
		if s.entries[id].header {
			s.list.Unselect(id)
			return
		}
		if s.onChoose != nil {
			s.onChoose(s.entries[id])
		}
	}
	s.content = s.list
	s.setCounts(nil)
	return s
}

// setCounts rebuilds the rows from the whole notebook's facet counts.
func (s *sidebar) setCounts(f index.Facets) {
	types := map[string]int{}
	all := 0
	for _, v := range f["type"] {
		if v.Value != index.TypeAnnotation {
			types[v.Value] = v.Count
			all += v.Count
		}
	}
	entries := []sideEntry{{label: "All records", icon: theme.HomeIcon(), count: all}}
	for _, t := range vault.Types {
		entries = append(entries, sideEntry{label: typeLabels[t], icon: typeIcon(string(t)), count: types[string(t)], typ: string(t)})
	}
	entries = append(entries,
		sideEntry{label: "Views", header: true},
		sideEntry{label: "Issue × round matrix", icon: theme.GridIcon(), view: viewMatrix},
	)
	if tags := f["tags"]; len(tags) > 0 {
		entries = append(entries, sideEntry{label: "Tags", header: true})
		for _, t := range tags {
			entries = append(entries, sideEntry{label: t.Value, icon: theme.MailAttachmentIcon(), count: t.Count, tag: t.Value})
		}
	}
	s.entries = entries
	s.list.Refresh()
}
