package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app/vault"
)

// roundForm records a round of talks: when and where, who sat at the
// table, what was on the agenda and where each issue stood after it, the
// outcome and the sources.
type roundForm struct {
	w     *mainWindow
	rec   *vault.Record
	state editState

	title, location, venue, format, duration *widget.Entry
	date, endDate                            *widget.DateEntry
	outcome, nextSteps, notes                *widget.Entry
	delegations                              *rowList[*delegationRow]
	agenda                                   *rowList[*agendaRow]
	sources                                  *recordPicker
	issues                                   []choice

	errs    map[string]*widget.Label
	content fyne.CanvasObject
}

func newRoundForm(w *mainWindow, rec *vault.Record, issues, clips []choice) *roundForm {
	f := &roundForm{w: w, rec: rec.Clone(), issues: issues, errs: map[string]*widget.Label{}}
	touch := func(string) { f.state.touch() }
	entry := func(v, placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(v)
		e.SetPlaceHolder(placeholder)
		e.OnChanged = touch
		return e
	}
	multi := func(v, placeholder string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(2)
		e.SetText(v)
		e.SetPlaceHolder(placeholder)
		e.OnChanged = touch
		return e
	}
	dateEntry := func(d vault.Date) *widget.DateEntry {
		e := widget.NewDateEntry()
		if !d.IsZero() {
			t := d.Time()
			e.SetDate(&t)
		}
		e.OnChanged = func(*time.Time) { f.state.touch() }
		return e
	}
	f.title = entry(rec.Title, "e.g. Round 3 — Geneva, 12 June 2025")
	f.date, f.endDate = dateEntry(rec.Date), dateEntry(rec.EndDate)
	f.location = entry(rec.Location, "city")
	f.venue = entry(rec.Venue, "building, room")
	f.format = entry(rec.Format, "e.g. delegation-level consultations")
	f.duration = entry(rec.Duration, "e.g. about 6 hours")
	f.outcome = multi(rec.Outcome, "what came out of the round")
	f.nextSteps = multi(rec.NextSteps, "what happens next")
	f.notes = multi(rec.Body, "notes (Markdown)")

	f.delegations = newRowList("Add delegation", func() *delegationRow { return newDelegationRow(vault.Delegation{}, &f.state) }, &f.state)
	for _, d := range rec.Delegations {
		f.delegations.add(newDelegationRow(d, &f.state))
	}
	f.agenda = newRowList("Add agenda item", func() *agendaRow { return newAgendaRow(vault.AgendaItem{}, issues, &f.state) }, &f.state)
	for _, a := range rec.Agenda {
		f.agenda.add(newAgendaRow(a, issues, &f.state))
	}
	f.sources = newRecordPicker(w, vault.TypeClip, "Add source clip", clips, rec.Sources, func() { f.state.touch() })

	field := func(label, key string, obj fyne.CanvasObject) fyne.CanvasObject {
		errLabel := widget.NewLabel("")
		errLabel.Importance = widget.DangerImportance
		errLabel.Hide()
		f.errs[key] = errLabel
		return container.NewVBox(bold(label), obj, errLabel)
	}
	when := container.NewGridWithColumns(2, field("Date", "date", f.date), field("End date (optional)", "end_date", f.endDate))
	where := container.NewGridWithColumns(2, field("Location", "location", f.location), field("Venue", "venue", f.venue))
	how := container.NewGridWithColumns(2, field("Format", "format", f.format), field("Duration", "duration", f.duration))
	form := container.NewVBox(
		field("Title", "title", f.title), when, where, how,
		section("Delegations"), f.delegations.content,
		section("Agenda"), f.agenda.content,
		field("Outcome", "outcome", f.outcome),
		field("Next steps", "next_steps", f.nextSteps),
		section("Sources"), f.sources.content,
		field("Notes", "body", f.notes),
	)
	f.content = container.NewVScroll(container.NewPadded(form))
	return f
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func section(s string) fyne.CanvasObject {
	l := widget.NewLabel(s)
	l.SizeName = theme.SizeNameSubHeadingText
	l.TextStyle.Bold = true
	return container.NewVBox(widget.NewSeparator(), l)
}

func (f *roundForm) object() fyne.CanvasObject { return f.content }
func (f *roundForm) edits() *editState         { return &f.state }
func (f *roundForm) saved(rec *vault.Record)   { savedCommon(f.rec, rec) }

func (f *roundForm) record() *vault.Record {
	rec := f.rec.Clone()
	rec.Title = strings.TrimSpace(f.title.Text)
	rec.Date, rec.EndDate = dateOf(f.date), dateOf(f.endDate)
	rec.Location, rec.Venue = strings.TrimSpace(f.location.Text), strings.TrimSpace(f.venue.Text)
	rec.Format, rec.Duration = strings.TrimSpace(f.format.Text), strings.TrimSpace(f.duration.Text)
	rec.Outcome, rec.NextSteps = strings.TrimSpace(f.outcome.Text), strings.TrimSpace(f.nextSteps.Text)
	rec.Body = f.notes.Text
	rec.Delegations = nil
	for _, r := range f.delegations.rows {
		rec.Delegations = append(rec.Delegations, r.value())
	}
	rec.Agenda = nil
	for _, r := range f.agenda.rows {
		rec.Agenda = append(rec.Agenda, r.value())
	}
	rec.Sources = f.sources.ids()
	return rec
}

// fieldError shows a message under the field, or the row, it is about.
func (f *roundForm) fieldError(fe *vault.FieldError) bool {
	for _, l := range f.errs {
		l.Hide()
	}
	for _, r := range f.delegations.rows {
		r.err.Hide()
	}
	for _, r := range f.agenda.rows {
		r.err.Hide()
	}
	if l, ok := f.errs[fe.Field]; ok {
		l.SetText(fe.Message)
		l.Show()
		return true
	}
	var i int
	var sub string
	if n, _ := fmt.Sscanf(fe.Field, "delegations[%d].%s", &i, &sub); n >= 1 && i < len(f.delegations.rows) {
		f.delegations.rows[i].showError(sub + " " + fe.Message)
		return true
	}
	if n, _ := fmt.Sscanf(fe.Field, "agenda[%d].%s", &i, &sub); n >= 1 && i < len(f.agenda.rows) {
		f.agenda.rows[i].showError(sub + " " + fe.Message)
		return true
	}
	return false
}

func dateOf(e *widget.DateEntry) vault.Date {
	if e.Date == nil {
		return vault.Date{}
	}
	return vault.NewDate(*e.Date)
}

// delegationRow edits one party's delegation.
type delegationRow struct {
	party, lead, role, members *widget.Entry
	err                        *widget.Label
	content                    fyne.CanvasObject
}

func newDelegationRow(d vault.Delegation, state *editState) *delegationRow {
	r := &delegationRow{}
	mk := func(v, ph string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(v)
		e.SetPlaceHolder(ph)
		e.OnChanged = func(string) { state.touch() }
		return e
	}
	r.party, r.lead, r.role = mk(d.Party, "party"), mk(d.Lead, "lead"), mk(d.Role, "lead's role")
	r.members = mk(strings.Join(d.Members, ", "), "members, comma separated")
	r.err = errorLabel()
	r.content = container.NewVBox(container.NewGridWithColumns(3, r.party, r.lead, r.role), r.members, r.err)
	return r
}

func (r *delegationRow) object() fyne.CanvasObject { return r.content }
func (r *delegationRow) showError(msg string)      { r.err.SetText(msg); r.err.Show() }

func (r *delegationRow) value() vault.Delegation {
	return vault.Delegation{
		Party: strings.TrimSpace(r.party.Text), Lead: strings.TrimSpace(r.lead.Text),
		Role: strings.TrimSpace(r.role.Text), Members: splitList(r.members.Text),
	}
}

func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}

