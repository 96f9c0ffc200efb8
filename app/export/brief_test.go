package export

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/app/vault"
	"golang.org/x/net/html"
)

// parseHTML reads a brief back as a browser would.
func parseHTML(t *testing.T, path string) (*html.Node, string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc, string(b)
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// Elements a brief never holds: they run code, load things, submit or
// change how the page is read.
var forbiddenElements = map[string]bool{
	"script": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"applet": true, "svg": true, "math": true, "form": true, "input": true, "button": true,
	"textarea": true, "select": true, "base": true, "link": true, "noscript": true, "template": true,
	"audio": true, "video": true, "source": true, "portal": true,
}

// safeImageSrc is the only kind of image source a brief may hold.
var safeImageSrc = regexp.MustCompile(`^data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$`)

// checkSafeHTML asserts what a brief promises about itself.
func checkSafeHTML(t *testing.T, doc *html.Node) {
	t.Helper()
	styles, metas := 0, 0
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if forbiddenElements[n.Data] || n.Namespace != "" {
			t.Errorf("the brief has a <%s> element (namespace %q)", n.Data, n.Namespace)
		}
		switch n.Data {
		case "style":
			styles++
		case "meta":
			metas++
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			val := attrValue(a)
			switch {
			case strings.HasPrefix(key, "on"):
				t.Errorf("<%s> has an event attribute %s=%q", n.Data, a.Key, a.Val)
			case key == "style" || a.Namespace != "":
				t.Errorf("<%s> has attribute %s:%s=%q", n.Data, a.Namespace, a.Key, a.Val)
			case strings.Contains(val, "javascript:") || strings.Contains(val, "vbscript:"):
				t.Errorf("<%s %s=%q> holds a script URL", n.Data, a.Key, a.Val)
			case key == "src":
				if n.Data != "img" || !safeImageSrc.MatchString(a.Val) {
					t.Errorf("<%s src=%.60q> is not an inlined image", n.Data, a.Val)
				}
			case key == "href":
				if !(strings.HasPrefix(val, "#") || strings.HasPrefix(val, "https://") || strings.HasPrefix(val, "http://") || strings.HasPrefix(val, "mailto:")) {
					t.Errorf("<%s href=%q> leads somewhere a mailed brief cannot go", n.Data, a.Val)
				}
			case key == "action" || key == "formaction" || key == "data" || key == "srcset" || key == "background" || key == "poster":
				t.Errorf("<%s> has %s=%q", n.Data, a.Key, a.Val)
			}
		}
	})
	if styles != 1 {
		t.Errorf("the brief has %d <style> elements, want its own one", styles)
	}
	if metas != 5 {
		t.Errorf("the brief has %d <meta> elements, want its own 5", metas)
	}
}

func TestHTMLBrief(t *testing.T) {
	nb := openDemo(t)
	out := filepath.Join(t.TempDir(), "brief.html")
	rep := export(t, nb, Options{Format: HTML, Out: out})
	if rep.Records != 10 || rep.Annotations != 5 || rep.Files != 1 || len(rep.Outputs) != 1 || rep.Outputs[0] != out {
		t.Errorf("report %+v", rep)
	}
	doc, raw := parseHTML(t, out)
	checkSafeHTML(t, doc)

	csp := false
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "meta" {
			if h, _ := attr(n, "http-equiv"); strings.EqualFold(h, "Content-Security-Policy") {
				c, _ := attr(n, "content")
				csp = c == CSP
			}
		}
	})
	if !csp {
		t.Errorf("no Content-Security-Policy meta tag saying %q", CSP)
	}
	text := markdown.HTMLText(doc)
	for _, want := range append(append([]string{"Negotiation brief", "Contents", clipEN, clipRU}, demoRounds...), demoIssues...) {
		if !strings.Contains(text, want) {
			t.Errorf("the brief does not mention %q", want)
		}
	}
	// Every annotated passage is quoted, marked, with its comment.
	marks := map[string]bool{}
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "mark" {
			marks[markdown.HTMLText(n)] = true
		}
	})
	for _, c := range []string{clipENID, clipRUID} {
		clip, err := nb.Get(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range clip.Annotations {
			if !marks[a.Exact] {
				t.Errorf("annotation %q is not quoted", a.Exact)
			}
			if !strings.Contains(text, a.Comment) {
				t.Errorf("comment %q is missing", a.Comment)
			}
		}
	}
	// The matrix: a row an issue, a cell a round, each with its status
	// and the class that colours it.
	m, err := nb.Matrix(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var rows []*html.Node
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "table" {
			if c, _ := attr(n, "class"); c == "matrix" {
				walk(n, func(r *html.Node) {
					if r.Type == html.ElementNode && r.Data == "tr" && r.Parent.Data == "tbody" {
						rows = append(rows, r)
					}
				})
			}
		}
	})
	if len(rows) != len(m.Issues) {
		t.Fatalf("the matrix has %d rows, want %d", len(rows), len(m.Issues))
	}
	for i, is := range m.Issues {
		var cells []*html.Node
		for c := rows[i].FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				cells = append(cells, c)
			}
		}
		if got := markdown.HTMLText(cells[0]); got != is.Title {
			t.Errorf("row %d is %q, want %q", i, got, is.Title)
		}
		for j, r := range m.Rounds {
			want := "—"
			if it, ok := m.Cell(is.ID, r.ID); ok {
				want = string(it.Status)
			}
			got := markdown.HTMLText(cells[j+1])
			class, _ := attr(cells[j+1], "class")
			if got != want || (want != "—" && !strings.Contains(class, "st-"+want)) {
				t.Errorf("%s × %s: %q (class %q), want %q", is.Title, r.Title, got, class, want)
			}
		}
	}
	// Numbered citations lead to their source.
	for _, want := range []string{`<a href="#src-1">[1]</a>`, `<a href="#src-2">[2]</a>`, `<li id="src-1" value="1">`, `<li id="src-2" value="2">`} {
		if !strings.Contains(raw, want) {
			t.Errorf("the brief lacks %s", want)
		}
	}
	golden(t, "brief-demo.html", []byte(raw))
}

