package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
	"github.com/parley-notes/parley/internal/benchvault"
	"github.com/parley-notes/parley/internal/corpus"
	"github.com/parley-notes/parley/internal/latency"
)

// The window's benchmarks run in Fyne's test driver, which lays widgets out
// as the real window does but draws nothing: a result "painted" here is
// the result list refreshed with its rows updated. The vault is the
// generated corpus of PARLEY_BENCH_SIZE clips (see internal/corpus).

// benchWindow opens the window on the benchmark vault.
func benchWindow(b *testing.B) (*mainWindow, *app.Notebook) {
	b.Helper()
	dir, _ := benchvault.ForBenchmark(b)
	a := test.NewTempApp(b)
	nb, err := app.Open(dir, app.Options{})
	if err != nil {
		b.Fatal(err)
	}
	w := newMainWindow(a, nb, newTasks(true))
	w.win.Resize(fyne.NewSize(1300, 850))
	w.tasks.wait()
	b.Cleanup(func() {
		w.tasks.wait()
		nb.Close()
	})
	return w, nb
}

// BenchmarkKeystrokeToResults types queries a letter at a time and times
// each keystroke until the result list shows its results.
func BenchmarkKeystrokeToResults(b *testing.B) {
	w, _ := benchWindow(b)
	var words []string
	for _, q := range corpus.New(corpus.BenchSize(), corpus.BenchSeed()).Queries(20) {
		if q.Class == "term" {
			words = append(words, q.Text)
		}
	}
	// The results are on screen when the searcher hands them to the list;
	// the facet counts that follow are not part of a keystroke's wait.
	var shown time.Time
	show := w.searcher.show
	w.searcher.show = func(req index.Request, res *index.Result, err error) {
		show(req, res, err)
		shown = time.Now()
	}
	var rec latency.Recorder
	i := 0
	for b.Loop() {
		w.search.SetText("")
		w.tasks.wait()
		for _, r := range words[i%len(words)] {
			start := time.Now()
			w.search.TypedRune(r)
			w.tasks.wait()
			rec.Add(shown.Sub(start))
		}
		i++
	}
	rec.Report(b)
}

// saveLong saves a record of about 50 KB of prose into the benchmark vault,
// and deletes it when the benchmark ends: the vault is shared by every
// benchmark run and must stay as generated.
func saveLong(b *testing.B, nb *app.Notebook, t vault.Type, title string) *vault.Record {
	b.Helper()
	rec := app.NewRecord(t, title)
	rec.Body = longText(50_000)
	if err := nb.Save(context.Background(), rec); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if err := nb.Delete(context.Background(), rec.ID); err != nil {
			b.Error(err)
		}
	})
	return rec
}

// longText is about n bytes of prose in paragraphs.
func longText(n int) string {
	var sb strings.Builder
	for sb.Len() < n {
		sb.WriteString("The delegations met again after a long pause, and both said the working groups would meet within weeks to settle the staffing question and the banking arrangements for the missions.\n\n")
	}
	return sb.String()
}

// BenchmarkOpen50KBArticle times opening a 50 KB clip until its reader
// shows the first screen of text.
func BenchmarkOpen50KBArticle(b *testing.B) {
	w, nb := benchWindow(b)
	rec := saveLong(b, nb, vault.TypeClip, "A 50 KB article")
	var lat latency.Recorder
	for b.Loop() {
		w.detail.clear()
		start := time.Now()
		w.openRecord(rec.ID, "")
		w.tasks.wait()
		lat.Since(start)
		if r, ok := w.detail.ed.(*clipReader); !ok || len(r.text.labels) == 0 {
			b.Fatal("the article did not open")
		}
	}
	lat.Report(b)
}

// BenchmarkScroll50KBArticle scrolls through a 50 KB article a mouse-wheel
// step at a time and times each step until the reader has laid out the
// paragraphs it then shows: a frame's work, which must fit in 16 ms for 60
// frames a second. (The test driver does not draw; drawing is the GPU's.)
func BenchmarkScroll50KBArticle(b *testing.B) {
	w, nb := benchWindow(b)
	rec := saveLong(b, nb, vault.TypeClip, "A 50 KB article to scroll")
	w.openRecord(rec.ID, "")
	w.tasks.wait()
	list := w.detail.ed.(*clipReader).text.list
	const step = 60 // three lines, one wheel notch
	var lat latency.Recorder
	y, steps := float32(0), 0
	for b.Loop() {
		y += step
		start := time.Now()
		list.ScrollToOffset(y)
		w.tasks.wait()
		lat.Since(start)
		if list.GetScrollOffset() < y { // the end: start again at the top
			y = 0
			list.ScrollToOffset(0)
			w.tasks.wait()
		} else {
			steps++
		}
	}
	lat.Report(b)
	if steps == 0 {
		b.Fatal("the article did not scroll")
	}
}

// BenchmarkTypingIn50KBNote times keystrokes in the middle of a 50 KB note.
func BenchmarkTypingIn50KBNote(b *testing.B) {
	w, nb := benchWindow(b)
	rec := saveLong(b, nb, vault.TypeNote, "A 50 KB note")
	w.openRecord(rec.ID, "")
	w.tasks.wait()
	n := w.detail.ed.(*noteEditor)
	n.editor.focusBlock(3, true)
	w.tasks.wait()
	entry, ok := w.win.Canvas().Focused().(*blockEntry)
	if !ok {
		b.Fatal("no paragraph has the keyboard")
	}
	var lat latency.Recorder
	for b.Loop() {
		start := time.Now()
		entry.TypedRune('x')
		lat.Since(start)
	}
	lat.Report(b)
	if !strings.Contains(n.editor.text(), "xxx") {
		b.Fatal("the typing did not reach the note")
	}
}
