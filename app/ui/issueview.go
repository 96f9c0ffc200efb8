package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// issueView shows an issue: its description, who raised it, each side's
// position and where it stands (all editable), then its history across the
// rounds that took it up and the annotated passages that bear on it.
type issueView struct {
	w     *mainWindow
	rec   *vault.Record
	state editState

	title, raisedBy, positions, body *widget.Entry
	status                           *widget.Select
	errs                             map[string]*widget.Label
	content                          fyne.CanvasObject
}

// issueData is what an issue view shows besides the issue itself.
type issueData struct {
	history   []app.Stage
	evidence  []app.Evidence
	backlinks []index.Hit
}

func newIssueView(w *mainWindow, rec *vault.Record, data issueData) *issueView {
	v := &issueView{w: w, rec: rec.Clone(), errs: map[string]*widget.Label{}}
	touch := func(string) { v.state.touch() }
	v.title = widget.NewEntry()
	v.title.SetText(rec.Title)
	v.title.OnChanged = touch
	v.raisedBy = widget.NewEntry()
	v.raisedBy.SetText(rec.RaisedBy)
	v.raisedBy.SetPlaceHolder("party, or Both")
	v.raisedBy.OnChanged = touch
	statuses := []string{noGrade}
	for _, s := range vault.Statuses {
		statuses = append(statuses, string(s))
	}
	v.status = widget.NewSelect(statuses, touch)
	v.status.Selected = string(rec.Status)
	v.positions = widget.NewMultiLineEntry()
	v.positions.Wrapping = fyne.TextWrapWord
	v.positions.SetMinRowsVisible(3)
	v.positions.SetText(formatPositions(rec.Positions))
	v.positions.SetPlaceHolder("one per line — Party: position")
	v.positions.OnChanged = touch
	v.body = widget.NewMultiLineEntry()
	v.body.Wrapping = fyne.TextWrapWord
	v.body.SetMinRowsVisible(4)
	v.body.SetText(rec.Body)
	v.body.SetPlaceHolder("description (Markdown)")
	v.body.OnChanged = touch

	titleErr := errorLabel()
	v.errs["title"] = titleErr
	statusErr := errorLabel()
	v.errs["status"] = statusErr
	form := container.NewVBox(
		bold("Title"), v.title, titleErr,
		container.NewGridWithColumns(2,
			container.NewVBox(bold("Raised by"), v.raisedBy),
			container.NewVBox(bold("Status now"), v.status, statusErr)),
		bold("Positions"), v.positions,
		bold("Description"), v.body,
		section("History across rounds"), historyList(w, data.history),
		section("Evidence"), evidenceList(w, data.evidence),
		section("Linked from"), backlinkList(w, data.backlinks),
	)
	v.content = container.NewVScroll(container.NewPadded(form))
	return v
}

// historyList shows each round that took the issue up, oldest first.
func historyList(w *mainWindow, stages []app.Stage) fyne.CanvasObject {
	if len(stages) == 0 {
		return faint("No round has taken this issue up yet. Add it to a round's agenda.")
	}
	box := container.NewVBox()
	for _, s := range stages {
		head := fmt.Sprintf("%s · %s", s.Round.Date.Time().Format("2 Jan 2006"), s.Round.Title)
		if s.Item.Status != "" {
			head += " — " + strings.ToUpper(string(s.Item.Status))
		}
		open := linkRow(head, typeIcon("round"), func() { w.openRecord(s.Round.ID, "") })
		box.Add(open)
		var lines []string
		for _, p := range s.Item.Positions {
			lines = append(lines, "• "+p.Party+": "+p.Position)
		}
		if s.Item.Note != "" {
			lines = append(lines, s.Item.Note)
		}
		if len(lines) > 0 {
			box.Add(indented(wrapped(strings.Join(lines, "\n"))))
		}
	}
	return box
}

// evidenceList shows the annotated passages that bear on a record; each
// opens its clip at the passage.
func evidenceList(w *mainWindow, ev []app.Evidence) fyne.CanvasObject {
	if len(ev) == 0 {
		return faint("No annotated passage bears on this yet. Annotate a clip and link it here.")
	}
	box := container.NewVBox()
	for _, e := range ev {
		head := e.Clip.Title
		if !e.Clip.Published.IsZero() {
			head = e.Clip.Published.Time().Format("2 Jan 2006") + " · " + head
		}
		if e.Annotation.Grade != "" {
			head += " · " + e.Annotation.Grade
		}
		box.Add(linkRow(head, typeIcon("clip"), func() { w.openRecord(e.Clip.ID, e.Annotation.ID) }))
		q := wrapped("“" + e.Annotation.Exact + "”")
		q.TextStyle.Italic = true
		box.Add(indented(q))
		if e.Annotation.Comment != "" {
			box.Add(indented(wrapped(e.Annotation.Comment)))
		}
	}
	return box
}

// backlinkList lists the records that link to one.
func backlinkList(w *mainWindow, hits []index.Hit) fyne.CanvasObject {
	if len(hits) == 0 {
		return faint("Nothing links here yet.")
	}
	box := container.NewVBox()
	for _, h := range hits {
		box.Add(linkRow(h.Title, typeIcon(h.Type), func() { w.openRecord(h.ID, "") }))
	}
	return box
}

// linkRow is a record named as a link that opens it; long names wrap.
func linkRow(label string, icon fyne.Resource, tapped func()) fyne.CanvasObject {
	l := widget.NewHyperlink(label, nil)
	l.Wrapping = fyne.TextWrapWord
	l.OnTapped = tapped
	return container.NewBorder(nil, nil, widget.NewIcon(icon), nil, l)
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func faint(s string) *widget.Label {
	l := wrapped(s)
	l.Importance = widget.LowImportance
	return l
}

func indented(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, widget.NewIcon(theme.NavigateNextIcon()), nil, o)
}

func (v *issueView) object() fyne.CanvasObject { return v.content }
func (v *issueView) edits() *editState         { return &v.state }
func (v *issueView) saved(rec *vault.Record)   { savedCommon(v.rec, rec) }

func (v *issueView) record() *vault.Record {
	rec := v.rec.Clone()
	rec.Title = strings.TrimSpace(v.title.Text)
	rec.RaisedBy = strings.TrimSpace(v.raisedBy.Text)
	rec.Status = ""
	if v.status.Selected != noGrade {
		rec.Status = vault.Status(v.status.Selected)
	}
	rec.Positions = parsePositions(v.positions.Text)
	rec.Body = v.body.Text
	return rec
}

func (v *issueView) fieldError(fe *vault.FieldError) bool {
	if l, ok := v.errs[fe.Field]; ok {
		l.SetText(fe.Message)
		l.Show()
		return true
	}
	return false
}
