package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

// editor shows one record and lets the user change it. Each record type has
// its own.
type editor interface {
	object() fyne.CanvasObject
	// record returns a copy of the record with the user's changes applied,
	// safe to hand to another goroutine.
	record() *vault.Record
	edits() *editState
	// saved tells the editor its record was written as rec: it takes the
	// new file signature, path and times.
	saved(rec *vault.Record)
	// fieldError shows a validation message next to the field it is about;
	// it reports false when the editor has no such field.
	fieldError(*vault.FieldError) bool
}

// editState counts edits, so that a save that was under way while the user
// went on typing does not mark the newer edits as saved.
type editState struct{ version, savedVersion int }

func (e *editState) touch()      { e.version++ }
func (e *editState) dirty() bool { return e.version != e.savedVersion }

// savedCommon copies what a save changes into an editor's record.
func savedCommon(dst, saved *vault.Record) {
	dst.Sig, dst.Path, dst.Created, dst.Updated = saved.Sig, saved.Path, saved.Created, saved.Updated
}

// detailPane is the right column: the open record, with Save and Delete.
//
// Edits are never lost: switching records, closing the window or quitting
// saves them. A record changed on disk by another program while shown is
// reloaded, or, when it also has unsaved edits, the user chooses which
// version to keep.
type detailPane struct {
	w       *mainWindow
	ed      editor
	body    *fyne.Container
	bar     *fyne.Container
	status  *widget.Label
	content fyne.CanvasObject
	save    *widget.Button
	del     *widget.Button
}

func newDetailPane(w *mainWindow) *detailPane {
	d := &detailPane{w: w, status: widget.NewLabel("")}
	d.status.Importance = widget.LowImportance
	d.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { d.saveNow(nil) })
	d.del = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), d.confirmDelete)
	d.del.Importance = widget.LowImportance
	d.bar = container.NewBorder(nil, nil, nil, container.NewHBox(d.save, d.del), d.status)
	d.bar.Hide()
	d.body = container.NewStack(placeholder())
	d.content = container.NewBorder(d.bar, nil, nil, nil, d.body)
	return d
}

// placeholder is what the pane shows before a record is chosen.
func placeholder() fyne.CanvasObject {
	l := widget.NewLabel("Choose a record on the left, or press Ctrl+K to search.\n\nCtrl+L clips an article, Ctrl+N starts a note.")
	l.Alignment = fyne.TextAlignCenter
	l.Importance = widget.LowImportance
	return container.NewCenter(l)
}

// current returns the shown record's id, or "".
func (d *detailPane) current() string {
	if d.ed == nil {
		return ""
	}
	return d.ed.record().ID
}

// show replaces the pane's editor. Callers save the previous one first
// (see mainWindow.openRecord).
func (d *detailPane) show(ed editor) {
	d.ed = ed
	d.body.Objects = []fyne.CanvasObject{ed.object()}
	d.body.Refresh()
	d.bar.Show()
	rec := ed.record()
	d.status.SetText(statusText(rec))
	if rec.Broken() || d.w.nb.ReadOnly() {
		d.save.Disable()
	} else {
		d.save.Enable()
	}
	if d.w.nb.ReadOnly() {
		d.del.Disable()
	} else {
		d.del.Enable()
	}
}

// showView shows something that is not a record, such as the matrix.
func (d *detailPane) showView(o fyne.CanvasObject) {
	d.ed = nil
	d.body.Objects = []fyne.CanvasObject{o}
	d.body.Refresh()
	d.bar.Hide()
}

// clear empties the pane (after a delete).
func (d *detailPane) clear() {
	d.ed = nil
	d.body.Objects = []fyne.CanvasObject{placeholder()}
	d.body.Refresh()
	d.bar.Hide()
}

func statusText(rec *vault.Record) string {
	switch {
	case rec.Broken():
		return "Cannot be edited until fixed: " + rec.Problem
	case rec.Path == "":
		return "New, not saved yet"
	}
	return rec.Path
}

// saveNow writes the shown record if it has changes, then calls done
// (with whether it is safely on disk) on the UI goroutine.
func (d *detailPane) saveNow(done func(ok bool)) {
	finish := func(ok bool) {
		if done != nil {
			done(ok)
		}
	}
	if d.ed == nil || d.w.nb.ReadOnly() {
		finish(true)
		return
	}
	ed := d.ed
	rec := ed.record()
	version := ed.edits().version
	if rec.Broken() || (!ed.edits().dirty() && rec.Path != "") {
		finish(true)
		return
	}
	if err := rec.Validate(); err != nil {
		d.showError(ed, err)
		finish(false)
		return
	}
	d.status.SetText("Saving…")
	d.w.tasks.run(func() {
		err := d.w.nb.Save(context.Background(), rec)
		d.w.tasks.do(func() {
			switch {
			case err == nil:
				d.markSaved(ed, rec, version)
				finish(true)
			case errors.Is(err, vault.ErrConflict):
				d.resolveConflict(ed, rec, version, finish)
			default:
				d.showError(ed, err)
				finish(false)
			}
		})
	})
}

func (d *detailPane) markSaved(ed editor, rec *vault.Record, version int) {
	ed.saved(rec)
	ed.edits().savedVersion = version
	if d.ed == ed {
		d.status.SetText(statusText(rec) + " · saved")
	}
}

// showError puts a save error next to its field, or in a dialog.
func (d *detailPane) showError(ed editor, err error) {
	var fe *vault.FieldError
	if errors.As(err, &fe) && ed.fieldError(fe) {
		d.status.SetText("Not saved: " + fe.Error())
		return
	}
	d.status.SetText("Not saved")
	dialog.ShowError(err, d.w.win)
}

// resolveConflict asks which version to keep when the file changed on disk
// under unsaved edits. Nothing is overwritten without the user's word.
func (d *detailPane) resolveConflict(ed editor, mine *vault.Record, version int, finish func(bool)) {
	msg := fmt.Sprintf("“%s” was changed by another program while you were editing it.\n\nKeep your version (the other changes are lost), or load the version on disk (your edits are lost)?", mine.Title)
	dialog.ShowCustomConfirm("Changed on disk", "Keep mine", "Load from disk", widget.NewLabel(msg), func(keepMine bool) {
		if keepMine {
			// Take the file's current version as the base, so the
			// save goes through.
			d.w.tasks.run(func() {
				cur, err := d.w.nb.Get(context.Background(), mine.ID)
				if err == nil {
					mine.Sig = cur.Sig
				} else {
					mine.Sig = vault.Sig{}
				}
				err = d.w.nb.Save(context.Background(), mine)
				d.w.tasks.do(func() {
					if err != nil {
						dialog.ShowError(err, d.w.win)
						finish(false)
						return
					}
					d.markSaved(ed, mine, version)
					finish(true)
				})
			})
			return
		}
		d.w.reload(mine.ID)
		finish(true)
	}, d.w.win)
}

func (d *detailPane) confirmDelete() {
	if d.ed == nil {
		return
	}
	rec := d.ed.record()
	if rec.Path == "" {
		d.clear()
		return
	}
	dialog.ShowConfirm("Delete record", fmt.Sprintf("Move “%s” to the vault's .trash folder?", rec.Title), func(ok bool) {
		if !ok {
			return
		}
		d.w.tasks.run(func() {
			err := d.w.nb.Delete(context.Background(), rec.ID)
			d.w.tasks.do(func() {
				if err != nil && !errors.Is(err, app.ErrNotFound) {
					dialog.ShowError(err, d.w.win)
					return
				}
				d.clear()
			})
		})
	}, d.w.win)
}
