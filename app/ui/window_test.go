package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// Demo notebook ids the tests open.
const (
	demoClipEN  = "01JRJ17KM0JHB4T8WQSB9B0RDP"
	demoWelcome = "01JRGHENV0X0M7PADSM0GF1NXR"
	demoBanking = "01JRHXXD60Z07J1BVKB6VQ0TMB"
	demoStaff   = "01JRHXSR00F11XA7YWYQYCSPE1"
)

// testWindow opens the window on a new vault holding the demo notebook,
// in Fyne's test driver, and waits for it to settle.
func testWindow(t *testing.T) (*mainWindow, *app.Notebook) {
	t.Helper()
	a := test.NewTempApp(t)
	dir := filepath.Join(t.TempDir(), "vault")
	if err := app.CreateWithDemo(dir); err != nil {
		t.Fatal(err)
	}
	nb, err := app.Open(dir, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := newMainWindow(a, nb, newTasks(true))
	w.win.Resize(fyne.NewSize(1300, 850))
	w.tasks.wait()
	t.Cleanup(func() {
		w.tasks.wait()
		nb.Close()
	})
	return w, nb
}

func hitTitles(w *mainWindow) []string {
	var out []string
	for _, h := range w.results.hits {
		out = append(out, h.Title)
	}
	return out
}

func TestTypingFillsTheList(t *testing.T) {
	w, _ := testWindow(t)
	if n := len(w.results.hits); n != 10 {
		t.Fatalf("empty search shows %d records, want the 10 of the demo", n)
	}
	test.Type(w.search, "посольство")
	w.tasks.wait()
	if !slices.Contains(hitTitles(w), "Второй раунд консультаций о посольствах в Стамбуле") {
		t.Errorf("hits %q", hitTitles(w))
	}
	if got := w.results.count.Text; got != "4 results" {
		t.Errorf("count %q", got)
	}
	if w.results.list.Length() != len(w.results.hits) {
		t.Error("the list does not show the hits")
	}
	test.Type(w.search, "xyzzy")
	w.tasks.wait()
	if len(w.results.hits) != 0 || !w.results.empty.Visible() || !strings.Contains(w.results.empty.Text, "No results") {
		t.Errorf("no-results message: %q", w.results.empty.Text)
	}
	w.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	w.tasks.wait()
	if w.search.Text != "" || len(w.results.hits) != 10 {
		t.Errorf("escape left %q and %d hits", w.search.Text, len(w.results.hits))
	}
}

func TestBadQueryIsExplained(t *testing.T) {
	w, _ := testWindow(t)
	test.Type(w.search, "nofield:x")
	w.tasks.wait()
	if !w.results.empty.Visible() || !strings.Contains(w.results.empty.Text, `no field "nofield"`) {
		t.Errorf("message %q", w.results.empty.Text)
	}
}

func TestFacetNarrows(t *testing.T) {
	w, _ := testWindow(t)
	test.Type(w.search, "embassy")
	w.tasks.wait()
	before := len(w.results.hits)
	w.results.facets.toggle("type", "issue")
	w.tasks.wait()
	if len(w.results.hits) == 0 || len(w.results.hits) >= before {
		t.Fatalf("%d hits before, %d after the facet", before, len(w.results.hits))
	}
	for _, h := range w.results.hits {
		if h.Type != "issue" {
			t.Errorf("hit %s is a %s", h.Title, h.Type)
		}
	}
	if b := w.results.facets.buttons["type"]; b.Text != "Type: issue" {
		t.Errorf("facet button says %q", b.Text)
	}
	counts := w.results.facets.counts["type"]
	if len(counts) != 1 || counts[0] != (index.FacetValue{Value: "issue", Count: len(w.results.hits)}) {
		t.Errorf("facet counts %v", counts)
	}
}

func TestSidebarChoosesType(t *testing.T) {
	w, _ := testWindow(t)
	for i, e := range w.side.entries {
		if e.typ == "round" {
			w.side.list.Select(i)
		}
	}
	w.tasks.wait()
	if got := hitTitles(w); len(got) != 2 || got[0] != "Round 2 — Istanbul, 10 April 2025" {
		t.Errorf("rounds %q", got)
	}
}

func TestKeyboardOpensResults(t *testing.T) {
	w, _ := testWindow(t)
	test.Type(w.search, "banking")
	w.tasks.wait()
	w.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	w.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if w.detail.current() != "" {
		t.Fatal("moving opened a record")
	}
	w.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	w.tasks.wait()
	id, _ := app.SplitDocID(w.results.hits[1].ID)
	if w.detail.current() != id {
		t.Errorf("enter opened %q, want %q", w.detail.current(), id)
	}
}

// TestAnnotateSavesToFile: select a passage, annotate it, and the clip's
// file holds the annotation, which search finds at once.
func TestAnnotateSavesToFile(t *testing.T) {
	w, nb := testWindow(t)
	w.openRecord(demoClipEN, "")
	w.tasks.wait()
	r, ok := w.detail.ed.(*clipReader)
	if !ok {
		t.Fatalf("clip opened in %T", w.detail.ed)
	}
	block := slices.IndexFunc(r.blocks, func(b markdown.Block) bool { return strings.Contains(b.Text, "Sanctions and limits") })
	label := visibleLabel(t, r, block)
	sel := selectionOf(t, label)
	// Double-tapping selects the word under the pointer: "Sanctions"
	// starts the paragraph.
	sel.(fyne.DoubleTappable).DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(30, 15)})
	if got := label.SelectedText(); got != "Banking" {
		t.Fatalf("selected %q", got)
	}
	r.annotate()
	w.tasks.wait()
	form := topOverlay(t, w)
	comment := find[*widget.Entry](form, func(e *widget.Entry) bool { return e.MultiLine })
	test.Type(comment, "Banking named first: the sides' common ground")
	check := find[*widget.Check](form, func(c *widget.Check) bool { return c.Text == "Banking for diplomatic missions" })
	test.Tap(check)
	test.Tap(find[*widget.Button](form, func(b *widget.Button) bool { return b.Text == "Save" }))
	w.tasks.wait()

	rec, err := nb.Get(context.Background(), demoClipEN)
	if err != nil {
		t.Fatal(err)
	}
	a := rec.Annotations[len(rec.Annotations)-1]
	if a.Exact != "Banking" || a.Comment != "Banking named first: the sides' common ground" || !slices.Equal(a.Issues, []string{demoBanking}) || !strings.HasSuffix(a.Prefix, "\n\n") {
		t.Errorf("saved annotation %+v", a)
	}
	b, _ := os.ReadFile(nb.Abs(rec.Path))
	if !strings.Contains(string(b), "comment: 'Banking named first: the sides'' common ground'") {
		t.Errorf("file lacks the comment:\n%s", b)
	}
	res, _ := nb.Search(context.Background(), index.Request{Query: "comment:\"common ground\""}, false)
	if res.Total != 1 || res.Hits[0].Parent != demoClipEN {
		t.Errorf("annotation not searchable: %+v", res.Hits)
	}
}

