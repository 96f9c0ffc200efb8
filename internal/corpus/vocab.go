package corpus

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// vocab is one language's words ranked by frequency: words[0] is the most
// frequent. Ranks are drawn from a Zipf distribution.
type vocab struct {
	words     []string
	function  int // words[:function] are function words (stop words)
	subject   []int
	zipfS     float64
	names     []string // people, "First Last"
	countries []string
	cities    []string
	sites     []site
}

// Vocabulary sizes. Pseudo-words come in families that share a stem, as
// inflected forms do, so the index holds fewer terms (stems) than the text
// has distinct words.
const (
	englishWords = 110_000
	russianWords = 60_000
	zipfS        = 1.07
)

var syllables = []int{1, 1, 1, 2, 2, 2, 2, 2, 3, 3}

// Syllables of the pseudo-words: pronounceable, so that stemmers and
// fuzzy matching meet word shapes they know.
var (
	enOnsets  = []string{"", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "cr", "dr", "fr", "gr", "pr", "tr", "bl", "cl", "fl", "gl", "pl", "sl", "st", "sp", "sk", "sh", "ch", "th", "wh", "qu", "sm", "sn", "sw"}
	enVowels  = []string{"a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ee", "oo", "ou", "io", "ia"}
	enCodas   = []string{"", "", "", "n", "r", "l", "s", "t", "m", "nd", "nt", "st", "rk", "ck", "ng", "x", "rd", "ld"}
	enFamilys = [][]string{
		{"", "s"}, {"", "s", "ed", "ing"}, {"", "ed", "ing", "er", "ers"}, {"ation", "ations", "ate", "ated"},
		{"", "al", "ally"}, {"ment", "ments"}, {"ness"}, {"ity", "ities"}, {"ist", "ists", "ism"}, {"", "ly"},
		{"ive", "ively"}, {"ance", "ant"}, {"ion", "ions"}, {""}, {""}, {"", "s"},
	}
	ruOnsets  = []string{"", "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ц", "ч", "ш", "щ", "бр", "вр", "гр", "др", "кр", "пр", "тр", "ст", "ск", "сп", "сл", "зв", "пл", "кл"}
	ruVowels  = []string{"а", "е", "и", "о", "у", "ы", "я", "а", "о", "е"}
	ruCodas   = []string{"", "", "н", "р", "л", "с", "т", "м", "к", "в", "ст", "рт", "нт"}
	ruFamilys = [][]string{
		{"", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"},
		{"а", "ы", "е", "у", "ой", "ам", "ами"},
		{"ия", "ии", "ию", "ией", "ий"},
		{"ение", "ения", "ению", "ением", "ений"},
		{"ость", "ости", "остью"},
		{"ый", "ая", "ое", "ые", "ого", "ому", "ым", "ой", "ых", "ыми"},
		{"ский", "ская", "ское", "ских", "ского", "ской"},
		{"ать", "ает", "ают", "ал", "ала", "али"},
		{"ить", "ит", "ят", "ил", "ила", "или"},
	}
)

func newVocab(seed uint64, lang string) *vocab {
	r := rand.New(rand.NewPCG(seed, 0x766f636162+uint64(len(lang))))
	v := &vocab{zipfS: zipfS}
	var function, subject []string
	var onsets, vowels, codas []string
	var families [][]string
	var size int
	if lang == "ru" {
		function, subject = russianFunction, russianSubject
		onsets, vowels, codas, families = ruOnsets, ruVowels, ruCodas, ruFamilys
		size = russianWords
		v.countries, v.cities, v.sites = russianCountries, russianCities, russianSites
	} else {
		function, subject = englishFunction, englishSubject
		onsets, vowels, codas, families = enOnsets, enVowels, enCodas, enFamilys
		size = englishWords
		v.countries, v.cities, v.sites = englishCountries, englishCities, englishSites
	}
	seen := make(map[string]bool, size)
	for _, w := range function {
		seen[w] = true
	}
	for _, w := range subject {
		seen[w] = true
	}
	// Pseudo-words, family by family, in random order of rank.
	var pseudo []string
	for len(pseudo)+len(function)+len(subject) < size {
		var b strings.Builder
		// Mostly two syllables, and mostly simple ones, so that words
		// are about as long as real ones (7 letters for subject words).
		for n := syllables[r.IntN(len(syllables))]; n > 0; n-- {
			if r.IntN(3) == 0 {
				b.WriteString(onsets[r.IntN(len(onsets))])
			} else {
				b.WriteString(onsets[r.IntN(19)])
			}
			b.WriteString(vowels[r.IntN(len(vowels))])
			if r.IntN(2) == 0 {
				b.WriteString(codas[r.IntN(len(codas))])
			}
		}
		stem := b.String()
		if utf8.RuneCountInString(stem) < 3 {
			continue
		}
		for _, suf := range families[r.IntN(len(families))] {
			w := stem + suf
			if !seen[w] {
				seen[w] = true
				pseudo = append(pseudo, w)
			}
		}
	}
	r.Shuffle(len(pseudo), func(i, j int) { pseudo[i], pseudo[j] = pseudo[j], pseudo[i] })
	v.words = append(v.words, function...)
	v.function = len(function)
	// Subject words take every fourth rank after the function words, from
	// the top a few hundred down, so that they are common but not stop
	// words; pseudo-words fill the other ranks.
	for len(subject) > 0 || len(pseudo) > 0 {
		if len(subject) > 0 && (len(v.words)-v.function)%4 == 0 {
			v.subject = append(v.subject, len(v.words))
			v.words = append(v.words, subject[0])
			subject = subject[1:]
			continue
		}
		if len(pseudo) == 0 {
			v.words = append(v.words, subject...)
			break
		}
		v.words = append(v.words, pseudo[0])
		pseudo = pseudo[1:]
	}
	// People: real first names, pseudo-word surnames.
	first := englishFirstNames
	if lang == "ru" {
		first = russianFirstNames
	}
	for i := 0; i < 1500; i++ {
		w := v.words[v.function+200+r.IntN(20000)]
		last := capitalise(w)
		if lang == "ru" {
			last = capitalise(strings.TrimRight(w, "аеиоуыяюйь")) + []string{"ов", "ев", "ин", "ский"}[r.IntN(4)]
		}
		v.names = append(v.names, first[r.IntN(len(first))]+" "+last)
	}
	return v
}

// capitalise upper-cases the first letter of w.
func capitalise(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if r == utf8.RuneError {
		return w
	}
	return string(unicode.ToUpper(r)) + w[n:]
}
