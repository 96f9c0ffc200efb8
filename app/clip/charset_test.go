package clip

import (
	"strings"
	"testing"

	"github.com/parley-notes/parley/app/markdown"
	"golang.org/x/text/encoding/charmap"
)

func TestDecodeHTML(t *testing.T) {
	cyr := "<p>" + russianSentence + "</p>"
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantCharset string
	}{
		{"utf-8 undeclared", []byte(cyr), "", "utf-8"},
		{"windows-1251 header", encode(t, charmap.Windows1251, cyr), "text/html; charset=windows-1251", "windows-1251"},
		{"cp1251 alias", encode(t, charmap.Windows1251, cyr), "text/html; charset=cp1251", "windows-1251"},
		{"windows-1251 meta", encode(t, charmap.Windows1251, `<meta charset="windows-1251">`+cyr), "text/html", "windows-1251"},
		{"meta after 1 KB", encode(t, charmap.Windows1251, "<!--"+strings.Repeat("x", 3000)+`--><meta http-equiv="content-type" content="text/html; charset=windows-1251">`+cyr), "", "windows-1251"},
		{"koi8-r meta", encode(t, charmap.KOI8R, `<meta charset="koi8-r">`+cyr), "", "koi8-r"},
		{"koi8-r undeclared", encode(t, charmap.KOI8R, strings.Repeat(cyr, 4)), "", "koi8-r"},
		{"windows-1251 undeclared", encode(t, charmap.Windows1251, strings.Repeat(cyr, 4)), "", "windows-1251"},
		{"utf-8 body with wrong latin-1 header", []byte(cyr), "text/html; charset=iso-8859-1", "utf-8"},
		{"utf-8 body with stale 1251 meta", []byte(`<meta charset="windows-1251">` + cyr), "", "utf-8"},
		{"utf-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, cyr...), "text/html; charset=windows-1251", "utf-8"},
		{"meta utf-16 means utf-8", []byte(`<meta charset="utf-16">` + cyr), "", "utf-8"},
	}
	for _, tt := range tests {
		out, cs := decodeHTML(tt.body, tt.contentType)
		if cs != tt.wantCharset {
			t.Errorf("%s: charset %q, want %q", tt.name, cs, tt.wantCharset)
		}
		if !strings.Contains(string(out), russianSentence) {
			t.Errorf("%s: decoded text lost the Cyrillic: %.120q", tt.name, out)
		}
		if strings.HasPrefix(string(out), "\uFEFF") {
			t.Errorf("%s: BOM kept", tt.name)
		}
	}
}

func TestFlatten(t *testing.T) {
	deep := strings.Repeat("<div>", 1000) + "<p>text<br>more</p>" + strings.Repeat("</div>", 1000) + "<p>after</p>"
	out := string(flatten([]byte(deep), 10))
	if strings.Count(out, "<div>") != 10 || strings.Count(out, "</div>") != 10 {
		t.Errorf("kept %d <div> and %d </div>, want 10 each", strings.Count(out, "<div>"), strings.Count(out, "</div>"))
	}
	for _, want := range []string{"text", "<br>", "more", "<p>after</p>"} {
		if !strings.Contains(out, want) {
			t.Errorf("flatten lost %q", want)
		}
	}
	doc := parseHTML([]byte(deep))
	if !strings.Contains(markdown.HTMLText(doc), "textmore") {
		t.Errorf("parsed text %q", markdown.HTMLText(doc))
	}
}
