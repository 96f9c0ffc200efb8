package clip

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // register the decoder for DecodeConfig
	_ "image/jpeg" // register the decoder for DecodeConfig
	_ "image/png"  // register the decoder for DecodeConfig
	"strings"
	"sync"

	_ "golang.org/x/image/webp" // register the decoder for DecodeConfig
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// AttachmentStore keeps the files of one clip. The Notebook implements it
// for attachments/<clip-id>/; Put returns the path the clip's Markdown
// should use to point at the file.
type AttachmentStore interface {
	Put(name string, data []byte) (relPath string, err error)
}

// Defaults for ImageOptions' zero values.
const (
	DefaultMaxImages      = 50
	DefaultMaxImageBytes  = 10 << 20
	DefaultMaxClipBytes   = 50 << 20
	DefaultMaxImageSide   = 30000
	DefaultMaxImagePixels = 50_000_000
)

// imageWorkers downloads a clip's images a few at a time: faster than one
// by one, gentler on the site and this machine than all at once.
const imageWorkers = 4

// ImageOptions configures LocalizeImages. The zero value gives the
// defaults above and FetchOptions' defaults for the network.
type ImageOptions struct {
	// Fetch holds the network rules (timeout, redirects, user agent);
	// its MaxBytes is ignored in favour of MaxImageBytes.
	Fetch FetchOptions
	// MaxImages is how many images are downloaded; the rest stay remote.
	MaxImages int
	// MaxImageBytes caps one image; MaxTotalBytes all images of a clip.
	MaxImageBytes int64
	MaxTotalBytes int64
	// MaxSide and MaxPixels refuse images whose header claims absurd
	// dimensions (a decompression bomb for whoever shows them later).
	MaxSide   int
	MaxPixels int
}

func (o ImageOptions) withDefaults() ImageOptions {
	if o.MaxImages <= 0 {
		o.MaxImages = DefaultMaxImages
	}
	if o.MaxImageBytes <= 0 {
		o.MaxImageBytes = DefaultMaxImageBytes
	}
	if o.MaxTotalBytes <= 0 {
		o.MaxTotalBytes = DefaultMaxClipBytes
	}
	if o.MaxSide <= 0 {
		o.MaxSide = DefaultMaxImageSide
	}
	if o.MaxPixels <= 0 {
		o.MaxPixels = DefaultMaxImagePixels
	}
	return o
}

// ImageResult tells what became of one image of the article.
type ImageResult struct {
	// URL is the image's address in the article.
	URL string
	// Path is where the store put the local copy; "" when the image kept
	// its remote URL.
	Path string
	// Err says why the image was not localised (nil when it was).
	Err error
}

// LocalizeImages downloads the article's images under the fetch rules
// (plus: at most MaxImages images, MaxImageBytes each, MaxTotalBytes in
// all, and only real JPEG, PNG, GIF or WebP images of sane dimensions),
// hands each to store, and rewrites a.HTML and a.Markdown to point at the
// local copies. An image that fails keeps its remote URL; its ImageResult
// says why. The returned error is for what stops the whole job: a store
// failure or a cancelled context.
func LocalizeImages(ctx context.Context, a *Article, store AttachmentStore, opts ImageOptions) (results []ImageResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("localise images: internal error: %v", r)
		}
	}()
	opts = opts.withDefaults()
	if a == nil || a.HTML == "" {
		return nil, nil
	}
	nodes, err := html.ParseFragment(strings.NewReader(a.HTML), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return nil, fmt.Errorf("localise images of %s: %w", a.Source, err)
	}
	imgs := map[string][]*html.Node{}
	var urls []string
	for _, n := range nodes {
		for _, img := range elementsNamed(n, "img") {
			src := attr(img, "src")
			if src == "" {
				continue
			}
			if _, ok := imgs[src]; !ok {
				urls = append(urls, src)
			}
			imgs[src] = append(imgs[src], img)
		}
	}
	if len(urls) == 0 {
		return nil, nil
	}

	results = make([]ImageResult, len(urls))
	data := make([][]byte, len(urls))
	exts := make([]string, len(urls))
	var mu sync.Mutex
	var total int64
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < imageWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i].URL = urls[i]
				mu.Lock()
				remaining := opts.MaxTotalBytes - total
				mu.Unlock()
				limit := min(opts.MaxImageBytes, remaining)
				if limit <= 0 {
					results[i].Err = newError(ErrTooLarge, fmt.Sprintf("images of this clip exceed %s", formatSize(opts.MaxTotalBytes)))
					continue
				}
				b, ext, err := loadImage(ctx, a, urls[i], limit, opts)
				if err != nil {
					results[i].Err = err
					continue
				}
				mu.Lock()
				if total+int64(len(b)) > opts.MaxTotalBytes {
					err = newError(ErrTooLarge, fmt.Sprintf("images of this clip exceed %s", formatSize(opts.MaxTotalBytes)))
				} else {
					total += int64(len(b))
				}
				mu.Unlock()
				if err != nil {
					results[i].Err = err
					continue
				}
				data[i], exts[i] = b, ext
			}
		}()
	}
	for i := range urls {
		if i >= opts.MaxImages {
			results[i] = ImageResult{URL: urls[i], Err: fmt.Errorf("more than %d images in the article", opts.MaxImages)}
			continue
		}
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return results, fmt.Errorf("localise images of %s: %w", a.Source, err)
	}

	// Store in article order, one at a time: the store need not be safe
	// for concurrent use, and names follow the order readers see.
	changed := false
	for i, u := range urls {
		if data[i] == nil {
			continue
		}
		rel, err := store.Put(fmt.Sprintf("image-%02d.%s", i+1, exts[i]), data[i])
		if err != nil {
			return results, fmt.Errorf("save image %s of %s: %w", u, a.Source, err)
		}
		results[i].Path = rel
		for _, img := range imgs[u] {
			setAttr(img, "src", rel)
		}
		changed = true
	}
	if !changed {
		return results, nil
	}
	var buf bytes.Buffer
	for _, n := range nodes {
		if err := html.Render(&buf, n); err != nil {
			return results, fmt.Errorf("localise images of %s: %w", a.Source, err)
		}
	}
	md, err := markdownOfHTML(buf.String())
	if err != nil {
		return results, fmt.Errorf("localise images of %s: %w", a.Source, err)
	}
	a.HTML, a.Markdown = buf.String(), md
	return results, nil
}

