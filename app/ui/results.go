package ui

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/index"
)

// pageSize is how many hits a search fetches at once; scrolling near the
// end of the list fetches the next page.
const pageSize = 50

// resultsPane is the middle column: facet filters, the sort order and the
// list of hits.
type resultsPane struct {
	facets  *facetBar
	sort    *widget.Select
	count   *widget.Label
	list    *widget.List
	empty   *widget.Label
	content fyne.CanvasObject

	hits  []index.Hit
	total uint64
	// cursor is the row the keyboard is on; -1 when none.
	cursor int
	// steering is set while the keyboard moves the selection, so that
	// moving does not open every record on the way.
	steering bool

	onOpen     func(index.Hit)
	onLoadMore func(offset int)
	onSort     func(index.Sort)
}

var sortNames = []string{"Relevance", "Newest first", "Oldest first"}

func newResultsPane() *resultsPane {
	r := &resultsPane{cursor: -1}
	r.facets = newFacetBar()
	r.count = widget.NewLabel("")
	r.sort = widget.NewSelect(sortNames, func(s string) {
		for i, n := range sortNames {
			if n == s && r.onSort != nil {
				r.onSort(index.Sort(i))
			}
		}
	})
	r.sort.SetSelectedIndex(0)
	r.list = widget.NewList(func() int { return len(r.hits) }, newHitRow, r.updateRow)
	r.list.OnSelected = func(id widget.ListItemID) {
		r.cursor = id
		if !r.steering && id < len(r.hits) && r.onOpen != nil {
			r.onOpen(r.hits[id])
		}
	}
	r.empty = widget.NewLabel("")
	r.empty.Wrapping = fyne.TextWrapWord
	r.empty.Alignment = fyne.TextAlignCenter
	r.empty.Hide()
	top := container.NewVBox(container.NewBorder(nil, nil, r.count, r.sort), r.facets.content)
	r.content = container.NewBorder(top, nil, nil, nil, container.NewStack(r.list, container.NewVBox(r.empty)))
	return r
}

// show replaces the hits with a new search's first page.
func (r *resultsPane) show(res *index.Result, filtered bool) {
	// Each of these lays the list out again, which is most of what a
	// keystroke costs: do only those that change something.
	if r.cursor >= 0 {
		r.list.UnselectAll()
	}
	r.hits, r.total, r.cursor = res.Hits, res.Total, -1
	if r.list.GetScrollOffset() > 0 {
		r.list.ScrollToTop()
	}
	r.list.Refresh()
	r.count.SetText(countText(res.Total))
	if res.Total == 0 {
		msg := "No results. Try fewer or shorter words, or a word~ to allow misspellings."
		if filtered {
			msg = "No results with these filters. Remove a filter above to see more."
		}
		r.empty.SetText(msg)
		r.empty.Show()
	} else {
		r.empty.Hide()
	}
}

// showMessage replaces the hits with a message: why a search could not
// run (usually the query's syntax), or that the index is not ready.
func (r *resultsPane) showMessage(msg string) {
	r.hits, r.total = nil, 0
	r.list.Refresh()
	r.count.SetText("")
	r.empty.SetText(msg)
	r.empty.Show()
}

// appendPage adds the next page of hits.
func (r *resultsPane) appendPage(res *index.Result) {
	r.hits = append(r.hits, res.Hits...)
	r.list.Refresh()
}

// move steps the keyboard cursor through the list without opening.
func (r *resultsPane) move(delta int) {
	if len(r.hits) == 0 {
		return
	}
	next := min(max(r.cursor+delta, 0), len(r.hits)-1)
	r.steering = true
	r.list.Select(next)
	r.steering = false
	r.list.ScrollTo(next)
}

// openCursor opens the hit under the keyboard cursor (or the first).
func (r *resultsPane) openCursor() {
	if len(r.hits) == 0 || r.onOpen == nil {
		return
	}
	r.onOpen(r.hits[max(r.cursor, 0)])
}

func countText(n uint64) string {
	switch n {
	case 0:
		return "No results"
	case 1:
		return "1 result"
	}
	return formatCount(n) + " results"
}

