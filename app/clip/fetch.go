package clip

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Defaults for FetchOptions' zero values.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRedirects = 5
	DefaultMaxPageBytes = 25 << 20
	DefaultUserAgent    = "Mozilla/5.0 (compatible; Parley/1.0; +https://github.com/parley-notes/parley)"
)

// FetchOptions configures Fetch (and the image downloads of
// LocalizeImages). The zero value gives the defaults above.
type FetchOptions struct {
	// Timeout bounds the whole request: connecting, redirects and reading
	// the body.
	Timeout time.Duration
	// MaxRedirects is how many redirects are followed; 0 means the
	// default (5), a negative number means none.
	MaxRedirects int
	// MaxBytes caps the body after decompression; 0 means 25 MB.
	MaxBytes int64
	// UserAgent is sent with every request.
	UserAgent string
	// Transport, when set, replaces the default transport (a proxy-aware
	// clone of http.DefaultTransport). Tests use it to trust httptest TLS
	// servers.
	Transport http.RoundTripper
}

func (o FetchOptions) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

func (o FetchOptions) maxRedirects() int {
	switch {
	case o.MaxRedirects < 0:
		return 0
	case o.MaxRedirects == 0:
		return DefaultMaxRedirects
	}
	return o.MaxRedirects
}

func (o FetchOptions) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxPageBytes
}

func (o FetchOptions) userAgent() string {
	if o.UserAgent != "" {
		return o.UserAgent
	}
	return DefaultUserAgent
}

// Fetch downloads a web page safely: http and https only (redirect targets
// too), at most MaxRedirects redirects, gzip decoded here so that the size
// cap also holds after decompression, no cookies (the client has no jar),
// and the body converted to UTF-8 from whatever charset the page declares.
//
// A response that is not HTML, Markdown or plain text fails with
// ErrNotWebPage ("URL is not a web page (application/pdf)"); one over the
// cap with ErrTooLarge ("page is larger than 25 MB"); a network failure
// with its reason in one line.
func Fetch(ctx context.Context, rawURL string, opts FetchOptions) (*Page, error) {
	resp, err := get(ctx, rawURL, opts, opts.maxBytes(), "page", pageMediaType)
	if err != nil {
		return nil, err
	}
	kind, ok := pageKind(resp.mediaType, resp.body)
	if !ok {
		return nil, notWebPage(rawURL, resp.mediaType)
	}
	p := &Page{Source: rawURL, URL: resp.url, Kind: kind}
	if kind == KindHTML {
		p.Body, p.Charset = decodeHTML(resp.body, resp.contentType)
	} else {
		p.Body, p.Charset = decodeText(resp.body, resp.contentType)
	}
	return p, nil
}

// response is a finished download.
type response struct {
	url         string // after redirects
	contentType string // the header as sent
	mediaType   string // lower case, sniffed when the header was missing or generic
	body        []byte // decompressed
}

// pageMediaType decides from the Content-Type header alone whether a
// response can be a page, so a PDF is refused before its body is read.
func pageMediaType(mediaType string) bool {
	switch {
	case mediaType == "", mediaType == "application/octet-stream":
		return true // undecided: sniff the body
	case strings.HasPrefix(mediaType, "text/"):
		return true
	case mediaType == "application/xhtml+xml":
		return true
	}
	return false
}

// pageKind maps a media type (and, for text/plain, the body) to a Kind.
func pageKind(mediaType string, body []byte) (Kind, bool) {
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		return KindHTML, true
	case "text/markdown", "text/x-markdown":
		return KindMarkdown, true
	case "text/plain":
		// Servers label saved pages and misconfigured sites text/plain.
		if sniffMediaType(body) == "text/html" {
			return KindHTML, true
		}
		return KindText, true
	}
	return "", false
}

