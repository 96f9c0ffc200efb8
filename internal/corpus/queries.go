package corpus

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query is one benchmark query: its class and what a user types.
type Query struct {
	Class string
	Text  string
}

// QueryClasses are the kinds of query the benchmarks time, in the order
// tables show them.
var QueryClasses = []string{"term", "and", "or", "phrase", "prefix", "fuzzy", "field", "date"}

// Queries returns perClass distinct queries of each class, made from the
// corpus's own words, so that each finds something (phrases are cut from
// generated clips). Distinct queries keep caches honest: a benchmark that
// cycles through more queries than a cache holds measures the cost a user
// pays for a new query.
func (c *Corpus) Queries(perClass int) []Query {
	r := c.rng(kindQueries, 0)
	en, ru := c.en, c.ru
	// Words people search for: subject words, and words from the common
	// end of the long tail (names of things, places, people).
	word := func() string {
		v := en
		if r.IntN(10) == 0 {
			v = ru
		}
		if r.IntN(3) == 0 {
			return v.words[v.subject[r.IntN(len(v.subject))]]
		}
		return v.words[v.function+50+r.IntN(20000)]
	}
	long := func() string {
		for {
			if w := word(); utf8.RuneCountInString(w) >= 6 {
				return w
			}
		}
	}
	seen := map[string]bool{}
	var out []Query
	add := func(class string, gen func() string) {
		for n, tries := 0, 0; n < perClass && tries < perClass*50; tries++ {
			q := gen()
			if q == "" || seen[q] {
				continue
			}
			seen[q] = true
			out = append(out, Query{class, q})
			n++
		}
	}
	add("term", word)
	add("and", func() string { return "+" + en.words[en.subject[r.IntN(len(en.subject))]] + " +" + word() })
	add("or", func() string { return word() + " " + word() })
	add("phrase", func() string { return c.phrase(r.IntN(c.N), r.IntN(1000)) })
	add("prefix", func() string {
		w := []rune(long())
		return string(w[:4+r.IntN(min(3, len(w)-5))]) + "*"
	})
	add("fuzzy", func() string {
		w := []rune(long())
		i := 1 + r.IntN(len(w)-1)
		if unicode.Is(unicode.Cyrillic, w[i]) {
			w[i] = []rune("абвгдеклмнопрст")[r.IntN(15)]
		} else {
			w[i] = rune('a' + r.IntN(26))
		}
		return string(w) + []string{"~", "~2"}[r.IntN(2)]
	})
	add("field", func() string {
		switch r.IntN(9) {
		case 0:
			return fmt.Sprintf("site:%q", en.sites[r.IntN(len(en.sites))].name)
		case 1:
			return fmt.Sprintf("site:%q", ru.sites[r.IntN(len(ru.sites))].name)
		case 2:
			return "tags:" + tagWords[r.IntN(len(tagWords))]
		case 3:
			return "reliability:" + string(rune('A'+r.IntN(6))) + string(rune('1'+r.IntN(6)))
		case 4:
			return fmt.Sprintf("byline:%q", en.names[r.IntN(len(en.names))])
		case 5:
			return fmt.Sprintf("party:%q", parties[r.IntN(len(parties))])
		case 6:
			return "status:" + statuses[r.IntN(len(statuses))]
		case 7:
			return "location:" + strings.ToLower(strings.Fields(englishCities[r.IntN(len(englishCities))])[0])
		}
		return []string{"lang:ru", "lang:en", "type:round", "type:issue", "type:note", "type:annotation", "type:clip"}[r.IntN(7)]
	})
	add("date", func() string {
		d := randomDay(r)
		switch r.IntN(5) {
		case 0:
			return "date:" + d.Format("2006-01")
		case 1:
			return "date:>=" + d.Format("2006-01-02")
		case 2:
			return "date:<" + d.Format("2006-01")
		case 3:
			return "created:" + d.Format("2006-01")
		}
		return "date:" + d.Format("2006-01-02")
	})
	return out
}

// phrase cuts two or three words that stand together in clip i (from the
// sentence at position pos, wrapping), at least two of them not stop
// words, as a quoted phrase.
func (c *Corpus) phrase(i, pos int) string {
	cl := c.Clip(i)
	v := c.vocab(cl.Lang)
	stop := map[string]bool{}
	for _, w := range v.words[:v.function] {
		stop[w] = true
	}
	words := strings.Fields(Body(cl.Paragraphs))
	for k := 0; k < len(words); k++ {
		j := (pos + k) % len(words)
		n := 2 + pos%2
		if j+n > len(words) {
			continue
		}
		ws := words[j : j+n]
		content, ok := 0, true
		for m, w := range ws {
			// No sentence or clause ends inside the phrase.
			if m < n-1 && strings.ContainsAny(w, ".,") {
				ok = false
			}
			if !stop[strings.ToLower(strings.TrimRight(w, ".,"))] {
				content++
			}
		}
		if ok && content >= 2 {
			return `"` + strings.TrimRight(strings.Join(ws, " "), ".,") + `"`
		}
	}
	return ""
}
