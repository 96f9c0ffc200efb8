package ui

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// blockEditor edits Markdown as a virtual list of paragraphs, each its own
// small word-wrapped entry. A single word-wrapped entry holding 50 KB takes
// seconds to set and a tenth of a second a keystroke in Fyne; here a
// keystroke re-lays out one paragraph. Enter on an empty line starts a new
// paragraph, Backspace at a paragraph's start joins it to the one above,
// and Up and Down cross between paragraphs. A paragraph longer than
// maxRowBytes is edited in several entries, joined without a separator.
type blockEditor struct {
	widget.BaseWidget
	list    *widget.List
	blocks  []string
	seps    []string // seps[i] follows blocks[i]: the text's own blank lines, or "" inside a long paragraph
	heights rowHeights
	measure *widget.RichText
	entries []*blockEntry // every row widget the list has made

	onChanged func()
	do        func(func()) // runs on the UI goroutine later
}

// blankLine separates paragraphs.
var blankLine = regexp.MustCompile(`\n[ \t]*\n[ \t\n]*`)

func newBlockEditor(text string, onChanged func(), do func(func())) *blockEditor {
	e := &blockEditor{measure: widget.NewRichTextWithText(""), onChanged: onChanged, do: do}
	e.measure.Wrapping = fyne.TextWrapWord
	e.setText(text)
	e.list = widget.NewList(func() int { return len(e.blocks) }, e.createRow, e.updateRow)
	e.heights = rowHeights{list: e.list, do: do, count: func() int { return len(e.blocks) },
		exact: func(i int, w float32) float32 { return e.heightOf(i, w) },
		estim: func(i int, w float32) float32 {
			return estimateText(e.blocks[i], widget.RichTextStyleParagraph, w-2*theme.InnerPadding()) + theme.InnerPadding()
		}}
	e.list.HideSeparators = true
	e.list.OnSelected = func(id widget.ListItemID) { e.list.Unselect(id); e.focusBlock(id, false) }
	e.ExtendBaseWidget(e)
	return e
}

// setText splits text into paragraphs, keeping the exact blank lines
// between them so that an unedited text comes back byte for byte.
func (e *blockEditor) setText(text string) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	e.blocks, e.seps = nil, nil
	for {
		loc := blankLine.FindStringIndex(text)
		if loc == nil {
			e.addParagraph(text, "")
			break
		}
		e.addParagraph(text[:loc[0]], text[loc[0]:loc[1]])
		text = text[loc[1]:]
	}
	e.heights.reset()
}

// addParagraph appends a paragraph and the blank lines after it, in rows
// of at most maxRowBytes.
func (e *blockEditor) addParagraph(text, sep string) {
	start := 0
	for _, end := range rowCuts(text) {
		e.blocks = append(e.blocks, text[start:end])
		e.seps = append(e.seps, "")
		start = end
	}
	e.seps[len(e.seps)-1] = sep
}

// text joins the paragraphs back into Markdown.
func (e *blockEditor) text() string {
	var b strings.Builder
	for i, blk := range e.blocks {
		b.WriteString(blk)
		b.WriteString(e.seps[i])
	}
	return b.String()
}

func (e *blockEditor) CreateRenderer() fyne.WidgetRenderer {
	return &blockEditorRenderer{e: e}
}

type blockEditorRenderer struct{ e *blockEditor }

func (r *blockEditorRenderer) Layout(size fyne.Size) {
	r.e.heights.layout(size.Width)
	r.e.list.Resize(size)
}
func (r *blockEditorRenderer) MinSize() fyne.Size           { return r.e.list.MinSize() }
func (r *blockEditorRenderer) Refresh()                     { r.e.list.Refresh() }
func (r *blockEditorRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.e.list} }
func (r *blockEditorRenderer) Destroy()                     {}

// heightOf is the height an entry needs to show paragraph i whole in a
// list of the given width.
func (e *blockEditor) heightOf(i int, width float32) float32 {
	inner := theme.InnerPadding()
	text := e.blocks[i]
	if text == "" {
		text = " "
	}
	return measureText(e.measure, text, widget.RichTextStyleParagraph, width-2*inner) + inner
}

func (e *blockEditor) createRow() fyne.CanvasObject {
	be := &blockEntry{ed: e, id: -1}
	be.MultiLine = true
	be.Wrapping = fyne.TextWrapWord
	be.ExtendBaseWidget(be)
	e.entries = append(e.entries, be)
	return be
}

