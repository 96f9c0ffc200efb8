package index

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/parley-notes/parley/internal/corpus"
)

// tokenizerAlphabet is what the equivalence tests build strings from: the
// characters wordTokenizer handles itself, and a few it must hand on.
var tokenizerAlphabet = []string{
	"a", "Z", "é", "ß", "Ё", "ж", "7", "0", ":", ".", "'", "‘", "’", ",", ";", "_",
	" ", "\n", "\t", "-", "(", ")", "\"", "!", "?", "—", "–", "“", "”", "«", "»", "…", "\u00a0",
	"\u0301", "日", "α", "\u00ad", "\u202f", "🙂",
}

func sameTokens(t testing.TB, input string) {
	t.Helper()
	got, ok := tokenizeWords([]byte(input))
	if !ok {
		got = wordTokenizer{}.Tokenize([]byte(input))
	}
	want := unicodetok.NewUnicodeTokenizer().Tokenize([]byte(input))
	if !equalTokens(got, want) {
		t.Fatalf("%q (fast path %v):\n got %s\nwant %s", input, ok, tokensString(got), tokensString(want))
	}
}

func equalTokens(a, b analysis.TokenStream) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if string(a[i].Term) != string(b[i].Term) || a[i].Start != b[i].Start || a[i].End != b[i].End || a[i].Position != b[i].Position {
			return false
		}
	}
	return true
}

func tokensString(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString("[" + string(t.Term) + "]")
	}
	return b.String()
}

// TestTokenizerMatchesUnicode: wordTokenizer makes exactly the tokens of
// Bleve's unicode tokenizer, on the corpus's text and on strings of the
// characters whose word-boundary rules it implements.
func TestTokenizerMatchesUnicode(t *testing.T) {
	for _, s := range []string{
		"The U.S. and Russia's talks: 3.14, 1,000; a:b a_b _ __ _a a_ 1_2 1'000 don't ’tis U.S.-Russia",
		"Посольство России в Вашингтоне, Ёлка — «ёлка» … x.y.z 3.a a.3 1;2 1:2 a;b a,b ..a a.. ''",
	} {
		sameTokens(t, s)
	}
	c := corpus.New(50, 1)
	for i := 0; i < c.N; i++ {
		cl := c.Clip(i)
		sameTokens(t, corpus.Body(cl.Paragraphs))
		sameTokens(t, corpus.Body(cl.Markdown))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.IntN(12); k >= 0; k-- {
			b.WriteString(tokenizerAlphabet[r.IntN(len(tokenizerAlphabet))])
		}
		sameTokens(t, b.String())
	}
}

func FuzzTokenizer(f *testing.F) {
	for _, a := range tokenizerAlphabet {
		f.Add("a" + a + "b 1" + a + "2")
	}
	f.Fuzz(func(t *testing.T, s string) { sameTokens(t, s) })
}
