package index

import (
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Dates are indexed by day. A Bleve datetime field indexes each value as
// sixteen prefix-coded terms, which made a tenth of the index and of the
// work of building it; every date range Parley's queries can express
// starts and ends at midnight UTC, so a date is indexed instead as the
// three terms of its year, month and day (y2025, m2025-04, d2025-04-10),
// and a range becomes the fewest of those terms that cover it: the days to
// the first whole month, the months to the first whole year, the years,
// and back down at the other end. Sorting by date uses fieldSortDate.

// dateTerms are the terms a date is indexed as.
func dateTerms(t time.Time) []string {
	t = t.UTC()
	return []string{"y" + t.Format("2006"), "m" + t.Format("2006-01"), "d" + t.Format("2006-01-02")}
}

// dayRange matches the documents whose field is a day in [start, end);
// a zero start or end leaves that side open. Both are midnight UTC.
func dayRange(field string, start, end time.Time) query.Query {
	lo, hi := start.UTC(), end.UTC()
	open := func(t time.Time) bool { return t.IsZero() }
	if !open(lo) && !open(hi) && !lo.Before(hi) {
		return query.NewMatchNoneQuery()
	}
	var qs []query.Query
	term := func(prefix, layout string, t time.Time) {
		q := query.NewTermQuery(prefix + t.Format(layout))
		q.SetField(field)
		qs = append(qs, q)
	}
	fits := func(t time.Time) bool { return open(hi) || !t.After(hi) }
	if !open(lo) {
		// Up from the start: days to the first of a month, months to
		// the first of a year.
		for lo.Day() != 1 && fits(lo.AddDate(0, 0, 1)) {
			term("d", "2006-01-02", lo)
			lo = lo.AddDate(0, 0, 1)
		}
		for lo.Day() == 1 && lo.Month() != 1 && fits(lo.AddDate(0, 1, 0)) {
			term("m", "2006-01", lo)
			lo = lo.AddDate(0, 1, 0)
		}
	}
	after := func(t time.Time) bool { return open(lo) || !t.Before(lo) }
	if !open(hi) {
		// Down from the end, likewise.
		for hi.Day() != 1 && after(hi.AddDate(0, 0, -1)) {
			hi = hi.AddDate(0, 0, -1)
			term("d", "2006-01-02", hi)
		}
		for hi.Day() == 1 && hi.Month() != 1 && after(hi.AddDate(0, -1, 0)) {
			hi = hi.AddDate(0, -1, 0)
			term("m", "2006-01", hi)
		}
	}
	// Whole years in between, when lo and hi are both the first of a
	// year (or open).
	yearAligned := func(t time.Time) bool { return open(t) || t.Month() == 1 && t.Day() == 1 }
	if yearAligned(lo) && yearAligned(hi) && (open(lo) || open(hi) || lo.Before(hi)) {
		if open(lo) || open(hi) || hi.Year()-lo.Year() > 20 {
			min, max := "y", "z"
			if !open(lo) {
				min = "y" + lo.Format("2006")
			}
			if !open(hi) {
				max = "y" + hi.Format("2006")
			}
			yes, no := true, false
			q := query.NewTermRangeInclusiveQuery(min, max, &yes, &no)
			q.SetField(field)
			qs = append(qs, q)
		} else {
			for y := lo; y.Before(hi); y = y.AddDate(1, 0, 0) {
				term("y", "2006", y)
			}
		}
	} else if !open(lo) && !open(hi) {
		// Less than a year apart and not aligned: the loops above
		// stopped at lo and hi without meeting; fill in the months
		// and days between.
		for lo.Day() == 1 && fits(lo.AddDate(0, 1, 0)) {
			term("m", "2006-01", lo)
			lo = lo.AddDate(0, 1, 0)
		}
		for lo.Before(hi) {
			term("d", "2006-01-02", lo)
			lo = lo.AddDate(0, 0, 1)
		}
	}
	if len(qs) == 0 {
		return query.NewMatchNoneQuery()
	}
	return query.NewDisjunctionQuery(qs)
}

// dayBounds turns a range Bleve parsed from `field:>="…"` into days: a
// bound with a time of day takes in its whole day.
func dayBounds(q *query.DateRangeQuery) (start, end time.Time) {
	day := func(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }
	if !q.Start.IsZero() {
		start = day(q.Start.Time)
		if q.InclusiveStart != nil && !*q.InclusiveStart && start.Equal(q.Start.Time.UTC()) {
			start = start.AddDate(0, 0, 1) // after midnight: from the next day
		}
	}
	if !q.End.IsZero() {
		end = day(q.End.Time)
		if !end.Equal(q.End.Time.UTC()) || q.InclusiveEnd != nil && *q.InclusiveEnd {
			end = end.AddDate(0, 0, 1) // up to and including that day
		}
	}
	return start, end
}
