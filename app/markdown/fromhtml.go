package markdown

import (
	"io"

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