// formatCount groups thousands: 12,345.
func formatCount(n uint64) string {
	s := strconv.FormatUint(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func newHitRow() fyne.CanvasObject {
	icon := widget.NewIcon(theme.DocumentIcon())
	title := widget.NewLabel("")
	title.TextStyle.Bold = true
	title.Truncation = fyne.TextTruncateEllipsis
	line := widget.NewRichText()
	line.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, container.NewCenter(icon), nil, container.NewVBox(title, line))
}

func (r *resultsPane) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(r.hits) {
		return
	}
	h := r.hits[id]
	row := o.(*fyne.Container)
	text := row.Objects[0].(*fyne.Container)
	icon := row.Objects[1].(*fyne.Container).Objects[0].(*widget.Icon)
	icon.SetResource(typeIcon(h.Type))
	title := h.Title
	if h.Type == index.TypeAnnotation {
		title = "Annotation · " + h.ParentTitle
	}
	text.Objects[0].(*widget.Label).SetText(title)
	line := text.Objects[1].(*widget.RichText)
	line.Segments = hitLine(h)
	line.Refresh()
	if r.onLoadMore != nil && id == len(r.hits)-1 && uint64(len(r.hits)) < r.total {
		r.onLoadMore(len(r.hits))
	}
}

// hitLine is the second line of a hit: its date, its source or place, and
// its best excerpt with the matching words in bold.
func hitLine(h index.Hit) []widget.RichTextSegment {
	var meta []string
	if !h.Date.IsZero() {
		meta = append(meta, h.Date.Format("2 Jan 2006"))
	}
	if h.Subtitle != "" {
		meta = append(meta, h.Subtitle)
	}
	plain := widget.RichTextStyleInline
	plain.ColorName = theme.ColorNamePlaceHolder
	segs := []widget.RichTextSegment{}
	if len(meta) > 0 {
		segs = append(segs, &widget.TextSegment{Text: strings.Join(meta, " · ") + "  ", Style: plain})
	}
	return append(segs, fragmentSegments(clipFragment(bestFragment(h.Fragments), snippetRunes))...)
}

// snippetRunes is about as much of an excerpt as one line of the list
// shows; laying out more text only to cut it off costs time on every
// keystroke.
const snippetRunes = 120

// clipFragment shortens an excerpt to about n runes, keeping its first
// match in view and never cutting a <mark> apart.
func clipFragment(frag string, n int) string {
	if utf8.RuneCountInString(frag) <= n {
		return frag
	}
	start := 0
	if i := strings.Index(frag, "<mark>"); i > 0 {
		// Start a little before the first match, at a word.
		start = max(0, i-40)
		for start > 0 && frag[start] != ' ' {
			start--
		}
	}
	end := start
	for runes := 0; end < len(frag) && runes < n; runes++ {
		if strings.HasPrefix(frag[end:], "<mark>") {
			if close := strings.Index(frag[end:], "</mark>"); close >= 0 {
				end += close + len("</mark>")
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(frag[end:])
		end += size
	}
	out := frag[start:end]
	if start > 0 {
		out = "…" + strings.TrimLeft(out, " ")
	}
	return out
}

// bestFragment picks the excerpt to show: the body's, else the
// annotation's comment, else the secondary text's.
func bestFragment(f map[string][]string) string {
	for _, field := range []string{"body", "comment", "meta"} {
		if len(f[field]) > 0 {
			return f[field][0]
		}
	}
	return ""
}

// fragmentSegments turns an excerpt's <mark>ed HTML into text segments with
// the matches in bold.
func fragmentSegments(frag string) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	for frag != "" {
		before, rest, found := strings.Cut(frag, "<mark>")
		if before != "" {
			segs = append(segs, &widget.TextSegment{Text: html.UnescapeString(before), Style: widget.RichTextStyleInline})
		}
		if !found {
			break
		}
		marked, after, _ := strings.Cut(rest, "</mark>")
		segs = append(segs, &widget.TextSegment{Text: html.UnescapeString(marked), Style: widget.RichTextStyleStrong})
		frag = after
	}
	return segs
}

// typeIcon is the icon of a record type.
func typeIcon(t string) fyne.Resource {
	switch t {
	case "clip":
		return theme.FileTextIcon()
	case "round":
		return theme.CalendarIcon()
	case "issue":
		return theme.QuestionIcon()
	case "note":
		return theme.DocumentCreateIcon()
	case index.TypeAnnotation:
		return theme.ContentCutIcon()
	}
	return theme.DocumentIcon()
}