// visibleLabel scrolls a reader's paragraph into view and returns the
// label of its first row.
func visibleLabel(t *testing.T, r *clipReader, block int) *widget.Label {
	t.Helper()
	row := slices.IndexFunc(r.text.rows, func(tr textRow) bool { return tr.block == block })
	return visibleRow(t, r, row)
}

// visibleRow scrolls a reader's row into view and returns its label.
func visibleRow(t *testing.T, r *clipReader, row int) *widget.Label {
	t.Helper()
	r.text.list.ScrollTo(row)
	for l, id := range r.text.labels {
		if id == row {
			return l
		}
	}
	t.Fatalf("row %d is not on screen", row)
	return nil
}

// selectionOf finds the label's selection handler, which receives the
// pointer.
func selectionOf(t *testing.T, l *widget.Label) fyne.CanvasObject {
	t.Helper()
	for _, o := range test.WidgetRenderer(l).Objects() {
		if _, ok := o.(fyne.DoubleTappable); ok {
			return o
		}
	}
	t.Fatal("the label is not selectable")
	return nil
}

func topOverlay(t *testing.T, w *mainWindow) fyne.CanvasObject {
	t.Helper()
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	return top
}

// find returns the first widget of type T under root that ok accepts.
func find[T fyne.CanvasObject](root fyne.CanvasObject, ok func(T) bool) T {
	var found T
	var walk func(o fyne.CanvasObject) bool
	walk = func(o fyne.CanvasObject) bool {
		if v, is := o.(T); is && ok(v) {
			found = v
			return true
		}
		var kids []fyne.CanvasObject
		switch o := o.(type) {
		case *fyne.Container:
			kids = o.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(o).Objects()
		}
		for _, k := range kids {
			if walk(k) {
				return true
			}
		}
		return false
	}
	walk(root)
	return found
}

