package ui

import (
	"context"
	"errors"
	"fmt"
	"log"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// Preference keys: the window remembers its size and the record it showed.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
	prefRecord = "window.record"
)

// mainWindow is Parley's window: a toolbar with the search field, the
// notebook column, the result list and the open record, and a status bar.
type mainWindow struct {
	app fyne.App
	win fyne.Window
	nb  *app.Notebook

	search   *searchEntry
	side     *sidebar
	results  *resultsPane
	detail   *detailPane
	status   *widget.Label
	progress *widget.ProgressBar

	searcher *searcher
	tasks    *tasks
	// What the result list shows: the query, the facet filters (the
	// sidebar's choice included) and the order.
	query   string
	filters map[string][]string
	order   index.Sort
	loading bool // a next page is being fetched

	titleMu sync.Mutex
	titles  map[string]string // id → title of rounds and issues, for labels
}

func newMainWindow(a fyne.App, nb *app.Notebook, t *tasks) *mainWindow {
	w := &mainWindow{app: a, win: a.NewWindow("Parley"), nb: nb, filters: map[string][]string{}, titles: map[string]string{}, tasks: t}
	w.searcher = newSearcher(nb, w.tasks, w.showResults)

	w.search = newSearchEntry()
	w.search.OnChanged = func(q string) {
		w.query = q
		w.runSearch()
	}
	w.search.onMove = func(d int) { w.results.move(d) }
	w.search.onEnter = func() { w.results.openCursor() }
	w.search.onEscape = func() { w.search.SetText("") }

	w.side = newSidebar()
	w.side.onChoose = w.chooseSide
	w.results = newResultsPane()
	w.results.onOpen = func(h index.Hit) { w.openHit(h) }
	w.results.onLoadMore = w.loadMore
	w.results.onSort = func(s index.Sort) { w.order = s; w.runSearch() }
	w.results.facets.onChange = func(f map[string][]string) { w.filters = f; w.runSearch() }
	w.detail = newDetailPane(w)
	w.status = widget.NewLabel(nb.Root())
	w.status.Truncation = fyne.TextTruncateEllipsis
	w.progress = widget.NewProgressBar()
	w.progress.Hide()

	help := widget.NewButtonWithIcon("", theme.QuestionIcon(), w.showSearchHelp)
	help.Importance = widget.LowImportance
	toolbar := container.NewBorder(nil, nil, nil, container.NewHBox(help, w.actionButtons()), w.search)
	inner := container.NewHSplit(w.results.content, w.detail.content)
	inner.Offset = 0.42
	outer := container.NewHSplit(w.side.content, inner)
	outer.Offset = 0.16
	statusBar := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(200, 20), w.progress), w.status)
	w.win.SetContent(container.NewBorder(container.NewPadded(toolbar), statusBar, nil, nil, outer))
	w.win.SetMainMenu(w.mainMenu())
	w.win.SetCloseIntercept(w.closeWindow)
	w.win.SetOnDropped(w.onDropped)
	w.win.Resize(fyne.NewSize(
		float32(a.Preferences().FloatWithFallback(prefWidth, 1280)),
		float32(a.Preferences().FloatWithFallback(prefHeight, 800))))
	w.win.Canvas().Focus(w.search)

	nb.Subscribe(w.onEvent)
	for _, n := range nb.Notices() {
		w.notice(n)
	}
	w.refresh()
	if id := a.Preferences().String(prefRecord); id != "" {
		w.openRecord(id, "")
	}
	return w
}

// actionButtons are the toolbar's commands.
func (w *mainWindow) actionButtons() fyne.CanvasObject {
	btn := func(label string, icon fyne.Resource, f func()) *widget.Button {
		b := widget.NewButtonWithIcon(label, icon, f)
		b.Importance = widget.LowImportance
		return b
	}
	return container.NewHBox(
		btn("Clip", theme.ContentPasteIcon(), w.showClipDialog),
		btn("Round", theme.CalendarIcon(), func() { w.newRecord(vault.TypeRound) }),
		btn("Issue", theme.QuestionIcon(), func() { w.newRecord(vault.TypeIssue) }),
		btn("Note", theme.DocumentCreateIcon(), func() { w.newRecord(vault.TypeNote) }),
		btn("Export", theme.DownloadIcon(), w.showExportDialog),
	)
}

// request is the search the result list shows now.
// With nothing typed, it lists records newest first; annotations, which
// are part of their clips, show only when a search finds them.
func (w *mainWindow) request() index.Request {
	req := index.Request{Query: w.query, Filters: maps.Clone(w.filters), Sort: w.order, Limit: pageSize, CountFacets: true}
	if strings.TrimSpace(w.query) == "" {
		req.Query = "-type:" + index.TypeAnnotation
		if req.Sort == index.ByRelevance {
			req.Sort = index.NewestFirst
		}
	}
	return req
}

// runSearch shows the results of the current search.
func (w *mainWindow) runSearch() {
	w.searcher.request(w.request())
}