// agendaRow edits one agenda item: the issue, where it stood after the
// round, each side's position (one "Party: position" per line) and a note.
type agendaRow struct {
	issues    []choice
	issue     *widget.Select
	status    *widget.Select
	positions *widget.Entry
	note      *widget.Entry
	err       *widget.Label
	content   fyne.CanvasObject
}

func newAgendaRow(a vault.AgendaItem, issues []choice, state *editState) *agendaRow {
	r := &agendaRow{issues: issues}
	labels := make([]string, len(issues))
	for i, c := range issues {
		labels[i] = c.label
	}
	r.issue = widget.NewSelect(labels, func(string) { state.touch() })
	r.issue.PlaceHolder = "issue"
	for i, c := range issues {
		if c.id == a.Issue {
			r.issue.Selected = labels[i]
		}
	}
	statuses := make([]string, len(vault.Statuses))
	for i, s := range vault.Statuses {
		statuses[i] = string(s)
	}
	r.status = widget.NewSelect(statuses, func(string) { state.touch() })
	r.status.PlaceHolder = "status"
	r.status.Selected = string(a.Status)
	r.positions = widget.NewMultiLineEntry()
	r.positions.Wrapping = fyne.TextWrapWord
	r.positions.SetMinRowsVisible(2)
	r.positions.SetText(formatPositions(a.Positions))
	r.positions.SetPlaceHolder("one per line — Party: position")
	r.positions.OnChanged = func(string) { state.touch() }
	r.note = widget.NewEntry()
	r.note.SetText(a.Note)
	r.note.SetPlaceHolder("note")
	r.note.OnChanged = func(string) { state.touch() }
	r.err = errorLabel()
	status := container.NewGridWrap(fyne.NewSize(150, r.status.MinSize().Height), r.status)
	r.content = container.NewVBox(container.NewBorder(nil, nil, nil, status, r.issue), r.positions, r.note, r.err)
	return r
}

