package clip

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"

	"github.com/parley-notes/parley/app/markdown"
	"golang.org/x/net/html"
)

// pageMeta is what the page says about itself, read from the untouched DOM
// before readability rearranges it. Readability reads most of the same
// tags; we read them again for the fields it does not give (canonical URL,
// declared language) and for fallbacks when it finds nothing.
type pageMeta struct {
	lang      []string          // declared languages, most authoritative first
	meta      map[string]string // <meta name|property|itemprop=… content=…>, keys lower case, first wins
	canonical string            // <link rel=canonical href>
	baseHref  string            // <base href>
	title     string            // <title>
	h1        string            // the first <h1>
	jsonLD    []map[string]any  // every JSON-LD object, @graph members included
	times     []timeElement     // <time> elements and itemprop=datePublished elements
	dateTexts []string          // short texts of elements whose class or id says "date"
}

type timeElement struct {
	value     string // datetime attribute, or the text
	published bool   // itemprop=datePublished, pubdate, or a class naming publication
	inArticle bool   // inside <article> or the page's <header>/<main>
}

// maxJSONLDBytes skips absurd JSON-LD blobs that would only cost time.
const maxJSONLDBytes = 1 << 20

var dateClassRe = regexp.MustCompile(`(?i)(^|[\s_-])(date|dateline|pubdate|published|posted|timestamp|article-time|post-time)([\s_-]|$)`)

var publishedClassRe = regexp.MustCompile(`(?i)publish|posted|dateline|article[-_]?date|entry[-_]?date|post[-_]?date|byline`)

func readPageMeta(doc *html.Node) *pageMeta {
	m := &pageMeta{meta: map[string]string{}}
	var bodyLang string
	// An explicit stack instead of recursion: the tree may be a few hundred
	// levels deep and this walk must stay cheap.
	type item struct {
		n         *html.Node
		inArticle bool
	}
	stack := []item{{doc, false}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		inArticle := it.inArticle
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html":
				if l := attr(n, "lang"); l != "" {
					m.lang = append(m.lang, l)
				}
				if l := attr(n, "xml:lang"); l != "" {
					m.lang = append(m.lang, l)
				}
			case "body":
				bodyLang = attr(n, "lang")
			case "meta":
				m.addMeta(n)
			case "link":
				if m.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case "base":
				if m.baseHref == "" {
					m.baseHref = strings.TrimSpace(attr(n, "href"))
				}
			case "title":
				if m.title == "" {
					m.title = collapseSpace(markdown.HTMLText(n))
				}
			case "h1":
				if m.h1 == "" {
					m.h1 = collapseSpace(markdown.HTMLText(n))
				}
			case "script":
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					m.addJSONLD(markdown.HTMLText(n))
				}
				continue
			case "style", "noscript", "template":
				continue
			case "article", "main", "header":
				inArticle = true
			}
			if n.Data == "time" || strings.EqualFold(attr(n, "itemprop"), "datePublished") {
				m.addTime(n, inArticle)
			} else if len(m.dateTexts) < 20 && dateClassRe.MatchString(attr(n, "class")+" "+attr(n, "id")) {
				if t := collapseSpace(markdown.HTMLText(n)); len(t) <= 60 && strings.ContainsAny(t, "0123456789") {
					m.dateTexts = append(m.dateTexts, t)
				}
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, item{c, inArticle})
		}
	}
	for _, key := range []string{"content-language", "language", "dc.language", "og:locale", "inlanguage"} {
		if v := m.meta[key]; v != "" {
			m.lang = append(m.lang, v)
		}
	}
	if bodyLang != "" {
		m.lang = append(m.lang, bodyLang)
	}
	return m
}

func (m *pageMeta) addMeta(n *html.Node) {
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	// property may hold several space-separated names (RDFa).
	var keys []string
	for _, a := range []string{"name", "property", "itemprop", "http-equiv"} {
		keys = append(keys, strings.Fields(strings.ToLower(attr(n, a)))...)
	}
	for _, k := range keys {
		if _, ok := m.meta[k]; !ok {
			m.meta[k] = content
		}
	}
}

func (m *pageMeta) addJSONLD(raw string) {
	if len(raw) > maxJSONLDBytes {
		return
	}
	raw = strings.TrimSpace(raw)
	raw = strings.TrimPrefix(raw, "<![CDATA[")
	raw = strings.TrimSuffix(raw, "]]>")
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return
	}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				walk(e, depth+1)
			}
		case map[string]any:
			m.jsonLD = append(m.jsonLD, t)
			if g, ok := t["@graph"]; ok {
				walk(g, depth+1)
			}
		}
	}
	walk(v, 0)
}

