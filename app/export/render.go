package export

import (
	"bytes"
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/parley-notes/parley/app/vault"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// Limits on what a brief inlines: it must stay a file one can mail.
const (
	maxImageBytes      = 2 << 20
	maxBriefImageBytes = 20 << 20
)

// inlineTypes are the image types a brief inlines as data: URIs. SVG is
// not among them: it is a document that can carry script.
var inlineTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

var (
	// safeHref admits web and mail addresses and in-page anchors: no
	// javascript:, no data:, no file:, no relative paths that lead nowhere
	// in a mailed file.
	safeHref = regexp.MustCompile(`^(?i:https?://[^\s]+|mailto:[^\s]+|#[A-Za-z0-9_-]+)$`)
	// safeImage admits inlined images of the types above only.
	safeImage = regexp.MustCompile(`^data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$`)
)

// briefPolicy is the last word on what clipped content may put in a
// brief: text structure, tables, links to the web, inlined images.
// Everything else (script, style, iframe, svg, forms, event attributes,
// javascript: and data: links) is removed, whatever the Markdown renderer
// let through.
func briefPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
		"em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "ul", "ol", "li", "dl", "dt", "dd",
		"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "figure", "figcaption",
		"span", "div", "abbr", "cite", "q", "mark", "small", "kbd", "samp", "var")
	p.AllowAttrs("href").Matching(safeHref).OnElements("a")
	p.AllowAttrs("title").OnElements("a", "abbr", "img")
	p.AllowAttrs("src").Matching(safeImage).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.Integer).OnElements("img")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("td", "th")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(?:left|right|center)$`)).OnElements("td", "th")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowURLSchemeWithCustomPolicy("data", func(u *url.URL) bool { return safeImage.MatchString(u.String()) })
	p.AllowRelativeURLs(true) // for #anchors; safeHref keeps out the rest
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return p
}

// renderer turns record bodies into HTML a brief can hold.
type renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
	files  *vault.Attachments
	// titles and paths lead [[wiki links]] and links to other records to
	// their place in the brief.
	titles map[string]string // folded title -> anchor
	paths  map[string]string // vault path -> anchor
	// byBase finds an embedded attachment by file name.
	byBase map[string]string
	budget int64
}

func newRenderer(files *vault.Attachments, atts []string) *renderer {
	r := &renderer{
		// Raw HTML goes through to the policy, which decides; the
		// renderer's own filter would drop tables and figures whole.
		md:     goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(ghtml.WithUnsafe())),
		policy: briefPolicy(),
		files:  files,
		titles: map[string]string{},
		paths:  map[string]string{},
		byBase: map[string]string{},
		budget: maxBriefImageBytes,
	}
	for _, a := range atts {
		setOnce(r.byBase, vault.FoldName(path.Base(a)), a)
	}
	return r
}

// link makes a record reachable from bodies that link to it.
func (r *renderer) link(rec *vault.Record, anchor string) {
	setOnce(r.titles, vault.FoldName(strings.TrimSpace(rec.Title)), anchor)
	base := strings.TrimSuffix(path.Base(rec.Path), path.Ext(rec.Path))
	setOnce(r.titles, vault.FoldName(base), anchor)
	setOnce(r.paths, rec.Path, anchor)
}

// render returns the body of the record at recPath as sanitised HTML.
func (r *renderer) render(recPath, body string) template.HTML {
	// The brief declares itself UTF-8; a body that is not (found by
	// FuzzBriefRender) must not make it a lie.
	body = strings.ToValidUTF8(body, "\uFFFD")
	src := []byte(r.wikiToMarkdown(body))
	doc := r.md.Parser().Parse(text.NewReader(src))
	r.fixLinks(doc, recPath)
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		return template.HTML(template.HTMLEscapeString(body))
	}
	return template.HTML(r.policy.SanitizeBytes(buf.Bytes()))
}

// text returns plain text as HTML, for fields such as an outcome that are
// prose but not Markdown.
func (r *renderer) text(s string) template.HTML {
	return template.HTML(strings.ReplaceAll(template.HTMLEscapeString(s), "\n", "<br>"))
}

// wikiToMarkdown turns [[wiki links]] into links to their record's place
// in the brief, or into their text when the record is not in it; an embed
// of an attachment becomes a Markdown image, which fixLinks inlines.
func (r *renderer) wikiToMarkdown(body string) string {
	code := codeRanges(body)
	return replaceMatches(body, wikiRef, code, func(m []int) (string, bool) {
		target := strings.TrimSpace(body[m[4]:m[5]])
		label := target
		if m[8] >= 0 {
			label = strings.TrimSpace(body[m[8]:m[9]])
		}
		if m[3] > m[2] {
			if a, ok := r.byBase[vault.FoldName(path.Base(target))]; ok {
				return "![" + escapeMarkdown(target) + "](<" + a + ">)", true
			}
		}
		if anchor, ok := r.titles[vault.FoldName(target)]; ok {
			return "[" + escapeMarkdown(label) + "](#" + anchor + ")", true
		}
		return escapeMarkdown(label), true
	})
}

// escapeMarkdown makes s literal text in Markdown.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c < 0x80 && strings.ContainsRune("\\`*_{}[]()<>#+-.!|~&\"'", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// fixLinks inlines local images (the rest become links: a brief loads
// nothing from the network) and points links to records of the brief at
// their place in it.
func (r *renderer) fixLinks(doc ast.Node, recPath string) {
	var images []*ast.Image
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			images = append(images, n)
		case *ast.Link:
			for _, p := range resolveRef(recPath, string(n.Destination)) {
				if anchor, ok := r.paths[p]; ok {
					n.Destination = []byte("#" + anchor)
					break
				}
			}
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		data, why := r.inline(recPath, string(img.Destination))
		if data != "" {
			img.Destination = []byte(data)
			continue
		}
		// Keep the image's description in the text, with a link to it
		// where it is on the web.
		parent := img.Parent()
		var repl ast.Node
		label := "[image"
		if why != "" {
			label += ", " + why
		}
		if web := httpURL(string(img.Destination)); web != "" {
			l := ast.NewLink()
			l.Destination = []byte(web)
			repl = l
		} else {
			repl = ast.NewEmphasis(1)
		}
		repl.AppendChild(repl, ast.NewString([]byte(label+": ")))
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			repl.AppendChild(repl, c)
			c = next
		}
		repl.AppendChild(repl, ast.NewString([]byte("]")))
		parent.ReplaceChild(parent, img, repl)
	}
}