func TestHTMLBriefOfOneRound(t *testing.T) {
	nb := openDemo(t)
	out := filepath.Join(t.TempDir(), "round.html")
	export(t, nb, Options{Format: HTML, ID: round1ID, Out: out, Title: "Before round 2"})
	doc, _ := parseHTML(t, out)
	checkSafeHTML(t, doc)
	text := markdown.HTMLText(doc)
	for _, want := range []string{"Before round 2", round1, staff, property, banking} {
		if !strings.Contains(text, want) {
			t.Errorf("the brief of round 1 does not mention %q", want)
		}
	}
	// Round 2, which round 1 links to, comes with its agenda; its issues
	// that round 1 did not take up are named there but not set out.
	walk(doc, func(n *html.Node) {
		if id, _ := attr(n, "id"); id == anchorOf("issue", "01JRHY12C0G6DNPCC8ARAPQ30N") {
			t.Errorf("the brief of round 1 sets out %q, which is not linked to it", movement)
		}
	})
}

// hostileBodies are clipped content that tries to run, load or submit
// something in whoever opens the brief.
var hostileBodies = []string{
	`<script>alert('script')</script>`,
	`<img src="x" onerror="alert('onerror')">`,
	`[md link](javascript:alert('md'))`,
	`<a href="javascript:alert('a')">html link</a>`,
	`<a href="javascript&#58;alert('entity')">entity link</a>`,
	`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">decimal entities</a>`,
	"<a href=\"java\tscript:alert('tab')\">tab link</a>",
	`<iframe src="https://evil.example/frame"></iframe>`,
	`<svg onload="alert('svg')"><circle r="1"/></svg>`,
	`<svg><script>alert('svg script')</script></svg>`,
	`<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">`,
	`<style>body{background:url(https://evil.example/css)}</style><p style="background:url(https://evil.example/s)">styled</p>`,
	`<form action="https://evil.example/"><input name="a"><button formaction="javascript:alert('f')">go</button></form>`,
	`<meta http-equiv="refresh" content="0;url=https://evil.example/">`,
	`<base href="https://evil.example/">`,
	`<link rel="stylesheet" href="https://evil.example/x.css">`,
	`[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`![svg image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)`,
	`<a href="vbscript:msgbox(1)">vb</a>`,
	`<javascript:alert('autolink')>`,
	`<math><a xlink:href="javascript:alert('math')">m</a></math>`,
	`<noscript><p title="</noscript><img src=x onerror=alert('noscript')>"></noscript>`,
	`<SCRIPT SRC=//evil.example/x.js></SCRIPT><IMG SRC=JaVaScRiPt:alert('upper')>`,
	`<img src="https://evil.example/pixel.gif">`,
	`![tracker](https://evil.example/pixel.png)`,
	`[[Welcome to Parley|x](javascript:alert('wiki'))]]`,
	`<details open ontoggle="alert('toggle')"><summary>s</summary></details>`,
	`<a href="#" onclick="alert('click')">click</a>`,
	`<video poster="javascript:alert(1)"><source src="x"></video>`,
	"```html\n<script>alert('in code')</script>\n```",
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{200, 30, 30, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// addHostileClip saves a clip whose every field and body tries something,
// with images: a real PNG, HTML dressed as a PNG and an SVG with script.
func addHostileClip(t *testing.T, nb *app.Notebook) *vault.Record {
	t.Helper()
	id := vault.NewID()
	chart, err := nb.PutAttachment(id, "chart.png", pngBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	fake, _ := nb.PutAttachment(id, "fake.png", []byte("<html><script>alert('fake')</script></html>"))
	svg, _ := nb.PutAttachment(id, "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert('svg file')"/>`))
	body := strings.Join(hostileBodies, "\n\n") + "\n\n![chart](../" + chart + ")\n\n![fake](" + fake + ")\n\n<img src=\"" + svg + "\">\n\n" + `![outside](../../../etc/passwd)`
	rec := &vault.Record{
		ID: id, Type: vault.TypeClip, Title: `<script>alert('title')</script> Hostile page`,
		ClipFields: vault.ClipFields{
			URL: "javascript:alert('url')", Site: `<img src=x onerror=alert('site')>`, Byline: `"><script>alert('byline')</script>`,
			Lang: `en" onmouseover="alert('lang')`, Reliability: "C3",
			Annotations: []vault.Annotation{{
				ID: vault.NewID(), Exact: `<script>alert('exact')</script>`, Comment: `<img src=x onerror=alert('comment')>`,
				Grade: "C3", Issues: vault.StringList{bankingID}, Rounds: vault.StringList{round2ID},
			}},
		},
		Body: body,
	}
	return save(t, nb, rec)
}

func TestHTMLBriefDefusesHostileContent(t *testing.T) {
	nb := openDemo(t)
	clip := addHostileClip(t, nb)
	out := filepath.Join(t.TempDir(), "brief.html")
	export(t, nb, Options{Format: HTML, Out: out})
	doc, raw := parseHTML(t, out)
	checkSafeHTML(t, doc)

	imgs := 0
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "img" {
			imgs++
			if src, _ := attr(n, "src"); !strings.HasPrefix(src, "data:image/png;base64,") {
				t.Errorf("image %.60q was inlined; only the real PNG should be", src)
			}
		}
	})
	if imgs != 1 {
		t.Errorf("the brief inlines %d images, want the one real PNG", imgs)
	}
	if strings.Contains(raw, "evil.example/pixel") && !strings.Contains(raw, `href="https://evil.example/pixel.png"`) {
		t.Error("a remote image is loaded rather than linked")
	}
	// The hostile text is still there to read, as text.
	text := markdown.HTMLText(doc)
	for _, want := range []string{clip.Title, "alert('exact')", "html link", "styled"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text %q is gone; it should be shown, defused", want)
		}
	}
}