// get performs a GET under the fetch rules. limit caps the decompressed
// body; noun names the thing in the size error ("page", "image");
// acceptHeader refuses a Content-Type before the body is read.
func get(ctx context.Context, rawURL string, opts FetchOptions, limit int64, noun string, acceptHeader func(string) bool) (*response, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, newError(ErrBadSource, fmt.Sprintf("%s is not an http or https URL", rawURL))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, wrapError(ErrBadSource, fmt.Sprintf("%s is not a valid URL", rawURL), err)
	}
	req.Header.Set("User-Agent", opts.userAgent())
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,image/*;q=0.8,*/*;q=0.5")
	// We ask for gzip ourselves (and turn off the transport's transparent
	// decompression) so that the size cap is enforced on decompressed bytes
	// and a gzip bomb stops at the cap.
	req.Header.Set("Accept-Encoding", "gzip")

	client := newClient(opts)
	resp, err := client.Do(req)
	if err != nil {
		return nil, fetchError(rawURL, opts, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newError(ErrHTTPStatus, fmt.Sprintf("cannot fetch %s: the server answered %s", rawURL, resp.Status))
	}
	contentType := resp.Header.Get("Content-Type")
	mediaType := parseMediaType(contentType)
	if !acceptHeader(mediaType) {
		return nil, notWebPageOrImage(rawURL, noun, mediaType)
	}
	if resp.ContentLength > limit && resp.Header.Get("Content-Encoding") == "" {
		return nil, tooLarge(noun, limit)
	}

	var r io.Reader = resp.Body
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		gz, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, fmt.Errorf("cannot fetch %s: bad gzip data: %w", rawURL, err)
		}
		defer gz.Close()
		r = gz
	default:
		return nil, fmt.Errorf("cannot fetch %s: unsupported content encoding %q", rawURL, enc)
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fetchError(rawURL, opts, err)
	}
	if int64(len(body)) > limit {
		return nil, tooLarge(noun, limit)
	}
	if mediaType == "" || mediaType == "application/octet-stream" {
		mediaType = sniffMediaType(body)
	}
	return &response{url: resp.Request.URL.String(), contentType: contentType, mediaType: mediaType, body: body}, nil
}

func newClient(opts FetchOptions) *http.Client {
	transport := opts.Transport
	if transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.DisableCompression = true
		t.ResponseHeaderTimeout = opts.timeout()
		transport = t
	}
	maxRedirects := opts.maxRedirects()
	return &http.Client{
		Transport: transport,
		Timeout:   opts.timeout(),
		// No Jar: cookies are never stored nor sent, so a clip does not
		// carry the analyst's identity to the site.
		Jar: nil,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return newError(ErrBadSource, fmt.Sprintf("redirected to %s, which is not an http or https URL", req.URL.Redacted()))
			}
			for _, prev := range via {
				if prev.URL.String() == req.URL.String() {
					return fmt.Errorf("redirect loop at %s", req.URL.Redacted())
				}
			}
			if len(via) > maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			return nil
		},
	}
}

// fetchError turns a transport error into one line a person can act on,
// keeping the original error for errors.Is (context.DeadlineExceeded…).
func fetchError(rawURL string, opts FetchOptions, err error) error {
	var ce *clipError
	if errors.As(err, &ce) {
		return ce
	}
	return wrapError(nil, fmt.Sprintf("cannot fetch %s: %s", rawURL, networkReason(err, opts)), err)
}

func networkReason(err error, opts FetchOptions) string {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Sprintf("no complete answer within %s", opts.timeout())
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot find the server %s", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by the server"
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return "network unreachable"
	case errors.As(err, &hostErr), errors.As(err, &unknownAuth), errors.As(err, &certErr):
		return "the server's TLS certificate is not valid: " + oneLine(innermost(err).Error())
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "the connection closed before the page was complete"
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	return oneLine(err.Error())
}

func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func parseMediaType(contentType string) string {
	if contentType == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A broken header ("text/html;;charset") still names its type.
		mt = strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0])
	}
	return strings.ToLower(mt)
}

func sniffMediaType(body []byte) string {
	return parseMediaType(http.DetectContentType(body))
}

func notWebPage(source, mediaType string) error {
	if mediaType == "" {
		mediaType = "unknown type"
	}
	return newError(ErrNotWebPage, fmt.Sprintf("%s is not a web page (%s)", source, mediaType))
}

func notWebPageOrImage(source, noun, mediaType string) error {
	if noun == "image" {
		return newError(ErrNotImage, fmt.Sprintf("%s is not an image (%s)", source, mediaType))
	}
	return notWebPage(source, mediaType)
}

func tooLarge(noun string, limit int64) error {
	return newError(ErrTooLarge, fmt.Sprintf("%s is larger than %s", noun, formatSize(limit)))
}

// formatSize prints a cap the way people say it: "25 MB", "512 KB".
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