// inline returns an image as a data: URI, or "" and why not.
func (r *renderer) inline(recPath, dest string) (string, string) {
	dest = strings.TrimSpace(dest)
	var data []byte
	if strings.HasPrefix(strings.ToLower(dest), "data:") {
		meta, payload, ok := strings.Cut(dest[5:], ",")
		if !ok || !strings.HasSuffix(strings.ToLower(meta), ";base64") {
			return "", "not inlined"
		}
		b, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			return "", "not inlined"
		}
		data = b
	} else {
		var err error
		for _, p := range resolveRef(recPath, dest) {
			// Only attachments: a brief must not publish any other file of
			// the vault a link happens to name.
			if !strings.HasPrefix(p, vault.AttachmentsDir+"/") {
				continue
			}
			data, err = r.files.Read(p, maxImageBytes)
			if err == nil {
				break
			}
		}
		if errors.Is(err, vault.ErrTooLarge) {
			return "", "too large to include"
		}
		if data == nil {
			return "", ""
		}
	}
	if len(data) > maxImageBytes || int64(len(data)) > r.budget {
		return "", "too large to include"
	}
	// The bytes decide the type, not the name or the data: URI's claim.
	typ := http.DetectContentType(data)
	if !inlineTypes[typ] {
		return "", "not an image type a brief includes"
	}
	r.budget -= int64(len(data))
	return "data:" + typ + ";base64," + base64.StdEncoding.EncodeToString(data), ""
}
