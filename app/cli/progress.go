package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/parley-notes/parley/app"
	"golang.org/x/term"
)

// progressLine shows long work on one terminal line, rewritten in place.
// When the output is not a terminal (a script, a log) it stays silent: the
// command's summary line says what was done.
type progressLine struct {
	w     io.Writer
	tty   bool
	last  time.Time
	shown bool
}

func newProgressLine(w io.Writer) *progressLine {
	f, ok := w.(*os.File)
	return &progressLine{w: w, tty: ok && term.IsTerminal(int(f.Fd()))}
}

// update redraws the line, at most ten times a second.
func (p *progressLine) update(pr app.Progress) {
	if !p.tty || (time.Since(p.last) < 100*time.Millisecond && pr.Done < pr.Total) {
		return
	}
	p.last = time.Now()
	pct := 0
	if pr.Total > 0 {
		pct = pr.Done * 100 / pr.Total
	}
	fmt.Fprintf(p.w, "\r\033[K%s: %d of %d (%d%%)", pr.Stage, pr.Done, pr.Total, pct)
	p.shown = true
}

// done clears the line.
func (p *progressLine) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
