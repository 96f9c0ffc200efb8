package ui

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/internal/testfiles"
)

// previewCase is one chunk of Markdown and what the preview may make of
// it: the link addresses it keeps (anything else must be plain text), and
// whether it shows a picture.
type previewCase struct {
	name  string
	md    string
	links []string // addresses left tappable
	image bool     // a picture is shown
}

var previewCases = []previewCase{
	{name: "web link", md: "[a](https://ok.example/x)", links: []string{"https://ok.example/x"}},
	{name: "web link in capitals", md: "[a](HTTPS://ok.example/x)", links: []string{"https://ok.example/x"}},
	{name: "mail link", md: "[a](mailto:desk@ok.example)", links: []string{"mailto:desk@ok.example"}},
	{name: "javascript", md: "[a](javascript:alert(1))"},
	{name: "javascript in mixed case", md: "[a](JaVaScRiPt:alert(1))"},
	{name: "javascript behind an entity", md: "[a](&#106;avascript:alert(1))"},
	{name: "javascript behind a hex entity", md: "[a](&#x6A;avascript&#x3A;alert(1))"},
	{name: "javascript with a tab", md: "[a](<java\tscript:alert(1)>)"},
	{name: "javascript with an encoded newline", md: "[a](java%0Ascript:alert(1))"},
	{name: "javascript by reference", md: "[a][r]\n\n[r]: javascript:alert(1)"},
	{name: "javascript autolink", md: "<javascript:alert(1)>"},
	{name: "javascript in raw HTML", md: `<a href="javascript:alert(1)">raw</a>`},
	{name: "vbscript", md: "[a](vbscript:msgbox(1))"},
	{name: "data URL", md: "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"},
	{name: "local file", md: "[a](file:///etc/passwd)"},
	{name: "absolute path", md: "[a](/etc/passwd)"},
	{name: "scheme-relative", md: "[a](//evil.example/x)"},
	{name: "application scheme", md: "[a](ms-settings:privacy)"},
	{name: "image in the vault", md: "![chart](../attachments/pics/small.png)", image: true},
	{name: "image bomb in the vault", md: "![bomb](../attachments/pics/bomb.png)"},
	{name: "image on the web", md: "![remote](https://evil.example/x.png)"},
	{name: "image on the web by reference", md: "![remote][img]\n\n[img]: https://evil.example/y.png"},
	{name: "image on the web past the pattern", md: `![a\]b](https://evil.example/z.png)`},
	{name: "image outside the vault", md: "![up](../../../../../../etc/hostname)"},
	{name: "image by file URL", md: "![f](file:///etc/hostname)"},
	{name: "svg image", md: "![svg](../attachments/pics/evil.svg)"},
}

