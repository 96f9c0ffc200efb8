package export

import (
	"html"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// The link forms a body may point at another file with. Rewriting is done
// on the text rather than by rendering the Markdown again, so that an
// exported note differs from the original only where a link had to change.
var (
	// [text](dest "title") and ![alt](dest): group 1 is "!" for an image,
	// group 2 the destination (bare, with balanced parentheses, or <...>).
	mdLink = regexp.MustCompile(`(!?)\[(?:[^\[\]\n\\]|\\.|\[[^\[\]\n]*\])*\]\([ \t]*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)`)
	// <img src="..."> and <a href="..."> in raw HTML: group 1 the tag
	// name, group 2 the quoted or bare value.
	htmlRef = regexp.MustCompile(`(?i)<(img|a|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)`)
	// Obsidian's [[Target#Heading|Alias]] and ![[embed]]: group 1 "!",
	// 2 the target, 3 the #heading or ^block, 4 the alias.
	wikiRef = regexp.MustCompile(`(!?)\[\[([^\[\]|#^\n]+)((?:[#^][^\[\]|\n]*)?)(?:\|([^\[\]\n]*))?\]\]`)
)

var codeParser = goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()

// codeRanges returns the byte ranges of a body's code blocks and code
// spans, where a link is text to show, not a link to rewrite.
func codeRanges(body string) [][2]int {
	if !strings.Contains(body, "`") && !strings.Contains(body, "    ") && !strings.Contains(body, "\t") && !strings.Contains(body, "~~~") {
		return nil
	}
	src := []byte(body)
	doc := codeParser.Parse(text.NewReader(src))
	var out [][2]int
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			if lines.Len() > 0 {
				out = append(out, [2]int{lines.At(0).Start, lines.At(lines.Len() - 1).Stop})
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			start, stop := -1, -1
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					if start < 0 {
						start = t.Segment.Start
					}
					stop = t.Segment.Stop
				}
			}
			if start >= 0 {
				out = append(out, [2]int{start, stop})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func inRanges(rs [][2]int, i int) bool {
	for _, r := range rs {
		if i >= r[0] && i < r[1] {
			return true
		}
	}
	return false
}

// replaceMatches rebuilds s with each match of re outside code replaced by
// what fn returns for its submatch indexes (or left alone when fn says
// false).
func replaceMatches(s string, re *regexp.Regexp, code [][2]int, fn func(m []int) (string, bool)) string {
	ms := re.FindAllStringSubmatchIndex(s, -1)
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		if inRanges(code, m[0]) {
			continue
		}
		repl, ok := fn(m)
		if !ok {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(repl)
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// rewriteDests calls fn with the destination of every Markdown link and
// image, and every src/href of raw HTML, outside code; where fn returns
// true, the destination is replaced by what it returns. fn gets and
// returns destinations as written in Markdown (percent-encoded or in
// <...>); HTML entities are decoded for it and encoded again after.
func rewriteDests(body string, fn func(image bool, dest string) (string, bool)) string {
	code := codeRanges(body)
	body = replaceMatches(body, mdLink, code, func(m []int) (string, bool) {
		dest := body[m[4]:m[5]]
		if dest == "" {
			return "", false
		}
		nd, ok := fn(m[3] > m[2], dest)
		if !ok || nd == dest {
			return "", false
		}
		return body[m[0]:m[4]] + nd, true
	})
	code = codeRanges(body)
	return replaceMatches(body, htmlRef, code, func(m []int) (string, bool) {
		raw := body[m[4]:m[5]]
		q := ""
		if raw[0] == '"' || raw[0] == '\'' {
			q = raw[:1]
			raw = raw[1 : len(raw)-1]
		}
		dest := html.UnescapeString(raw)
		nd, ok := fn(strings.EqualFold(body[m[2]:m[3]], "img"), dest)
		if !ok || nd == dest {
			return "", false
		}
		if q == "" {
			q = `"`
		}
		return body[m[0]:m[4]] + q + html.EscapeString(nd) + q, true
	})
}

// wikiTargets lists the targets of a body's [[wiki links]] and embeds.
func wikiTargets(body string) []string {
	var out []string
	for _, m := range wikiRef.FindAllStringSubmatch(body, -1) {
		out = append(out, strings.TrimSpace(m[2]))
	}
	return out
}

// rewriteWiki calls fn with the target of every [[wiki link]] outside code;
// where fn returns a different target, the link is rewritten to it, keeping
// its heading and, so that a reader sees the same words, an alias of the
// old target text when it had none. Embeds (![[...]]) keep their alias
// (for an image, its size) as it was.
func rewriteWiki(body string, fn func(embed bool, target string) (string, bool)) string {
	code := codeRanges(body)
	return replaceMatches(body, wikiRef, code, func(m []int) (string, bool) {
		embed := m[3] > m[2]
		target := strings.TrimSpace(body[m[4]:m[5]])
		nt, ok := fn(embed, target)
		if !ok || nt == target {
			return "", false
		}
		var b strings.Builder
		if embed {
			b.WriteByte('!')
		}
		b.WriteString("[[")
		b.WriteString(nt)
		b.WriteString(body[m[6]:m[7]])
		switch {
		case m[8] >= 0:
			b.WriteByte('|')
			b.WriteString(body[m[8]:m[9]])
		case !embed:
			b.WriteByte('|')
			b.WriteString(target)
		}
		b.WriteString("]]")
		return b.String(), true
	})
}
