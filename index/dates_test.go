package index

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
)

// matchesDay evaluates a dayRange query against a document indexed on day.
func matchesDay(t *testing.T, q query.Query, day time.Time) bool {
	terms := dateTerms(day)
	switch q := q.(type) {
	case *query.MatchNoneQuery:
		return false
	case *query.DisjunctionQuery:
		for _, d := range q.Disjuncts {
			if matchesDay(t, d, day) {
				return true
			}
		}
		return false
	case *query.TermQuery:
		for _, term := range terms {
			if term == q.Term {
				return true
			}
		}
		return false
	case *query.TermRangeQuery:
		for _, term := range terms {
			if term >= q.Min && (q.Max == "" || term < q.Max) && term[0] == 'y' {
				return true
			}
		}
		return false
	}
	t.Fatalf("unexpected query %T", q)
	return false
}

// TestDayRange: a range matches exactly the days in it, for bounded and
// open ranges of every length and alignment.
func TestDayRange(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	base := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	day := func() time.Time { return base.AddDate(0, 0, r.IntN(10*366)) }
	for n := 0; n < 3000; n++ {
		start, end := day(), day()
		switch r.IntN(6) {
		case 0:
			start = time.Time{}
		case 1:
			end = time.Time{}
		case 2:
			start = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
		case 3:
			end = time.Date(end.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		}
		q := dayRange(fieldDate, start, end)
		for k := 0; k < 60; k++ {
			d := day()
			want := (start.IsZero() || !d.Before(start)) && (end.IsZero() || d.Before(end))
			if got := matchesDay(t, q, d); got != want {
				t.Fatalf("[%s, %s) on %s: got %v, want %v", start.Format(time.DateOnly), end.Format(time.DateOnly), d.Format(time.DateOnly), got, want)
			}
		}
	}
}
