package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app/markdown"
)

// paragraphs shows long text as a virtual list of word-wrapped, selectable
// paragraphs. One word-wrapped label holding a whole 50 KB article takes
// seconds to lay out in Fyne; a list only lays out the paragraphs on
// screen, and a paragraph is small. A paragraph longer than maxRowBytes
// shows as several rows (see rowsOf).
type paragraphs struct {
	widget.BaseWidget
	list    *widget.List
	blocks  []markdown.Block
	rows    []textRow
	marked  map[int]bool // blocks holding an annotated passage
	heights rowHeights
	measure *widget.RichText

	// labels maps each row's text label to the row it shows now, so a
	// selection can be traced to its paragraph.
	labels map[*widget.Label]int
}

// newParagraphs makes the view; do runs work on the UI goroutine later.
func newParagraphs(do func(func())) *paragraphs {
	p := &paragraphs{labels: map[*widget.Label]int{}, measure: widget.NewRichTextWithText("")}
	p.measure.Wrapping = fyne.TextWrapWord
	p.list = widget.NewList(
		func() int { return len(p.rows) },
		p.createRow,
		p.updateRow,
	)
	p.heights = rowHeights{list: p.list, do: do, count: func() int { return len(p.rows) },
		exact: func(i int, w float32) float32 {
			b := p.blocks[p.rows[i].block]
			return measureText(p.measure, p.rowText(i), styleOf(b), textWidth(b, w))
		},
		estim: func(i int, w float32) float32 {
			b := p.blocks[p.rows[i].block]
			return estimateText(p.rowText(i), styleOf(b), textWidth(b, w))
		}}
	p.list.HideSeparators = true
	// Rows are text to read and select, not items to pick.
	p.list.OnSelected = func(id widget.ListItemID) { p.list.Unselect(id) }
	p.ExtendBaseWidget(p)
	return p
}

// setBlocks replaces the text; marked lists blocks to flag as annotated.
func (p *paragraphs) setBlocks(blocks []markdown.Block, marked map[int]bool) {
	p.blocks, p.marked = blocks, marked
	p.rows = p.rows[:0]
	for i, b := range blocks {
		p.rows = append(p.rows, rowsOf(i, b.Text)...)
	}
	p.heights.reset()
	p.heights.layout(p.Size().Width)
	p.list.Refresh()
	p.list.ScrollToTop()
}

// scrollTo brings block b's first row into view.
func (p *paragraphs) scrollTo(b int) {
	if i, ok := slices.BinarySearchFunc(p.rows, b, func(r textRow, b int) int { return r.block - b }); ok {
		p.list.ScrollTo(i)
	}
}

// rowText is the part of its block's text that row i shows.
func (p *paragraphs) rowText(i int) string {
	r := p.rows[i]
	return p.blocks[r.block].Text[r.start:r.end]
}

// setMarked changes which blocks are flagged without re-laying out.
func (p *paragraphs) setMarked(marked map[int]bool) {
	p.marked = marked
	p.list.Refresh()
}

func (p *paragraphs) CreateRenderer() fyne.WidgetRenderer {
	return &paragraphsRenderer{p: p}
}

type paragraphsRenderer struct{ p *paragraphs }

func (r *paragraphsRenderer) Layout(size fyne.Size) {
	r.p.heights.layout(size.Width)
	r.p.list.Resize(size)
}
func (r *paragraphsRenderer) MinSize() fyne.Size           { return r.p.list.MinSize() }
func (r *paragraphsRenderer) Refresh()                     { r.p.list.Refresh() }
func (r *paragraphsRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.p.list} }
func (r *paragraphsRenderer) Destroy()                     {}

// Row layout: a thin bar flags annotated paragraphs, then an indent for
// lists and quotes, then the text.
const (
	barWidth    = 3
	indentWidth = 18
)

