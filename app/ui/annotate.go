package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// choice is a record offered in a picker.
type choice struct{ id, label string }

// choices turns hits into picker entries, with labels made unique.
func choices(hits []index.Hit) []choice {
	out := make([]choice, 0, len(hits))
	seen := map[string]int{}
	for _, h := range hits {
		label := h.Title
		if !h.Date.IsZero() && h.Type == string(vault.TypeRound) {
			label = h.Date.Format("2006-01-02") + "  " + label
		}
		seen[label]++
		if n := seen[label]; n > 1 {
			label += fmt.Sprintf(" (%d)", n)
		}
		out = append(out, choice{h.ID, label})
	}
	return out
}

// showAnnotationForm asks for an annotation's comment, the issues and round
// it bears on (with a new issue made on the spot if need be) and its grade,
// then calls onSave with the result.
func showAnnotationForm(w *mainWindow, a vault.Annotation, isNew bool, onSave func(vault.Annotation)) {
	w.tasks.run(func() {
		ctx := context.Background()
		issues, err1 := w.nb.List(ctx, vault.TypeIssue)
		rounds, err2 := w.nb.List(ctx, vault.TypeRound)
		w.tasks.do(func() {
			if err := firstErr(err1, err2); err != nil {
				dialog.ShowError(err, w.win)
				return
			}
			slices.SortFunc(rounds, func(x, y index.Hit) int { return y.Date.Compare(x.Date) })
			slices.SortFunc(issues, func(x, y index.Hit) int { return strings.Compare(x.Title, y.Title) })
			newAnnotationForm(w, a, isNew, choices(issues), choices(rounds), onSave)
		})
	})
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func newAnnotationForm(w *mainWindow, a vault.Annotation, isNew bool, issues, rounds []choice, onSave func(vault.Annotation)) {
	quote := widget.NewLabel("“" + a.Exact + "”")
	quote.Wrapping = fyne.TextWrapWord
	quote.TextStyle.Italic = true

	comment := widget.NewMultiLineEntry()
	comment.Wrapping = fyne.TextWrapWord
	comment.SetMinRowsVisible(3)
	comment.SetText(a.Comment)
	comment.SetPlaceHolder("Why this passage matters")

	issuePick := newMultiPicker(issues, a.Issues)
	newIssue := widget.NewEntry()
	newIssue.SetPlaceHolder("New issue title")
	addIssue := widget.NewButtonWithIcon("Add issue", theme.ContentAddIcon(), nil)
	addIssue.OnTapped = func() {
		title := strings.TrimSpace(newIssue.Text)
		if title == "" {
			return
		}
		addIssue.Disable()
		w.tasks.run(func() {
			rec := app.NewRecord(vault.TypeIssue, title)
			err := w.nb.Save(context.Background(), rec)
			w.tasks.do(func() {
				addIssue.Enable()
				if err != nil {
					dialog.ShowError(err, w.win)
					return
				}
				issuePick.add(choice{rec.ID, title}, true)
				newIssue.SetText("")
			})
		})
	}

	roundLabels := []string{noGrade}
	for _, c := range rounds {
		roundLabels = append(roundLabels, c.label)
	}
	round := widget.NewSelect(roundLabels, nil)
	round.SetSelectedIndex(0)
	if len(a.Rounds) > 0 {
		for i, c := range rounds {
			if c.id == a.Rounds[0] {
				round.SetSelectedIndex(i + 1)
			}
		}
	}
	grade := newGradePicker(a.Grade, nil)

	form := container.NewVBox(
		container.NewVScroll(quote),
		widget.NewLabelWithStyle("Comment", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), comment,
		widget.NewLabelWithStyle("Issues it bears on", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), issuePick.content,
		container.NewBorder(nil, nil, nil, addIssue, newIssue),
		widget.NewLabelWithStyle("Round", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), round,
		widget.NewLabelWithStyle("Grade", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), grade.content,
	)
	title := "Edit annotation"
	if isNew {
		title = "Annotate passage"
	}
	d := dialog.NewCustomConfirm(title, "Save", "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		a.Comment = strings.TrimSpace(comment.Text)
		a.Issues = issuePick.selected()
		a.Rounds = nil
		if i := round.SelectedIndex(); i > 0 {
			a.Rounds = vault.StringList{rounds[i-1].id}
		}
		a.Grade = grade.value()
		onSave(a)
	}, w.win)
	d.Resize(fyne.NewSize(560, 640))
	d.Show()
	w.win.Canvas().Focus(comment)
}

// multiPicker chooses several records from a list that may be long.
type multiPicker struct {
	options []choice
	checks  *widget.CheckGroup
	content fyne.CanvasObject
}

func newMultiPicker(options []choice, chosen []string) *multiPicker {
	p := &multiPicker{options: options}
	labels := make([]string, len(options))
	var sel []string
	for i, c := range options {
		labels[i] = c.label
		if slices.Contains(chosen, c.id) {
			sel = append(sel, c.label)
		}
	}
	p.checks = widget.NewCheckGroup(labels, nil)
	p.checks.SetSelected(sel)
	scroll := container.NewVScroll(p.checks)
	scroll.SetMinSize(fyne.NewSize(300, 140))
	p.content = scroll
	return p
}

func (p *multiPicker) add(c choice, checked bool) {
	p.options = append(p.options, c)
	p.checks.Append(c.label)
	if checked {
		p.checks.SetSelected(append(p.checks.Selected, c.label))
	}
}

func (p *multiPicker) selected() vault.StringList {
	var ids vault.StringList
	for _, c := range p.options {
		if slices.Contains(p.checks.Selected, c.label) {
			ids = append(ids, c.id)
		}
	}
	return ids
}
