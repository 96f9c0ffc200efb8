package clip

import (
	"bytes"
	"html"
	"strings"

	xhtml "golang.org/x/net/html"
)

// The HTML parser (golang.org/x/net/html) refuses documents nested deeper
// than 512 elements: a page of a million nested <div>s, or a malformed one
// with thousands of unclosed <font> tags, parses to an error rather than a
// tree. Browsers cope by flattening, and so do we, in two steps that cost
// nothing for ordinary pages because they run only after a refusal.

const (
	// flattenDepth is where flattening starts dropping tags: well below the
	// parser's 512 because the parser adds implied elements of its own.
	flattenDepth = 200
	// maxParseBytes bounds what reaches the parser; Fetch and Load cap
	// pages at 25 MB already, this guards callers that build a Page
	// themselves.
	maxParseBytes = 64 << 20
)

// parseHTML parses a page into a DOM, never failing on markup: too deep a
// document is flattened, and as a last resort reduced to its text.
func parseHTML(body []byte) *xhtml.Node {
	if len(body) > maxParseBytes {
		body = body[:maxParseBytes]
	}
	if doc, err := xhtml.Parse(bytes.NewReader(body)); err == nil {
		return doc
	}
	if doc, err := xhtml.Parse(bytes.NewReader(flatten(body, flattenDepth))); err == nil {
		return doc
	}
	doc, err := xhtml.Parse(strings.NewReader(textOnlyHTML(body)))
	if err != nil {
		// Cannot happen for escaped text in <p>s, but never return nil.
		doc, _ = xhtml.Parse(strings.NewReader(""))
	}
	return doc
}

// flatten rewrites markup so that no more than limit elements are open at
// once: start tags beyond that depth (and their end tags) are dropped, text
// and everything else is kept byte for byte. It works on the token stream,
// so it takes linear time whatever the nesting.
func flatten(body []byte, limit int) []byte {
	z := xhtml.NewTokenizer(bytes.NewReader(body))
	var out bytes.Buffer
	out.Grow(len(body))
	var open []string           // elements kept and still open
	dropped := map[string]int{} // elements dropped and still open, by name
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return out.Bytes()
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if voidElements[tag] {
				out.Write(z.Raw())
				continue
			}
			if len(open) >= limit {
				dropped[tag]++
				continue
			}
			open = append(open, tag)
			out.Write(z.Raw())
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if dropped[tag] > 0 {
				dropped[tag]--
				continue
			}
			// Close the nearest open element of that name; a bounded
			// search keeps stray end tags from costing quadratic time.
			for i := len(open) - 1; i >= 0 && i >= len(open)-64; i-- {
				if open[i] == tag {
					open = open[:i]
					break
				}
			}
			out.Write(z.Raw())
		default:
			out.Write(z.Raw())
		}
	}
}

// textOnlyHTML keeps only a page's text, one paragraph per run of text.
func textOnlyHTML(body []byte) string {
	z := xhtml.NewTokenizer(bytes.NewReader(body))
	var b strings.Builder
	b.WriteString("<html><body>")
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			b.WriteString("</body></html>")
			return b.String()
		case xhtml.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
		case xhtml.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		case xhtml.TextToken:
			if skip > 0 {
				continue
			}
			if t := strings.TrimSpace(string(z.Text())); t != "" {
				b.WriteString("<p>")
				b.WriteString(html.EscapeString(t))
				b.WriteString("</p>\n")
			}
		}
	}
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "keygen": true, "link": true, "meta": true,
	"param": true, "source": true, "track": true, "wbr": true,
}
