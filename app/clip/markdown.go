package clip

import (
	"bytes"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
)

// toMarkdown converts cleaned article HTML to Markdown with
// html-to-markdown: headings, lists, quotes, links, images, code and tables
// survive. URLs must already be absolute (cleanArticle sees to that): the
// converter is given no domain, so local image paths written by
// LocalizeImages stay as they are.
func toMarkdown(n *html.Node) (string, error) {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(
			commonmark.WithHeadingStyle(commonmark.HeadingStyleATX),
			commonmark.WithBulletListMarker("-"),
		),
		strikethrough.NewStrikethroughPlugin(),
		table.NewTablePlugin(table.WithSpanCellBehavior(table.SpanBehaviorMirror)),
	))
	out, err := conv.ConvertNode(n)
	if err != nil {
		return "", err
	}
	return tidyMarkdown(string(out)), nil
}

// tidyMarkdown trims the ends; the converter already spaces blocks (and
// its two-space hard line breaks must stay).
func tidyMarkdown(md string) string {
	md = strings.TrimSpace(strings.ReplaceAll(md, "\r\n", "\n"))
	if md == "" {
		return ""
	}
	return md + "\n"
}

// markdownOfHTML re-parses article HTML (as stored in Article.HTML) and
// converts it.
func markdownOfHTML(s string) (string, error) {
	doc, err := html.Parse(bytes.NewReader([]byte(s)))
	if err != nil {
		return "", err
	}
	return toMarkdown(doc)
}
