package clip

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// plainText renders a node the way a browser's innerText would: blocks on
// their own lines, paragraphs separated by a blank line.
func plainText(n *html.Node) string {
	t := render.InnerText(n)
	lines := strings.Split(t, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\u00a0")
		if strings.TrimSpace(l) == "" {
			blank++
			if blank > 1 {
				continue
			}
			l = ""
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// ContentHash is the hex SHA-256 of text after normalisation (Unicode
// NFKC, case folding, white space collapsed to single spaces), so that the
// same article clipped twice — from another URL, with other line breaks or
// capitalised differently in a headline — has the same hash. It returns ""
// for text without any content.
func ContentHash(text string) string {
	s := collapseSpace(cases.Fold().String(norm.NFKC.String(text)))
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
