package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/app/vault"
)

// brokenView shows a file Parley could not read as a record: why, and its
// text, read-only. Parley never writes such a file; the user fixes it in an
// editor and Parley picks the fix up.
type brokenView struct {
	rec     *vault.Record
	state   editState
	content fyne.CanvasObject
}

func newBrokenView(w *mainWindow, rec *vault.Record) *brokenView {
	msg := widget.NewLabel("This file has a problem: " + rec.Problem + ".\nFix it in a text editor; Parley shows and searches its text meanwhile, but will not change it.")
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = widget.WarningImportance
	text := newParagraphs(w.tasks.do)
	text.setBlocks(markdown.Blocks(rec.Body), nil)
	return &brokenView{rec: rec, content: container.NewBorder(msg, nil, nil, nil, text)}
}

func (b *brokenView) object() fyne.CanvasObject         { return b.content }
func (b *brokenView) record() *vault.Record             { return b.rec.Clone() }
func (b *brokenView) edits() *editState                 { return &b.state }
func (b *brokenView) saved(*vault.Record)               {}
func (b *brokenView) fieldError(*vault.FieldError) bool { return false }