func (e *blockEditor) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	be := o.(*blockEntry)
	if id >= len(e.blocks) {
		return
	}
	if be.id != id {
		// The row is being reused for another paragraph: a paragraph
		// scrolled away must not keep the keyboard.
		if c := fyne.CurrentApp().Driver().CanvasForObject(be); c != nil && c.Focused() == be {
			c.Unfocus()
		}
	}
	be.id = id
	if be.Text != e.blocks[id] {
		be.OnChanged = nil
		be.SetText(e.blocks[id])
	}
	be.OnChanged = be.changed
}

// focusBlock moves the keyboard into paragraph id, at its start or end.
func (e *blockEditor) focusBlock(id int, atEnd bool) {
	if id < 0 || id >= len(e.blocks) {
		return
	}
	e.list.ScrollTo(id)
	place := func() bool {
		for _, be := range e.entries {
			if be.id != id {
				continue
			}
			c := fyne.CurrentApp().Driver().CanvasForObject(be)
			if c == nil {
				return false
			}
			c.Focus(be)
			if atEnd {
				lines := strings.Split(be.Text, "\n")
				be.CursorRow, be.CursorColumn = len(lines)-1, len([]rune(lines[len(lines)-1]))
			} else {
				be.CursorRow, be.CursorColumn = 0, 0
			}
			be.Refresh()
			return true
		}
		return false
	}
	if !place() {
		// The row appears once the list has laid out the new scroll
		// position.
		e.do(func() { place() })
	}
}

// split turns the paragraph holding a blank line into two.
func (e *blockEditor) split(id int) {
	text := e.blocks[id]
	loc := blankLine.FindStringIndex(text)
	if loc == nil {
		return
	}
	before, after := text[:loc[0]], text[loc[1]:]
	e.blocks = append(e.blocks[:id+1], e.blocks[id:]...)
	e.seps = append(e.seps[:id+1], e.seps[id:]...)
	e.blocks[id], e.blocks[id+1] = before, after
	e.seps[id] = "\n\n"
	e.refreshFrom(id)
	e.focusBlock(id+1, false)
}

// join appends paragraph id to the one above it.
func (e *blockEditor) join(id int) {
	if id <= 0 {
		return
	}
	prev := e.blocks[id-1]
	glue := "\n"
	if e.seps[id-1] == "" {
		glue = "" // a long paragraph's cut, not a line of the user's
	}
	e.blocks[id-1] = prev + glue + e.blocks[id]
	e.seps[id-1] = e.seps[id]
	e.blocks = append(e.blocks[:id], e.blocks[id+1:]...)
	e.seps = append(e.seps[:id], e.seps[id+1:]...)
	e.refreshFrom(id - 1)
	e.focusBlock(id-1, false)
	for _, be := range e.entries {
		if be.id == id-1 {
			lines := strings.Split(prev+glue, "\n")
			be.CursorRow, be.CursorColumn = len(lines)-1, utf8.RuneCountInString(lines[len(lines)-1])
			be.Refresh()
		}
	}
	e.onChanged()
}

// refreshFrom re-measures paragraphs from id on, whose indexes moved.
func (e *blockEditor) refreshFrom(id int) {
	if w := e.heights.width; w > 0 {
		e.heights.reset()
		e.heights.layout(w)
	}
	e.list.Refresh()
}

// blockEntry is the entry of one paragraph.
type blockEntry struct {
	widget.Entry
	ed *blockEditor
	id int
}

func (be *blockEntry) changed(text string) {
	e := be.ed
	if be.id < 0 || be.id >= len(e.blocks) {
		return
	}
	e.blocks[be.id] = text
	if blankLine.MatchString(text) {
		e.split(be.id)
	} else if e.heights.width > 0 {
		e.list.SetItemHeight(be.id, e.heightOf(be.id, e.heights.width))
	}
	e.onChanged()
}

// TypedKey crosses paragraph boundaries; everything else is the entry's.
func (be *blockEntry) TypedKey(k *fyne.KeyEvent) {
	lastRow := strings.Count(be.Text, "\n")
	switch {
	case k.Name == fyne.KeyUp && be.CursorRow == 0 && be.id > 0:
		be.ed.focusBlock(be.id-1, true)
	case k.Name == fyne.KeyDown && be.CursorRow == lastRow && be.id+1 < len(be.ed.blocks):
		be.ed.focusBlock(be.id+1, false)
	case k.Name == fyne.KeyBackspace && be.CursorRow == 0 && be.CursorColumn == 0 && be.SelectedText() == "" && be.id > 0:
		be.ed.join(be.id)
	default:
		be.Entry.TypedKey(k)
	}
}