func (m *pageMeta) addTime(n *html.Node, inArticle bool) {
	value := strings.TrimSpace(attr(n, "datetime"))
	if value == "" {
		value = strings.TrimSpace(attr(n, "content"))
	}
	if value == "" {
		value = collapseSpace(markdown.HTMLText(n))
	}
	if value == "" || len(value) > 100 {
		return
	}
	published := strings.EqualFold(attr(n, "itemprop"), "datePublished") || hasAttr(n, "pubdate")
	for p, i := n, 0; p != nil && i < 3 && !published; p, i = p.Parent, i+1 {
		if p.Type == html.ElementNode && publishedClassRe.MatchString(attr(p, "class")+" "+attr(p, "id")) {
			published = true
		}
	}
	m.times = append(m.times, timeElement{value: value, published: published, inArticle: inArticle})
}

var articleTypeRe = regexp.MustCompile(`^(Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$`)

// isArticleType reports whether a JSON-LD object describes an article.
func isArticleType(obj map[string]any) bool {
	switch t := obj["@type"].(type) {
	case string:
		return articleTypeRe.MatchString(t)
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok && articleTypeRe.MatchString(s) {
				return true
			}
		}
	}
	return false
}

// jsonLDString returns the first non-empty string under key, looking at
// article objects first and then at every object when anyType is set.
func (m *pageMeta) jsonLDString(key string, anyType bool) string {
	for _, pass := range []bool{true, false} {
		if !pass && !anyType {
			break
		}
		for _, obj := range m.jsonLD {
			if pass && !isArticleType(obj) {
				continue
			}
			if s, ok := obj[key].(string); ok && strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

// jsonLDNames joins the "name" of the objects under key (author,
// publisher), which may be an object, a list of objects or a string.
func (m *pageMeta) jsonLDNames(key string) string {
	for _, pass := range []bool{true, false} {
		for _, obj := range m.jsonLD {
			if pass && !isArticleType(obj) {
				continue
			}
			if names := namesOf(obj[key]); len(names) > 0 {
				return strings.Join(names, ", ")
			}
		}
	}
	return ""
}

func namesOf(v any) []string {
	var out []string
	switch t := v.(type) {
	case string:
		if s := collapseSpace(t); s != "" && !IsURL(s) {
			out = append(out, s)
		}
	case map[string]any:
		if s, ok := t["name"].(string); ok && collapseSpace(s) != "" {
			out = append(out, collapseSpace(s))
		}
	case []any:
		for _, e := range t {
			out = append(out, namesOf(e)...)
		}
	}
	return out
}

// firstMeta returns the first non-empty meta value among keys.
func (m *pageMeta) firstMeta(keys ...string) string {
	for _, k := range keys {
		if v := m.meta[k]; v != "" {
			return v
		}
	}
	return ""
}

// canonicalURL is the page's own idea of its address: <link rel=canonical>,
// else og:url, made absolute and stripped of its fragment.
func (m *pageMeta) canonicalURL(base *url.URL) string {
	for _, raw := range []string{m.canonical, m.firstMeta("og:url")} {
		if u := absoluteHTTP(raw, base); u != "" {
			return u
		}
	}
	return ""
}

// baseURL is what relative links in the page are relative to: the page's
// address joined with its <base href>. A saved page without an address
// falls back to its canonical URL, so its links still point to the web.
func (m *pageMeta) baseURL(pageURL string) *url.URL {
	base, err := url.Parse(pageURL)
	if err != nil || !IsURL(pageURL) {
		base = nil
	}
	if base == nil {
		if c := m.canonicalURL(nil); c != "" {
			base, _ = url.Parse(c)
		}
	}
	if m.baseHref != "" {
		if b, err := url.Parse(m.baseHref); err == nil {
			if base != nil {
				b = base.ResolveReference(b)
			}
			if b.Scheme == "http" || b.Scheme == "https" {
				return b
			}
		}
	}
	return base
}

// absoluteHTTP resolves raw against base and returns it only if the result
// is an http(s) URL.
func absoluteHTTP(raw string, base *url.URL) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == token {
			return true
		}
	}
	return false
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
