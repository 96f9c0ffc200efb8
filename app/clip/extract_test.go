package clip

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// extractCase is one page for Extract. The same table feeds TestExtract,
// BenchmarkExtract and the seeds of FuzzExtract.
type extractCase struct {
	name string
	file string        // a file under testdata/pages, loaded with LoadFile…
	html string        // …or inline HTML…
	gen  func() []byte // …or generated HTML
	url  string        // the page's URL, if any
	raw  bool          // ExtractOptions.Raw

	golden  bool  // compare JSON and Markdown with testdata/golden/NAME.*
	wantErr error // a sentinel the error must wrap

	title, byline, site, published, lang, canonical string   // "" means: not checked
	text                                            []string // the text must contain each
	notText                                         []string // …and none of these
	notMarkdown                                     []string // the Markdown must contain none of these
	markdown                                        []string // the Markdown must contain each
}

// nestedDivs is a million <div>s deep with an article at the bottom: the
// HTML parser refuses it as it is.
func nestedDivs() []byte {
	const depth = 1_000_000
	var b strings.Builder
	b.Grow(depth*11 + 1000)
	b.WriteString("<!DOCTYPE html><html><head><title>Deep</title></head><body>")
	b.WriteString(strings.Repeat("<div>", depth))
	b.WriteString("<p>At the bottom of a million nested elements: " + longParagraph + "</p>")
	b.WriteString(strings.Repeat("</div>", depth))
	b.WriteString("</body></html>")
	return []byte(b.String())
}

const longParagraph = "The delegations met for six hours on Wednesday and agreed to continue the talks at expert level next week, according to a statement published by the mediators after the session."

