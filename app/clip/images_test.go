package clip

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testImage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x * 40), uint8(y * 40), 128, 255})
		}
	}
	return img
}

func pngBytes(t testing.TB, w, h int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(8, 8), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gifBytes(t testing.TB) []byte {
	var buf bytes.Buffer
	if err := gif.Encode(&buf, testImage(8, 8), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// webpHeader is the header of a lossless WebP of w×h: all DecodeConfig
// reads.
func webpHeader(w, h int) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(4+8+5))
	b.WriteString("WEBPVP8L")
	binary.Write(&b, binary.LittleEndian, uint32(5))
	b.WriteByte(0x2f)
	binary.Write(&b, binary.LittleEndian, uint32(w-1)|uint32(h-1)<<14)
	return b.Bytes()
}

// bombPNG is a valid PNG header claiming w×h pixels, with no pixels.
func bombPNG(w, h int) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// dirStore is how the Notebook keeps attachments: files in a folder,
// referred to by a path relative to the clip.
type dirStore struct {
	dir, rel string
}

func (s *dirStore) Put(name string, data []byte) (string, error) {
	if err := os.WriteFile(filepath.Join(s.dir, name), data, 0o644); err != nil {
		return "", err
	}
	return s.rel + "/" + name, nil
}

type failingStore struct{}

func (failingStore) Put(string, []byte) (string, error) { return "", errors.New("disk full") }

func newImageSite(t *testing.T) *httptest.Server {
	t.Helper()
	files := map[string]struct {
		ct   string
		body []byte
	}{
		"/img/a.png":     {"image/png", pngBytes(t, 6, 4)},
		"/img/b.jpg":     {"image/jpeg", jpegBytes(t)},
		"/img/c.gif":     {"", gifBytes(t)}, // no Content-Type: sniffed
		"/img/d.webp":    {"image/webp", webpHeader(3, 2)},
		"/img/logo.svg":  {"image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
		"/img/bomb.png":  {"image/png", bombPNG(65535, 65535)},
		"/img/fake.png":  {"text/html", []byte("<html>not an image</html>")},
		"/img/bytes.png": {"application/octet-stream", []byte("just some bytes, not an image at all")},
		"/img/huge.png":  {"image/png", append(pngBytes(t, 2, 2), make([]byte, 11<<20)...)},
	}
	mux := http.NewServeMux()
	for path, f := range files {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if f.ct != "" {
				w.Header().Set("Content-Type", f.ct)
			} else {
				w.Header()["Content-Type"] = nil
			}
			w.Write(f.body)
		})
	}
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, r.URL.Query().Get("html"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// articleWithImages extracts a real article whose body shows the images.
func articleWithImages(t *testing.T, pageURL string, srcs ...string) *Article {
	t.Helper()
	var b strings.Builder
	b.WriteString("<html><head><title>Images</title></head><body><article><h1>Images</h1>")
	b.WriteString("<p>The delegations exchanged maps and photographs of the disputed area during the second session of the talks. Both sides kept copies for their capitals and agreed to discuss them again.</p>")
	for i, src := range srcs {
		fmt.Fprintf(&b, `<p>Paragraph %d of the report on the negotiations, long enough to be part of the article text that readability keeps.</p><figure><img src="%s" alt="figure %d"></figure>`, i, src, i)
	}
	b.WriteString("</article></body></html>")
	a, err := Extract(&Page{Source: pageURL, URL: pageURL, Kind: KindHTML, Body: []byte(b.String())}, ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestLocalizeImages(t *testing.T) {
	srv := newImageSite(t)
	dataPNG := "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngBytes(t, 2, 2))
	tests := []struct {
		src     string
		wantExt string // "" when the image must stay remote
		wantErr error
		wantMsg string
	}{
		{src: "/img/a.png", wantExt: "png"},
		{src: "/img/b.jpg", wantExt: "jpg"},
		{src: "/img/c.gif", wantExt: "gif"},
		{src: "/img/d.webp", wantExt: "webp"},
		{src: dataPNG, wantExt: "png"},
		{src: "/img/logo.svg", wantErr: ErrNotImage, wantMsg: "image/svg+xml"},
		{src: "/img/bomb.png", wantErr: ErrNotImage, wantMsg: "absurd dimensions 65535×65535"},
		{src: "/img/fake.png", wantErr: ErrNotImage, wantMsg: "is not an image (text/html)"},
		{src: "/img/bytes.png", wantErr: ErrNotImage, wantMsg: "not a JPEG, PNG, GIF or WebP image"},
		{src: "/img/huge.png", wantErr: ErrTooLarge, wantMsg: "image is larger than 10 MB"},
		{src: "/img/missing.png", wantErr: ErrHTTPStatus, wantMsg: "404"},
	}
	var srcs []string
	for _, tt := range tests {
		srcs = append(srcs, tt.src)
	}
	srcs = append(srcs, "/img/a.png") // the same image twice is fetched once
	a := articleWithImages(t, srv.URL+"/news/story.html", srcs...)
	if len(a.Images) != len(tests) {
		t.Fatalf("article has %d distinct images, want %d: %v", len(a.Images), len(tests), a.Images)
	}

	dir := t.TempDir()
	store := &dirStore{dir: dir, rel: "../attachments/clip1"}
	results, err := LocalizeImages(context.Background(), a, store, ImageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != len(tests) {
		t.Fatalf("%d results, want %d", len(results), len(tests))
	}
	for i, tt := range tests {
		r := results[i]
		remote := a.Images[i]
		if tt.wantExt != "" {
			want := fmt.Sprintf("../attachments/clip1/image-%02d.%s", i+1, tt.wantExt)
			if r.Err != nil || r.Path != want {
				t.Errorf("%s: got path %q err %v, want %q", tt.src, r.Path, r.Err, want)
				continue
			}
			if _, err := os.Stat(filepath.Join(dir, filepath.Base(want))); err != nil {
				t.Errorf("%s: not stored: %v", tt.src, err)
			}
			if !strings.Contains(a.Markdown, "("+want+")") {
				t.Errorf("%s: Markdown does not point at %s", tt.src, want)
			}
			if strings.Contains(a.Markdown, "("+remote+")") {
				t.Errorf("%s: Markdown still points at %s", tt.src, remote)
			}
			continue
		}
		if r.Path != "" || r.Err == nil {
			t.Errorf("%s: got path %q err %v, want a failure", tt.src, r.Path, r.Err)
			continue
		}
		if !errors.Is(r.Err, tt.wantErr) || !strings.Contains(r.Err.Error(), tt.wantMsg) {
			t.Errorf("%s: error %q, want %v saying %q", tt.src, r.Err, tt.wantErr, tt.wantMsg)
		}
		if !strings.Contains(a.Markdown, "("+remote+")") {
			t.Errorf("%s: failed image lost its remote URL in the Markdown", tt.src)
		}
	}
	if strings.Count(a.Markdown, "../attachments/clip1/image-01.png") != 2 {
		t.Errorf("both uses of a.png should point at the local copy:\n%s", a.Markdown)
	}
	if !strings.Contains(a.HTML, `src="../attachments/clip1/image-01.png"`) {
		t.Errorf("HTML not rewritten:\n%s", a.HTML)
	}
}

func TestLocalizeImagesLimits(t *testing.T) {
	srv := newImageSite(t)
	t.Run("max images", func(t *testing.T) {
		a := articleWithImages(t, srv.URL+"/story", "/img/a.png", "/img/b.jpg", "/img/c.gif")
		res, err := LocalizeImages(context.Background(), a, &dirStore{dir: t.TempDir(), rel: "x"}, ImageOptions{MaxImages: 2})
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Path == "" || res[1].Path == "" || res[2].Path != "" || !strings.Contains(res[2].Err.Error(), "more than 2 images") {
			t.Errorf("unexpected results %+v", res)
		}
	})
	t.Run("total budget", func(t *testing.T) {
		a := articleWithImages(t, srv.URL+"/story", "/img/a.png", "/img/b.jpg")
		budget := int64(len(pngBytes(t, 6, 4)) + 10) // room for the PNG, not for the JPEG
		res, err := LocalizeImages(context.Background(), a, &dirStore{dir: t.TempDir(), rel: "x"}, ImageOptions{MaxTotalBytes: budget})
		if err != nil {
			t.Fatal(err)
		}
		var stored, refused int
		for _, r := range res {
			switch {
			case r.Path != "":
				stored++
			case errors.Is(r.Err, ErrTooLarge):
				refused++
			}
		}
		if stored != 1 || refused != 1 {
			t.Errorf("stored %d refused %d, want 1 and 1: %+v", stored, refused, res)
		}
	})
	t.Run("store failure", func(t *testing.T) {
		a := articleWithImages(t, srv.URL+"/story", "/img/a.png")
		before := a.Markdown
		if _, err := LocalizeImages(context.Background(), a, failingStore{}, ImageOptions{}); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("got %v, want the store's error", err)
		}
		if a.Markdown != before {
			t.Error("Markdown changed although the store failed")
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		a := articleWithImages(t, srv.URL+"/story", "/img/a.png")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := LocalizeImages(ctx, a, &dirStore{dir: t.TempDir(), rel: "x"}, ImageOptions{}); !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	})
	t.Run("no images", func(t *testing.T) {
		a := articleWithImages(t, srv.URL+"/story")
		res, err := LocalizeImages(context.Background(), a, failingStore{}, ImageOptions{})
		if err != nil || len(res) != 0 {
			t.Errorf("got %v %v", res, err)
		}
	})
}

func TestCheckImage(t *testing.T) {
	opts := ImageOptions{}.withDefaults()
	tests := []struct {
		name string
		data []byte
		ext  string
	}{
		{"png", pngBytes(t, 3, 3), "png"},
		{"webp", webpHeader(100, 50), "webp"},
		{"bomb 65535×65535", bombPNG(65535, 65535), ""},
		{"wide 40000×1", bombPNG(40000, 1), ""},
		{"webp bomb", webpHeader(16000, 16000), ""},
		{"zero width", bombPNG(0, 10), ""},
		{"empty", nil, ""},
		{"truncated png", pngBytes(t, 3, 3)[:20], ""},
	}
	for _, tt := range tests {
		ext, err := checkImage(tt.data, "", opts)
		if ext != tt.ext || (tt.ext == "") != (err != nil) {
			t.Errorf("%s: got %q, %v; want %q", tt.name, ext, err, tt.ext)
		}
		if err != nil && !errors.Is(err, ErrNotImage) {
			t.Errorf("%s: %v does not wrap ErrNotImage", tt.name, err)
		}
	}
}
