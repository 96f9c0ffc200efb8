package index

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
)

// ErrBadQuery is wrapped by every error about what the user typed.
var ErrBadQuery = errors.New("cannot read the query")

// MaxQueryBytes bounds a query; nobody types more, and parsing is linear
// only up to a point.
const MaxQueryBytes = 4096

// unquotedDateRange finds `field:>=2025-01-01` and friends, which Bleve's
// grammar only accepts with the date in quotes.
var unquotedDateRange = regexp.MustCompile(`(^|[\s(+\-])([A-Za-z_]+):(>=|<=|>|<)(\d{4}(?:-\d{2}(?:-\d{2})?)?)\b`)

// Parse turns what the user typed into a Bleve query:
//
//   - Bleve's query-string syntax: +must -not "phrase" field:value fuzzy~
//     prefix* field:>=value, with field aliases (tag, author, source...).
//   - A word without a field searches title, body, annotation comments and
//     secondary text, the title weighing most.
//   - Dates: date:2025, date:2025-04, date:>=2025-01-01, created:<2026 —
//     a year or month is the whole period.
//   - Fuzziness is bounded by word length (no fuzz under 3 letters, at most 1
//     under 6), and wildcards must begin with two literal letters, because
//     both otherwise scan the whole term dictionary.
//
// An empty query matches everything.
func Parse(s string) (query.Query, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "*" {
		return query.NewMatchAllQuery(), nil
	}
	if len(s) > MaxQueryBytes {
		return nil, fmt.Errorf("%w: it is longer than %d bytes", ErrBadQuery, MaxQueryBytes)
	}
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("%w: it is not valid UTF-8", ErrBadQuery)
	}
	s, err := quoteDateRanges(s)
	if err != nil {
		return nil, err
	}
	q, err := parseQueryString(s)
	if err != nil {
		return nil, err
	}
	q, err = rewrite(q)
	if err != nil {
		return nil, err
	}
	if v, ok := q.(query.ValidatableQuery); ok {
		if err := v.Validate(); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadQuery, err)
		}
	}
	return q, nil
}

// parseQueryString runs Bleve's parser, which can panic on some inputs.
func parseQueryString(s string) (q query.Query, err error) {
	defer func() {
		if r := recover(); r != nil {
			q, err = nil, fmt.Errorf("%w: %v", ErrBadQuery, r)
		}
	}()
	q, err = query.NewQueryStringQuery(s).Parse()
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), "\n", "; ")
		return nil, fmt.Errorf("%w: %s (quote words with special characters)", ErrBadQuery, msg)
	}
	return q, nil
}

// quoteDateRanges rewrites `f:>=2025` to `f:>="2025-01-01"` so that Bleve
// parses a date range. A year or month means its whole span: `>2025` starts
// in 2026, `<=2025-04` ends with April.
func quoteDateRanges(s string) (string, error) {
	var bad error
	out := unquotedDateRange.ReplaceAllStringFunc(s, func(m string) string {
		g := unquotedDateRange.FindStringSubmatch(m)
		lead, field, op, val := g[1], g[2], g[3], g[4]
		start, end, err := period(val)
		if err != nil {
			bad = err
			return m
		}
		var bound time.Time
		switch op {
		case ">=":
			bound = start
		case ">":
			op, bound = ">=", end
		case "<":
			bound = start
		case "<=":
			op, bound = "<", end
		}
		return fmt.Sprintf(`%s%s:%s"%s"`, lead, field, op, bound.Format(time.RFC3339))
	})
	return out, bad
}