// textWidth is the width a block's text wraps at in a list this wide.
func textWidth(b markdown.Block, listWidth float32) float32 {
	return listWidth - barWidth - 2*theme.Padding() - indentOf(b)
}

func indentOf(b markdown.Block) float32 {
	switch b.Kind {
	case markdown.ListItem:
		return float32(b.Level) * indentWidth
	case markdown.Quote, markdown.Code:
		return indentWidth
	}
	return 0
}

// styleOf is how a block's kind shows: headings bold and larger, quotes in
// italics, code in a fixed-width font.
func styleOf(b markdown.Block) widget.RichTextStyle {
	s := widget.RichTextStyleParagraph
	switch b.Kind {
	case markdown.Heading:
		s = widget.RichTextStyleSubHeading
		if b.Level == 1 {
			s = widget.RichTextStyleHeading
		}
	case markdown.Quote:
		s = widget.RichTextStyleBlockquote
	case markdown.Code:
		s = widget.RichTextStyleCodeBlock
	}
	s.Inline = false
	return s
}

func (p *paragraphs) createRow() fyne.CanvasObject {
	bar := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	bar.SetMinSize(fyne.NewSize(barWidth, 1))
	indent := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	indent.FillColor = nil
	bullet := widget.NewLabel("•")
	text := widget.NewLabel("")
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	p.labels[text] = -1
	left := container.NewHBox(bar, indent, bullet)
	return container.NewBorder(nil, nil, left, nil, text)
}

func (p *paragraphs) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.rows) {
		return
	}
	r := p.rows[id]
	b := p.blocks[r.block]
	row := o.(*fyne.Container)
	text := row.Objects[0].(*widget.Label)
	left := row.Objects[1].(*fyne.Container)
	bar, indent, bullet := left.Objects[0].(*canvas.Rectangle), left.Objects[1].(*canvas.Rectangle), left.Objects[2].(*widget.Label)
	if p.marked[r.block] {
		bar.Show()
	} else {
		bar.Hide()
	}
	w := indentOf(b)
	// A long list item's later rows line up with its text, bullet-less.
	if b.Kind == markdown.ListItem && r.start == 0 {
		bullet.Show()
		w -= bullet.MinSize().Width
	} else {
		bullet.Hide()
	}
	indent.SetMinSize(fyne.NewSize(max(w, 0), 1))
	style := styleOf(b)
	text.TextStyle = style.TextStyle
	text.SizeName = style.SizeName
	text.SetText(p.rowText(id))
	p.labels[text] = id
}

// selection returns the passage selected in one of the paragraphs: the
// block it is in and its byte offsets in the block's text. focused is the
// canvas's focused object, which is the label's selection when the user
// has just selected text.
func (p *paragraphs) selection(focused fyne.Focusable) (block, start, end int, ok bool) {
	sel, isSel := focused.(interface{ SelectedText() string })
	if !isSel {
		return 0, 0, 0, false
	}
	text := sel.SelectedText()
	if strings.TrimSpace(text) == "" {
		return 0, 0, 0, false
	}
	for l, id := range p.labels {
		if id < 0 || id >= len(p.rows) || l.SelectedText() != text {
			continue
		}
		if i := strings.Index(p.rowText(id), text); i >= 0 {
			r := p.rows[id]
			return r.block, r.start + i, r.start + i + len(text), true
		}
	}
	return 0, 0, 0, false
}

// blockOffsets returns where each block starts in the plain text
// (markdown.PlainText), so positions in a block map to positions in the
// text annotations anchor to.
func blockOffsets(blocks []markdown.Block) []int {
	offs := make([]int, len(blocks))
	pos := 0
	for i, b := range blocks {
		offs[i] = pos
		pos += len(b.Text) + len(markdown.BlockSeparator)
	}
	return offs
}

// blockAt returns the block that holds byte offset pos of the plain text.
func blockAt(offs []int, pos int) int {
	i := 0
	for i+1 < len(offs) && offs[i+1] <= pos {
		i++
	}
	return i
}
