// Package clip turns a source — a web page's URL, a saved page, a Markdown
// or text file, the clipboard — into a clean, dated Article: the article
// text without menus and ads, as Markdown and as plain text, with its
// title, byline, outlet, publication date, language and canonical URL, a
// hash of its text for finding duplicates, and a sanitised snapshot of the
// page as it was.
//
// It knows nothing of vaults, ids or the index: the Notebook (package app)
// calls it and stores the result. The steps, each usable alone:
//
//	page, err := clip.Load(ctx, source, clip.FetchOptions{}) // URL, file path or "-" (stdin)
//	art, err := clip.Extract(page, clip.ExtractOptions{Raw: raw})
//	// …check art.CanonicalURL and art.ContentHash against the vault…
//	results, err := clip.LocalizeImages(ctx, art, store, clip.ImageOptions{})
//	// …write art.Markdown, art.Snapshot and the front matter…
//
// Load dispatches to Fetch (http and https only, at most 5 redirects, 30 s,
// gzip, 25 MB after decompression, no cookies, the page's charset turned
// into UTF-8), LoadFile (.html, .htm, .mhtml, .md, .txt; others sniffed)
// and LoadReader (bytes whose kind is sniffed: standard input, the
// clipboard). IsURL tells a pasted link from pasted text.
//
// Extract finds the article with Readability's algorithm
// (codeberg.org/readeck/go-readability), reads the metadata (JSON-LD,
// OpenGraph and other meta tags, <time>, the URL), converts the article to
// Markdown (github.com/JohannesKaufmann/html-to-markdown) and sanitises a
// copy of the whole page (github.com/microcosm-cc/bluemonday). Markdown and
// text sources are clipped as they are. The JSON form of an Article is what
// `parley clip --dry-run --json` prints.
//
// LocalizeImages downloads the article's images through an
// AttachmentStore, which the Notebook implements for attachments/<clip-id>/,
// and points the Markdown at the local copies.
//
// Errors are wrapped with context and carry a sentence for the user; test
// them with errors.Is against ErrNotWebPage, ErrNotArticle, ErrTooLarge,
// ErrHTTPStatus, ErrBadSource and ErrNotImage. Nothing in the package
// panics on any input: malformed, deeply nested and huge markup is handled
// in seconds (see parse.go), and a panic inside a library is returned as an
// error.
//
// EVALUATION.md records how the extractor scores on the Readability test
// corpus and why Readability was chosen over go-trafilatura.
package clip
