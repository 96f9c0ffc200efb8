package importer

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/parley-notes/parley/app/markdown"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ENML (Evernote's XHTML) becomes Markdown in four steps:
//
//  1. parse it as HTML (forgiving, unlike XML) and turn Evernote's own
//     elements into placeholder words: en-media (a resource), en-todo (a
//     check box), en-crypt (encrypted text) and code blocks;
//  2. sanitise the rest with bluemonday: web clips carry whatever the page
//     had, scripts and event handlers included;
//  3. convert to Markdown with html-to-markdown;
//  4. put the Markdown for each placeholder in its place.
//
// Placeholders are letters and digits only, which the converter passes
// through untouched, so the Markdown Parley writes for links, task boxes
// and encrypted blocks is never escaped or reflowed.

// maxHTMLDepth bounds element nesting; deeper elements are unwrapped
// (their text stays), so hostile nesting cannot exhaust the stack of the
// recursive renderers after the parse.
const maxHTMLDepth = 256

var (
	enmlPolicyOnce sync.Once
	enmlPolicyVal  *bluemonday.Policy
)

// enmlPolicy allows what Markdown can say and nothing that can act.
func enmlPolicy() *bluemonday.Policy {
	enmlPolicyOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.AllowElements("s", "strike", "u", "center", "font", "figure", "figcaption", "section", "article")
		p.AllowURLSchemes("http", "https", "mailto")
		p.RequireParseableURLs(true)
		p.AllowRelativeURLs(false)
		p.RequireNoFollowOnLinks(false)
		p.SkipElementsContent(markdown.UnsafeElements...)
		enmlPolicyVal = p
	})
	return enmlPolicyVal
}

// enml holds one conversion's placeholders.
type enml struct {
	nonce  string
	blocks []string // Markdown of each placeholder, by number
	todos  map[int]bool
	res    map[string]*resource // by MD5 (and recognition objID)
	order  []*resource
	used   map[string]bool
	warn   []string
}

// enmlToMarkdown converts a note's ENML to Markdown, linking en-media to
// the saved resources. Resources no en-media shows are listed at the end,
// so none is hidden.
func enmlToMarkdown(content string, resources []resource) (string, []string) {
	var nonce [4]byte
	rand.Read(nonce[:])
	e := &enml{nonce: "ParleyPH" + hex.EncodeToString(nonce[:]), todos: map[int]bool{}, res: map[string]*resource{}, used: map[string]bool{}}
	for i := range resources {
		if a := resources[i].alias; a != "" {
			e.res[a] = &resources[i]
		}
	}
	for i := range resources {
		e.res[resources[i].hash] = &resources[i]
		e.order = append(e.order, &resources[i])
	}
	var md string
	if strings.TrimSpace(content) != "" {
		doc, err := html.Parse(strings.NewReader(content))
		if err != nil {
			// The parser refuses nesting deeper than 512 elements: drop
			// the tags beyond maxHTMLDepth and keep all the text.
			doc, err = html.Parse(strings.NewReader(flattenDeep(content, maxHTMLDepth)))
		}
		if err != nil {
			e.warn = append(e.warn, fmt.Sprintf("the note's ENML could not be read (%v); its text may be incomplete", err))
		} else {
			md = e.convert(doc)
		}
	}
	var extra []string
	for _, r := range resources {
		if !e.used[r.hash] {
			extra = append(extra, "- "+mediaMarkdown(&r))
		}
	}
	if len(extra) > 0 {
		if md != "" {
			md += "\n\n"
		}
		md += "## Attachments\n\n" + strings.Join(extra, "\n")
	}
	md = strings.ToValidUTF8(strings.ReplaceAll(md, "\x00", ""), "\uFFFD")
	md = strings.TrimSpace(md)
	if md != "" {
		md += "\n"
	}
	return md, e.warn
}

// convert takes a parsed note through the steps above.
func (e *enml) convert(doc *html.Node) string {
	e.matchByPosition(doc)
	e.prepare(doc)
	var buf bytes.Buffer
	root := findBody(doc)
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&buf, c); err != nil {
			e.warn = append(e.warn, fmt.Sprintf("part of the note could not be converted: %v", err))
			break
		}
	}
	clean := enmlPolicy().SanitizeReader(&buf)
	out, err := markdown.FromHTML(clean)
	if err != nil {
		e.warn = append(e.warn, fmt.Sprintf("the note could not be converted to Markdown (%v); its text was kept as is", err))
		out = []byte(html.UnescapeString(stripTags(clean.String())))
	}
	return e.fill(strings.ReplaceAll(string(out), "\r\n", "\n"))
}