// extractPDF extracts a PDF's text with pdftotext (Debian: poppler-utils),
// which CI installs: there a missing tool fails the test.
func extractPDF(t *testing.T, path string) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is missing: install poppler-utils (.ci/deps test does)")
		}
		t.Skip("pdftotext is missing: install poppler-utils")
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

func TestPDFBrief(t *testing.T) {
	nb := openDemo(t)
	out := filepath.Join(t.TempDir(), "brief.pdf")
	rep := export(t, nb, Options{Format: PDF, Out: out})
	if rep.Records != 10 || rep.Files != 1 {
		t.Errorf("report %+v", rep)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte("FontFile2")) {
		t.Fatal("not a PDF with an embedded TrueType font")
	}
	text := strings.Join(strings.Fields(extractPDF(t, out)), " ")
	want := append(append([]string{
		"Contents", "Chronology of rounds", "Issues across rounds",
		// The Russian clip: its title, an annotated passage, its text.
		clipRU, "Стороны обменялись нотами о стабилизации банковского обслуживания посольств",
		"Российскую делегацию возглавил Александр Дарчиев", "Подтверждает английские сообщения",
		"progress", "discussed", "[1]", "[2]",
	}, demoRounds...), demoIssues...)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
}

func TestPDFBriefOfHostileContent(t *testing.T) {
	nb := openDemo(t)
	clip := addHostileClip(t, nb)
	long := strings.Repeat("Переговоры", 80) // one word wider than the page
	save(t, nb, &vault.Record{Type: vault.TypeNote, Title: "Wide and odd", Body: long + "\n\n- emoji 🕊️ and RTL مفاوضات\n  - nested\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"})
	out := filepath.Join(t.TempDir(), "brief.pdf")
	export(t, nb, Options{Format: PDF, Out: out})
	text := extractPDF(t, out)
	for _, w := range []string{"Hostile page", "Wide and odd", "nested"} {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
	_ = clip
}

// attrValue is an attribute's value as a browser reads a URL scheme in it:
// lower case, with spaces and control characters ignored.
func attrValue(a html.Attribute) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, a.Val))
}
