package clip

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadFile(t *testing.T) {
	russianText := strings.Repeat(russianSentence+" Делегации договорились продолжить консультации.\n", 5)
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<html><body><p>" + russianSentence + "</p></body></html>"))
	tests := []struct {
		name     string
		path     string // a testdata file, or…
		file     string // …a name to write data under
		data     []byte
		wantKind Kind
		wantBody string
		wantURL  string
		wantErr  error
		wantMsg  string
	}{
		{name: "html", path: "testdata/pages/article-en.html", wantKind: KindHTML, wantBody: "Geneva talks end"},
		{name: "windows-1251 html", path: "testdata/pages/article-ru-1251.html", wantKind: KindHTML, wantBody: "Переговоры в Стамбуле"},
		{name: "markdown", path: "testdata/pages/note.md", wantKind: KindMarkdown, wantBody: "# Corridor notes"},
		{name: "text", path: "testdata/pages/briefing.txt", wantKind: KindText, wantBody: "prisoner exchange"},
		{name: "mhtml", path: "testdata/pages/saved.mhtml", wantKind: KindHTML, wantBody: "Map of the contact line – The Northern Courier", wantURL: "https://courier.example/world/2024/03/14/map"},
		{name: "htm saved from url", file: "saved.htm", data: []byte("<!-- saved from url=(0034)https://courier.example/a/b.html -->\n<html><body><p>Saved.</p></body></html>"), wantKind: KindHTML, wantURL: "https://courier.example/a/b.html"},
		{name: "windows-1251 text, undeclared", file: "memo.txt", data: encode(t, charmap.Windows1251, russianText), wantKind: KindText, wantBody: russianSentence},
		{name: "KOI8-R text, undeclared", file: "memo-koi8.txt", data: encode(t, charmap.KOI8R, russianText), wantKind: KindText, wantBody: russianSentence},
		{name: "utf-16 html with BOM", file: "page.html", data: utf16, wantKind: KindHTML, wantBody: russianSentence},
		{name: "html without extension", file: "page", data: []byte("<!DOCTYPE html><html><body><p>Sniffed.</p></body></html>"), wantKind: KindHTML, wantBody: "Sniffed."},
		{name: "markdown without extension", file: "README", data: []byte("# Title\n\nSome text with a [link](https://example.org).\n"), wantKind: KindMarkdown},
		{name: "pdf", file: "report.pdf", data: []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), wantErr: ErrNotWebPage, wantMsg: "report.pdf is not a web page (application/pdf)"},
		{name: "pdf named html", file: "report.html", data: []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), wantErr: ErrNotWebPage, wantMsg: "(application/pdf)"},
		{name: "png", file: "photo.png", data: pngBytes(t, 2, 2), wantErr: ErrNotWebPage, wantMsg: "photo.png is not a web page (image/png)"},
		{name: "missing", path: "testdata/pages/no-such-file.html", wantErr: ErrBadSource, wantMsg: "no such file"},
		{name: "folder", path: "testdata/pages", wantErr: ErrBadSource, wantMsg: "is a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = writeFile(t, tt.file, tt.data)
			}
			page, err := LoadFile(path)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("got %v, want %v saying %q", err, tt.wantErr, tt.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if page.Kind != tt.wantKind {
				t.Errorf("kind %q, want %q", page.Kind, tt.wantKind)
			}
			if !strings.Contains(string(page.Body), tt.wantBody) {
				t.Errorf("body lacks %q:\n%s", tt.wantBody, shorten(string(page.Body), 400))
			}
			if page.URL != tt.wantURL {
				t.Errorf("URL %q, want %q", page.URL, tt.wantURL)
			}
		})
	}
}

func TestLoadFileTooLarge(t *testing.T) {
	path := writeFile(t, "big.html", bytes.Repeat([]byte("<p>x</p>"), 100))
	if _, err := loadFile(path, 500); !errors.Is(err, ErrTooLarge) || err.Error() != "page is larger than 500 bytes" {
		t.Errorf("got %v", err)
	}
}

func TestLoadReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Kind
	}{
		{"clipboard html", `<meta charset='utf-8'><span style="color: black">Copied <b>text</b></span>`, KindHTML},
		{"full page", "<!DOCTYPE html><html><body><p>Page</p></body></html>", KindHTML},
		{"markdown", "## Heading\n\n- item one\n- item two\n", KindMarkdown},
		{"plain text", "Just a sentence from a cable.\nAnd another line.", KindText},
		{"text with angle brackets", "if a < b then c > d", KindText},
	}
	for _, tt := range tests {
		page, err := LoadReader(strings.NewReader(tt.in), "-")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if page.Kind != tt.want || page.Source != "-" {
			t.Errorf("%s: kind %q source %q, want %q", tt.name, page.Kind, page.Source, tt.want)
		}
	}
}

func TestLoadDispatch(t *testing.T) {
	site := newTestSite(t)
	page, err := Load(context.Background(), site.URL+"/page", FetchOptions{})
	if err != nil || page.Kind != KindHTML || !strings.HasPrefix(page.URL, "http://127.0.0.1") {
		t.Errorf("URL: %+v %v", page, err)
	}
	page, err = Load(context.Background(), "testdata/pages/note.md", FetchOptions{})
	if err != nil || page.Kind != KindMarkdown {
		t.Errorf("file: %+v %v", page, err)
	}

	// "-" reads standard input.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin := os.Stdin
	os.Stdin = r
	t.Cleanup(func() { os.Stdin = stdin })
	go func() {
		w.WriteString("# From stdin\n\nPiped text.\n")
		w.Close()
	}()
	page, err = Load(context.Background(), "-", FetchOptions{})
	if err != nil || page.Kind != KindMarkdown || page.Source != "-" {
		t.Errorf("stdin: %+v %v", page, err)
	}
}

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.org/a":     true,
		" http://example.org ":      true,
		"ftp://example.org":         false,
		"example.org":               false,
		"/home/me/page.html":        false,
		"https://exa mple.org":      false,
		"javascript:alert(1)":       false,
		"https:///no-host":          false,
		"C:\\Users\\me\\page.html":  false,
		"http://127.0.0.1:8080/x?y": true,
	} {
		if got := IsURL(s); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestMHTMLResourcesNeedNoNetwork(t *testing.T) {
	page, err := LoadFile("testdata/pages/saved.mhtml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Extract(page, ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://courier.example/world/2024/03/14/map" || a.Published != "2024-03-14" {
		t.Errorf("url %q published %q", a.URL, a.Published)
	}
	// courier.example does not resolve: the image can only come from the file.
	res, err := LocalizeImages(context.Background(), a, &dirStore{dir: t.TempDir(), rel: "att"}, ImageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Path != "att/image-01.png" {
		t.Fatalf("results %+v", res)
	}
	if !strings.Contains(a.Markdown, "![Map of the contact line](att/image-01.png)") {
		t.Errorf("Markdown:\n%s", a.Markdown)
	}
}
