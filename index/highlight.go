package index

import (
	"html"
	"sort"
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

// fragmentsOf cuts excerpts around the term locations Bleve reported, from
// the text the caller supplied, marking the matched words.
func fragmentsOf(texts map[string]string, locs search.FieldTermLocationMap) map[string][]string {
	out := map[string][]string{}
	for field, terms := range locs {
		text, ok := texts[field]
		if !ok || text == "" {
			continue
		}
		spans := spansOf(text, terms)
		if len(spans) == 0 {
			continue
		}
		if field == fieldTitle || len(text) <= fragmentSize {
			out[field] = []string{render(text, 0, len(text), spans)}
			continue
		}
		out[field] = excerpts(text, spans)
	}
	return out
}

// spansOf collects the matched byte ranges, merged and checked against the
// text (which may have changed since it was indexed).
func spansOf(text string, terms search.TermLocationMap) []span {
	var spans []span
	for _, ls := range terms {
		for _, l := range ls {
			s, e := int(l.Start), int(l.End)
			if s < 0 || e > len(text) || s >= e || !utf8.RuneStart(text[s]) || (e < len(text) && !utf8.RuneStart(text[e])) {
				continue
			}
			spans = append(spans, span{s, e})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	merged := spans[:0]
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, sp.end)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
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
