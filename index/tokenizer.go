package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// tokenizerName is Parley's tokenizer: Bleve's unicode tokenizer (Unicode
// word boundaries, UAX #29, by blevesearch/segment), made fast for the text
// Parley sees most. Splitting words that way was a tenth of the cost of
// indexing and most of the cost of finding the words to highlight.
const tokenizerName = "parley_words"

func init() {
	registry.RegisterTokenizer(tokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	})
}

// wordTokenizer splits text made only of ASCII, the Latin-1 and Latin
// Extended-A letters, basic Cyrillic and common punctuation itself, by the
// word-boundary rules that apply to those characters, and hands any other
// text to Bleve's unicode tokenizer: the tokens (terms, offsets, positions)
// are the same either way (TestTokenizerMatchesUnicode, FuzzTokenizer).
type wordTokenizer struct{}

// Character classes of UAX #29 that occur in the text handled here.
const (
	wbOther        = iota // breaks, never part of a word
	wbLetter              // ALetter
	wbNumeric             // Numeric
	wbMidLetter           // ':'
	wbMidNumLet           // '.', '\'', '‘', '’'
	wbMidNum              // ',', ';'
	wbExtendNumLet        // '_'
	wbUnknown             // anything else: use the full algorithm
)

var asciiClass = func() (t [128]uint8) {
	for c := 0; c < 128; c++ {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			t[c] = wbLetter
		case '0' <= c && c <= '9':
			t[c] = wbNumeric
		case c == ':':
			t[c] = wbMidLetter
		case c == '.' || c == '\'':
			t[c] = wbMidNumLet
		case c == ',' || c == ';':
			t[c] = wbMidNum
		case c == '_':
			t[c] = wbExtendNumLet
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			t[c] = wbUnknown // control characters
		default:
			t[c] = wbOther
		}
	}
	return t
}()

func wordClass(r rune) uint8 {
	if r < 128 {
		return asciiClass[r]
	}
	switch {
	case r >= 0xC0 && r <= 0x17F && r != 0xD7 && r != 0xF7:
		return wbLetter // Latin-1 and Latin Extended-A letters
	case r >= 0x400 && r <= 0x45F:
		return wbLetter // Cyrillic
	case r == 0x2018 || r == 0x2019:
		return wbMidNumLet
	case r == 0xA0, r == 0xAB, r == 0xBB, r == 0x2013, r == 0x2014, r == 0x201C, r == 0x201D, r == 0x2026:
		return wbOther // no-break space, «, », –, —, “, ”, …
	}
	return wbUnknown
}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	if out, ok := tokenizeWords(input); ok {
		return out
	}
	return unicodetok.NewUnicodeTokenizer().Tokenize(input)
}

// tokenizeWords tokenizes input, or reports false if it has a character
// it does not know.
func tokenizeWords(input []byte) (analysis.TokenStream, bool) {
	// About one token in six bytes of prose.
	tokens := make([]analysis.Token, 0, len(input)/6+1)
	ok := eachWord(input, func(start, end, pos int) bool {
		tokens = append(tokens, analysis.Token{Term: input[start:end], Start: start, End: end, Position: pos, Type: analysis.AlphaNumeric})
		return true
	})
	if !ok {
		return nil, false
	}
	out := make(analysis.TokenStream, len(tokens))
	for k := range tokens {
		if isDigits(tokens[k].Term) {
			tokens[k].Type = analysis.Numeric
		}
		out[k] = &tokens[k]
	}
	return out, true
}

// eachWord calls fn with each word's byte range and position (from 1) until
// fn returns false, or reports false if input has a character it does not
// know (before or after calling fn for some words).
func eachWord(input []byte, fn func(start, end, pos int) bool) bool {
	pos := 1
	i := 0
	for i < len(input) {
		c, n := classAt(input, i)
		switch c {
		case wbUnknown:
			return false
		case wbLetter, wbNumeric, wbExtendNumLet:
		default:
			i += n
			continue
		}
		start := i
		prev := c
		i += n
		for i < len(input) {
			c, n := classAt(input, i)
			switch c {
			case wbUnknown:
				return false
			case wbLetter, wbNumeric, wbExtendNumLet:
				prev = c
				i += n
				continue
			case wbMidLetter, wbMidNumLet, wbMidNum:
				// A middle character joins two letters (MidLetter,
				// MidNumLet) or two digits (MidNum, MidNumLet).
				if i+n < len(input) {
					next, _ := classAt(input, i+n)
					if next == wbUnknown {
						return false
					}
					letters := prev == wbLetter && next == wbLetter && c != wbMidNum
					digits := prev == wbNumeric && next == wbNumeric && c != wbMidLetter
					if letters || digits {
						i += n
						continue
					}
				}
			}
			break
		}
		if !fn(start, i, pos) {
			return true
		}
		pos++
	}
	return true
}

func classAt(b []byte, i int) (uint8, int) {
	if b[i] < utf8.RuneSelf {
		return asciiClass[b[i]], 1
	}
	r, n := utf8.DecodeRune(b[i:])
	if r == utf8.RuneError {
		return wbUnknown, n
	}
	return wordClass(r), n
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
