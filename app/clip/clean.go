package clip

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/parley-notes/parley/app/markdown"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// cleanArticle makes readability's output safe and self-contained before
// it becomes Markdown and Article.HTML: every link and image URL absolute
// (against base) and of an allowed scheme, active content removed, and
// attributes reduced to the few that carry meaning. It also returns the
// article's image URLs, in order and without repeats.
func cleanArticle(root *html.Node, base *url.URL) []string {
	var images []string
	seen := map[string]bool{}
	var remove []*html.Node
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.CommentNode {
			remove = append(remove, n)
			continue
		}
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "script" && n.Parent != nil {
			// MathJax 2 keeps formulas in <script type="math/tex">: keep
			// them as TeX text, which Markdown editors render.
			if tex, ok := mathJaxTeX(n); ok {
				n.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: tex}, n)
			}
		}
		if n.Data == "mjx-container" && !hasAttrBelow(n, "data-latex") {
			// MathJax 3 output without its LaTeX source: innerText would
			// skip the whole container, so treat it as a plain span and
			// let the MathML inside speak.
			n.Data = "span"
		}
		if n.Data == "math" && n.Parent != nil && !hasTeXAnnotation(n) {
			// MathML without a TeX version would vanish from the text
			// (innerText skips it): keep its symbols as plain text.
			n.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: " " + mathText(n) + " "}, n)
			remove = append(remove, n)
			continue
		}
		if unsafeElements[n.Data] {
			remove = append(remove, n)
			continue
		}
		keep := n.Attr[:0]
		for _, a := range n.Attr {
			if a.Namespace != "" || !keptAttributes[a.Key] {
				continue
			}
			switch {
			case a.Key == "href" && n.Data == "a":
				a.Val = safeURL(a.Val, base, false)
			case a.Key == "src" && n.Data == "img":
				a.Val = safeURL(a.Val, base, true)
			case a.Key == "href" || a.Key == "src":
				a.Val = "" // only links and images carry URLs into the clip
			}
			if (a.Key == "href" || a.Key == "src") && a.Val == "" {
				continue
			}
			keep = append(keep, a)
		}
		n.Attr = keep
		if n.Data == "a" && attr(n, "href") == "" {
			// A link that led nowhere safe is just its text now.
			n.Data, n.DataAtom = "span", atom.Span
		}
		if n.Data == "img" {
			src := attr(n, "src")
			if src == "" {
				remove = append(remove, n)
				continue
			}
			if !seen[src] {
				seen[src] = true
				images = append(images, src)
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	for _, n := range remove {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	return images
}

var unsafeElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "iframe": true, "frame": true,
	"frameset": true, "object": true, "embed": true, "applet": true, "form": true, "input": true,
	"button": true, "select": true, "textarea": true, "svg": true, "link": true, "meta": true,
	"base": true, "audio": true, "video": true, "source": true, "track": true, "canvas": true, "dialog": true,
}

var keptAttributes = map[string]bool{
	"href": true, "src": true, "alt": true, "title": true, "colspan": true, "rowspan": true,
	"datetime": true, "lang": true, "dir": true, "start": true, "reversed": true,
	// MathML: how a formula is displayed and its TeX annotation.
	"display": true, "encoding": true, "data-latex": true,
}

var (
	// Browsers ignore tabs and newlines inside URLs, and spaces and
	// control characters around them: "java\tscript:" is "javascript:".
	urlNoiseRe     = regexp.MustCompile(`[\x00-\x20\x7f]+`)
	dataImageURLRe = regexp.MustCompile(`(?i)^data:image/(png|jpeg|jpg|gif|webp);base64,`)
)

// safeURL returns raw as an absolute http(s) (or mailto for links, data:
// image for images) URL, or "" when it is anything else — javascript:,
// data: HTML, a relative URL with nothing to resolve it against.
func safeURL(raw string, base *url.URL, image bool) string {
	s := urlNoiseRe.ReplaceAllString(strings.TrimSpace(raw), "")
	if s == "" {
		return ""
	}
	if image && dataImageURLRe.MatchString(s) {
		return s
	}
	if !image && strings.HasPrefix(s, "#") {
		return "" // an anchor in the original page means nothing in a clip
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	if u.Scheme == "" {
		if base == nil {
			return ""
		}
		u = base.ResolveReference(u)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return ""
		}
		return u.String()
	case "mailto":
		if !image {
			return u.String()
		}
	}
	return ""
}

// mathJaxTeX returns the formula of a MathJax 2 script element as $…$
// (inline) or $$…$$ (display).
func mathJaxTeX(n *html.Node) (string, bool) {
	typ := strings.ToLower(attr(n, "type"))
	if !strings.HasPrefix(typ, "math/tex") {
		return "", false
	}
	tex := strings.TrimSpace(markdown.HTMLText(n))
	if tex == "" {
		return "", false
	}
	if strings.Contains(typ, "mode=display") {
		return "$$" + tex + "$$", true
	}
	return "$" + tex + "$", true
}

func hasTeXAnnotation(n *html.Node) bool {
	for _, a := range elementsNamed(n, "annotation") {
		if strings.EqualFold(attr(a, "encoding"), "application/x-tex") {
			return true
		}
	}
	return false
}

// mathText is the symbols of a MathML formula separated by spaces.
func mathText(n *html.Node) string {
	var parts []string
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			if t := strings.TrimSpace(c.Data); t != "" {
				parts = append(parts, t)
			}
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return strings.Join(parts, " ")
}

func hasAttrBelow(n *html.Node, key string) bool {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c != n && hasAttr(c, key) {
			return true
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return false
}
