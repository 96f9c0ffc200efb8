package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/app/vault"
)

// recordView shows one record.
type recordView struct {
	title   *widget.Label
	meta    *widget.Label
	body    *fyne.Container
	content fyne.CanvasObject
}

func newRecordView() *recordView {
	v := &recordView{title: widget.NewLabel(""), meta: widget.NewLabel(""), body: container.NewVBox()}
	v.title.TextStyle.Bold = true
	v.title.Wrapping = fyne.TextWrapWord
	v.content = container.NewBorder(container.NewVBox(v.title, v.meta), nil, nil, nil, container.NewVScroll(v.body))
	return v
}

func (v *recordView) show(rec *vault.Record) {
	v.title.SetText(rec.Title)
	meta := string(rec.Type)
	if d := rec.PrimaryDate(); !d.IsZero() {
		meta += " · " + d.Format("2006-01-02")
	}
	v.meta.SetText(meta)
	v.body.RemoveAll()
	for _, b := range markdown.Blocks(rec.Body) {
		l := widget.NewLabel(b.Text)
		l.Wrapping = fyne.TextWrapWord
		v.body.Add(l)
	}
}
