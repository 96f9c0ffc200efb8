package ui

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/app/vault"
)

// clipReader shows a clipped article: its metadata (grade and tags
// editable), its text as selectable paragraphs, and its annotations beside
// it. Selecting a passage and pressing Annotate (Ctrl+E) annotates it.
type clipReader struct {
	w     *mainWindow
	rec   *vault.Record
	state editState

	grade   *gradePicker
	tags    *widget.Entry
	text    *paragraphs
	anns    *widget.List
	annCard *fyne.Container
	content fyne.CanvasObject

	blocks  []markdown.Block
	offsets []int
	plain   string
	// anchors maps each annotation (by index) to the block holding it,
	// or -1 when its passage is no longer in the text.
	anchors []int
	chosen  int // the annotation shown in the card, or -1
}

func newClipReader(w *mainWindow, rec *vault.Record) *clipReader {
	r := &clipReader{w: w, rec: rec.Clone(), chosen: -1}
	title := widget.NewLabel(rec.Title)
	title.SizeName = theme.SizeNameSubHeadingText
	title.TextStyle.Bold = true
	title.Wrapping = fyne.TextWrapWord
	title.Selectable = true

	meta := widget.NewLabel(clipMeta(rec))
	meta.Wrapping = fyne.TextWrapWord
	meta.Importance = widget.LowImportance

	r.grade = newGradePicker(rec.Reliability, func(string) { r.state.touch() })
	r.tags = widget.NewEntry()
	r.tags.SetText(strings.Join(rec.Tags, ", "))
	r.tags.SetPlaceHolder("tags, comma separated")
	r.tags.OnChanged = func(string) { r.state.touch() }

	annotate := widget.NewButtonWithIcon("Annotate selection (Ctrl+E)", theme.ContentCutIcon(), r.annotate)
	annotate.Importance = widget.HighImportance
	var link fyne.CanvasObject = layout.NewSpacer()
	if l := sourceLink(rec); l != nil {
		l.Truncation = fyne.TextTruncateEllipsis
		link = l
	}
	props := container.NewVBox(
		container.NewHBox(widget.NewLabel("Grade"), r.grade.content),
		container.NewBorder(nil, nil, widget.NewLabel("Tags"), nil, r.tags))
	header := container.NewVBox(title, meta, container.NewBorder(nil, nil, nil, annotate, link), props)

	r.text = newParagraphs(w.tasks.do)
	r.load()

	r.anns = widget.NewList(func() int { return len(r.rec.Annotations) }, newAnnotationRow, r.updateAnnotationRow)
	r.anns.OnSelected = func(id widget.ListItemID) { r.choose(id) }
	r.annCard = container.NewVBox()
	annHeader := widget.NewLabelWithStyle("Annotations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	side := container.NewBorder(annHeader, r.annCard, nil, nil, r.anns)

	split := container.NewHSplit(r.text, side)
	split.Offset = 0.68
	r.content = container.NewBorder(header, nil, nil, nil, split)
	return r
}

// load lays out the text and anchors the annotations in it.
func (r *clipReader) load() {
	r.blocks = markdown.Blocks(r.rec.Body)
	r.offsets = blockOffsets(r.blocks)
	r.plain = markdown.PlainText(r.rec.Body)
	r.anchorAll()
	r.text.setBlocks(r.blocks, r.markedBlocks(-1))
}

func (r *clipReader) anchorAll() {
	r.anchors = make([]int, len(r.rec.Annotations))
	for i, a := range r.rec.Annotations {
		r.anchors[i] = -1
		if s, _, ok := app.Anchor(r.plain, a); ok {
			r.anchors[i] = blockAt(r.offsets, s)
		}
	}
}

// markedBlocks flags the paragraphs with annotations; with focus >= 0,
// only that annotation's paragraph.
func (r *clipReader) markedBlocks(focus int) map[int]bool {
	m := map[int]bool{}
	for i, b := range r.anchors {
		if b >= 0 && (focus < 0 || focus == i) {
			m[b] = true
		}
	}
	return m
}

func clipMeta(rec *vault.Record) string {
	var parts []string
	for _, s := range []string{rec.Site, rec.Byline} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if !rec.Published.IsZero() {
		parts = append(parts, "published "+rec.Published.Time().Format("2 January 2006"))
	}
	if rec.Lang != "" {
		parts = append(parts, "language "+rec.Lang)
	}
	if !rec.Clipped.IsZero() {
		parts = append(parts, "clipped "+rec.Clipped.Local().Format("2 Jan 2006"))
	}
	return strings.Join(parts, " · ")
}

// sourceLink links to the clip's page; only web and mail addresses open
// in the browser, whatever the file says.
func sourceLink(rec *vault.Record) *widget.Hyperlink {
	raw := rec.CanonicalURL
	if raw == "" {
		raw = rec.URL
	}
	u := safeURL(raw)
	if u == nil {
		return nil
	}
	return widget.NewHyperlink(shortURL(u), u)
}

// safeURL parses an address Parley may open: http, https or mailto.
func safeURL(raw string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || !slices.Contains([]string{"http", "https", "mailto"}, strings.ToLower(u.Scheme)) {
		return nil
	}
	return u
}

func shortURL(u *url.URL) string {
	s := u.Host + u.Path
	if len([]rune(s)) > 70 {
		s = string([]rune(s)[:69]) + "…"
	}
	return s
}

func newAnnotationRow() fyne.CanvasObject {
	quote := widget.NewLabel("")
	quote.TextStyle.Italic = true
	quote.Truncation = fyne.TextTruncateEllipsis
	comment := widget.NewLabel("")
	comment.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(quote, comment)
}

func (r *clipReader) updateAnnotationRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(r.rec.Annotations) {
		return
	}
	a := r.rec.Annotations[id]
	box := o.(*fyne.Container)
	quote := "“" + a.Exact + "”"
	if r.anchors[id] < 0 {
		quote = "(passage no longer in the text) " + quote
	}
	box.Objects[0].(*widget.Label).SetText(quote)
	comment := a.Comment
	if a.Grade != "" {
		comment = a.Grade + " · " + comment
	}
	box.Objects[1].(*widget.Label).SetText(comment)
}

