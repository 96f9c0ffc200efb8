package ui

import (
	"context"
	"fmt"
	"image"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app/clip"
	"github.com/parley-notes/parley/app/markdown"
)

// markdownView renders Markdown a top-level block at a time in a virtual
// list, like paragraphs, so a long note previews as fast as a short one.
// [[Wiki links]] open the records they name; other links open in the
// browser only when they are web or mail addresses; images show only when
// they are files of the vault (a preview never reaches the network).
type markdownView struct {
	widget.BaseWidget
	w       *mainWindow
	list    *widget.List
	chunks  [][]widget.RichTextSegment
	texts   []string // each chunk's text, for estimating its height
	dir     string   // the record's folder, for relative image paths
	heights rowHeights
	measure *widget.RichText
}

func newMarkdownView(w *mainWindow) *markdownView {
	v := &markdownView{w: w, measure: widget.NewRichText()}
	v.measure.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(func() int { return len(v.chunks) },
		func() fyne.CanvasObject {
			rt := widget.NewRichText()
			rt.Wrapping = fyne.TextWrapWord
			return rt
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.chunks) {
				rt := o.(*widget.RichText)
				rt.Segments = v.chunks[id]
				rt.Refresh()
			}
		})
	v.list.HideSeparators = true
	v.list.OnSelected = func(id widget.ListItemID) { v.list.Unselect(id) }
	v.heights = rowHeights{list: v.list, do: w.tasks.do, count: func() int { return len(v.chunks) },
		exact: func(i int, width float32) float32 {
			v.measure.Segments = v.chunks[i]
			v.measure.Refresh()
			v.measure.Resize(fyne.NewSize(width, 0))
			return v.measure.MinSize().Height
		},
		estim: func(i int, width float32) float32 {
			return estimateText(v.texts[i], widget.RichTextStyleParagraph, width)
		}}
	v.ExtendBaseWidget(v)
	return v
}

// blockMarker starts a chunk that is not a plain paragraph: a heading,
// quote, list, table, HTML, fenced or indented code.
var blockMarker = regexp.MustCompile("^(?:[ \t]{0,3}(?:[#>*+|<-]|```|~~~|\\d+[.)][ \t])|    |\t)")

// previewPieces cuts a plain paragraph longer than maxRowBytes into rows
// (see rowCuts), each previewed alone; other chunks stay whole, as cutting
// them would break their Markdown. A cut can still fall inside a link's
// text, which then shows as written: a small price for a paragraph that
// would otherwise freeze the window.
func previewPieces(chunk string) []string {
	if len(chunk) <= maxRowBytes || blockMarker.MatchString(chunk) {
		return []string{chunk}
	}
	var pieces []string
	start := 0
	for _, end := range rowCuts(chunk) {
		pieces = append(pieces, chunk[start:end])
		start = end
	}
	return pieces
}

// setMarkdown shows body, the Markdown of the record at path.
func (v *markdownView) setMarkdown(body, path string) {
	v.dir = filepath.Dir(filepath.FromSlash(path))
	v.chunks, v.texts = v.chunks[:0], v.texts[:0]
	for _, c := range markdown.Chunks(body) {
		for _, piece := range previewPieces(c) {
			v.chunks = append(v.chunks, v.segments(piece))
			v.texts = append(v.texts, piece)
		}
	}
	v.heights.reset()
	v.heights.layout(v.Size().Width)
	v.list.Refresh()
}

var (
	imageLink = regexp.MustCompile(`!\[([^\]]*)\]\(<?([^)>\s]+)>?[^)]*\)`)
)

// segments parses one chunk, with wiki links made into links Parley opens
// and every link and image checked.
func (v *markdownView) segments(chunk string) []widget.RichTextSegment {
	chunk = wikiToLinks(chunk)
	chunk = imageLink.ReplaceAllStringFunc(chunk, func(m string) string {
		sub := imageLink.FindStringSubmatch(m)
		if u := v.localImage(sub[2]); u != "" {
			return "![" + sub[1] + "](" + u + ")"
		}
		return "*[image: " + sub[1] + "]*"
	})
	rt := widget.NewRichTextFromMarkdown(chunk)
	v.fixLinks(rt.Segments)
	return rt.Segments
}