func TestRoundFormValidatesAndSaves(t *testing.T) {
	w, nb := testWindow(t)
	w.newRecord(vault.TypeRound)
	w.tasks.wait()
	f, ok := w.detail.ed.(*roundForm)
	if !ok {
		t.Fatalf("new round opened %T", w.detail.ed)
	}
	f.title.SetText("")
	w.detail.saveNow(nil)
	w.tasks.wait()
	if l := f.errs["title"]; !l.Visible() || l.Text != "is required" {
		t.Errorf("title error %q visible %v", l.Text, l.Visible())
	}
	test.Type(f.title, "Round 3 — Geneva")
	f.date.SetDate(nil)
	w.detail.saveNow(nil)
	w.tasks.wait()
	if l := f.errs["date"]; !l.Visible() || !strings.Contains(l.Text, "required") {
		t.Errorf("date error %q", l.Text)
	}
	d := time.Date(2025, 6, 12, 0, 0, 0, 0, time.UTC)
	f.date.SetDate(&d)
	test.Type(f.location, "Geneva")
	f.delegations.add(newDelegationRow(vault.Delegation{}, &f.state))
	test.Type(f.delegations.rows[0].party, "United States")
	test.Type(f.delegations.rows[0].lead, "Sonata Coulter")
	f.agenda.add(newAgendaRow(vault.AgendaItem{}, f.issues, &f.state))
	w.detail.saveNow(nil)
	w.tasks.wait()
	if row := f.agenda.rows[0]; !row.err.Visible() || !strings.Contains(row.err.Text, "issue") {
		t.Errorf("agenda error %q", row.err.Text)
	}
	for i, c := range f.issues {
		if c.id == demoStaff {
			f.agenda.rows[0].issue.SetSelectedIndex(i)
		}
	}
	f.agenda.rows[0].status.SetSelected("stalled")
	test.Type(f.agenda.rows[0].positions, "Russia: no change before properties")
	w.detail.saveNow(nil)
	w.tasks.wait()
	if f.state.dirty() {
		t.Fatal("still unsaved")
	}
	rec, err := nb.Get(context.Background(), f.rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Title != "Round 3 — Geneva" || rec.Location != "Geneva" || rec.Date.String() != "2025-06-12" ||
		len(rec.Delegations) != 1 || rec.Delegations[0].Lead != "Sonata Coulter" ||
		len(rec.Agenda) != 1 || rec.Agenda[0].Issue != demoStaff || rec.Agenda[0].Status != vault.StatusStalled ||
		rec.Agenda[0].Positions[0] != (vault.Position{Party: "Russia", Position: "no change before properties"}) {
		t.Errorf("saved %+v", rec)
	}
	hist, _ := nb.History(context.Background(), demoStaff)
	if len(hist) != 3 || hist[2].Round.ID != rec.ID {
		t.Errorf("the issue's history does not end with the new round: %d stages", len(hist))
	}
}

// TestUnsavedEditsSurviveSwitching: leaving a record saves its edits.
func TestUnsavedEditsSurviveSwitching(t *testing.T) {
	w, nb := testWindow(t)
	w.openRecord(demoWelcome, "")
	w.tasks.wait()
	n, ok := w.detail.ed.(*noteEditor)
	if !ok {
		t.Fatalf("note opened in %T", w.detail.ed)
	}
	n.title.SetText("Welcome to Parley (edited)")
	n.editor.blocks[0] = "A paragraph rewritten before switching."
	n.state.touch()
	w.openRecord(demoBanking, "")
	w.tasks.wait()
	if w.detail.current() != demoBanking {
		t.Fatalf("did not switch: %s", w.detail.current())
	}
	rec, _ := nb.Get(context.Background(), demoWelcome)
	if rec.Title != "Welcome to Parley (edited)" || !strings.HasPrefix(rec.Body, "A paragraph rewritten before switching.\n\nTry these searches:") {
		t.Errorf("edits lost: %q\n%s", rec.Title, rec.Body)
	}
}

// TestChangedOnDisk: a record changed by another program is reloaded when
// it has no edits; with edits the user is asked.
func TestChangedOnDisk(t *testing.T) {
	w, nb := testWindow(t)
	ctx := context.Background()
	w.openRecord(demoBanking, "")
	w.tasks.wait()
	path := nb.Abs("issues/Banking for diplomatic missions.md")
	b, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(b), "status: progress", "status: agreed", 1)), 0o644)
	nb.Reconcile(ctx)
	w.tasks.wait()
	v := w.detail.ed.(*issueView)
	if v.status.Selected != "agreed" {
		t.Errorf("not reloaded: status %q", v.status.Selected)
	}
	test.Type(v.body, " My unsaved words.")
	b, _ = os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(b), "status: agreed", "status: stalled", 1)), 0o644)
	nb.Reconcile(ctx)
	w.tasks.wait()
	top := topOverlay(t, w)
	if find[*widget.Button](top, func(b *widget.Button) bool { return b.Text == "Keep mine" }) == nil {
		t.Fatal("no choice offered")
	}
	if !strings.Contains(w.detail.ed.(*issueView).body.Text, "My unsaved words.") {
		t.Error("unsaved edits were replaced")
	}
}

