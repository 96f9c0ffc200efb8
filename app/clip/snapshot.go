package clip

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/parley-notes/parley/app/markdown"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The snapshot is the page as the analyst saw it, minus everything that
// could act: scripts, event handlers, javascript:/vbscript:/data: URLs
// (also when disguised with entities, tabs or newlines), frames, embeds,
// objects, forms, SVG (which can carry scripts and foreignObject), styles
// and meta refreshes. bluemonday does the sanitising with an allow-list,
// so anything it does not know is dropped rather than passed through; a
// Content-Security-Policy in the snapshot's head forbids scripts again in
// case a browser opens it.

var (
	snapshotPolicyOnce sync.Once
	snapshotPolicyVal  *bluemonday.Policy
)

func snapshotPolicy() *bluemonday.Policy {
	snapshotPolicyOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.AllowElements("article", "section", "header", "footer", "main", "aside", "nav",
			"figure", "figcaption", "time", "mark", "small", "sub", "sup", "abbr", "cite",
			"details", "summary", "address", "hgroup", "picture", "center", "font", "big")
		p.AllowAttrs("lang", "dir", "title").Globally()
		p.AllowAttrs("datetime").OnElements("time", "del", "ins")
		p.AllowAttrs("width", "height").OnElements("img")
		p.AllowURLSchemes("http", "https", "mailto")
		p.RequireParseableURLs(true)
		p.AllowRelativeURLs(true)
		p.RequireNoReferrerOnLinks(true)
		p.RequireNoFollowOnLinks(false)
		p.SkipElementsContent(markdown.UnsafeElements...)
		snapshotPolicyVal = p
	})
	return snapshotPolicyVal
}

// sanitizedBody renders the children of doc's <body> and sanitises them.
// It must run before readability, which rearranges the document.
func sanitizedBody(doc *html.Node) []byte {
	body := findElement(doc, "body")
	if body == nil {
		body = doc
	}
	var buf bytes.Buffer
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&buf, c); err != nil {
			break
		}
	}
	return snapshotPolicy().SanitizeBytes(buf.Bytes())
}

// buildSnapshot wraps sanitised body markup into a standalone UTF-8 page
// whose links and images point at the web (absolute URLs).
func buildSnapshot(body []byte, base *url.URL, title, lang, pageURL string) []byte {
	if base != nil {
		body = absolutizeMarkup(body, base)
	}
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html")
	if lang != "" {
		b.WriteString(` lang="` + template.HTMLEscapeString(lang) + `"`)
	}
	b.WriteString(">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src http: https:; style-src 'unsafe-inline'">` + "\n")
	b.WriteString(`<meta name="referrer" content="no-referrer">` + "\n")
	b.WriteString("<title>" + template.HTMLEscapeString(title) + "</title>\n")
	if pageURL != "" {
		b.WriteString(`<link rel="canonical" href="` + template.HTMLEscapeString(pageURL) + `">` + "\n")
	}
	b.WriteString("</head>\n<body>\n")
	b.Write(body)
	b.WriteString("\n</body>\n</html>\n")
	return b.Bytes()
}

// absolutizeMarkup re-parses sanitised markup and makes link and image
// URLs absolute. The markup is safe already; this only keeps the offline
// copy's links working.
func absolutizeMarkup(markup []byte, base *url.URL) []byte {
	nodes, err := html.ParseFragment(bytes.NewReader(markup), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return markup
	}
	var buf bytes.Buffer
	for _, n := range nodes {
		stack := []*html.Node{n}
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if c.Type == html.ElementNode {
				for i, a := range c.Attr {
					if (a.Key == "href" || a.Key == "src" || a.Key == "cite") && !strings.HasPrefix(a.Val, "#") {
						if abs := absoluteHTTP(a.Val, base); abs != "" {
							c.Attr[i].Val = abs
						}
					}
				}
			}
			for k := c.LastChild; k != nil; k = k.PrevSibling {
				stack = append(stack, k)
			}
		}
		if err := html.Render(&buf, n); err != nil {
			return markup
		}
	}
	return buf.Bytes()
}

// SanitizeHTML returns a standalone, script-free copy of an HTML page under
// the snapshot rules, with links made absolute against pageURL (which may
// be ""). Importers use it for web clips that arrive as HTML.
func SanitizeHTML(page []byte, pageURL string) []byte {
	doc := parseHTML(page)
	m := readPageMeta(doc)
	base := m.baseURL(pageURL)
	return buildSnapshot(sanitizedBody(doc), base, m.title, detectLanguage(m.lang, ""), pageURL)
}

func findElement(n *html.Node, name string) *html.Node {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.ElementNode && c.Data == name {
			return c
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return nil
}
