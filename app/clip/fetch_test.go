package clip

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

const russianSentence = "Переговоры в Женеве завершились без соглашения о прекращении огня."

func encode(t testing.TB, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipped(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testSite is a real HTTP server on 127.0.0.1 with one route per case.
type testSite struct {
	*httptest.Server
	mu      sync.Mutex
	cookies []string // Cookie headers received, in order
}

func newTestSite(t *testing.T) *testSite {
	t.Helper()
	s := &testSite{}
	page := "<!DOCTYPE html><html><head><title>Test page</title></head><body><p>Hello from the test page.</p></body></html>"
	html1251 := func(meta string) []byte {
		return encode(t, charmap.Windows1251, "<html><head>"+meta+"<title>Женева</title></head><body><p>"+russianSentence+"</p></body></html>")
	}
	koi8 := func(meta string) []byte {
		return encode(t, charmap.KOI8R, "<html><head>"+meta+"<title>Женева</title></head><body><p>"+russianSentence+" "+russianSentence+"</p></body></html>")
	}
	bomb := gzipped(t, bytes.Repeat([]byte{0}, 30<<20))
	big := bytes.Repeat([]byte("<p>padding padding padding</p>\n"), (26<<20)/31+1)

	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/ua", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<p>%s</p>", r.UserAgent())
	})
	mux.HandleFunc("/hops/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n <= 0 {
			http.Redirect(w, r, "/page", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hops/%d", n-1), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop-a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", http.StatusFound) })
	mux.HandleFunc("/loop-b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a", http.StatusFound) })
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://127.0.0.1/pub/file.html", http.StatusFound)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // answers only when the client gives up
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><p>The first part arrives")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gzipped(t, []byte(page)))
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/cp1251-header", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1251")
		w.Write(html1251(""))
	})
	mux.HandleFunc("/cp1251-meta", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(html1251(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`))
	})
	mux.HandleFunc("/koi8-meta", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(koi8(`<meta charset="koi8-r">`))
	})
	mux.HandleFunc("/koi8-header", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=KOI8-R")
		w.Write(koi8(""))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(len(big)))
		w.Write(big)
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for off := 0; off < len(big); off += 1 << 20 {
			if _, err := w.Write(big[off:min(off+1<<20, len(big))]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"))
	})
	mux.HandleFunc("/unlabelled.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // no header: the body must be sniffed
		w.Write([]byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"))
	})
	mux.HandleFunc("/photo", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngBytes(t, 4, 4))
	})
	mux.HandleFunc("/cookie", func(w http.ResponseWriter, r *http.Request) {
		s.noteCookie(r)
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "secret", Path: "/"})
		http.Redirect(w, r, "/cookie-check", http.StatusFound)
	})
	mux.HandleFunc("/cookie-check", func(w http.ResponseWriter, r *http.Request) {
		s.noteCookie(r)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/notes.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "Notes from the round\n\nThe parties met twice.")
	})
	mux.HandleFunc("/notes.md", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/markdown")
		fmt.Fprint(w, "# Notes\n\nThe parties met twice.")
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) noteCookie(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cookies = append(s.cookies, r.Header.Get("Cookie"))
}

func TestFetch(t *testing.T) {
	site := newTestSite(t)
	refused := httptest.NewServer(http.NotFoundHandler())
	refusedURL := refused.URL
	refused.Close()

	short := FetchOptions{Timeout: 300 * time.Millisecond}
	tests := []struct {
		name     string
		url      string // a path on the test site, or a whole URL
		opts     FetchOptions
		wantErr  error  // sentinel the error must wrap
		wantMsg  string // the error text must contain this
		wantKind Kind
		wantBody string // the UTF-8 body must contain this
		wantURL  string // the final URL must end with this
	}{
		{name: "page", url: "/page", wantKind: KindHTML, wantBody: "Hello from the test page", wantURL: "/page"},
		{name: "user agent", url: "/ua", wantKind: KindHTML, wantBody: "Parley/"},
		{name: "three redirects", url: "/hops/3", wantKind: KindHTML, wantBody: "Hello", wantURL: "/page"},
		{name: "five redirects", url: "/hops/4", wantKind: KindHTML, wantBody: "Hello", wantURL: "/page"},
		{name: "six redirects", url: "/hops/5", wantMsg: "more than 5 redirects"},
		{name: "fewer redirects allowed", url: "/hops/1", opts: FetchOptions{MaxRedirects: 1}, wantMsg: "more than 1 redirects"},
		{name: "redirect loop", url: "/loop-a", wantMsg: "redirect loop"},
		{name: "redirect to ftp", url: "/to-ftp", wantErr: ErrBadSource, wantMsg: "ftp://127.0.0.1/pub/file.html, which is not an http or https URL"},
		{name: "redirect to file", url: "/to-file", wantErr: ErrBadSource, wantMsg: "file:///etc/passwd"},
		{name: "slow server", url: "/slow", opts: short, wantErr: context.DeadlineExceeded, wantMsg: "no complete answer within 300ms"},
		{name: "slow body", url: "/slow-body", opts: short, wantMsg: "no complete answer within 300ms"},
		{name: "gzip", url: "/gzip", wantKind: KindHTML, wantBody: "Hello from the test page"},
		{name: "gzip bomb", url: "/bomb", wantErr: ErrTooLarge, wantMsg: "page is larger than 25 MB"},
		{name: "windows-1251 in header", url: "/cp1251-header", wantKind: KindHTML, wantBody: russianSentence},
		{name: "windows-1251 in meta", url: "/cp1251-meta", wantKind: KindHTML, wantBody: russianSentence},
		{name: "KOI8-R in meta", url: "/koi8-meta", wantKind: KindHTML, wantBody: russianSentence},
		{name: "KOI8-R in header", url: "/koi8-header", wantKind: KindHTML, wantBody: russianSentence},
		{name: "26 MB body", url: "/big", wantErr: ErrTooLarge, wantMsg: "page is larger than 25 MB"},
		{name: "26 MB chunked", url: "/big-chunked", wantErr: ErrTooLarge, wantMsg: "page is larger than 25 MB"},
		{name: "smaller cap", url: "/page", opts: FetchOptions{MaxBytes: 50}, wantErr: ErrTooLarge, wantMsg: "page is larger than 50 bytes"},
		{name: "pdf", url: "/report.pdf", wantErr: ErrNotWebPage, wantMsg: "/report.pdf is not a web page (application/pdf)"},
		{name: "unlabelled pdf", url: "/unlabelled.pdf", wantErr: ErrNotWebPage, wantMsg: "is not a web page (application/pdf)"},
		{name: "image", url: "/photo", wantErr: ErrNotWebPage, wantMsg: "is not a web page (image/png)"},
		{name: "404", url: "/missing", wantErr: ErrHTTPStatus, wantMsg: "404 Not Found"},
		{name: "plain text", url: "/notes.txt", wantKind: KindText, wantBody: "The parties met twice."},
		{name: "markdown", url: "/notes.md", wantKind: KindMarkdown, wantBody: "# Notes"},
		{name: "connection refused", url: refusedURL + "/page", wantMsg: "connection refused"},
		{name: "not http", url: "ftp://127.0.0.1/page", wantErr: ErrBadSource, wantMsg: "is not an http or https URL"},
		{name: "no host", url: "http:///page", wantErr: ErrBadSource},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.url
			if strings.HasPrefix(u, "/") {
				u = site.URL + u
			}
			page, err := Fetch(context.Background(), u, tt.opts)
			if tt.wantErr != nil || tt.wantMsg != "" {
				if err == nil {
					t.Fatalf("Fetch(%s) succeeded, want an error", u)
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Errorf("error %q does not wrap %v", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantMsg) {
					t.Errorf("error %q does not say %q", err, tt.wantMsg)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error is not one line: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Fetch(%s): %v", u, err)
			}
			if page.Kind != tt.wantKind {
				t.Errorf("kind %q, want %q", page.Kind, tt.wantKind)
			}
			if !strings.Contains(string(page.Body), tt.wantBody) {
				t.Errorf("body does not contain %q:\n%s", tt.wantBody, shorten(string(page.Body), 300))
			}
			if !strings.HasSuffix(page.URL, tt.wantURL) {
				t.Errorf("final URL %q, want …%s", page.URL, tt.wantURL)
			}
			if page.Source != u {
				t.Errorf("source %q, want %q", page.Source, u)
			}
		})
	}
}

// The exact sentences of issue 3.
func TestFetchMessages(t *testing.T) {
	site := newTestSite(t)
	_, err := Fetch(context.Background(), site.URL+"/big", FetchOptions{})
	if err == nil || err.Error() != "page is larger than 25 MB" {
		t.Errorf("got %v, want exactly %q", err, "page is larger than 25 MB")
	}
	u := site.URL + "/report.pdf"
	_, err = Fetch(context.Background(), u, FetchOptions{})
	if want := u + " is not a web page (application/pdf)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want exactly %q", err, want)
	}
}

func TestFetchSendsNoCookies(t *testing.T) {
	site := newTestSite(t)
	for range 2 {
		if _, err := Fetch(context.Background(), site.URL+"/cookie", FetchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	site.mu.Lock()
	defer site.mu.Unlock()
	if len(site.cookies) != 4 {
		t.Fatalf("server saw %d requests, want 4", len(site.cookies))
	}
	for i, c := range site.cookies {
		if c != "" {
			t.Errorf("request %d carried Cookie: %q", i, c)
		}
	}
}

func TestFetchCancelled(t *testing.T) {
	site := newTestSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Fetch(ctx, site.URL+"/page", FetchOptions{})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("got %v, want a cancellation", err)
	}
}
