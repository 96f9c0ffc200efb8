package index

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/keyword" // "keyword", for facet fields
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
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
	// termFilterName folds, drops stop words and stems, remembering the
	// answer for each word it has seen.
	termFilterName = "parley_term"
	// stemFilterName was the stop-word and stemming half of what
	// termFilterName does; indexes made before it still name it.
	stemFilterName = "parley_stem"
	// positionsFilterName drops tokens' byte offsets, keeping positions.
	positionsFilterName = "parley_positions"
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
	registry.RegisterTokenFilter(termFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return sharedTermFilter, nil
	})
	registry.RegisterTokenFilter(positionsFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return positionsFilter{}, nil
	})
}

// positionsFilter zeroes the byte offsets of tokens, leaving their
// positions. Bleve stores a term vector (position, start and end) for every
// word of the text; phrases need the positions, but highlights can find the
// words' offsets again from the text itself (see fragmentsOf), which the
// vault has. Zeros take one byte each instead of two or three, a tenth of
// the index.
type positionsFilter struct{}

func (positionsFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Start, t.End = 0, 0
	}
	return input
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
		if term, ok := f.term(t.Term); ok {
			t.Term = term
			out = append(out, t)
		}
	}
	return out
}

// term is the indexed form of a folded word, or false for a stop word.
func (f stemFilter) term(folded []byte) ([]byte, bool) {
	term := trimPossessive(folded)
	if f.stop[string(term)] {
		return nil, false
	}
	return stem(term), true
}

// termFilter does what foldFilter and stemFilter do in turn, and remembers
// the result for each word as written. Words follow Zipf's law: a few
// thousand make up most of any text, so nearly every token is a map
// lookup instead of Unicode normalisation and a Snowball stemmer, which
// were a third of the cost of indexing.
type termFilter struct {
	stem  stemFilter
	cache termCache
}

var sharedTermFilter = &termFilter{stem: newStemFilter()}

func (f *termFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, t := range input {
		term, ok := f.cache.get(t.Term)
		if !ok {
			raw := string(t.Term) // before folding, which works in place
			folded, keep := f.stem.term(foldTerm(t.Term))
			if keep {
				// A copy: folded may share the text's bytes, which the
				// cache must not keep alive.
				term = bytes.Clone(folded)
			}
			f.cache.put(raw, term)
		}
		if term != nil {
			t.Term = term
			out = append(out, t)
		}
	}
	return out
}

// termCache maps words as written to their indexed form (nil for a stop
// word). The map is never changed once published, so lookups take no lock
// — indexing analyses on every core at once; new words collect on the side
// and are published in bulk. Terms handed out are shared and must not be
// modified, which the analysers after it (none) and Bleve do not do.
type termCache struct {
	m       atomic.Pointer[map[string][]byte]
	mu      sync.Mutex
	pending map[string][]byte
	// hot is a small direct-mapped cache in front of m, for the few
	// thousand words that make up most of any text: the big map's
	// lookups miss the processor's caches.
	hot [hotSlots]atomic.Pointer[hotEntry]
}

type hotEntry struct {
	raw  string
	term []byte
}

const hotSlots = 1 << 13

func hotSlot(raw []byte) int {
	h := uint32(2166136261)
	for _, c := range raw {
		h = (h ^ uint32(c)) * 16777619
	}
	return int(h & (hotSlots - 1))
}

// termCacheMax bounds the cache: past it, rare words are analysed each
// time they occur, which is seldom.
const termCacheMax = 1 << 18

func (c *termCache) get(raw []byte) ([]byte, bool) {
	slot := &c.hot[hotSlot(raw)]
	if e := slot.Load(); e != nil && e.raw == string(raw) {
		return e.term, true
	}
	m := c.m.Load()
	if m == nil {
		return nil, false
	}
	t, ok := (*m)[string(raw)]
	if ok {
		slot.Store(&hotEntry{raw: string(raw), term: t})
	}
	return t, ok
}

func (c *termCache) put(raw string, term []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.m.Load()
	size := 0
	if old != nil {
		size = len(*old)
	}
	if size >= termCacheMax {
		return
	}
	if c.pending == nil {
		c.pending = map[string][]byte{}
	}
	c.pending[raw] = term
	// Publishing copies the map, so it is done when the new words are a
	// good share of it: the total copying stays linear in its size.
	if len(c.pending) < max(256, size/8) {
		return
	}
	next := make(map[string][]byte, size+len(c.pending))
	if old != nil {
		for k, v := range *old {
			next[k] = v
		}
	}
	for k, v := range c.pending {
		next[k] = v
	}
	c.pending = nil
	c.m.Store(&next)
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
		"tokenizer":     tokenizerName,
		"token_filters": []any{termFilterName, positionsFilterName},
	}); err != nil {
		return err
	}
	return add(keywordAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []any{foldFilterName},
	})
}
