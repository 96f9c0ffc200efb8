package clip

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// A page a browser saved "as a single file" (MHTML) is a MIME
// multipart/related message: the page's HTML is the first text/html part,
// and the images it shows follow as parts named by their Content-Location.
// The standard library reads the format; we keep the HTML as the page and
// the images as resources, so the clip's images need no network.

// maxMHTMLParts bounds the work on a hostile file with a million tiny parts.
const maxMHTMLParts = 2000

func looksMHTML(data []byte) bool {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	lower := bytes.ToLower(head)
	return bytes.Contains(lower, []byte("mime-version:")) && bytes.Contains(lower, []byte("multipart/related"))
}

func pageFromMHTML(data []byte, source string) (*Page, error) {
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, wrapError(ErrNotWebPage, fmt.Sprintf("%s is not a readable MHTML file (%v)", source, err), err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") || params["boundary"] == "" {
		// A single-part MHTML is just the page with mail headers on top.
		if err == nil && (mediaType == "text/html" || mediaType == "") {
			body, _ := io.ReadAll(decodeTransfer(msg.Body, msg.Header.Get("Content-Transfer-Encoding")))
			return mhtmlPage(source, body, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Location"), nil), nil
		}
		return nil, newError(ErrNotWebPage, fmt.Sprintf("%s is not a readable MHTML file (no multipart body)", source))
	}
	pageURL := msg.Header.Get("Snapshot-Content-Location")
	if pageURL == "" {
		pageURL = msg.Header.Get("Content-Location")
	}

	mr := multipart.NewReader(msg.Body, params["boundary"])
	var htmlBody []byte
	var htmlType, htmlLocation string
	resources := map[string][]byte{}
	for i := 0; i < maxMHTMLParts; i++ {
		part, err := mr.NextRawPart()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			if htmlBody != nil {
				break // keep what we have from a truncated file
			}
			return nil, wrapError(ErrNotWebPage, fmt.Sprintf("%s is not a readable MHTML file (%v)", source, err), err)
		}
		ct := part.Header.Get("Content-Type")
		pt := parseMediaType(ct)
		body, err := io.ReadAll(decodeTransfer(part, part.Header.Get("Content-Transfer-Encoding")))
		if err != nil {
			continue
		}
		location := strings.TrimSpace(part.Header.Get("Content-Location"))
		switch {
		case htmlBody == nil && (pt == "text/html" || pt == "application/xhtml+xml"):
			htmlBody, htmlType, htmlLocation = body, ct, location
		case strings.HasPrefix(pt, "image/") && location != "":
			resources[location] = body
		}
	}
	if htmlBody == nil {
		return nil, newError(ErrNotWebPage, fmt.Sprintf("%s is not a web page (MHTML without an HTML part)", source))
	}
	if pageURL == "" {
		pageURL = htmlLocation
	}
	return mhtmlPage(source, htmlBody, htmlType, pageURL, resources), nil
}

func mhtmlPage(source string, body []byte, contentType, location string, resources map[string][]byte) *Page {
	p := &Page{Source: source, Kind: KindHTML, resources: resources}
	p.Body, p.Charset = decodeHTML(body, contentType)
	if IsURL(location) {
		p.URL = strings.TrimSpace(location)
	}
	return p
}

// decodeTransfer undoes a part's Content-Transfer-Encoding. NextRawPart
// leaves quoted-printable to us as well, so both are handled here.
func decodeTransfer(r io.Reader, encoding string) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &base64Cleaner{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// base64Cleaner drops the line breaks and spaces that MIME puts in base64
// bodies, which encoding/base64 only partly tolerates.
type base64Cleaner struct{ r io.Reader }

func (c *base64Cleaner) Read(p []byte) (int, error) {
	for {
		n, err := c.r.Read(p)
		j := 0
		for _, b := range p[:n] {
			if b != '\r' && b != '\n' && b != ' ' && b != '\t' {
				p[j] = b
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}