// period returns the span [start, end) named by 2025, 2025-04 or 2025-04-10.
func period(v string) (start, end time.Time, err error) {
	parts := strings.Split(v, "-")
	n := make([]int, len(parts))
	for i, p := range parts {
		if n[i], err = strconv.Atoi(p); err != nil {
			return start, end, fmt.Errorf("%w: %q is not a date", ErrBadQuery, v)
		}
	}
	switch len(n) {
	case 1:
		start = time.Date(n[0], 1, 1, 0, 0, 0, 0, time.UTC)
		end = start.AddDate(1, 0, 0)
	case 2:
		if n[1] < 1 || n[1] > 12 {
			return start, end, fmt.Errorf("%w: %q is not a month", ErrBadQuery, v)
		}
		start = time.Date(n[0], time.Month(n[1]), 1, 0, 0, 0, 0, time.UTC)
		end = start.AddDate(0, 1, 0)
	case 3:
		start, err = time.Parse("2006-01-02", v)
		if err != nil {
			return start, end, fmt.Errorf("%w: %q is not a date", ErrBadQuery, v)
		}
		end = start.AddDate(0, 0, 1)
	default:
		return start, end, fmt.Errorf("%w: %q is not a date", ErrBadQuery, v)
	}
	return start, end, nil
}

// rewrite adapts the parsed tree to Parley's fields, in place where it can
// be, so that Bleve's query-string flags on the boolean nodes survive.
func rewrite(q query.Query) (query.Query, error) {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []*query.Query{&q.Must, &q.Should, &q.MustNot, &q.Filter} {
			if *sub == nil {
				continue
			}
			r, err := rewrite(*sub)
			if err != nil {
				return nil, err
			}
			*sub = r
		}
		return q, nil
	case *query.ConjunctionQuery:
		return q, rewriteAll(q.Conjuncts)
	case *query.DisjunctionQuery:
		return q, rewriteAll(q.Disjuncts)
	case *query.MatchQuery:
		return rewriteMatch(q)
	case *query.MatchPhraseQuery:
		if q.FieldVal == "" {
			return acrossTextFields(func() query.FieldableQuery {
				c := *q
				return &c
			}), nil
		}
		f, err := fieldName(q.FieldVal)
		if err != nil {
			return nil, err
		}
		if keywordFields[f] || exactFields[f] {
			// A keyword field holds each value as one token, with no
			// positions for a phrase to follow: "United States" is a
			// single term there.
			m := query.NewMatchQuery(q.MatchPhrase)
			m.SetField(f)
			return m, nil
		}
		q.FieldVal = f
		return q, nil
	case *query.WildcardQuery:
		return rewriteWildcard(q)
	case *query.NumericRangeQuery:
		// `date:>2025` parses as a number; a year is what was meant.
		return yearRange(q)
	case *query.DateRangeQuery:
		f, err := fieldName(q.FieldVal)
		if err == nil && !dateFields[f] {
			err = fmt.Errorf("%w: %s is not a date field (use date, created or updated)", ErrBadQuery, q.FieldVal)
		}
		if err != nil {
			return nil, err
		}
		start, end := dayBounds(q)
		return dayRange(f, start, end), nil
	case *query.RegexpQuery:
		return nil, fmt.Errorf("%w: regular expressions are not supported; use a prefix like negotiat*", ErrBadQuery)
	}
	return q, nil
}

func rewriteAll(qs []query.Query) error {
	for i, sub := range qs {
		r, err := rewrite(sub)
		if err != nil {
			return err
		}
		qs[i] = r
	}
	return nil
}

func rewriteMatch(q *query.MatchQuery) (query.Query, error) {
	q.Fuzziness = boundFuzziness(q.Match, q.Fuzziness)
	if q.Fuzziness > 0 {
		// The first letter must match: a fuzzy term then visits a
		// fraction of the dictionary, and people rarely mistype it.
		q.Prefix = 1
	}
	if q.FieldVal == "" {
		// One typed word that the analyser splits ("U.S.-Russia") means
		// all of its pieces.
		q.Operator = query.MatchQueryOperatorAnd
		return acrossTextFields(func() query.FieldableQuery {
			c := *q
			return &c
		}), nil
	}
	f, err := fieldName(q.FieldVal)
	if err != nil {
		return nil, err
	}
	q.FieldVal = f
	if dateFields[f] {
		start, end, err := period(q.Match)
		if err != nil {
			return nil, err
		}
		return dayRange(f, start, end), nil
	}
	return q, nil
}

// acrossTextFields searches a field-less term in every text field, each
// with its weight.
func acrossTextFields(clone func() query.FieldableQuery) query.Query {
	qs := make([]query.Query, 0, len(textFields))
	for _, tf := range textFields {
		c := clone()
		c.SetField(tf.name)
		if b, ok := c.(query.BoostableQuery); ok {
			b.SetBoost(tf.boost)
		}
		qs = append(qs, c)
	}
	return query.NewDisjunctionQuery(qs)
}

