package clip

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Markdown files are clipped as they are; we only read them for a title
// and for the plain text that is hashed, indexed and shown as "text".

var frontMatterTitleRe = regexp.MustCompile(`(?m)^title:\s*["']?(.*?)["']?\s*$`)

// splitFrontMatter removes a leading YAML front matter block (Obsidian and
// static-site notes start with one) and returns its title field, if any.
func splitFrontMatter(md string) (body, title string) {
	if !strings.HasPrefix(md, "---\n") {
		return md, ""
	}
	end := strings.Index(md[4:], "\n---")
	if end < 0 {
		return md, ""
	}
	fm := md[4 : 4+end]
	rest := md[4+end+4:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[i+1:]
	} else {
		rest = ""
	}
	if m := frontMatterTitleRe.FindStringSubmatch(fm); m != nil {
		title = strings.TrimSpace(m[1])
	}
	return strings.TrimSpace(rest), title
}

// readMarkdown returns the text of the first heading and the document as
// plain text, by rendering it with goldmark (raw HTML is left out, as
// goldmark does by default) and taking the text of the result.
func readMarkdown(md string) (heading, plain string) {
	src := []byte(md)
	gm := goldmark.New()
	doc := gm.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			heading = collapseSpace(string(nodeText(h, src)))
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	var buf bytes.Buffer
	if err := gm.Renderer().Render(&buf, src, doc); err != nil {
		return heading, md
	}
	return heading, plainText(parseHTML(buf.Bytes()))
}

// nodeText concatenates the text segments under a goldmark node.
func nodeText(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for k := t.FirstChild(); k != nil; k = k.NextSibling() {
				if tx, ok := k.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.Bytes()
}