func (w *mainWindow) showResults(req index.Request, res *index.Result, err error) {
	if err != nil {
		if errors.Is(err, app.ErrIndexing) {
			w.results.showMessage("Indexing the vault… results appear when it is done.")
			return
		}
		w.results.showMessage(err.Error())
		return
	}
	w.results.show(res, len(req.Filters) > 0)
	// Facet counts take longer than hits on a large vault: they follow.
	w.tasks.run(func() {
		f, err := w.nb.Facets(context.Background(), req)
		if err != nil {
			return
		}
		w.tasks.do(func() { w.results.facets.setCounts(f) })
	})
}

// loadMore fetches the next page when the list is scrolled to its end.
func (w *mainWindow) loadMore(offset int) {
	if w.loading {
		return
	}
	w.loading = true
	req := w.request()
	req.Offset = offset
	w.tasks.run(func() {
		res, err := w.nb.Search(context.Background(), req, true)
		w.tasks.do(func() {
			w.loading = false
			if err == nil && len(w.results.hits) == offset {
				w.results.appendPage(res)
			}
		})
	})
}

// chooseSide applies the notebook column's choice to the result list.
func (w *mainWindow) chooseSide(e sideEntry) {
	if e.view == viewMatrix {
		w.showMatrix()
		return
	}
	delete(w.filters, "type")
	delete(w.filters, "tags")
	if e.typ != "" {
		w.filters["type"] = []string{e.typ}
	}
	if e.tag != "" {
		w.filters["tags"] = []string{e.tag}
	}
	w.results.facets.setSelected(w.filters)
	w.runSearch()
}

// refresh updates the counts, the labels and the results after a change.
func (w *mainWindow) refresh() {
	w.runSearch()
	w.tasks.run(func() {
		ctx := context.Background()
		f, err := w.nb.Facets(ctx, index.Request{})
		if err != nil {
			return
		}
		titles := map[string]string{}
		for _, t := range []vault.Type{vault.TypeIssue, vault.TypeRound} {
			hits, err := w.nb.List(ctx, t)
			if err != nil {
				return
			}
			for _, h := range hits {
				titles[h.ID] = h.Title
			}
		}
		w.titleMu.Lock()
		w.titles = titles
		w.titleMu.Unlock()
		w.tasks.do(func() {
			w.side.setCounts(f)
			n := 0
			for _, v := range f["type"] {
				if v.Value != index.TypeAnnotation {
					n += v.Count
				}
			}
			w.status.SetText(fmt.Sprintf("%s · %s records", w.nb.Root(), formatCount(uint64(n))))
		})
	})
}

// titleOf names an issue or round by its title.
func (w *mainWindow) titleOf(id string) string {
	w.titleMu.Lock()
	defer w.titleMu.Unlock()
	if t, ok := w.titles[id]; ok {
		return t
	}
	return id
}

func (w *mainWindow) openHit(h index.Hit) {
	id, ann := app.SplitDocID(h.ID)
	w.openRecord(id, ann)
}

// openRecord shows a record (at an annotation's passage when annID is
// set), saving the open one first if it has edits.
func (w *mainWindow) openRecord(id, annID string) {
	if w.detail.current() == id && annID == "" {
		return
	}
	w.detail.saveNow(func(ok bool) {
		if !ok {
			return // the error is shown; the edits stay on screen
		}
		w.load(id, annID)
	})
}

// reload shows the record again as it is on disk, dropping unsaved edits.
func (w *mainWindow) reload(id string) { w.load(id, "") }

// load reads a record and what its editor shows besides, off the UI
// goroutine, then shows it.
func (w *mainWindow) load(id, annID string) {
	w.tasks.run(func() {
		ctx := context.Background()
		rec, err := w.nb.Get(ctx, id)
		if err != nil {
			w.tasks.do(func() {
				if errors.Is(err, app.ErrNotFound) {
					w.app.Preferences().RemoveValue(prefRecord)
					return
				}
				w.notice(err.Error())
			})
			return
		}
		build, err := w.editorFor(ctx, rec)
		w.tasks.do(func() {
			if err != nil {
				dialog.ShowError(err, w.win)
				return
			}
			ed := build()
			w.detail.show(ed)
			w.app.Preferences().SetString(prefRecord, rec.ID)
			if r, ok := ed.(*clipReader); ok && annID != "" {
				r.focusAnnotation(annID)
			}
		})
	})
}

// editorFor gathers what a record's editor needs (its history, evidence,
// backlinks, pickers' choices) and returns a function that builds the
// editor on the UI goroutine.
func (w *mainWindow) editorFor(ctx context.Context, rec *vault.Record) (func() editor, error) {
	if rec.Broken() {
		return func() editor { return newBrokenView(w, rec) }, nil
	}
	switch rec.Type {
	case vault.TypeClip:
		return func() editor { return newClipReader(w, rec) }, nil
	case vault.TypeRound:
		issues, err := w.nb.List(ctx, vault.TypeIssue)
		if err != nil {
			return nil, err
		}
		slices.SortFunc(issues, func(a, b index.Hit) int { return compareFold(a.Title, b.Title) })
		var sources []choice
		for _, id := range rec.Sources {
			if h, err := w.nb.Get(ctx, id); err == nil {
				sources = append(sources, choice{id, h.Title})
			}
		}
		return func() editor { return newRoundForm(w, rec, choices(issues), sources) }, nil
	case vault.TypeIssue:
		var d issueData
		var err error
		if d.history, err = w.nb.History(ctx, rec.ID); err != nil {
			return nil, err
		}
		if d.evidence, err = w.nb.Evidence(ctx, rec.ID); err != nil {
			return nil, err
		}
		if d.backlinks, err = w.nb.Backlinks(ctx, rec); err != nil {
			return nil, err
		}
		return func() editor { return newIssueView(w, rec, d) }, nil
	}
	links, err := w.nb.Backlinks(ctx, rec)
	if err != nil {
		return nil, err
	}
	return func() editor { return newNoteEditor(w, rec, links) }, nil
}