// prepare walks the tree without recursion (hostile nesting), unwrapping
// what is too deep and replacing Evernote's elements by placeholders.
func (e *enml) prepare(doc *html.Node) {
	type frame struct {
		n     *html.Node
		depth int
	}
	var kids []*html.Node
	stack := []frame{{doc, 0}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		// The children as they are now: hoisting and unwrapping move
		// them, and every one of them must still be visited.
		kids = kids[:0]
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			kids = append(kids, c)
		}
		depth := f.depth + 1
		if n.Type == html.ElementNode {
			switch {
			case f.depth > maxHTMLDepth:
				unwrap(n)
				depth = f.depth
			case n.Data == "en-media":
				hoistChildren(n)
				e.replace(n, e.media(n), false)
				depth = f.depth
			case n.Data == "en-todo":
				hoistChildren(n)
				e.replace(n, e.todo(n), false)
				depth = f.depth
			case n.Data == "en-crypt":
				e.replace(n, e.crypt(n), true)
				kids = kids[:0]
			case isCodeBlock(n):
				codeBlock(n)
				kids = kids[:0]
			}
		}
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, frame{kids[i], depth})
		}
	}
}

// matchByPosition pairs en-media elements whose hash names no resource
// with the resources nothing names, in order, when there are as many of
// each: some exports' hashes are not the MD5 of the data they name.
func (e *enml) matchByPosition(doc *html.Node) {
	var orphans []string
	named := map[*resource]bool{}
	stack := []*html.Node{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && n.Data == "en-media" {
			h := strings.ToLower(attr(n, "hash"))
			if r, ok := e.res[h]; ok {
				named[r] = true
			} else {
				orphans = append(orphans, h)
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	var unnamed []*resource
	for _, r := range e.order {
		if !named[r] {
			unnamed = append(unnamed, r)
		}
	}
	if len(orphans) == 0 || len(orphans) != len(unnamed) {
		return
	}
	for i, h := range orphans {
		e.res[h] = unnamed[i]
	}
}

// media is the placeholder for an en-media element.
func (e *enml) media(n *html.Node) string {
	hash := strings.ToLower(attr(n, "hash"))
	r, ok := e.res[hash]
	if !ok {
		return e.add(fmt.Sprintf("*(an attachment of type %s is missing from the export)*", escapeMarkdown(attr(n, "type"))))
	}
	e.used[r.hash] = true
	return e.add(mediaMarkdown(r))
}

// mediaMarkdown links a resource: an image is shown, anything else linked.
func mediaMarkdown(r *resource) string {
	if strings.HasPrefix(r.mime, "image/") {
		return fmt.Sprintf("![%s](%s)", escapeMarkdown(r.name), r.link)
	}
	return fmt.Sprintf("[%s](%s)", escapeMarkdown(r.name), r.link)
}

// todo is the placeholder for a check box.
func (e *enml) todo(n *html.Node) string {
	i := len(e.blocks)
	e.blocks = append(e.blocks, "")
	e.todos[i] = strings.EqualFold(attr(n, "checked"), "true")
	return e.token(i)
}

// crypt keeps encrypted text as a clearly marked block: the ciphertext
// is the user's data even though Parley cannot read it.
func (e *enml) crypt(n *html.Node) string {
	cipher := strings.Join(strings.Fields(markdown.HTMLText(n)), "")
	var how []string
	if c := attr(n, "cipher"); c != "" {
		how = append(how, "cipher "+c)
	}
	if l := attr(n, "length"); l != "" {
		how = append(how, l+"-bit key")
	}
	if h := strings.Join(strings.Fields(attr(n, "hint")), " "); h != "" {
		how = append(how, fmt.Sprintf("hint: %q", h))
	}
	desc := ""
	if len(how) > 0 {
		desc = " (" + strings.Join(how, ", ") + ")"
	}
	e.warn = append(e.warn, "the note has encrypted content, kept as a placeholder with its ciphertext; Parley cannot decrypt it")
	return e.add(fmt.Sprintf("> [!warning] Encrypted content\n> Evernote encrypted this part of the note%s. Parley cannot decrypt it: decrypt it in Evernote and import the note again. The ciphertext is kept below.\n\n%s",
		escapeMarkdown(desc), strings.TrimSuffix(codeFence("evernote-encrypted", wrapText(cipher, 76)), "\n")))
}

// add registers the Markdown of a placeholder and returns the placeholder.
func (e *enml) add(md string) string {
	e.blocks = append(e.blocks, md)
	return e.token(len(e.blocks) - 1)
}

func (e *enml) token(i int) string { return fmt.Sprintf("%sN%dX", e.nonce, i) }

// replace puts a placeholder where n was; a block placeholder gets a
// paragraph of its own.
func (e *enml) replace(n *html.Node, token string, block bool) {
	if n.Parent == nil {
		return
	}
	repl := &html.Node{Type: html.TextNode, Data: " " + token + " "}
	if block {
		repl = &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
		repl.AppendChild(&html.Node{Type: html.TextNode, Data: token})
	}
	n.Parent.InsertBefore(repl, n)
	n.Parent.RemoveChild(n)
}

var placeholder = regexp.MustCompile(`ParleyPH[0-9a-f]{8}N([0-9]+)X`)

// fill puts the Markdown of each placeholder in its place. A check box
// that starts a line makes the line a task list item.
func (e *enml) fill(md string) string {
	lines := strings.Split(md, "\n")
	for li, line := range lines {
		if !strings.Contains(line, e.nonce) {
			continue
		}
		text := strings.TrimLeft(line, " \t")
		indent := line[:len(line)-len(text)]
		var b strings.Builder
		b.WriteString(indent)
		last := 0
		for _, m := range placeholder.FindAllStringSubmatchIndex(text, -1) {
			b.WriteString(text[last:m[0]])
			last = m[1]
			i, err := strconv.Atoi(text[m[2]:m[3]])
			if !strings.HasPrefix(text[m[0]:], e.nonce) || err != nil || i >= len(e.blocks) {
				b.WriteString(text[m[0]:m[1]])
				continue
			}
			checked, isTodo := e.todos[i]
			if !isTodo {
				b.WriteString(e.blocks[i])
				continue
			}
			box := "[ ]"
			if checked {
				box = "[x]"
			}
			if m[0] == 0 {
				box = "- " + box // a task list item of its own
			}
			b.WriteString(box)
		}
		b.WriteString(text[last:])
		lines[li] = b.String()
	}
	return strings.Join(lines, "\n")
}

// isCodeBlock reports whether n is Evernote's code block: a div styled
// with -en-codeblock.
func isCodeBlock(n *html.Node) bool {
	return n.Data == "div" && strings.Contains(strings.ReplaceAll(attr(n, "style"), " ", ""), "-en-codeblock:true")
}

// codeBlock turns an Evernote code block into <pre>, one line for each
// of its divs.
func codeBlock(n *html.Node) {
	var b strings.Builder
	var walk func(*html.Node, int)
	walk = func(c *html.Node, depth int) {
		if depth > maxHTMLDepth {
			return
		}
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case c.Type == html.ElementNode && c.Data == "br":
			b.WriteString("\n")
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k, depth+1)
		}
		if c.Type == html.ElementNode && (c.Data == "div" || c.Data == "p") && c != n && !strings.HasSuffix(b.String(), "\n") {
			b.WriteString("\n")
		}
	}
	walk(n, 0)
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
	}
	n.Data, n.DataAtom, n.Attr = "pre", atom.Pre, nil
	code := &html.Node{Type: html.ElementNode, Data: "code", DataAtom: atom.Code}
	code.AppendChild(&html.Node{Type: html.TextNode, Data: strings.TrimRight(b.String(), "\n")})
	n.AppendChild(code)
}