var extractCases = []extractCase{
	{
		name: "article-en", file: "testdata/pages/article-en.html", url: "https://courier.example/world/geneva-talks?utm=x", golden: true,
		title: "Geneva talks end without a ceasefire deal", byline: "Maria Lindqvist", site: "The Northern Courier",
		published: "2024-03-12T18:45:00+01:00", lang: "en", canonical: "https://courier.example/world/2024/03/12/geneva-talks-end",
		text:        []string{"prisoner exchange", "What remains open", "honest summary of this round"},
		notText:     []string{"Most read", "All rights reserved", "tracker", "Subscribe"},
		notMarkdown: []string{"javascript", "Most read", "ads.example"},
		markdown:    []string{"## What was agreed", "- An exchange of 120 prisoners", "> We made progress", "[mediator's website](https://mediator.example/statements/round-3)", "![The Palais des Nations in Geneva](https://courier.example/images/palais.jpg)", "1. First joint session"},
	},
	{
		name: "article-ru-1251", file: "testdata/pages/article-ru-1251.html", golden: true,
		title: "Переговоры в Стамбуле завершились без заявления", site: "Вестник дипломатии", published: "2024-03-12", lang: "ru",
		text: []string{"Второй раунд переговоров в Стамбуле", "обмене пленными"}, notText: []string{"Главная"},
	},
	{
		name: "lang-mismatch", file: "testdata/pages/lang-mismatch.html", golden: true,
		title: "Итоги консультаций в Вене", lang: "ru",
	},
	{
		name: "malformed", file: "testdata/pages/malformed.html", golden: true,
		title: "Unclosed & broken markup", lang: "en",
		text: []string{"negotiated line by line", "published on Monday"},
	},
	{
		name: "mhtml", file: "testdata/pages/saved.mhtml", golden: true,
		title: "Map of the contact line", site: "The Northern Courier", published: "2024-03-14", lang: "en",
		canonical: "", markdown: []string{"![Map of the contact line](https://courier.example/images/map.png)"},
	},
	{
		name: "markdown", file: "testdata/pages/note.md", golden: true,
		title: "Round 4 — notes from the corridor", lang: "en",
		text: []string{"Corridor notes", "Prisoner exchange, second phase", "Nothing is agreed"}, notText: []string{"**", "tags:"},
		markdown: []string{"# Corridor notes", "**agenda**"},
	},
	{
		name: "text", file: "testdata/pages/briefing.txt", golden: true,
		title: "Briefing for the minister", lang: "en", text: []string{"next round is planned for April"},
	},
	{name: "login wall", file: "testdata/pages/login-wall.html", wantErr: ErrNotArticle},
	{name: "login wall raw", file: "testdata/pages/login-wall.html", raw: true, title: "Sign in | Premium Briefings", text: []string{"Sign in to continue", "Forgot password?"}},
	{name: "index page", file: "testdata/pages/index-page.html", wantErr: ErrNotArticle},
	{name: "empty", html: "", wantErr: ErrNotArticle},
	{name: "empty raw", html: "<html><body><script>var x = 1;</script></body></html>", raw: true, wantErr: ErrNotArticle},
	{name: "only scripts", html: "<html><head><script>document.write('<p>" + longParagraph + "</p>')</script></head><body></body></html>", wantErr: ErrNotArticle},
	{
		name: "million nested divs", gen: nestedDivs,
		title: "Deep", text: []string{"At the bottom of a million nested elements"},
	},
	{
		name: "unclosed inline tags", gen: func() []byte {
			return []byte("<html><body><p>" + strings.Repeat("<b><i>", 50000) + longParagraph + "</p></body></html>")
		},
		text: []string{"The delegations met for six hours"},
	},
	{
		name: "invalid utf-8", html: "<html><head><title>Bad \xff\xfe bytes</title></head><body><article><p>" + longParagraph + " \xc3\x28 and \xe2\x82 too.</p></article></body></html>",
		title: "Bad \ufffd bytes", text: []string{"six hours"},
	},
	{
		name: "nul bytes and controls", html: "<html><body><article><p>" + longParagraph + "\x00\x01\x02</p></article></body></html>",
		text: []string{"six hours"},
	},
	{
		name: "date in url", url: "https://news.example/2023/11/05/talks-resume", html: "<html lang=en><head><title>Talks resume</title></head><body><article><p>" + longParagraph + "</p></article></body></html>",
		published: "2023-11-05", site: "news.example",
	},
	{
		name: "json-ld graph", html: `<html><head><title>T</title><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},{"@type":"NewsArticle","headline":"Graph headline","datePublished":"2022-06-01T09:30:00Z","author":[{"@type":"Person","name":"A. Author"},{"@type":"Person","name":"B. Author"}],"publisher":{"@type":"Organization","name":"Graph News"}}]}</script></head><body><article><p>` + longParagraph + `</p></article></body></html>`,
		published: "2022-06-01T09:30:00Z", byline: "A. Author, B. Author",
	},
	{
		name: "time element", html: `<html><head><title>T</title></head><body><article><header><time datetime="2021-02-03">3 Feb</time></header><p>` + longParagraph + `</p></article></body></html>`,
		published: "2021-02-03",
	},
	{
		name: "french from text", html: `<html><head><title>Négociations</title></head><body><article><p>Les délégations se sont réunies pendant six heures mercredi et ont convenu de poursuivre les discussions au niveau des experts la semaine prochaine, selon un communiqué publié par les médiateurs.</p></article></body></html>`,
		lang: "fr",
	},
	{
		name: "ukrainian from text", html: `<html lang="en"><head><title>Переговори</title></head><body><article><p>Делегації зустрілися в середу й домовилися продовжити переговори на рівні експертів наступного тижня, йдеться в заяві посередників, оприлюдненій після засідання. Сторони також обмінялися проєктами документів.</p></article></body></html>`,
		lang: "uk",
	},
	{
		name: "script smuggling", html: `<html><body><article><p onclick="alert(1)">` + longParagraph + `</p><p><a href="java&#x09;script:alert(1)">tabbed link</a> <a href="&#106;avascript:alert(2)">entity link</a> <a href=" JAVASCRIPT:alert(3)">spaced link</a> <img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" alt="data html"> <a href="data:text/html,<script>alert(4)</script>">data link</a></p><svg><script>alert(5)</script><foreignObject><p>svg text</p></foreignObject></svg><iframe src="https://evil.example/"></iframe><form action="https://evil.example/"><input value="x"></form></article></body></html>`,
		text:        []string{"tabbed link", "entity link", "spaced link", "data link"},
		notText:     []string{"alert", "svg text"},
		notMarkdown: []string{"alert", "script", "data:", "evil", "svg text"},
	},
}

// load turns a case into a Page.
func (c extractCase) load(tb testing.TB) *Page {
	tb.Helper()
	if c.file != "" {
		p, err := LoadFile(c.file)
		if err != nil {
			tb.Fatal(err)
		}
		if c.url != "" {
			p.URL = c.url
		}
		return p
	}
	body := []byte(c.html)
	if c.gen != nil {
		body = c.gen()
	}
	return &Page{Source: c.name, URL: c.url, Kind: KindHTML, Body: body}
}

