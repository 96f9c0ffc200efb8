package ui

import (
	"math"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// rowHeights sizes the rows of a virtual list of word-wrapped text. A row's
// height depends on the list's width and takes a text layout to know
// exactly, which for hundreds of paragraphs adds up to a visible pause. So
// the first screenful is measured exactly at once, the rest is estimated
// from its length, and the estimates are replaced with exact heights on
// later turns of the UI loop, as many rows a turn as fit in refineBudget. The rows above what the
// user sees are exact, so what is on screen never jumps.
type rowHeights struct {
	list  *widget.List
	do    func(func()) // runs on the UI goroutine, later
	count func() int
	exact func(i int, width float32) float32
	estim func(i int, width float32) float32
	width float32
	pass  int // bumps when the width or the rows change, stopping stale refinement
}

const (
	exactFirst = 40 // rows: enough to fill a tall screen
	// refineBudget is the UI loop's time a turn spends measuring: under a
	// frame, so that scrolling and typing go on while rows are measured
	// (a row of long text takes tens of milliseconds).
	refineBudget = 8 * time.Millisecond
)

// layout sizes every row for a new width (or after reset).
func (h *rowHeights) layout(width float32) {
	if width <= 0 || width == h.width {
		return
	}
	h.width = width
	h.pass++
	n := h.count()
	first := min(n, exactFirst)
	for i := 0; i < first; i++ {
		h.list.SetItemHeight(i, h.exact(i, width))
	}
	for i := first; i < n; i++ {
		h.list.SetItemHeight(i, h.estim(i, width))
	}
	if first < n {
		pass := h.pass
		h.do(func() { h.refine(pass, first) })
	}
}

// refine replaces estimates with exact heights from row from on.
func (h *rowHeights) refine(pass, from int) {
	if pass != h.pass {
		return
	}
	n := h.count()
	start := time.Now()
	end := from
	for end < n && (end == from || time.Since(start) < refineBudget) {
		h.list.SetItemHeight(end, h.exact(end, h.width))
		end++
	}
	if end < n {
		h.do(func() { h.refine(pass, end) })
	}
}

// reset forgets the heights; the next layout measures again.
func (h *rowHeights) reset() { h.width = 0 }

// measureText is the exact height of text in style wrapped at width.
func measureText(rt *widget.RichText, text string, style widget.RichTextStyle, width float32) float32 {
	rt.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: style}}
	rt.Refresh()
	rt.Resize(fyne.NewSize(width, 0))
	return rt.MinSize().Height
}

// textMetrics are what estimating a wrapped height needs for one style:
// the height of one line (with padding), each further line, and the width
// of an average character.
type textMetrics struct{ first, next, char float32 }

var (
	metricsMu sync.Mutex
	metrics   = map[widget.RichTextStyle]textMetrics{}
)

func metricsOf(style widget.RichTextStyle) textMetrics {
	metricsMu.Lock()
	defer metricsMu.Unlock()
	if m, ok := metrics[style]; ok {
		return m
	}
	rt := widget.NewRichText()
	rt.Wrapping = fyne.TextWrapWord
	one := measureText(rt, "Mg", style, 1e6)
	two := measureText(rt, "Mg\nMg", style, 1e6)
	sample := "the delegations met again in Istanbul to discuss the embassy staff"
	textSize := theme.TextSize()
	if style.SizeName != "" {
		textSize = theme.Size(style.SizeName)
	}
	size := fyne.MeasureText(sample, textSize, style.TextStyle)
	m := textMetrics{first: one, next: two - one, char: size.Width / float32(len(sample))}
	metrics[style] = m
	return m
}

// estimateText guesses the height of text in style wrapped at width, from
// its length; word wrapping wastes some of each line, hence the slack.
func estimateText(text string, style widget.RichTextStyle, width float32) float32 {
	m := metricsOf(style)
	perLine := max(float64((width-2*theme.InnerPadding())/m.char), 1)
	lines := 0
	for _, line := range strings.Split(text, "\n") {
		lines += max(1, int(math.Ceil(float64(utf8.RuneCountInString(line))*1.08/perLine)))
	}
	return m.first + float32(max(lines-1, 0))*m.next
}
