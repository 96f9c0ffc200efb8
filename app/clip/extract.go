package clip

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

// Article is a clean, dated article ready to become a clip. The JSON form
// (the fields with JSON names) is what `parley clip --dry-run --json`
// prints for each source.
type Article struct {
	// Source is what the user gave: a URL, a file path or "-".
	Source string `json:"source"`
	// Title of the article (not of the site).
	Title string `json:"title"`
	// Byline names the author(s) as the page gives them; "" when unknown.
	Byline string `json:"byline"`
	// Site is the outlet's name, or the host name when the page gives none.
	Site string `json:"site"`
	// Published is "YYYY-MM-DD", or RFC 3339 when the page gave a time with
	// its offset; "" when unknown. PublishedTime parses it.
	Published string `json:"published"`
	// Lang is the ISO 639-1 code of the article's language ("en", "ru"),
	// "" when it cannot be told.
	Lang string `json:"lang"`
	// URL is where the page was fetched from (after redirects), or where a
	// saved page says it was saved from; "" for other local sources.
	URL string `json:"url"`
	// CanonicalURL is the page's own <link rel=canonical> or og:url.
	CanonicalURL string `json:"canonical_url"`
	// Excerpt is the page's description, or the first paragraph.
	Excerpt string `json:"excerpt"`
	// Text is the article as plain text, paragraphs separated by blank lines.
	Text string `json:"text"`

	// Markdown is the article body as Markdown (without the title); for a
	// Markdown source, the file without its front matter.
	Markdown string `json:"-"`
	// HTML is the cleaned article body the Markdown was made from: no
	// scripts or styles, absolute http(s) URLs only.
	HTML string `json:"-"`
	// Snapshot is a sanitised standalone copy of the whole original page
	// (nil for Markdown and text sources).
	Snapshot []byte `json:"-"`
	// ContentHash identifies the text (see ContentHash) to find the same
	// article clipped twice.
	ContentHash string `json:"-"`
	// Images are the absolute URLs (or data: URLs) of the article's
	// images, in order; LocalizeImages downloads them.
	Images []string `json:"-"`
	// Raw is true when no article was found and the whole page text was
	// kept because ExtractOptions.Raw asked for it.
	Raw bool `json:"-"`

	// resources are images that came with the source (MHTML), by URL.
	resources map[string][]byte
}

// ExtractOptions configures Extract.
type ExtractOptions struct {
	// Raw keeps the whole page text when no article is found, instead of
	// failing with ErrNotArticle.
	Raw bool
}

// Limits that keep extraction to seconds on hostile or huge markup.
const (
	// maxReadabilityElements: beyond this many elements, readability's
	// repeated passes take too long; such a page is not an article anyway
	// (Wikipedia's longest articles have a few tens of thousands).
	maxReadabilityElements = 150000
	// minArticleLetters: less text than this is a stub, a login wall or
	// an empty shell rather than an article.
	minArticleLetters = 100
	// maxLinkShare: an "article" whose text is mostly link text is an index
	// page or a menu.
	maxLinkShare = 0.6
)

// Extract turns a page into an Article. For HTML it finds the main text
// with Readability (codeberg.org/readeck/go-readability), reads the
// metadata, converts the text to Markdown and keeps a sanitised snapshot of
// the page. Markdown and plain-text pages are clipped as they are, titled by
// their first heading or line, or their file name.
//
// A page without article text fails with ErrNotArticle ("no article text
// found in SOURCE") unless opts.Raw is set. Extract never panics: a panic
// inside a library is turned into an error.
func Extract(page *Page, opts ExtractOptions) (a *Article, err error) {
	if page == nil {
		return nil, fmt.Errorf("extract: no page")
	}
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("cannot extract an article from %s: internal error: %v", page.Source, r)
		}
	}()
	switch page.Kind {
	case KindMarkdown, KindText:
		return extractPlain(page)
	case KindHTML, "":
		return extractHTML(page, opts)
	}
	return nil, notWebPage(page.Source, string(page.Kind))
}