func TestExtract(t *testing.T) {
	for _, c := range extractCases {
		t.Run(c.name, func(t *testing.T) {
			page := c.load(t)
			a, err := Extract(page, ExtractOptions{Raw: c.raw})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("got %v, want %v", err, c.wantErr)
				}
				if errors.Is(err, ErrNotArticle) && err.Error() != "no article text found in "+page.Source {
					t.Errorf("message %q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			check := func(field, got, want string) {
				if want != "" && got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("title", a.Title, c.title)
			check("byline", a.Byline, c.byline)
			check("site", a.Site, c.site)
			check("published", a.Published, c.published)
			check("lang", a.Lang, c.lang)
			check("canonical", a.CanonicalURL, c.canonical)
			for _, s := range c.text {
				if !strings.Contains(a.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, a.Text)
				}
			}
			for _, s := range c.notText {
				if strings.Contains(a.Text, s) {
					t.Errorf("text contains %q:\n%s", s, a.Text)
				}
			}
			for _, s := range c.notMarkdown {
				if strings.Contains(a.Markdown, s) {
					t.Errorf("Markdown contains %q:\n%s", s, a.Markdown)
				}
			}
			for _, s := range c.markdown {
				if !strings.Contains(a.Markdown, s) {
					t.Errorf("Markdown lacks %q:\n%s", s, a.Markdown)
				}
			}
			for field, s := range map[string]string{"title": a.Title, "text": a.Text, "markdown": a.Markdown, "excerpt": a.Excerpt, "byline": a.Byline} {
				if !utf8.ValidString(s) {
					t.Errorf("%s is not valid UTF-8", field)
				}
			}
			if a.ContentHash != ContentHash(a.Text) || len(a.ContentHash) != 64 {
				t.Errorf("content hash %q", a.ContentHash)
			}
			if page.Kind == KindHTML && !strings.HasPrefix(string(a.Snapshot), "<!DOCTYPE html>") {
				t.Errorf("snapshot does not start as a page: %.80q", a.Snapshot)
			}
			if c.golden {
				compareGolden(t, c.name, a)
			}
		})
	}
}

// compareGolden checks the --dry-run --json form and the Markdown of an
// article against testdata/golden, or rewrites them with -update.
func compareGolden(t *testing.T, name string, a *Article) {
	t.Helper()
	js, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		filepath.Join("testdata", "golden", name+".json"): append(js, '\n'),
		filepath.Join("testdata", "golden", name+".md"):   []byte(a.Markdown),
	}
	for path, got := range files {
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
		}
	}
}

// The JSON of an article has exactly the fields the CLI promises, in order.
func TestArticleJSON(t *testing.T) {
	a := &Article{Source: "s", Title: "t", Markdown: "m", Snapshot: []byte("x"), ContentHash: "h", Images: []string{"i"}, HTML: "h"}
	js, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"source":"s","title":"t","byline":"","site":"","published":"","lang":"","url":"","canonical_url":"","excerpt":"","text":""}`
	if string(js) != want {
		t.Errorf("got  %s\nwant %s", js, want)
	}
}

func TestSameArticleSameHash(t *testing.T) {
	body := func(title, text string) []byte {
		return []byte("<html><head><title>" + title + "</title></head><body><nav><a href=/>Home</a></nav><article><h1>" + title + "</h1><p>" + text + "</p></article><footer>Footer " + title + "</footer></body></html>")
	}
	a1, err := Extract(&Page{Source: "a", URL: "https://one.example/a", Kind: KindHTML, Body: body("Talks", longParagraph)}, ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Another site, other line breaks and spacing, different capitals.
	reflowed := strings.ToUpper(strings.ReplaceAll(longParagraph, " ", "\n  "))
	a2, err := Extract(&Page{Source: "b", URL: "https://two.example/b", Kind: KindHTML, Body: body("Talks", reflowed)}, ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a3, err := Extract(&Page{Source: "c", Kind: KindHTML, Body: body("Talks", strings.Replace(longParagraph, "six", "seven", 1))}, ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a1.ContentHash != a2.ContentHash {
		t.Errorf("same article, different hashes:\n%q\n%q", a1.Text, a2.Text)
	}
	if a1.ContentHash == a3.ContentHash {
		t.Error("different articles, same hash")
	}
}

func TestExtractNeverPanics(t *testing.T) {
	if _, err := Extract(nil, ExtractOptions{}); err == nil {
		t.Error("nil page: no error")
	}
	if _, err := Extract(&Page{Kind: "pdf", Source: "x"}, ExtractOptions{}); !errors.Is(err, ErrNotWebPage) {
		t.Errorf("unknown kind: %v", err)
	}
}

func BenchmarkExtract(b *testing.B) {
	for _, c := range extractCases {
		if c.wantErr != nil {
			continue
		}
		b.Run(c.name, func(b *testing.B) {
			page := c.load(b)
			b.SetBytes(int64(len(page.Body)))
			for b.Loop() {
				if _, err := Extract(page, ExtractOptions{Raw: c.raw}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