// loadImage gets an image's bytes — from a data: URL, from the resources
// that came with the page, or from the network — and checks them.
func loadImage(ctx context.Context, a *Article, src string, limit int64, opts ImageOptions) ([]byte, string, error) {
	var b []byte
	mediaType := ""
	switch {
	case strings.HasPrefix(strings.ToLower(src), "data:"):
		i := strings.Index(src, ",")
		if i < 0 || !strings.Contains(strings.ToLower(src[:i]), ";base64") {
			return nil, "", newError(ErrNotImage, "data URL is not a base64 image")
		}
		if int64(base64.StdEncoding.DecodedLen(len(src)-i-1)) > limit {
			return nil, "", tooLarge("image", limit)
		}
		d, err := base64.StdEncoding.DecodeString(strings.TrimSpace(src[i+1:]))
		if err != nil {
			return nil, "", wrapError(ErrNotImage, "data URL is not valid base64", err)
		}
		b = d
	case a.resources[src] != nil:
		b = a.resources[src]
		if int64(len(b)) > limit {
			return nil, "", tooLarge("image", limit)
		}
	default:
		resp, err := get(ctx, src, opts.Fetch, limit, "image", imageMediaType)
		if err != nil {
			return nil, "", err
		}
		b, mediaType = resp.body, resp.mediaType
	}
	ext, err := checkImage(b, mediaType, opts)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", shorten(src, 100), err)
	}
	return b, ext, nil
}

func imageMediaType(mediaType string) bool {
	return mediaType == "" || mediaType == "application/octet-stream" || mediaType == "binary/octet-stream" || strings.HasPrefix(mediaType, "image/")
}

// checkImage makes sure data is an image we can vouch for, from its
// header alone: image.DecodeConfig reads the dimensions without decoding a
// single pixel, so a tiny file claiming 65535×65535 costs nothing.
// mediaType is what the server called the data, for the message.
func checkImage(data []byte, mediaType string, opts ImageOptions) (string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			if mediaType == "" || mediaType == "application/octet-stream" {
				mediaType = sniffMediaType(data)
			}
			return "", newError(ErrNotImage, fmt.Sprintf("not a JPEG, PNG, GIF or WebP image (%s)", mediaType))
		}
		return "", wrapError(ErrNotImage, "broken image: "+err.Error(), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > opts.MaxSide || cfg.Height > opts.MaxSide ||
		int64(cfg.Width)*int64(cfg.Height) > int64(opts.MaxPixels) {
		return "", newError(ErrNotImage, fmt.Sprintf("image claims absurd dimensions %d×%d", cfg.Width, cfg.Height))
	}
	if format == "jpeg" {
		format = "jpg"
	}
	return format, nil
}

func elementsNamed(n *html.Node, name string) []*html.Node {
	var out []*html.Node
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.ElementNode && c.Data == name {
			out = append(out, c)
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return out
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func shorten(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
