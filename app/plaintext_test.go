package app

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/internal/benchvault"
	"github.com/parley-notes/parley/internal/corpus"
)

// markdownPieces are what the equivalence tests build bodies from: prose,
// and every construct that could make a block mean something else.
var markdownPieces = []string{
	"word", "Word", "два", "2025", "*word*", "**two words**", "*a", "a*", "*", "**a**,", "x*y*", "*a*b", "1.", "1)", "-", "+", "*", "_", "**", "`", "```", "~~~", "#", "##", ">", "|", "---", "===",
	"[", "]", "(", ")", "[a](https://x.org/a)", "[two words](/p)", "![img](i.png)", "[ref]: /u", "<b>", "<!-- c -->",
	"&amp;", "\\", "www.example.com", "http://x.org", "a@b.co", "~~s~~", "[[Wiki|alias]]", "[[Page]]",
	" ", "  ", "\n", "\n\n", "\n\n\n", "\t", ".", ",", ":", "'", "\"", "—", "\u00a0", "\r\n",
}

func samePlainText(t testing.TB, body string) {
	t.Helper()
	if got, want := plainText(body), markdown.PlainText(body); got != want {
		t.Fatalf("%q:\n got %q\nwant %q", body, got, want)
	}
}

// TestPlainTextMatchesMarkdown: plainText gives markdown.PlainText's text,
// on the corpus's clips and on bodies made of Markdown's constructs.
func TestPlainTextMatchesMarkdown(t *testing.T) {
	c := corpus.New(100, 5)
	for i := 0; i < c.N; i++ {
		samePlainText(t, benchvault.ClipRecord(c.Clip(i)).Body)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.IntN(16); k >= 0; k-- {
			b.WriteString(markdownPieces[r.IntN(len(markdownPieces))])
			if r.IntN(3) == 0 {
				b.WriteByte(' ')
			}
		}
		samePlainText(t, b.String())
	}
}

func FuzzPlainText(f *testing.F) {
	for _, p := range markdownPieces {
		f.Add("Some words " + p + " more words\n\nNext " + p)
	}
	f.Fuzz(func(t *testing.T, body string) { samePlainText(t, body) })
}
