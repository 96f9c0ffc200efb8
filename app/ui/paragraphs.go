package ui

import (
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
// screen, and a paragraph is small.
type paragraphs struct {
	widget.BaseWidget
	list    *widget.List
	blocks  []markdown.Block
	marked  map[int]bool // blocks holding an annotated passage
	heights rowHeights
	measure *widget.RichText

	// labels maps each row's text label to the block it shows now, so a
	// selection can be traced to its paragraph.
	labels map[*widget.Label]int
}

// newParagraphs makes the view; do runs work on the UI goroutine later.
func newParagraphs(do func(func())) *paragraphs {
	p := &paragraphs{labels: map[*widget.Label]int{}, measure: widget.NewRichTextWithText("")}
	p.measure.Wrapping = fyne.TextWrapWord
	p.list = widget.NewList(
		func() int { return len(p.blocks) },
		p.createRow,
		p.updateRow,
	)
	p.heights = rowHeights{list: p.list, do: do, count: func() int { return len(p.blocks) },
		exact: func(i int, w float32) float32 {
			return measureText(p.measure, p.blocks[i].Text, styleOf(p.blocks[i]), textWidth(p.blocks[i], w))
		},
		estim: func(i int, w float32) float32 {
			return estimateText(p.blocks[i].Text, styleOf(p.blocks[i]), textWidth(p.blocks[i], w))
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
	p.heights.reset()
	p.heights.layout(p.Size().Width)
	p.list.Refresh()
	p.list.ScrollToTop()
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
	if id >= len(p.blocks) {
		return
	}
	b := p.blocks[id]
	row := o.(*fyne.Container)
	text := row.Objects[0].(*widget.Label)
	left := row.Objects[1].(*fyne.Container)
	bar, indent, bullet := left.Objects[0].(*canvas.Rectangle), left.Objects[1].(*canvas.Rectangle), left.Objects[2].(*widget.Label)
	if p.marked[id] {
		bar.Show()
	} else {
		bar.Hide()
	}
	w := indentOf(b)
	if b.Kind == markdown.ListItem {
		bullet.Show()
		w -= bullet.MinSize().Width
	} else {
		bullet.Hide()
	}
	indent.SetMinSize(fyne.NewSize(max(w, 0), 1))
	style := styleOf(b)
	text.TextStyle = style.TextStyle
	text.SizeName = style.SizeName
	text.SetText(b.Text)
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
		if id < 0 || id >= len(p.blocks) || l.SelectedText() != text {
			continue
		}
		if i := strings.Index(p.blocks[id].Text, text); i >= 0 {
			return id, i, i + len(text), true
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
