// Package markdown reads the Markdown bodies of Parley's records: their
// text as blocks (what the reader shows and annotations anchor to), their
// plain text (what the index searches), their [[wiki links]], and their HTML
// (what previews and exports show).
//
// One parse serves all of these, so the text a user selects in the reader,
// the text an annotation quotes and the text the index highlights are the
// same text, character for character.
package markdown

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// Kind is what a block of text is.
type Kind int

// The kinds of block the reader lays out differently.
const (
	Paragraph Kind = iota
	Heading
	ListItem
	Quote
	Code
	TableRow
)

// Block is one paragraph-like piece of a body, as plain text.
type Block struct {
	Kind  Kind
	Level int // heading level, or list nesting depth (1 = top)
	Text  string
}

// BlockSeparator joins blocks into the plain text.
const BlockSeparator = "\n\n"

var parser = goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()

// Blocks splits a Markdown body into blocks of plain text: links become
// their text, images their description, wiki links their title (or alias),
// and markup disappears.
func Blocks(body string) []Block {
	src := []byte(body)
	doc := parser.Parse(text.NewReader(src))
	var out []Block
	add := func(k Kind, level int, s string) {
		s = strings.TrimSpace(WikiText(s))
		if s != "" {
			out = append(out, Block{Kind: k, Level: level, Text: s})
		}
	}
	var walk func(n ast.Node, quote bool, depth int)
	walk = func(n ast.Node, quote bool, depth int) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			kind := Paragraph
			if quote {
				kind = Quote
			}
			switch c := c.(type) {
			case *ast.Heading:
				add(Heading, c.Level, inlineText(c, src))
			case *ast.Paragraph, *ast.TextBlock:
				if _, inItem := c.Parent().(*ast.ListItem); inItem {
					add(ListItem, depth, inlineText(c, src))
				} else {
					add(kind, 0, inlineText(c, src))
				}
			case *ast.Blockquote:
				walk(c, true, depth)
			case *ast.List:
				walk(c, quote, depth+1)
			case *ast.ListItem:
				walk(c, quote, depth)
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				add(Code, 0, linesText(c, src))
			case *ast.HTMLBlock:
				add(kind, 0, stripTags(linesText(c, src)))
			case *east.Table:
				for row := c.FirstChild(); row != nil; row = row.NextSibling() {
					var cells []string
					for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
						cells = append(cells, strings.TrimSpace(inlineText(cell, src)))
					}
					add(TableRow, 0, strings.Join(cells, " | "))
				}
			default:
				walk(c, quote, depth)
			}
		}
	}
	walk(doc, false, 0)
	return out
}

// PlainText is the body's text as the index sees it: its blocks joined by
// blank lines.
func PlainText(body string) string {
	blocks := Blocks(body)
	parts := make([]string, len(blocks))
	for i, b := range blocks {
		parts[i] = b.Text
	}
	return strings.Join(parts, BlockSeparator)
}

// inlineText collects the visible text of a block's inline content.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			switch {
			case c.HardLineBreak():
				b.WriteByte('\n')
			case c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.URL(src))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// linesText is the raw text of a code or HTML block.
func linesText(n ast.Node, src []byte) string {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	return strings.TrimRight(b.String(), "\n")
}

// stripTags keeps the text of an HTML fragment.
func stripTags(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
				b.WriteByte(' ')
			}
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		}
	}
}
