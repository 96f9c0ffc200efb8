package export

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parley-notes/parley/app/vault"
	"golang.org/x/net/html"
)

// FuzzBriefRender renders arbitrary Markdown as the HTML brief renders a
// record's body: whatever comes in, what comes out holds nothing that can
// run or load (no script-capable element, no event or style attribute, no
// link but to the web, mail or the brief itself, no image but an inlined
// picture), and is valid UTF-8.
//
//	go test ./app/export -run '^$' -fuzz FuzzBriefRender -fuzztime 1m
func FuzzBriefRender(f *testing.F) {
	for _, b := range hostileBodies {
		f.Add(b)
	}
	f.Add("# Title\n\nText with [[Banking]] and [[Missing|a label]], ![[chart.png]], a [link](https://ok.example/) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
	f.Add("![inline](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)")
	f.Add("[ref][r]\n\n[r]: javascript:alert(1)\n\n<a href=\"&#106;avascript:alert(1)\">x</a>")
	v, err := vault.Open(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	defer v.Close()
	var chart bytes.Buffer
	png.Encode(&chart, image.NewGray(image.Rect(0, 0, 2, 2)))
	if _, err := v.PutAttachment("A", "chart.png", chart.Bytes()); err != nil {
		f.Fatal(err)
	}
	files, err := v.OpenAttachments()
	if err != nil {
		f.Fatal(err)
	}
	defer files.Close()
	f.Fuzz(func(t *testing.T, body string) {
		r := newRenderer(files, []string{"attachments/A/chart.png"})
		r.titles[vault.FoldName("Banking")] = "issue-banking"
		out := string(r.render("notes/x.md", body))
		if !utf8.ValidString(out) {
			t.Fatalf("the HTML is not UTF-8: %q", out)
		}
		doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><html><head></head><body>" + out + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			if forbiddenElements[n.Data] || n.Data == "style" || n.Data == "meta" || n.Namespace != "" {
				t.Fatalf("<%s> (namespace %q) in\n%s\nfrom\n%q", n.Data, n.Namespace, out, body)
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				val := attrValue(a)
				switch {
				case strings.HasPrefix(key, "on"), key == "style", a.Namespace != "", strings.Contains(key, ":"):
					t.Fatalf("<%s %s=%q> from %q", n.Data, a.Key, a.Val, body)
				case key == "src" && (n.Data != "img" || !safeImageSrc.MatchString(a.Val)):
					t.Fatalf("<%s src=%.60q> from %q", n.Data, a.Val, body)
				case key == "href" && !(strings.HasPrefix(val, "#") || strings.HasPrefix(val, "https://") || strings.HasPrefix(val, "http://") || strings.HasPrefix(val, "mailto:")):
					t.Fatalf("<%s href=%q> from %q", n.Data, a.Val, body)
				case key == "action" || key == "formaction" || key == "data" || key == "srcset" || key == "background" || key == "poster":
					t.Fatalf("<%s %s=%q> from %q", n.Data, a.Key, a.Val, body)
				}
			}
		})
	})
}