// wikiToLinks turns [[Target|Alias]] into [Alias](parley:Target); an
// embed shows its name, as Parley does not transclude.
func wikiToLinks(s string) string {
	return markdown.ReplaceWikiLinks(s, func(l markdown.Link, embed bool) string {
		if embed {
			return l.Text
		}
		text := strings.NewReplacer("[", "", "]", "").Replace(l.Text)
		return "[" + text + "](parley:" + url.PathEscape(l.Target) + ")"
	})
}

// localImage returns a file URI for an image inside the vault, or "".
func (v *markdownView) localImage(src string) string {
	if strings.Contains(src, ":") {
		return "" // a remote or other scheme
	}
	p, err := url.PathUnescape(src)
	if err != nil {
		return ""
	}
	root := v.w.nb.Root()
	abs := filepath.Clean(filepath.Join(root, v.dir, filepath.FromSlash(p)))
	if rel, err := filepath.Rel(root, abs); err != nil || strings.HasPrefix(rel, "..") {
		abs = filepath.Clean(filepath.Join(root, filepath.FromSlash(p)))
		if rel, err := filepath.Rel(root, abs); err != nil || strings.HasPrefix(rel, "..") {
			return ""
		}
	}
	return storage.NewFileURI(abs).String()
}

// fixLinks makes parley: links open records, disarms links Parley must
// not open, and keeps only images that are safe to show.
func (v *markdownView) fixLinks(segs []widget.RichTextSegment) {
	for i, s := range segs {
		switch s := s.(type) {
		case *widget.HyperlinkSegment:
			switch {
			case s.URL != nil && s.URL.Scheme == "parley":
				target, _ := url.PathUnescape(s.URL.Opaque)
				s.OnTapped = func() { v.openTitle(target) }
			case s.URL == nil || safeURL(s.URL.String()) == nil:
				segs[i] = &widget.TextSegment{Text: s.Text, Style: widget.RichTextStyleInline}
			}
		case *widget.ImageSegment:
			// segments turned the images it recognised into files of the
			// vault; anything else (a reference-style image, one whose
			// text fooled the pattern) would load from the network or
			// from anywhere on the disk.
			if why := v.imageProblem(s.Source); why != "" {
				segs[i] = &widget.TextSegment{Text: "[image: " + why + "]", Style: widget.RichTextStyleEmphasis}
			}
		case *widget.ListSegment:
			v.fixLinks(s.Items)
		case *widget.ParagraphSegment:
			v.fixLinks(s.Texts)
		}
	}
}

// Images whose header claims more than this are not shown: decoding one
// would take gigabytes (a 65535×65535 picture is 17 GB of pixels).
const (
	maxPreviewSide   = clip.DefaultMaxImageSide
	maxPreviewPixels = clip.DefaultMaxImagePixels
)

// imageProblem says why an image must not be shown, or "" when it may: it
// must be a file inside the vault whose header claims sane dimensions.
func (v *markdownView) imageProblem(u fyne.URI) string {
	if u == nil || u.Scheme() != "file" {
		return "not a file of the vault"
	}
	root := v.w.nb.Root()
	rel, err := filepath.Rel(root, filepath.Clean(u.Path()))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "not a file of the vault"
	}
	f, err := os.Open(u.Path())
	if err != nil {
		return "not found"
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return "not a picture Parley shows"
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxPreviewSide || cfg.Height > maxPreviewSide || cfg.Width*cfg.Height > maxPreviewPixels {
		return fmt.Sprintf("%d×%d pixels, too large to show", cfg.Width, cfg.Height)
	}
	return ""
}

// openTitle opens the record a wiki link names.
func (v *markdownView) openTitle(title string) {
	v.w.tasks.run(func() {
		id, err := v.w.nb.Resolve(context.Background(), title)
		v.w.tasks.do(func() {
			if err != nil || id == "" {
				dialog.ShowInformation("Link", "No record is titled “"+title+"”.", v.w.win)
				return
			}
			v.w.openRecord(id, "")
		})
	})
}

func (v *markdownView) CreateRenderer() fyne.WidgetRenderer { return &markdownViewRenderer{v} }

type markdownViewRenderer struct{ v *markdownView }

func (r *markdownViewRenderer) Layout(size fyne.Size) {
	r.v.heights.layout(size.Width)
	r.v.list.Resize(size)
}
func (r *markdownViewRenderer) MinSize() fyne.Size           { return r.v.list.MinSize() }
func (r *markdownViewRenderer) Refresh()                     { r.v.list.Refresh() }
func (r *markdownViewRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.v.list} }
func (r *markdownViewRenderer) Destroy()                     {}
