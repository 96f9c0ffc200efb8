package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/importer"
)

// showImportDialog picks what to import — an Evernote .enex file, a
// Markdown folder or Obsidian vault (or its .zip), a Parley JSON backup —
// and imports it with a progress bar and a report. The format is told from
// what is chosen.
func (w *mainWindow) showImportDialog() {
	if w.nb.ReadOnly() {
		dialog.ShowInformation("Read-only vault", "This vault is on a disk Parley cannot write to.", w.win)
		return
	}
	var d dialog.Dialog
	file := widget.NewButtonWithIcon("A file (.enex, .zip, .json, .md)…", theme.FileIcon(), func() {
		d.Hide()
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			r.Close()
			w.runImport(r.URI().Path())
		}, w.win)
	})
	folder := widget.NewButtonWithIcon("A folder of Markdown notes or an Obsidian vault…", theme.FolderOpenIcon(), func() {
		d.Hide()
		dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				w.runImport(u.Path())
			}
		}, w.win)
	})
	note := faint("Importing the same thing twice adds nothing the second time. Evernote web clips and notes from a web clipper become clips.")
	d = dialog.NewCustom("Import", "Cancel", container.NewVBox(file, folder, note), w.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// runImport imports one path and reports, item by item, what was skipped
// or failed and why.
func (w *mainWindow) runImport(path string) {
	bar := widget.NewProgressBar()
	stage := widget.NewLabel("Importing " + path)
	prog := dialog.NewCustomWithoutButtons("Importing", container.NewVBox(stage, bar), w.win)
	prog.Show()
	w.tasks.run(func() {
		rep, err := importer.Run(context.Background(), w.nb, importer.Options{Paths: []string{path}}, func(p app.Progress) {
			w.tasks.do(func() {
				if p.Total > 0 {
					bar.SetValue(float64(p.Done) / float64(p.Total))
				}
			})
		})
		w.tasks.do(func() {
			prog.Hide()
			if err != nil && rep == nil {
				dialog.ShowError(err, w.win)
				return
			}
			var lines []string
			for _, it := range rep.Skipped {
				lines = append(lines, fmt.Sprintf("skipped %s: %s", it.Source, it.Reason))
			}
			for _, it := range rep.Failed {
				lines = append(lines, fmt.Sprintf("failed %s: %s", it.Source, it.Reason))
			}
			text := widget.NewLabel(strings.Join(lines, "\n"))
			text.Wrapping = fyne.TextWrapWord
			details := container.NewVScroll(text)
			details.SetMinSize(fyne.NewSize(0, min(float32(len(lines))*22, 300)))
			d := dialog.NewCustom("Import finished", "Close", container.NewBorder(bold(rep.Summary()), nil, nil, nil, details), w.win)
			d.Resize(fyne.NewSize(600, 0))
			d.Show()
		})
	})
}