// choose shows an annotation: its paragraph scrolled into view and
// flagged, and its full text with Edit and Delete below the list.
func (r *clipReader) choose(i int) {
	if i < 0 || i >= len(r.rec.Annotations) {
		return
	}
	r.chosen = i
	if b := r.anchors[i]; b >= 0 {
		r.text.setMarked(r.markedBlocks(i))
		r.text.scrollTo(b)
	}
	a := r.rec.Annotations[i]
	quote := widget.NewLabel("“" + a.Exact + "”")
	quote.Wrapping = fyne.TextWrapWord
	quote.TextStyle.Italic = true
	comment := widget.NewLabel(a.Comment)
	comment.Wrapping = fyne.TextWrapWord
	meta := widget.NewLabel(r.annotationLinks(a))
	meta.Wrapping = fyne.TextWrapWord
	meta.Importance = widget.LowImportance
	edit := widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { r.editAnnotation(i) })
	del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() { r.deleteAnnotation(i) })
	del.Importance = widget.LowImportance
	r.annCard.Objects = []fyne.CanvasObject{widget.NewSeparator(), quote, comment, meta, container.NewHBox(edit, del)}
	r.annCard.Refresh()
}

// focusAnnotation opens the reader at an annotation's passage.
func (r *clipReader) focusAnnotation(annID string) {
	for i, a := range r.rec.Annotations {
		if a.ID == annID {
			r.anns.Select(i)
			return
		}
	}
}

// annotationLinks names the grade, issues and rounds of an annotation.
func (r *clipReader) annotationLinks(a vault.Annotation) string {
	var parts []string
	if a.Grade != "" {
		parts = append(parts, "Grade "+a.Grade)
	}
	for _, id := range a.Issues {
		parts = append(parts, "Issue: "+r.w.titleOf(id))
	}
	for _, id := range a.Rounds {
		parts = append(parts, "Round: "+r.w.titleOf(id))
	}
	return strings.Join(parts, "\n")
}

// annotate annotates the passage selected in the text.
func (r *clipReader) annotate() {
	block, start, end, ok := r.text.selection(r.w.win.Canvas().Focused())
	if !ok {
		dialog.ShowInformation("Annotate", "Select a passage of the article first (drag across it, or double-click a word), then press Annotate or Ctrl+E.", r.w.win)
		return
	}
	off := r.offsets[block]
	a := app.NewAnnotation(r.plain, off+start, off+end)
	a.Grade = r.grade.value()
	a.Created = time.Now()
	showAnnotationForm(r.w, a, true, func(a vault.Annotation) {
		r.rec.Annotations = append(r.rec.Annotations, a)
		r.annotationsChanged(len(r.rec.Annotations) - 1)
	})
}

func (r *clipReader) editAnnotation(i int) {
	showAnnotationForm(r.w, r.rec.Annotations[i], false, func(a vault.Annotation) {
		r.rec.Annotations[i] = a
		r.annotationsChanged(i)
	})
}

func (r *clipReader) deleteAnnotation(i int) {
	dialog.ShowConfirm("Delete annotation", "Delete this annotation? The article's text stays.", func(ok bool) {
		if !ok {
			return
		}
		r.rec.Annotations = slices.Delete(r.rec.Annotations, i, i+1)
		r.annCard.Objects = nil
		r.annCard.Refresh()
		r.annotationsChanged(-1)
	}, r.w.win)
}

// annotationsChanged saves the clip at once, so an annotation is on disk
// and searchable as soon as it is made.
func (r *clipReader) annotationsChanged(show int) {
	r.state.touch()
	r.anchorAll()
	r.text.setMarked(r.markedBlocks(-1))
	r.anns.UnselectAll()
	r.anns.Refresh()
	if show >= 0 {
		r.anns.Select(show)
	}
	r.w.detail.saveNow(nil)
}

func (r *clipReader) object() fyne.CanvasObject { return r.content }
func (r *clipReader) edits() *editState         { return &r.state }
func (r *clipReader) saved(rec *vault.Record)   { savedCommon(r.rec, rec) }

func (r *clipReader) record() *vault.Record {
	rec := r.rec.Clone()
	rec.Reliability = r.grade.value()
	rec.Tags = splitList(r.tags.Text)
	return rec
}

func (r *clipReader) fieldError(fe *vault.FieldError) bool {
	if fe.Field == "reliability" {
		dialog.ShowError(fe, r.w.win)
		return true
	}
	return false
}

// splitList reads a comma-separated list as a user types it.
func splitList(s string) vault.StringList {
	var out vault.StringList
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