// hoistChildren moves n's children after it. ENML writes <en-media/> and
// <en-todo/> self-closed, which an HTML parser reads as start tags, so
// what follows them ends up inside.
func hoistChildren(n *html.Node) {
	if n.Parent == nil {
		return
	}
	for c := n.LastChild; c != nil; c = n.LastChild {
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n.NextSibling)
	}
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	if n.Parent == nil {
		return
	}
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n)
	}
	n.Parent.RemoveChild(n)
}

// flattenDeep removes the tags of elements nested deeper than limit,
// keeping everything else as it was written.
func flattenDeep(s string, limit int) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	depth, dropped := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				break
			}
			if depth >= limit {
				dropped++
				continue
			}
			depth++
		case html.EndTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				break
			}
			if dropped > 0 {
				dropped--
				continue
			}
			if depth > 0 {
				depth--
			}
		}
		b.Write(z.Raw())
	}
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true}

func findBody(doc *html.Node) *html.Node {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.Data == "html" {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.Data == "body" {
					return c
				}
			}
		}
	}
	return doc
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

var tag = regexp.MustCompile(`<[^>]*>`)

// stripTags is the last resort when conversion fails: the text alone.
func stripTags(s string) string { return tag.ReplaceAllString(s, " ") }

// escapeMarkdown escapes what would turn text into markup in a link
// text or a line.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>#!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// wrapText breaks a long unbroken string (a ciphertext) into lines.
func wrapText(s string, width int) string {
	var b strings.Builder
	for len(s) > width {
		b.WriteString(s[:width])
		b.WriteByte('\n')
		s = s[width:]
	}
	b.WriteString(s)
	return b.String()
}