func extractHTML(page *Page, opts ExtractOptions) (*Article, error) {
	body := page.Body
	if !utf8.Valid(body) {
		// A Page built by hand may skip decoding; keep every string we
		// return valid UTF-8.
		body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	doc := parseHTML(body)
	meta := readPageMeta(doc)
	base := meta.baseURL(page.URL)
	snapshotBody := sanitizedBody(doc)

	var rawDoc *html.Node
	if opts.Raw {
		rawDoc = dom.Clone(doc, true) // readability rearranges doc
	}

	art, content := readable(doc, base)

	a := &Article{
		Source:       page.Source,
		URL:          page.URL,
		CanonicalURL: meta.canonicalURL(base),
		resources:    page.resources,
	}
	if content == nil || !looksLikeArticle(content) {
		if !opts.Raw {
			return nil, newError(ErrNotArticle, "no article text found in "+page.Source)
		}
		content = findElement(rawDoc, "body")
		if content == nil {
			content = rawDoc
		}
		a.Raw = true
	}

	a.Images = cleanArticle(content, base)
	a.Text = plainText(content)
	if strings.TrimSpace(a.Text) == "" {
		return nil, newError(ErrNotArticle, "no article text found in "+page.Source)
	}
	var buf bytes.Buffer
	if err := html.Render(&buf, content); err != nil {
		return nil, fmt.Errorf("render article of %s: %w", page.Source, err)
	}
	a.HTML = buf.String()
	md, err := toMarkdown(content)
	if err != nil {
		return nil, fmt.Errorf("convert %s to Markdown: %w", page.Source, err)
	}
	a.Markdown = md

	a.Title = firstLine(firstNonEmpty(collapseSpace(art.Title()), meta.firstMeta("og:title", "twitter:title"), meta.title, meta.h1, firstLine(a.Text, 200), page.name()), maxTitleRunes)
	a.Byline = cleanByline(firstNonEmpty(collapseSpace(art.Byline()), meta.jsonLDNames("author"), meta.firstMeta("byl", "sailthru.author", "citation_author", "dc.creator")))
	a.Site = firstNonEmpty(collapseSpace(art.SiteName()), meta.jsonLDNames("publisher"), meta.firstMeta("application-name", "og:site_name"), hostName(a.URL, a.CanonicalURL))
	a.Published = publishedDate(meta, a.URL, a.CanonicalURL)
	if a.Published == "" {
		if t, err := art.PublishedTime(); err == nil && plausibleYear(t.Year()) {
			a.Published = t.Format(time.DateOnly)
		}
	}
	a.Lang = detectLanguage(meta.lang, a.Title+"\n"+a.Text)
	a.Excerpt = excerpt(firstNonEmpty(meta.jsonLDString("description", false),
		meta.firstMeta("og:description", "description", "twitter:description", "dc.description", "dcterms.description"),
		firstParagraph(a.Text, a.Title)))
	a.ContentHash = ContentHash(a.Text)
	a.Snapshot = buildSnapshot(snapshotBody, base, a.Title, a.Lang, firstNonEmpty(a.CanonicalURL, a.URL))
	return a, nil
}

// extractPlain clips Markdown and text as they are.
func extractPlain(page *Page) (*Article, error) {
	text := strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(string(page.Body), "\uFFFD"), "\r\n", "\n"))
	a := &Article{Source: page.Source, URL: page.URL}
	if page.Kind == KindMarkdown {
		// The Notebook writes its own front matter; a second block would
		// corrupt the clip, so the file's own is dropped (its title kept).
		body, fmTitle := splitFrontMatter(text)
		a.Markdown = body + "\n"
		heading, plain := readMarkdown(body)
		a.Title = firstNonEmpty(fmTitle, heading, firstLine(plain, 200), page.name())
		a.Text = plain
	} else {
		a.Markdown = text + "\n"
		a.Title = firstNonEmpty(firstLine(text, 200), page.name())
		a.Text = text
	}
	if strings.TrimSpace(a.Text) == "" {
		return nil, newError(ErrNotArticle, "no article text found in "+page.Source)
	}
	a.Lang = languageFromText(a.Text)
	a.Site = hostName(a.URL)
	a.Published = dateFromURL(a.URL)
	a.Excerpt = excerpt(firstParagraph(a.Text, a.Title))
	a.ContentHash = ContentHash(a.Text)
	return a, nil
}