// TestPreviewLinksAndImages renders each case in the note preview: only
// web and mail links stay tappable, and only sane pictures in the vault
// are shown — nothing reaches the network, the rest of the disk, or a
// decoder with a 17 GB picture.
func TestPreviewLinksAndImages(t *testing.T) {
	w, nb := testWindow(t)
	pics := filepath.Join(nb.Root(), vault.AttachmentsDir, "pics")
	if err := os.MkdirAll(pics, 0o755); err != nil {
		t.Fatal(err)
	}
	var small bytes.Buffer
	png.Encode(&small, image.NewGray(image.Rect(0, 0, 4, 4)))
	for name, data := range map[string][]byte{
		"small.png": small.Bytes(),
		"bomb.png":  testfiles.BombPNG(65535, 65535),
		"evil.svg":  []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>`),
	} {
		if err := os.WriteFile(filepath.Join(pics, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	v := newMarkdownView(w)
	v.dir = "notes"
	for _, tc := range previewCases {
		t.Run(tc.name, func(t *testing.T) {
			var links []string
			var images []string
			walkSegments(v.segments(tc.md), func(s widget.RichTextSegment) {
				switch s := s.(type) {
				case *widget.HyperlinkSegment:
					if s.URL != nil {
						links = append(links, s.URL.String())
					} else {
						links = append(links, "<nil>")
					}
				case *widget.ImageSegment:
					images = append(images, s.Source.String())
				}
			})
			if strings.Join(links, " ") != strings.Join(tc.links, " ") {
				t.Errorf("links %q, want %q", links, tc.links)
			}
			if (len(images) > 0) != tc.image {
				t.Errorf("images %q, want shown: %v", images, tc.image)
			}
			for _, img := range images {
				if !strings.HasPrefix(img, "file://"+filepath.ToSlash(nb.Root())+"/") {
					t.Errorf("shows %s, which is not in the vault", img)
				}
			}
		})
	}
}

// TestWikiLinksOpenRecords: a [[wiki link]] is a link Parley handles
// itself, never one for the browser.
func TestWikiLinksOpenRecords(t *testing.T) {
	w, _ := testWindow(t)
	v := newMarkdownView(w)
	var n int
	walkSegments(v.segments("See [[Banking]]."), func(s widget.RichTextSegment) {
		if h, ok := s.(*widget.HyperlinkSegment); ok {
			n++
			if h.URL == nil || h.URL.Scheme != "parley" || h.OnTapped == nil {
				t.Errorf("wiki link %+v", h)
			}
		}
	})
	if n != 1 {
		t.Errorf("%d links", n)
	}
}

// TestSafeURL: the clip reader's source link, like every link Parley
// opens, goes to the browser only for http, https and mailto.
func TestSafeURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://ok.example/a": true, "http://ok.example/": true, "HTTPS://OK.example/": true,
		"mailto:desk@ok.example": true, " https://ok.example/padded ": true,
		"javascript:alert(1)": false, "JavaScript:alert(1)": false, "java\tscript:alert(1)": false,
		"java\nscript:alert(1)": false, "vbscript:x": false, "data:text/html,x": false,
		"file:///etc/passwd": false, "//evil.example/x": false, "/etc/passwd": false,
		"ms-settings:privacy": false, "": false, "\x00https://x": false,
	} {
		if got := safeURL(raw) != nil; got != ok {
			t.Errorf("safeURL(%q) allowed: %v, want %v", raw, got, ok)
		}
		rec := &vault.Record{ClipFields: vault.ClipFields{URL: raw}}
		if got := sourceLink(rec) != nil; got != ok {
			t.Errorf("sourceLink for %q: %v, want %v", raw, got, ok)
		}
	}
}

// walkSegments calls fn for every segment, inside paragraphs and lists too.
func walkSegments(segs []widget.RichTextSegment, fn func(widget.RichTextSegment)) {
	for _, s := range segs {
		fn(s)
		switch s := s.(type) {
		case *widget.ParagraphSegment:
			walkSegments(s.Texts, fn)
		case *widget.ListSegment:
			walkSegments(s.Items, fn)
		}
	}
}

// TestPreviewPieces: only a long plain paragraph is cut for the preview,
// into rows that put it back together whole.
func TestPreviewPieces(t *testing.T) {
	long := longParagraph(5_000)
	tests := []struct {
		name  string
		chunk string
		cut   bool
	}{
		{"short paragraph", "The sides met again.", false},
		{"long paragraph", long, true},
		{"long paragraph, hard-wrapped", strings.ReplaceAll(long, ". ", ".\n"), true},
		{"heading", "# " + long, false},
		{"quote", "> " + long, false},
		{"list item", "- " + long, false},
		{"numbered item", "12. " + long, false},
		{"fenced code", "```\n" + long + "\n```", false},
		{"indented code", "    " + long, false},
		{"table", "| a | b |\n|---|---|\n| " + long + " | x |", false},
	}
	for _, tt := range tests {
		pieces := previewPieces(tt.chunk)
		if got := len(pieces) > 1; got != tt.cut {
			t.Errorf("%s: cut into %d pieces", tt.name, len(pieces))
		}
		if strings.Join(pieces, "") != tt.chunk {
			t.Errorf("%s: the pieces do not make the chunk", tt.name)
		}
		for i, p := range pieces {
			if tt.cut && len(p) > maxRowBytes {
				t.Errorf("%s: piece %d is %d bytes", tt.name, i, len(p))
			}
		}
	}
}
