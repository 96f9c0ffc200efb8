package ui

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/export"
)

// exportChoices names the formats for people, with the file a format
// writes by default (a folder when it has no extension).
var exportChoices = []struct {
	format export.Format
	label  string
	file   string
}{
	{export.HTML, "HTML brief (one file to mail)", "brief.html"},
	{export.PDF, "PDF brief", "brief.pdf"},
	{export.Markdown, "Markdown folder (opens in Obsidian)", "parley-export"},
	{export.JSON, "JSON backup (everything, to restore)", "parley-backup.json"},
	{export.CSV, "CSV (issue × round matrix, clip list)", "parley-csv"},
	{export.Annotations, "Annotations (W3C Web Annotation JSON-LD)", "annotations.jsonld"},
}

// Export scopes.
const (
	scopeVault  = "The whole vault"
	scopeSearch = "The current search results"
	scopeRecord = "The open record and what is linked to it"
)

// showExportDialog asks for a format, a scope and a destination, then
// exports with a progress bar and reports what was written.
func (w *mainWindow) showExportDialog() {
	labels := make([]string, len(exportChoices))
	for i, c := range exportChoices {
		labels[i] = c.label
	}
	format := widget.NewSelect(labels, nil)
	scopes := []string{scopeVault, scopeSearch}
	if w.detail.current() != "" {
		scopes = append(scopes, scopeRecord)
	}
	scope := widget.NewRadioGroup(scopes, nil)
	scope.SetSelected(scopeVault)
	if w.detail.current() != "" {
		scope.SetSelected(scopeRecord)
	}
	title := widget.NewEntry()
	title.SetPlaceHolder("brief title (optional)")
	out := widget.NewEntry()
	home, _ := os.UserHomeDir()
	format.OnChanged = func(string) {
		c := exportChoices[format.SelectedIndex()]
		dir := home
		if out.Text != "" {
			dir = filepath.Dir(out.Text)
		}
		out.SetText(filepath.Join(dir, c.file))
	}
	format.SetSelectedIndex(0)
	browse := widget.NewButtonWithIcon("Folder…", theme.FolderOpenIcon(), func() {
		dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				out.SetText(filepath.Join(u.Path(), filepath.Base(out.Text)))
			}
		}, w.win)
	})
	form := container.NewVBox(
		bold("Format"), format,
		bold("What"), scope,
		bold("Title"), title,
		bold("Save to"), container.NewBorder(nil, nil, nil, browse, out),
	)
	d := dialog.NewCustomConfirm("Export", "Export", "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		opts := export.Options{Format: exportChoices[format.SelectedIndex()].format, Out: strings.TrimSpace(out.Text), Title: title.Text}
		switch scope.Selected {
		case scopeSearch:
			opts.Query = w.searchAsQuery()
		case scopeRecord:
			opts.ID = w.detail.current()
		}
		w.runExport(opts)
	}, w.win)
	d.Resize(fyne.NewSize(600, 0))
	d.Show()
}

// runExport exports with a progress bar and shows the report.
func (w *mainWindow) runExport(opts export.Options) {
	bar := widget.NewProgressBar()
	stage := widget.NewLabel("Exporting…")
	prog := dialog.NewCustomWithoutButtons("Exporting", container.NewVBox(stage, bar), w.win)
	prog.Show()
	w.tasks.run(func() {
		rep, err := export.Run(context.Background(), w.nb, opts, func(p app.Progress) {
			w.tasks.do(func() {
				stage.SetText(p.Stage)
				if p.Total > 0 {
					bar.SetValue(float64(p.Done) / float64(p.Total))
				}
			})
		})
		w.tasks.do(func() {
			prog.Hide()
			if err != nil {
				dialog.ShowError(err, w.win)
				return
			}
			msg := widget.NewLabel(rep.Summary())
			msg.Wrapping = fyne.TextWrapWord
			d := dialog.NewCustom("Export finished", "Close", msg, w.win)
			d.Resize(fyne.NewSize(520, 0))
			d.Show()
		})
	})
}

// searchAsQuery writes the result list's search as one query: what was
// typed, and each facet filter as a required field. (A facet with several
// values chosen cannot be said in the query syntax and is left out.)
func (w *mainWindow) searchAsQuery() string {
	q := w.request().Query
	for _, f := range facetNames {
		if vals := w.filters[f.key]; len(vals) == 1 {
			q += " +" + f.key + ":" + strconv.Quote(vals[0])
		}
	}
	return strings.TrimSpace(q)
}
