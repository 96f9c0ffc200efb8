package clip

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// FuzzExtract feeds arbitrary bytes through LoadReader and Extract: they
// must never panic (Extract turns a library panic into an "internal error",
// which fails here too), return only the documented errors, and produce
// valid UTF-8, valid JSON and a snapshot without active content.
func FuzzExtract(f *testing.F) {
	for _, c := range extractCases {
		if c.gen != nil {
			continue // megabytes: too big for a seed
		}
		f.Add(c.load(f).Body, c.raw)
	}
	for _, c := range snapshotCases {
		f.Add([]byte("<html><body><article><p>"+longParagraph+"</p>"+c.body+"</article></body></html>"), false)
	}
	f.Fuzz(func(t *testing.T, body []byte, raw bool) {
		page, err := LoadReader(bytes.NewReader(body), "fuzz")
		if err != nil {
			if !errors.Is(err, ErrNotWebPage) {
				t.Fatalf("LoadReader: %v", err)
			}
			return
		}
		a, err := Extract(page, ExtractOptions{Raw: raw})
		if err != nil {
			if !errors.Is(err, ErrNotArticle) && !errors.Is(err, ErrNotWebPage) {
				t.Fatalf("Extract: %v", err)
			}
			return
		}
		for field, s := range map[string]string{"title": a.Title, "byline": a.Byline, "site": a.Site, "text": a.Text, "markdown": a.Markdown, "excerpt": a.Excerpt, "lang": a.Lang} {
			if !utf8.ValidString(s) {
				t.Errorf("%s is not valid UTF-8: %q", field, s)
			}
		}
		if _, err := json.Marshal(a); err != nil {
			t.Errorf("JSON: %v", err)
		}
		if a.Published != "" {
			if _, ok := PublishedTime(a.Published); !ok {
				t.Errorf("published %q is not a date", a.Published)
			}
		}
		// The head is ours (charset, CSP, canonical link); the body is the page's.
		if snap := string(a.Snapshot); snap != "" {
			i := strings.Index(snap, "<body>")
			if i < 0 {
				t.Fatalf("snapshot without a body: %.200q", snap)
			}
			if bad := activeContent([]byte(snap[i:])); bad != "" {
				t.Errorf("snapshot keeps %s", bad)
			}
		}
		if bad := activeContent([]byte(a.HTML)); bad != "" {
			t.Errorf("article HTML keeps %s", bad)
		}
	})
}

// activeContent reports the first thing in markup that could act in a
// browser — a script-capable element, an event handler, a URL with a
// scheme other than http, https or mailto — or "" when there is none.
func activeContent(markup []byte) string {
	z := html.NewTokenizer(bytes.NewReader(markup))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ""
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "svg", "base", "style", "link", "template", "input", "button":
			return "<" + tok.Data + ">"
		case "meta":
			for _, a := range tok.Attr {
				if a.Key == "http-equiv" && strings.EqualFold(a.Val, "refresh") {
					return "meta refresh"
				}
			}
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") || key == "style" || key == "formaction" || strings.Contains(key, ":href") {
				return "attribute " + a.Key
			}
			switch key {
			case "href", "src", "action", "cite", "poster", "background", "srcset", "data":
				v := strings.ToLower(urlNoiseRe.ReplaceAllString(a.Val, ""))
				if i := strings.IndexByte(v, ':'); i >= 0 && !strings.ContainsAny(v[:i], "/?#") {
					switch v[:i] {
					case "http", "https", "mailto":
					default:
						return key + "=" + a.Val
					}
				}
			}
		}
	}
}

func TestActiveContentFinds(t *testing.T) {
	for _, bad := range []string{
		`<script>x</script>`, `<p onclick="x">`, `<a href="javascript:x">`, `<a href="java&#9;script:x">`,
		`<img src="data:text/html,x">`, `<svg></svg>`, `<meta http-equiv="refresh" content="0">`, `<a xlink:href="x">`,
	} {
		if activeContent([]byte(bad)) == "" {
			t.Errorf("activeContent missed %s", bad)
		}
	}
	if got := activeContent([]byte(`<p><a href="https://ok.example/" rel="noreferrer">ok</a><img src="/rel.png"><a href="#top">top</a></p>`)); got != "" {
		t.Errorf("false alarm: %s", got)
	}
}
