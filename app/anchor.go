package app

import (
	"strings"
	"unicode/utf8"

	"github.com/parley-notes/parley/app/vault"
)

// contextRunes is how much text either side of a quote an annotation keeps
// to tell repeated passages apart and to find the quote after small edits.
const contextRunes = 32

// NewAnnotation anchors a passage of text (the clip's plain text, see
// markdown.PlainText) as the W3C Web Annotation model's TextQuoteSelector
// does: the exact quote plus a little text either side.
func NewAnnotation(text string, start, end int) vault.Annotation {
	return vault.Annotation{
		ID:     vault.NewID(),
		Exact:  text[start:end],
		Prefix: lastRunes(text[:start], contextRunes),
		Suffix: firstRunes(text[end:], contextRunes),
	}
}

// Anchor finds an annotation's passage in text: the occurrence of the exact
// quote whose surroundings best match its prefix and suffix; failing that,
// the quote with white space and case ignored (the text was re-flowed or
// re-cased by an edit). ok is false when the passage is gone.
func Anchor(text string, a vault.Annotation) (start, end int, ok bool) {
	if a.Exact == "" {
		return 0, 0, false
	}
	best, bestScore := -1, -1
	for from := 0; from <= len(text); {
		i := strings.Index(text[from:], a.Exact)
		if i < 0 {
			break
		}
		i += from
		score := commonSuffix(text[:i], a.Prefix) + commonPrefix(text[i+len(a.Exact):], a.Suffix)
		if score > bestScore {
			best, bestScore = i, score
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		from = i + max(n, 1)
	}
	if best >= 0 {
		return best, best + len(a.Exact), true
	}
	return looseFind(text, a.Exact)
}

// looseFind matches quote against text ignoring case and runs of white
// space, returning byte offsets in text.
func looseFind(text, quote string) (start, end int, ok bool) {
	want := strings.Fields(strings.ToLower(quote))
	if len(want) == 0 {
		return 0, 0, false
	}
	type word struct {
		s, e int
		w    string
	}
	var words []word
	inWord, ws := false, 0
	for i, r := range text + " " {
		space := r == ' ' || r == '\n' || r == '\t' || r == '\r'
		switch {
		case !space && !inWord:
			inWord, ws = true, i
		case space && inWord:
			inWord = false
			words = append(words, word{ws, i, strings.ToLower(text[ws:i])})
		}
	}
outer:
	for i := 0; i+len(want) <= len(words); i++ {
		for j, w := range want {
			if words[i+j].w != w {
				continue outer
			}
		}
		return words[i].s, words[i+len(want)-1].e, true
	}
	return 0, 0, false
}

func commonSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func lastRunes(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func firstRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
