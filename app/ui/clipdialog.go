package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/clip"
)

// showClipDialog asks what to clip: an address or file path typed or
// pasted, a file chosen, or the clipboard's contents.
func (w *mainWindow) showClipDialog() {
	if w.nb.ReadOnly() {
		dialog.ShowInformation("Read-only vault", "This vault is on a disk Parley cannot write to.", w.win)
		return
	}
	source := widget.NewEntry()
	source.SetPlaceHolder("https://… or a file path")
	if s := strings.TrimSpace(w.app.Clipboard().Content()); clip.IsURL(s) {
		source.SetText(s)
	}
	tags := widget.NewEntry()
	tags.SetPlaceHolder("tags, comma separated")
	grade := newGradePicker("", nil)
	raw := widget.NewCheck("Keep the whole page if no article is found", nil)
	force := widget.NewCheck("Clip again even if already clipped", nil)
	var d dialog.Dialog
	opts := func() app.ClipOptions {
		return app.ClipOptions{Tags: splitList(tags.Text), Reliability: grade.value(), Raw: raw.Checked, Force: force.Checked}
	}
	choose := widget.NewButtonWithIcon("Choose file…", theme.FolderOpenIcon(), func() {
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			r.Close()
			source.SetText(r.URI().Path())
		}, w.win)
	})
	paste := widget.NewButtonWithIcon("Clip the clipboard", theme.ContentPasteIcon(), func() {
		content := w.app.Clipboard().Content()
		if strings.TrimSpace(content) == "" {
			dialog.ShowInformation("Clip", "The clipboard is empty.", w.win)
			return
		}
		d.Hide()
		w.clipSources(nil, content, opts())
	})
	form := container.NewVBox(
		bold("Address or file"), container.NewBorder(nil, nil, nil, choose, source),
		bold("Tags"), tags,
		bold("Grade"), grade.content,
		raw, force,
		widget.NewSeparator(), paste,
		faint("You can also drop files or links on the window."),
	)
	submit := func() {
		if src := strings.TrimSpace(source.Text); src != "" {
			w.clipSources([]string{src}, "", opts())
		}
	}
	d = dialog.NewCustomConfirm("Clip an article", "Clip", "Cancel", form, func(ok bool) {
		if ok {
			submit()
		}
	}, w.win)
	source.OnSubmitted = func(string) {
		d.Hide()
		submit()
	}
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	w.win.Canvas().Focus(source)
}

// clipSources clips sources (addresses or paths), or pasted content when
// sources is empty, with a progress bar, then opens the clip (or the one
// the vault already had) and reports failures with their reasons.
func (w *mainWindow) clipSources(sources []string, pasted string, opts app.ClipOptions) {
	total := max(len(sources), 1)
	bar := widget.NewProgressBar()
	label := widget.NewLabel("Clipping…")
	prog := dialog.NewCustomWithoutButtons("Clipping", container.NewVBox(label, bar), w.win)
	prog.Show()
	w.tasks.run(func() {
		ctx := context.Background()
		var last *app.ClipResult
		var failures []string
		clipped, present := 0, 0
		for i := 0; i < total; i++ {
			var res *app.ClipResult
			var err error
			name := "the clipboard"
			if len(sources) > 0 {
				name = sources[i]
				w.tasks.do(func() { label.SetText("Clipping " + name) })
				res, err = w.nb.Clip(ctx, name, opts)
			} else {
				res, err = w.clipPasted(ctx, pasted, opts)
			}
			w.tasks.do(func() { bar.SetValue(float64(i+1) / float64(total)) })
			switch {
			case err != nil:
				failures = append(failures, fmt.Sprintf("%s: %s", name, err))
			case res.Existing:
				present++
				last = res
			default:
				clipped++
				last = res
			}
		}
		w.tasks.do(func() {
			prog.Hide()
			if last != nil {
				w.openRecord(last.ID, "")
			}
			switch {
			case len(failures) > 0 && total == 1:
				dialog.ShowError(errors.New(failures[0]), w.win)
			case len(failures) > 0:
				dialog.ShowInformation("Clipping", fmt.Sprintf("%d clipped, %d already present, %d failed:\n\n%s", clipped, present, len(failures), strings.Join(failures, "\n")), w.win)
			case present > 0 && total == 1:
				w.notice("Already clipped: opened the existing clip.")
			case total > 1:
				w.notice(fmt.Sprintf("%d clipped, %d already present.", clipped, present))
			}
		})
	})
}

// clipPasted clips what was on the clipboard: an address, HTML or text.
func (w *mainWindow) clipPasted(ctx context.Context, content string, opts app.ClipOptions) (*app.ClipResult, error) {
	if s := strings.TrimSpace(content); clip.IsURL(s) {
		return w.nb.Clip(ctx, s, opts)
	}
	page, err := clip.LoadReader(strings.NewReader(content), "the clipboard")
	if err != nil {
		return nil, err
	}
	return w.nb.ClipPage(ctx, page, opts)
}

// onDropped clips files and links dropped on the window.
func (w *mainWindow) onDropped(_ fyne.Position, uris []fyne.URI) {
	if w.nb.ReadOnly() || len(uris) == 0 {
		return
	}
	var sources []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			sources = append(sources, u.Path())
		} else {
			sources = append(sources, u.String())
		}
	}
	w.clipSources(sources, "", app.ClipOptions{})
}
