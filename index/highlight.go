package index

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Fragment sizes, in bytes of text.
const (
	fragmentSize  = 220
	fragmentLead  = 70
	maxFragments  = 3
	fragmentMarkL = "<mark>"
	fragmentMarkR = "</mark>"
)

type span struct{ start, end int }

// fragmentsOf cuts excerpts around the words Bleve matched, from the text
// the caller supplied, marking them. Bleve reports the words' positions
// only (the index keeps no byte offsets, see positionsFilter): the text is
// tokenized again, as it was for the index, to find where they are.
func fragmentsOf(texts map[string]string, locs search.FieldTermLocationMap) map[string][]string {
	out := map[string][]string{}
	for field, terms := range locs {
		text, ok := texts[field]
		if !ok || text == "" {
			continue
		}
		whole := field == fieldTitle || len(text) <= fragmentSize
		spans := spansOf(text, terms, whole)
		if len(spans) == 0 {
			continue
		}
		if whole {
			out[field] = []string{render(text, 0, len(text), spans)}
			continue
		}
		out[field] = excerpts(text, spans)
	}
	return out
}

// spansOf finds the byte ranges of the words at the matched positions, in
// order. Unless whole is set it stops once the excerpts are settled: when
// maxFragments windows have begun and the last of them has ended.
func spansOf(text string, terms search.TermLocationMap, whole bool) []span {
	want := map[int]bool{}
	last := 0
	for _, ls := range terms {
		for _, l := range ls {
			want[int(l.Pos)] = true
			last = max(last, int(l.Pos))
		}
	}
	var spans []span
	windows, windowEnd := 0, 0
	// The words are the index's (see wordTokenizer), with positions
	// counted from 1; they are found only as far as the excerpts need.
	visit := func(start, end, pos int) bool {
		if pos > last || !whole && windows == maxFragments && start >= windowEnd {
			return false
		}
		if want[pos] {
			spans = append(spans, span{start, end})
			if start >= windowEnd {
				// A new excerpt begins here (see excerpts).
				windows++
				ws := wordStart(text, max(0, start-fragmentLead))
				windowEnd = max(wordEnd(text, min(len(text), ws+fragmentSize)), end)
			}
		}
		return true
	}
	if !eachWord([]byte(text), visit) {
		// A script the fast tokenizer leaves to Bleve's.
		spans, windows, windowEnd = nil, 0, 0
		for _, t := range (wordTokenizer{}).Tokenize([]byte(text)) {
			if !visit(t.Start, t.End, t.Position) {
				break
			}
		}
	}
	return spans
}

// excerpts picks up to maxFragments windows, each starting a little before
// a match that the previous window did not cover.
func excerpts(text string, spans []span) []string {
	var frags []string
	covered := 0
	for _, sp := range spans {
		if sp.start < covered {
			continue
		}
		start := wordStart(text, max(0, sp.start-fragmentLead))
		end := wordEnd(text, min(len(text), start+fragmentSize))
		end = max(end, sp.end)
		frags = append(frags, render(text, start, end, spans))
		covered = end
		if len(frags) == maxFragments {
			break
		}
	}
	return frags
}

// render escapes text[start:end], marks the spans inside it and adds an
// ellipsis where it cuts the text.
func render(text string, start, end int, spans []span) string {
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, sp := range spans {
		if sp.end <= start || sp.start >= end {
			continue
		}
		s, e := max(sp.start, start), min(sp.end, end)
		b.WriteString(clean(text[pos:s]))
		b.WriteString(fragmentMarkL)
		b.WriteString(clean(text[s:e]))
		b.WriteString(fragmentMarkR)
		pos = e
	}
	b.WriteString(clean(text[pos:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// clean escapes HTML and folds runs of white space, line breaks
// included, into single spaces: an excerpt is one line.
func clean(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return html.EscapeString(b.String())
}

// wordStart moves i forward to the start of a word (and a character).
func wordStart(text string, i int) int {
	if i == 0 {
		return 0
	}
	for j := i; j < len(text) && j < i+30; j++ {
		if isSpace(text[j]) {
			return j + 1
		}
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// wordEnd moves i back to the end of a word (and a character).
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for j := i; j > 0 && j > i-30; j-- {
		if isSpace(text[j]) {
			return j
		}
	}
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
