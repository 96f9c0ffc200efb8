package clip

import (
	"bytes"
	"strings"

	"github.com/parley-notes/parley/app/markdown"
	"golang.org/x/net/html"
)

// toMarkdown converts cleaned article HTML to Markdown with
// html-to-markdown: headings, lists, quotes, links, images, code and tables
// survive. URLs must already be absolute (cleanArticle sees to that): the
// converter is given no domain, so local image paths written by
// LocalizeImages stay as they are.
func toMarkdown(n *html.Node) (string, error) {
	out, err := markdown.FromHTMLNode(n)
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