func (r *agendaRow) object() fyne.CanvasObject { return r.content }
func (r *agendaRow) showError(msg string)      { r.err.SetText(msg); r.err.Show() }

func (r *agendaRow) value() vault.AgendaItem {
	a := vault.AgendaItem{Status: vault.Status(r.status.Selected), Note: strings.TrimSpace(r.note.Text)}
	if i := r.issue.SelectedIndex(); i >= 0 {
		a.Issue = r.issues[i].id
	}
	a.Positions = parsePositions(r.positions.Text)
	return a
}

// parsePositions reads "Party: position" lines; a line without a party is
// a position of no named party.
func parsePositions(s string) []vault.Position {
	var out []vault.Position
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		party, pos, ok := strings.Cut(line, ":")
		if !ok {
			party, pos = "", line
		}
		out = append(out, vault.Position{Party: strings.TrimSpace(party), Position: strings.TrimSpace(pos)})
	}
	return out
}

// formatPositions writes positions as parsePositions reads them.
func formatPositions(ps []vault.Position) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Party + ": " + p.Position
	}
	return strings.Join(lines, "\n")
}

// row is one editable row of a rowList.
type row interface {
	object() fyne.CanvasObject
}

// rowList is a growing list of rows, each with a remove button.
type rowList[R row] struct {
	rows    []R
	box     *fyne.Container
	content fyne.CanvasObject
	state   *editState
}

func newRowList[R row](addLabel string, blank func() R, state *editState) *rowList[R] {
	l := &rowList[R]{box: container.NewVBox(), state: state}
	add := widget.NewButtonWithIcon(addLabel, theme.ContentAddIcon(), func() {
		l.add(blank())
		state.touch()
	})
	add.Importance = widget.LowImportance
	l.content = container.NewVBox(l.box, container.NewHBox(add))
	return l
}

func (l *rowList[R]) add(r R) {
	l.rows = append(l.rows, r)
	var wrapper *fyne.Container
	remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
		for i, x := range l.rows {
			if any(x) == any(r) {
				l.rows = append(l.rows[:i], l.rows[i+1:]...)
				break
			}
		}
		l.box.Remove(wrapper)
		l.state.touch()
	})
	remove.Importance = widget.LowImportance
	wrapper = container.NewBorder(nil, nil, nil, container.NewVBox(remove), r.object())
	l.box.Add(wrapper)
}
