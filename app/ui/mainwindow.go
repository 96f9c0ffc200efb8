package ui

import (
	"context"
	"fmt"
	"html"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/index"
)

// mainWindow is Parley's window: the search field, the result list and the
// selected record.
type mainWindow struct {
	win    fyne.Window
	nb     *app.Notebook
	search *widget.Entry
	list   *widget.List
	view   *recordView
	status *widget.Label
	prog   *widget.ProgressBar

	hits     []index.Hit
	searcher *searcher
}

func newMainWindow(a fyne.App, nb *app.Notebook) *mainWindow {
	w := &mainWindow{win: a.NewWindow("Parley"), nb: nb}
	w.searcher = newSearcher(nb, w.showResults)
	w.search = widget.NewEntry()
	w.search.SetPlaceHolder("Search: words, \"phrases\", type:clip, date:>=2025-01-01 …")
	w.search.OnChanged = func(q string) { w.searcher.request(index.Request{Query: q}, false) }
	w.list = widget.NewList(
		func() int { return len(w.hits) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("title")
			title.TextStyle.Bold = true
			title.Truncation = fyne.TextTruncateEllipsis
			snippet := widget.NewLabel("snippet")
			snippet.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, snippet)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(w.hits) {
				return
			}
			h := w.hits[id]
			box := o.(*fyne.Container)
			title := h.Title
			if h.Type == index.TypeAnnotation {
				title = "Annotation on " + h.ParentTitle
			}
			date := ""
			if !h.Date.IsZero() {
				date = h.Date.Format("2006-01-02") + " · "
			}
			box.Objects[0].(*widget.Label).SetText(title)
			box.Objects[1].(*widget.Label).SetText(date + h.Type + " · " + plainFragment(h.Fragments))
		},
	)
	w.list.OnSelected = func(id widget.ListItemID) {
		if id < len(w.hits) {
			w.open(w.hits[id])
		}
	}
	w.view = newRecordView()
	w.status = widget.NewLabel(nb.Root())
	w.prog = widget.NewProgressBar()
	w.prog.Hide()
	split := container.NewHSplit(w.list, w.view.content)
	split.Offset = 0.4
	w.win.SetContent(container.NewBorder(w.search, container.NewBorder(nil, nil, nil, w.prog, w.status), nil, nil, split))
	w.win.Resize(fyne.NewSize(1100, 720))
	w.win.Canvas().Focus(w.search)
	nb.Subscribe(w.onEvent)
	w.searcher.request(index.Request{}, true)
	return w
}

// showResults puts a search's hits in the list (on the UI goroutine).
func (w *mainWindow) showResults(req index.Request, res *index.Result, err error) {
	if err != nil {
		w.hits = nil
		w.status.SetText(err.Error())
		w.list.Refresh()
		return
	}
	w.hits = res.Hits
	w.list.UnselectAll()
	w.list.Refresh()
	w.status.SetText(fmt.Sprintf("%s · %d results", w.nb.Root(), res.Total))
}

// open shows a hit's record, read off the UI goroutine.
func (w *mainWindow) open(h index.Hit) {
	id, _ := app.SplitDocID(h.ID)
	go func() {
		rec, err := w.nb.Get(context.Background(), id)
		onUI(func() {
			if err != nil {
				w.status.SetText(err.Error())
				return
			}
			w.view.show(rec)
		})
	}()
}

// onEvent follows the notebook: progress, and fresh results when records
// change.
func (w *mainWindow) onEvent(e app.Event) {
	onUI(func() {
		switch e.Kind {
		case app.EventProgress:
			w.prog.Show()
			if e.Progress.Total > 0 {
				w.prog.SetValue(float64(e.Progress.Done) / float64(e.Progress.Total))
			}
		case app.EventReady, app.EventChanged:
			w.prog.Hide()
			w.searcher.request(index.Request{Query: w.search.Text}, true)
		case app.EventNotice:
			w.status.SetText(e.Message)
		case app.EventError:
			w.status.SetText(e.Err.Error())
		}
	})
}

// plainFragment is a hit's best excerpt as plain text.
func plainFragment(f map[string][]string) string {
	for _, field := range []string{"body", "comment", "meta", "title"} {
		if len(f[field]) > 0 {
			s := strings.ReplaceAll(strings.ReplaceAll(f[field][0], "<mark>", ""), "</mark>", "")
			return html.UnescapeString(s)
		}
	}
	return ""
}
