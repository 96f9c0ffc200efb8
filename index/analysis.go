package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/keyword" // "keyword", for facet fields
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/russian"
	"golang.org/x/text/unicode/norm"
)

// The analysers of Parley's index. They are registered with Bleve by name,
// because an on-disk index refers to its analysers by name when it reopens.
const (
	// textAnalyzer is for prose in any language: Unicode word boundaries,
	// case and accent folding, stop words and stemming by script (English
	// for Latin words, Russian for Cyrillic ones). Dispatching on the script
	// of each word rather than on the record's language means a query needs
	// no language of its own and mixed-language clips work.
	textAnalyzer = "parley_text"
	// keywordAnalyzer is for exact values (tags, sites, parties): one token,
	// folded so that `site:reuters` finds "Reuters".
	keywordAnalyzer = "parley_keyword"

	foldFilterName = "parley_fold"
	stemFilterName = "parley_stem"
)

// MaxTermBytes caps a token's length. Bleve fails a whole batch on a term
// longer than about 32 KB (bleve#1576); no real word comes near this cap,
// and a pasted blob of base64 stays searchable by its first bytes.
const MaxTermBytes = 120

func init() {
	registry.RegisterTokenFilter(foldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
	registry.RegisterTokenFilter(stemFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return newStemFilter(), nil
	})
}

// foldFilter folds case and accents and caps token length.
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = foldTerm(t.Term)
	}
	return input
}

// foldTerm returns the search form of a word: lower case, without the
// accents of Latin, Greek and Cyrillic letters (but keeping Russian й, which
// is a letter of its own, and folding ё to е as Russian readers do), so that
// ISTANBUL, istanbul and İstanbul agree.
func foldTerm(term []byte) []byte {
	ascii := true
	for _, c := range term {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i, c := range term {
			if 'A' <= c && c <= 'Z' {
				term[i] = c + 'a' - 'A'
			}
		}
		return capTerm(term)
	}
	var b strings.Builder
	b.Grow(len(term))
	decomposed := norm.NFD.Bytes(term)
	var base rune
	for i := 0; i < len(decomposed); {
		r, n := utf8.DecodeRune(decomposed[i:])
		i += n
		if unicode.Is(unicode.Mn, r) {
			if r == '\u0306' && (base == 'и' || base == 'И') {
				b.WriteRune(r) // й
			} else if !isAccentedScript(base) {
				b.WriteRune(r)
			}
			continue
		}
		base = r
		switch r {
		case 'ß':
			b.WriteString("ss")
			continue
		case 'ı':
			r = 'i'
		case 'ς':
			r = 'σ'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	out := norm.NFC.Bytes([]byte(strings.ReplaceAll(b.String(), "ё", "е")))
	return capTerm(out)
}

// isAccentedScript reports whether marks on r are accents that readers
// ignore when searching. In scripts such as Devanagari the marks are vowels,
// and dropping them would merge different words.
func isAccentedScript(r rune) bool {
	return unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic)
}

func capTerm(term []byte) []byte {
	if len(term) <= MaxTermBytes {
		return term
	}
	n := MaxTermBytes
	for n > 0 && !utf8.RuneStart(term[n]) {
		n--
	}
	return term[:n]
}

// stemFilter drops English and Russian stop words and stems each word with
// the stemmer of its script.
type stemFilter struct {
	stop analysis.TokenMap
}

func newStemFilter() stemFilter {
	stop := analysis.NewTokenMap()
	// The lists are Bleve's own (from Lucene and Snowball); they load from
	// bytes compiled into the binary and cannot fail.
	_ = stop.LoadBytes(en.EnglishStopWords)
	_ = stop.LoadBytes(ru.RussianStopWords)
	for w := range stop {
		stop[string(foldTerm([]byte(w)))] = true
	}
	return stemFilter{stop: stop}
}

func (f stemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, t := range input {
		term := trimPossessive(t.Term)
		if f.stop[string(term)] {
			continue
		}
		t.Term = stem(term)
		out = append(out, t)
	}
	return out
}

// trimPossessive removes English "'s" so that "Russia's" finds "Russia".
func trimPossessive(term []byte) []byte {
	s := string(term)
	for _, suf := range []string{"'s", "’s"} {
		if len(s) > len(suf) && strings.HasSuffix(s, suf) {
			return term[:len(term)-len(suf)]
		}
	}
	return term
}

// stem applies the Snowball stemmer of the word's script.
func stem(term []byte) []byte {
	r, _ := utf8.DecodeRune(term)
	switch {
	case unicode.Is(unicode.Cyrillic, r):
		env := snowballstem.NewEnv(string(term))
		russian.Stem(env)
		return []byte(env.Current())
	case unicode.Is(unicode.Latin, r) && len(term) > 2:
		env := snowballstem.NewEnv(string(term))
		english.Stem(env)
		return []byte(env.Current())
	}
	return term
}

// addAnalyzers declares Parley's analysers in an index mapping.
func addAnalyzers(add func(name string, config map[string]any) error) error {
	if err := add(textAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicodetok.Name,
		"token_filters": []any{foldFilterName, stemFilterName},
	}); err != nil {
		return err
	}
	return add(keywordAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []any{foldFilterName},
	})
}