// newRecord opens an editor on a new, unsaved record.
func (w *mainWindow) newRecord(t vault.Type) {
	if w.nb.ReadOnly() {
		dialog.ShowInformation("Read-only vault", "This vault is on a disk Parley cannot write to.", w.win)
		return
	}
	titles := map[vault.Type]string{vault.TypeRound: "New round", vault.TypeIssue: "New issue", vault.TypeNote: "Untitled note", vault.TypeClip: "Untitled clip"}
	rec := app.NewRecord(t, titles[t])
	if t == vault.TypeRound {
		rec.Date = vault.NewDate(time.Now())
	}
	w.detail.saveNow(func(ok bool) {
		if !ok {
			return
		}
		w.tasks.run(func() {
			build, err := w.editorFor(context.Background(), rec)
			w.tasks.do(func() {
				if err != nil {
					dialog.ShowError(err, w.win)
					return
				}
				ed := build()
				// A new record is saved when it is left, even unchanged.
				ed.edits().touch()
				w.detail.show(ed)
			})
		})
	})
}

// showMatrix shows the issue × round matrix in the record pane.
func (w *mainWindow) showMatrix() {
	w.detail.saveNow(func(ok bool) {
		if !ok {
			return
		}
		w.tasks.run(func() {
			m, err := w.nb.Matrix(context.Background())
			w.tasks.do(func() {
				if err != nil {
					w.notice(err.Error())
					return
				}
				w.detail.showView(newMatrixView(w, m).content)
			})
		})
	})
}

// onEvent follows the notebook: progress, notices, and changes made here
// or by other programs.
func (w *mainWindow) onEvent(e app.Event) {
	w.tasks.do(func() {
		switch e.Kind {
		case app.EventProgress:
			w.progress.Show()
			if e.Progress.Total > 0 {
				w.progress.SetValue(float64(e.Progress.Done) / float64(e.Progress.Total))
			}
			w.status.SetText(fmt.Sprintf("%s: %d of %d", e.Progress.Stage, e.Progress.Done, e.Progress.Total))
		case app.EventReady:
			w.progress.Hide()
			w.refresh()
		case app.EventChanged:
			w.refresh()
			if cur := w.detail.current(); cur != "" && slices.Contains(e.IDs, cur) {
				w.externalChange(cur)
			}
		case app.EventNotice:
			w.notice(e.Message)
		case app.EventError:
			w.notice(e.Err.Error())
		}
	})
}

// externalChange reloads the shown record if its file changed under it —
// unless the change is the record's own save. With unsaved edits, the user
// chooses.
func (w *mainWindow) externalChange(id string) {
	ed := w.detail.ed
	shown := ed.record()
	w.tasks.run(func() {
		disk, err := w.nb.Get(context.Background(), id)
		w.tasks.do(func() {
			if w.detail.ed != ed {
				return
			}
			if err != nil {
				if errors.Is(err, app.ErrNotFound) {
					w.notice(fmt.Sprintf("“%s” was deleted.", shown.Title))
					w.detail.clear()
				}
				return
			}
			if disk.Sig == ed.record().Sig {
				return // our own save
			}
			if !ed.edits().dirty() {
				w.reload(id)
				return
			}
			w.detail.resolveConflict(ed, ed.record(), ed.edits().version, func(bool) {})
		})
	})
}

// notice shows a message in the status bar, and keeps it in the log.
func (w *mainWindow) notice(msg string) {
	log.Print(msg)
	w.status.SetText(msg)
}

// raise brings the window forward when another start of Parley on the same
// vault asks for it.
func (w *mainWindow) raise() {
	w.win.Show()
	w.win.RequestFocus()
	log.Print("another start of Parley asked for this window; brought it forward")
}

// closeWindow saves unsaved edits and remembers the window's size before
// closing.
func (w *mainWindow) closeWindow() {
	w.detail.saveNow(func(ok bool) {
		if !ok {
			dialog.ShowConfirm("Unsaved changes", "The open record could not be saved. Close anyway and lose the changes?", func(close bool) {
				if close {
					w.win.Close()
				}
			}, w.win)
			return
		}
		size := w.win.Canvas().Size()
		w.app.Preferences().SetFloat(prefWidth, float64(size.Width))
		w.app.Preferences().SetFloat(prefHeight, float64(size.Height))
		w.win.Close()
	})
}

func compareFold(a, b string) int {
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}
