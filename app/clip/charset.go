package clip

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// metaCharsetScanBytes is how far we look for a <meta charset> that the
// standard 1024-byte prescan missed: real pages often put it after long
// comments or inline scripts.
const metaCharsetScanBytes = 64 << 10

var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// decodeHTML converts an HTML page to UTF-8. It follows the order browsers
// use — byte order mark, the Content-Type header, <meta charset> — with two
// repairs for common mistakes. A body that is valid UTF-8 and uses
// non-ASCII characters is read as UTF-8 whatever the declaration says:
// sites moved to UTF-8 often keep an old windows-1251 or gb2312 <meta>,
// while text really in those charsets is practically never valid UTF-8
// (their letters are runs of bytes above 0xC0, which UTF-8 forbids). And a
// page that declares nothing and is not UTF-8 is guessed statistically, so
// that undeclared windows-1251 and KOI8-R pages still come out as Cyrillic.
func decodeHTML(body []byte, contentType string) ([]byte, string) {
	if enc, name, ok := bomEncoding(body); ok {
		return decodeWith(body, enc, name)
	}
	if cs := headerCharset(contentType); cs != "" {
		if enc, name := charset.Lookup(cs); enc != nil {
			if !declaredWrongly(name, body) {
				return decodeWith(body, enc, name)
			}
		}
	}
	head := body
	if len(head) > metaCharsetScanBytes {
		head = head[:metaCharsetScanBytes]
	}
	if m := metaCharsetRe.FindSubmatch(head); m != nil {
		if enc, name := charset.Lookup(string(m[1])); enc != nil {
			// A <meta> can only be read because the page is ASCII-compatible,
			// so a declared UTF-16 is a mistake; browsers use UTF-8 then.
			if strings.HasPrefix(name, "utf-16") {
				return decodeWith(body, encoding.Nop, "utf-8")
			}
			if !declaredWrongly(name, body) {
				return decodeWith(body, enc, name)
			}
		}
	}
	return decodeGuess(body)
}

// decodeText converts a Markdown or plain-text file to UTF-8: byte order
// mark, then a charset parameter, then UTF-8, then a statistical guess.
func decodeText(body []byte, contentType string) ([]byte, string) {
	if enc, name, ok := bomEncoding(body); ok {
		return decodeWith(body, enc, name)
	}
	if cs := headerCharset(contentType); cs != "" {
		if enc, name := charset.Lookup(cs); enc != nil && !declaredWrongly(name, body) {
			return decodeWith(body, enc, name)
		}
	}
	return decodeGuess(body)
}

func decodeGuess(body []byte) ([]byte, string) {
	if utf8.Valid(body) {
		return decodeWith(body, encoding.Nop, "utf-8")
	}
	sample := body
	if len(sample) > metaCharsetScanBytes {
		sample = sample[:metaCharsetScanBytes]
	}
	if r, err := chardet.NewHtmlDetector().DetectBest(sample); err == nil && r.Confidence >= 30 {
		if enc, name := charset.Lookup(r.Charset); enc != nil {
			return decodeWith(body, enc, name)
		}
	}
	// The web's historical default.
	enc, name := charset.Lookup("windows-1252")
	return decodeWith(body, enc, name)
}

func bomEncoding(body []byte) (encoding.Encoding, string, bool) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return encoding.Nop, "utf-8", true
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", true
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", true
	}
	return nil, "", false
}

// decodeWith converts body to valid UTF-8 and drops a UTF-8 byte order
// mark. Undecodable bytes become U+FFFD rather than an error: a page with
// one broken byte is still worth clipping.
func decodeWith(body []byte, enc encoding.Encoding, name string) ([]byte, string) {
	out := body
	if enc != encoding.Nop && enc != nil {
		if b, err := enc.NewDecoder().Bytes(body); err == nil {
			out = b
		}
	}
	out = bytes.TrimPrefix(out, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return out, name
}

func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(params["charset"])
}

// declaredWrongly reports whether a declared charset must be a mistake
// because the body is (non-trivial) UTF-8.
func declaredWrongly(name string, body []byte) bool {
	if name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		return false
	}
	return looksUTF8(body)
}

// looksUTF8 reports whether body is valid UTF-8 that actually uses bytes
// above ASCII (pure ASCII decodes the same in every candidate charset).
func looksUTF8(body []byte) bool {
	for _, c := range body {
		if c >= 0x80 {
			return utf8.Valid(body)
		}
	}
	return false
}
