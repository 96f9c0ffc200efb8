package markdown

import (
	"io"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
)

// newConverter makes the HTML to Markdown converter every way into Parley
// shares (clips, Evernote notes), so they all write the same Markdown:
// ATX headings, "-" bullets, strikethrough and tables kept. It is given no
// domain: URLs must already be absolute, and local paths stay as written.
func newConverter() *converter.Converter {
	return converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(
			commonmark.WithHeadingStyle(commonmark.HeadingStyleATX),
			commonmark.WithBulletListMarker("-"),
		),
		strikethrough.NewStrikethroughPlugin(),
		table.NewTablePlugin(table.WithSpanCellBehavior(table.SpanBehaviorMirror)),
	))
}

// FromHTML converts sanitised HTML to Markdown.
func FromHTML(r io.Reader) ([]byte, error) { return newConverter().ConvertReader(r) }

// FromHTMLNode converts a parsed, sanitised HTML tree to Markdown.
func FromHTMLNode(n *html.Node) ([]byte, error) { return newConverter().ConvertNode(n) }

// UnsafeElements are the HTML elements that sanitising outside HTML (a
// clip's snapshot, an Evernote note) drops together with everything inside
// them: their content is code, a fallback for plugins, or markup the
// tokenizer sees as raw text.
var UnsafeElements = []string{"script", "style", "noscript", "template", "iframe", "frame",
	"frameset", "object", "embed", "applet", "svg", "math", "select", "textarea",
	"button", "canvas", "audio", "video", "head", "title", "xmp", "noembed", "noframes"}

// HTMLText is the text inside n, in document order. It walks the tree
// with a stack, not recursion, so deeply nested markup cannot exhaust the
// goroutine's stack.
func HTMLText(n *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return b.String()
}
