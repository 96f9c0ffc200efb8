package clip

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Load reads any source the CLI accepts: an http(s) URL (fetched with
// Fetch), "-" for standard input, or a file path (see LoadFile). opts.MaxBytes
// caps every kind of source.
func Load(ctx context.Context, source string, opts FetchOptions) (*Page, error) {
	switch {
	case IsURL(source):
		return Fetch(ctx, source, opts)
	case source == "-":
		return readSource(os.Stdin, "-", "", opts.maxBytes())
	}
	return loadFile(source, opts.maxBytes())
}

// IsURL reports whether s is an absolute http or https URL — the test the
// GUI uses to decide whether pasted text is a link to fetch.
func IsURL(s string) bool {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// LoadFile reads a saved page or a document from disk, chosen by its
// extension: .html/.htm/.xhtml (a web page), .mhtml/.mht (a page saved by a
// browser as a single file), .md/.markdown and .txt (clipped as they are).
// Other files are sniffed; anything that is not text fails with
// ErrNotWebPage.
func LoadFile(path string) (*Page, error) {
	return loadFile(path, DefaultMaxPageBytes)
}

func loadFile(path string, limit int64) (*Page, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, wrapError(ErrBadSource, fmt.Sprintf("%s: no such file, and not an http or https URL", path), err)
		}
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, newError(ErrBadSource, fmt.Sprintf("%s is a folder, not a page", path))
	}
	return readSource(f, path, strings.ToLower(filepath.Ext(path)), limit)
}

// LoadReader reads a page from r — standard input, the clipboard, a
// dropped file's contents — and decides from the bytes whether it is HTML,
// MHTML, Markdown or plain text. source names it in messages ("-").
func LoadReader(r io.Reader, source string) (*Page, error) {
	return readSource(r, source, "", DefaultMaxPageBytes)
}

func readSource(r io.Reader, source, ext string, limit int64) (*Page, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", source, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge("page", limit)
	}
	return pageFromBytes(data, source, ext)
}

// pageFromBytes classifies and decodes data. ext is the lower-case file
// extension, or "" when there is none to go by.
func pageFromBytes(data []byte, source, ext string) (*Page, error) {
	sniffed := sniffMediaType(data)
	if !strings.HasPrefix(sniffed, "text/") && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) && !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		return nil, notWebPage(source, sniffed)
	}
	kind := KindText
	switch ext {
	case ".html", ".htm", ".xhtml", ".shtml", ".xht":
		kind = KindHTML
	case ".mhtml", ".mht":
		return pageFromMHTML(data, source)
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		kind = KindMarkdown
	case ".txt", ".text":
		kind = KindText
	default:
		switch {
		case looksMHTML(data):
			return pageFromMHTML(data, source)
		case looksHTML(data):
			kind = KindHTML
		case looksMarkdown(data):
			kind = KindMarkdown
		}
	}
	p := &Page{Source: source, Kind: kind}
	if kind == KindHTML {
		p.Body, p.Charset = decodeHTML(data, "")
		p.URL = savedFromURL(p.Body)
	} else {
		p.Body, p.Charset = decodeText(data, "")
	}
	return p, nil
}

var (
	// Browsers' "Save page as" leaves <!-- saved from url=(0042)https://… -->.
	savedFromRe = regexp.MustCompile(`(?i)<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->`)
	closeTagRe  = regexp.MustCompile(`</(?i:html|head|body|p|div|span|a|b|i|em|strong|h[1-6]|li|ul|ol|table|article|section|br)\s*>`)
	markdownRe  = regexp.MustCompile("(?m)^(#{1,6} \\S|[*+-] \\S|\\d{1,3}\\. \\S|> |```|~~~)|\\]\\([^)\\s]+\\)")
)

func savedFromURL(body []byte) string {
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	if m := savedFromRe.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// looksHTML is broader than http.DetectContentType, which only knows a page
// that starts with one of a few tags: clipboard HTML often starts with
// <meta charset> or a bare <span>.
func looksHTML(data []byte) bool {
	if sniffMediaType(data) == "text/html" {
		return true
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	trimmed := bytes.TrimSpace(head)
	return len(trimmed) > 0 && trimmed[0] == '<' && closeTagRe.Match(head)
}

func looksMarkdown(data []byte) bool {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	return markdownRe.Match(head)
}
