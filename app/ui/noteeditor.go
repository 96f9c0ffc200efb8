package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// noteEditor edits a free note: its title and tags, and its Markdown body
// in a paragraph editor, with a preview in which [[wiki links]] open the
// records they name. The records that link to the note are listed below.
type noteEditor struct {
	w     *mainWindow
	rec   *vault.Record
	state editState

	title, tags *widget.Entry
	editor      *blockEditor
	preview     *markdownView
	body        *fyne.Container
	toggle      *widget.Button
	previewing  bool
	content     fyne.CanvasObject
}

func newNoteEditor(w *mainWindow, rec *vault.Record, backlinks []index.Hit) *noteEditor {
	n := &noteEditor{w: w, rec: rec.Clone()}
	n.title = widget.NewEntry()
	n.title.SetText(rec.Title)
	n.title.TextStyle.Bold = true
	n.title.OnChanged = func(string) { n.state.touch() }
	n.tags = widget.NewEntry()
	n.tags.SetText(strings.Join(rec.Tags, ", "))
	n.tags.SetPlaceHolder("tags, comma separated")
	n.tags.OnChanged = func(string) { n.state.touch() }
	n.editor = newBlockEditor(rec.Body, func() { n.state.touch() }, w.tasks.do)
	n.preview = newMarkdownView(w)
	n.body = container.NewStack(n.editor)
	n.toggle = widget.NewButtonWithIcon("Preview", theme.VisibilityIcon(), n.togglePreview)
	n.toggle.Importance = widget.LowImportance
	header := container.NewVBox(n.title, container.NewBorder(nil, nil, widget.NewLabel("Tags"), n.toggle, n.tags))
	links := container.NewVScroll(container.NewVBox(section("Linked from"), backlinkList(w, backlinks)))
	links.SetMinSize(fyne.NewSize(0, 110))
	n.content = container.NewBorder(header, links, nil, nil, n.body)
	return n
}

// togglePreview switches between editing the Markdown and reading it.
func (n *noteEditor) togglePreview() {
	n.previewing = !n.previewing
	if n.previewing {
		n.preview.setMarkdown(n.editor.text(), n.rec.Path)
		n.body.Objects = []fyne.CanvasObject{n.preview}
		n.toggle.SetText("Edit")
		n.toggle.SetIcon(theme.DocumentCreateIcon())
	} else {
		n.body.Objects = []fyne.CanvasObject{n.editor}
		n.toggle.SetText("Preview")
		n.toggle.SetIcon(theme.VisibilityIcon())
	}
	n.body.Refresh()
}

func (n *noteEditor) object() fyne.CanvasObject { return n.content }
func (n *noteEditor) edits() *editState         { return &n.state }
func (n *noteEditor) saved(rec *vault.Record)   { savedCommon(n.rec, rec) }

func (n *noteEditor) record() *vault.Record {
	rec := n.rec.Clone()
	rec.Title = strings.TrimSpace(n.title.Text)
	rec.Tags = splitList(n.tags.Text)
	rec.Body = n.editor.text()
	return rec
}

func (n *noteEditor) fieldError(fe *vault.FieldError) bool {
	if fe.Field == "title" {
		n.title.SetValidationError(fe)
		n.w.win.Canvas().Focus(n.title)
		return true
	}
	return false
}
