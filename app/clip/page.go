package clip

import (
	"path/filepath"
	"strings"
)

// Kind says how a Page's body is to be read.
type Kind string

const (
	KindHTML     Kind = "html"     // a web page: run through article extraction
	KindMarkdown Kind = "markdown" // a Markdown file: clipped as it is
	KindText     Kind = "text"     // plain text: clipped as it is
)

// Page is a source read into memory, before extraction. Body is always UTF-8,
// whatever encoding the source came in.
type Page struct {
	// Source is what the user gave: a URL, a file path or "-".
	Source string
	// URL is where the page lives on the web: the final URL after redirects,
	// or for a saved page the address it says it was saved from (MHTML
	// Content-Location, the "saved from url" comment). "" when unknown.
	URL string
	// Kind says whether Body is HTML, Markdown or plain text.
	Kind Kind
	// Body is the content, converted to UTF-8 (no byte order mark).
	Body []byte
	// Charset is the encoding the source came in, e.g. "windows-1251".
	Charset string

	// resources are files that came with the page (the images of an MHTML
	// file), by URL, so that LocalizeImages need not download them.
	resources map[string][]byte
}

// name is a human name for the page when it has no title: the file name
// without extension, or the last segment of the URL path.
func (p *Page) name() string {
	src := p.Source
	if src == "" || src == "-" {
		src = p.URL
	}
	if IsURL(src) {
		src = strings.TrimRight(strings.SplitN(strings.SplitN(src, "?", 2)[0], "#", 2)[0], "/")
	}
	base := filepath.Base(filepath.ToSlash(src))
	if i := strings.LastIndex(base, "/"); i >= 0 {
		base = base[i+1:]
	}
	if base == "." || base == "/" || base == "-" {
		return ""
	}
	base = strings.TrimSuffix(base, filepath.Ext(base))
	return strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ").Replace(base))
}