// boundFuzziness keeps fuzzy matching meaningful and cheap: a 3-letter word
// within distance 1 matches a good part of the dictionary.
func boundFuzziness(word string, f int) int {
	n := utf8.RuneCountInString(word)
	switch {
	case f <= 0 || n < 4:
		return 0
	case n < 6:
		return 1
	case f > 2:
		return 2
	}
	return f
}

func rewriteWildcard(q *query.WildcardQuery) (query.Query, error) {
	pat := string(foldTerm([]byte(q.Wildcard)))
	lit := strings.IndexAny(pat, "*?")
	if lit >= 0 && utf8.RuneCountInString(pat[:lit]) < 2 {
		return nil, fmt.Errorf("%w: %q: a wildcard needs at least two letters before * or ?", ErrBadQuery, q.Wildcard)
	}
	field := q.FieldVal
	if field != "" {
		f, err := fieldName(field)
		if err != nil {
			return nil, err
		}
		field = f
	}
	mks := []func() query.FieldableQuery{func() query.FieldableQuery { return query.NewWildcardQuery(pat) }}
	// Words are indexed stemmed, and a stem can be shorter than the typed
	// prefix: "negotiat*" must find "negoti", the stem of "negotiations".
	// Stemmers cut at most a few letters off what a prefix keeps, so the
	// prefix less its last one to three letters is also tried, as a word.
	if lit == len(pat)-1 && pat[lit] == '*' && !keywordFields[field] && !exactFields[field] {
		r := []rune(pat[:lit])
		for k := 1; k <= 3 && len(r)-k >= 4; k++ {
			term := string(r[:len(r)-k])
			mks = append(mks, func() query.FieldableQuery { return query.NewTermQuery(term) })
		}
	}
	var qs []query.Query
	for _, mk := range mks {
		if field == "" {
			qs = append(qs, acrossTextFields(mk))
		} else {
			w := mk()
			w.SetField(field)
			qs = append(qs, w)
		}
	}
	if len(qs) == 1 {
		return qs[0], nil
	}
	return query.NewDisjunctionQuery(qs), nil
}

// yearRange reads `date:>2025` (parsed by Bleve as a number) as years.
func yearRange(q *query.NumericRangeQuery) (query.Query, error) {
	equality := q.Min != nil && q.Max != nil && *q.Min == *q.Max
	if q.FieldVal == "" && equality {
		// A bare number: Bleve pairs this range with a word match,
		// which is what finds it.
		return query.NewMatchNoneQuery(), nil
	}
	f, err := fieldName(q.FieldVal)
	if err != nil {
		return nil, err
	}
	if !dateFields[f] {
		if equality {
			return query.NewMatchNoneQuery(), nil
		}
		return nil, fmt.Errorf("%w: %s has no numbers to compare; ranges work on date, created and updated", ErrBadQuery, q.FieldVal)
	}
	year := func(v *float64, inclusive *bool, upper bool) time.Time {
		if v == nil {
			return time.Time{}
		}
		y := int(*v)
		incl := inclusive != nil && *inclusive
		// The start of the first year inside the range, or of the
		// first year after it.
		if incl == upper {
			y++
		}
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	start := year(q.Min, q.InclusiveMin, false)
	end := year(q.Max, q.InclusiveMax, true)
	return dayRange(f, start, end), nil
}

// fieldName resolves aliases and rejects unknown fields, which would
// otherwise silently match nothing.
func fieldName(f string) (string, error) {
	lf := strings.ToLower(f)
	if a, ok := fieldAliases[lf]; ok {
		lf = a
	}
	if searchableFields[lf] {
		return lf, nil
	}
	names := make([]string, 0, len(searchableFields))
	for n := range searchableFields {
		names = append(names, n)
	}
	sort.Strings(names)
	return "", fmt.Errorf("%w: there is no field %q (fields: %s)", ErrBadQuery, f, strings.Join(names, ", "))
}