// readable runs readability on doc (rearranging it) and returns its
// result and the article node, nil when there is none. A page with too
// many elements, or one that makes readability fail or panic, has none.
func readable(doc *html.Node, base *url.URL) (art readability.Article, content *html.Node) {
	if countElements(doc, maxReadabilityElements+1) > maxReadabilityElements {
		return art, nil
	}
	defer func() {
		if recover() != nil {
			art, content = readability.Article{}, nil
		}
	}()
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, base)
	if err != nil {
		return readability.Article{}, nil
	}
	return art, art.Node
}

// looksLikeArticle rejects what readability returns for pages without an
// article: a few words (a login wall, an empty shell) or mostly links (an
// index page, a menu).
func looksLikeArticle(n *html.Node) bool {
	letters, linkLetters := 0, 0
	type item struct {
		n      *html.Node
		inLink bool
	}
	stack := []item{{n, false}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.n.Type == html.TextNode {
			for _, r := range it.n.Data {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					letters++
					if it.inLink {
						linkLetters++
					}
				}
			}
			continue
		}
		inLink := it.inLink || (it.n.Type == html.ElementNode && it.n.Data == "a")
		for c := it.n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, item{c, inLink})
		}
	}
	if letters < minArticleLetters {
		return false
	}
	return float64(linkLetters)/float64(letters) <= maxLinkShare
}

// countElements counts element nodes, stopping at limit.
func countElements(n *html.Node, limit int) int {
	count := 0
	stack := []*html.Node{n}
	for len(stack) > 0 && count < limit {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.ElementNode {
			count++
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return count
}

// cleanByline drops bylines that are not names: URLs and overlong runs of
// text that readability sometimes takes from a byline box.
func cleanByline(s string) string {
	s = collapseSpace(s)
	if IsURL(s) || len([]rune(s)) > 150 {
		return ""
	}
	return s
}

func hostName(urls ...string) string {
	for _, raw := range urls {
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
			return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		}
	}
	return ""
}

// maxTitleRunes cuts a runaway title (an unclosed <title> swallows the
// page) down to something a list can show.
const maxTitleRunes = 300

// excerptRunes bounds the excerpt: it is a preview, not a second copy.
const excerptRunes = 500

func excerpt(s string) string {
	s = collapseSpace(s)
	r := []rune(s)
	if len(r) <= excerptRunes {
		return s
	}
	cut := string(r[:excerptRunes])
	if i := strings.LastIndex(cut, " "); i > excerptRunes/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// firstParagraph is the first paragraph of text long enough to say
// something, other than the title repeated.
func firstParagraph(text, title string) string {
	for _, p := range strings.Split(text, "\n\n") {
		if p = collapseSpace(p); len([]rune(p)) >= 40 && p != title {
			return p
		}
	}
	return firstLine(text, excerptRunes)
}

// firstLine returns the first non-empty line of text, shortened to max
// runes at a word boundary.
func firstLine(text string, max int) string {
	for _, l := range strings.Split(text, "\n") {
		l = collapseSpace(l)
		if l == "" {
			continue
		}
		r := []rune(l)
		if len(r) > max {
			l = string(r[:max])
			if i := strings.LastIndex(l, " "); i > max/2 {
				l = l[:i]
			}
			l += "…"
		}
		return l
	}
	return ""
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