// TestLongArticleOpens: a 50 KB article opens as a list that lays out only
// what is on screen.
func TestLongArticleOpens(t *testing.T) {
	w, nb := testWindow(t)
	rec := app.NewRecord(vault.TypeClip, "A long article")
	var b strings.Builder
	for b.Len() < 50_000 {
		b.WriteString("The talks resumed after a long pause, and both delegations said the working groups would meet again within weeks to settle the staffing question.\n\n")
	}
	rec.Body = b.String()
	if err := nb.Save(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	w.openRecord(rec.ID, "")
	w.tasks.wait()
	r := w.detail.ed.(*clipReader)
	if len(r.blocks) < 300 {
		t.Fatalf("%d paragraphs", len(r.blocks))
	}
	onScreen := 0
	for _, id := range r.text.labels {
		if id >= 0 {
			onScreen++
		}
	}
	if onScreen == 0 || onScreen > 60 {
		t.Errorf("%d paragraph widgets for %d paragraphs", onScreen, len(r.blocks))
	}
}

// longParagraph is a paragraph of n bytes without a break, as a page
// clipped without its paragraphs gives; its sentences are numbered.
func longParagraph(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "Clause %d binds both parties to the terms agreed in round %d. ", i, i%7)
	}
	return strings.TrimSpace(b.String())
}

// TestLongParagraphOpens: a 40 KB paragraph opens in the reader as rows
// Fyne lays out quickly, and a passage selected far into it is anchored
// where it is in the paragraph.
func TestLongParagraphOpens(t *testing.T) {
	w, nb := testWindow(t)
	rec := app.NewRecord(vault.TypeClip, "One long paragraph")
	rec.Body = longParagraph(40_000)
	if err := nb.Save(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	w.openRecord(rec.ID, "")
	w.tasks.wait()
	r := w.detail.ed.(*clipReader)
	if len(r.blocks) != 1 || len(r.text.rows) < 40 {
		t.Fatalf("%d paragraphs in %d rows", len(r.blocks), len(r.text.rows))
	}
	for l, id := range r.text.labels {
		if id >= 0 && len(l.Text) > maxRowBytes {
			t.Errorf("row %d holds %d bytes", id, len(l.Text))
		}
	}

	row := len(r.text.rows) / 2
	label := visibleRow(t, r, row)
	selectionOf(t, label).(fyne.DoubleTappable).DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(30, 15)})
	if got := label.SelectedText(); got != "Clause" {
		t.Fatalf("selected %q", got)
	}
	r.annotate()
	w.tasks.wait()
	form := topOverlay(t, w)
	test.Type(find[*widget.Entry](form, func(e *widget.Entry) bool { return e.MultiLine }), "Halfway through")
	test.Tap(find[*widget.Button](form, func(b *widget.Button) bool { return b.Text == "Save" }))
	w.tasks.wait()
	saved, err := nb.Get(context.Background(), rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Annotations) != 1 {
		t.Fatalf("%d annotations", len(saved.Annotations))
	}
	a := saved.Annotations[0]
	before := r.blocks[0].Text[:r.text.rows[row].start]
	if a.Exact != "Clause" || a.Prefix == "" || !strings.HasSuffix(before, a.Prefix) {
		t.Errorf("annotation %q after %q, want it after %q", a.Exact, a.Prefix, before[max(0, len(before)-40):])
	}
}

// TestLongParagraphEdits: a note that is one 20 KB paragraph is edited a
// row at a time and saved back byte for byte; Backspace at the start of a
// row joins it to the one before without adding a line.
func TestLongParagraphEdits(t *testing.T) {
	w, nb := testWindow(t)
	rec := app.NewRecord(vault.TypeNote, "One long note")
	rec.Body = longParagraph(20_000) + "\n\nA short paragraph after it.\n"
	if err := nb.Save(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	saved, err := nb.Get(context.Background(), rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.openRecord(rec.ID, "")
	w.tasks.wait()
	n, ok := w.detail.ed.(*noteEditor)
	if !ok {
		t.Fatalf("note opened in %T", w.detail.ed)
	}
	e := n.editor
	if len(e.blocks) < 20 {
		t.Fatalf("%d rows", len(e.blocks))
	}
	for i, b := range e.blocks {
		if len(b) > maxRowBytes {
			t.Errorf("row %d holds %d bytes", i, len(b))
		}
	}
	if e.text() != saved.Body {
		t.Fatal("the editor's text differs from the note's")
	}

	rows := len(e.blocks)
	e.focusBlock(5, false)
	w.tasks.wait()
	i := slices.IndexFunc(e.entries, func(be *blockEntry) bool { return be.id == 5 })
	if i < 0 {
		t.Fatal("row 5 has no entry on screen")
	}
	e.entries[i].CursorRow, e.entries[i].CursorColumn = 0, 0
	e.entries[i].TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	w.tasks.wait()
	if len(e.blocks) != rows-1 || e.text() != saved.Body {
		t.Errorf("after joining: %d rows (want %d), text changed: %v", len(e.blocks), rows-1, e.text() != saved.Body)
	}
}
