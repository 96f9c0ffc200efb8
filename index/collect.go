package index

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Parley's own collector: it walks the matches of a query with Bleve's
// searchers, and sorts and counts them with the in-memory columns (see
// columns.go) instead of Bleve's doc values.

// snapshot returns the index's current snapshot, which the caller must
// close.
func (ix *Index) snapshot() (*scorch.IndexSnapshot, error) {
	bidx, err := ix.bi.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := bidx.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("unexpected index reader %T", r)
	}
	if snap == nil {
		return nil, errors.New("the index is closed")
	}
	return snap, nil
}

// warm builds the columns of the current snapshot, so that the first
// searches after opening or changing the index need not wait for them.
func (ix *Index) warm() {
	snap, err := ix.snapshot()
	if err != nil {
		return
	}
	defer snap.Close()
	ix.columns.columns(snap)
}

// warmSoon builds the columns in the background, one build at a time.
func (ix *Index) warmSoon() {
	if ix.warming.CompareAndSwap(false, true) {
		go func() {
			defer ix.warming.Store(false)
			ix.warm()
		}()
	}
}

// walk calls fn for each document matching q in snap, in document order.
// Scores are computed only when score is set.
func (ix *Index) walk(ctx context.Context, snap *scorch.IndexSnapshot, q query.Query, score bool, fn func(doc uint64, score float64)) error {
	opts := search.SearcherOptions{Score: "none"}
	if score {
		opts.Score = ""
		// As Bleve's own search sets it up: the mapping asks for BM25.
		ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey,
			search.GetScoringModelCallbackFn(func() string { return bindex.BM25Scoring }))
	}
	ctx = search.ContextWithTermSearchersCounter(ctx)
	s, err := q.Searcher(ctx, snap, ix.bi.Mapping(), opts)
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0),
		IndexReader:       snap,
	}
	n := 0
	dm, err := s.Next(sctx)
	for err == nil && dm != nil {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		fn(dm.IndexInternalID.Value(), dm.Score)
		sctx.DocumentMatchPool.Put(dm)
		dm, err = s.Next(sctx)
	}
	return err
}

// facetCounter counts the facet values of the documents it is given.
type facetCounter struct {
	sc     *snapColumns
	counts [][]int // by facet field, by value ordinal
}

func newFacetCounter(sc *snapColumns) *facetCounter {
	fc := &facetCounter{sc: sc, counts: make([][]int, len(FacetFields))}
	for i := range fc.counts {
		fc.counts[i] = make([]int, len(sc.names[i]))
	}
	return fc
}

// add counts document local of segment seg.
func (fc *facetCounter) add(seg int, local uint64) {
	cols := fc.sc.segs[seg]
	for f := range cols.facets {
		c := &cols.facets[f]
		for _, o := range c.ords[c.start[local]:c.start[local+1]] {
			fc.counts[f][o]++
		}
	}
}

// facets returns the counts, each facet's top values first.
func (fc *facetCounter) facets() Facets {
	out := Facets{}
	for f, name := range FacetFields {
		var vals []FacetValue
		for o, c := range fc.counts[f] {
			if c > 0 {
				vals = append(vals, FacetValue{Value: fc.sc.names[f][o], Count: c})
			}
		}
		out[name] = topFacetValues(name, vals)
	}
	return out
}

// countFacets counts the facet values of the documents matching q.
func countFacets(ctx context.Context, ix *Index, snap *scorch.IndexSnapshot, sc *snapColumns, q query.Query) (Facets, error) {
	fc := newFacetCounter(sc)
	si := 0
	err := ix.walk(ctx, snap, q, false, func(doc uint64, _ float64) {
		var local uint64
		si, local = sc.locate(doc, si)
		fc.add(si, local)
	})
	if err != nil {
		return nil, fmt.Errorf("counting facets: %w", err)
	}
	return fc.facets(), nil
}

// topFacetValues orders a facet's values, most frequent first, and keeps
// as many as the facet shows.
func topFacetValues(name string, vals []FacetValue) []FacetValue {
	sort.Slice(vals, func(i, j int) bool {
		if vals[i].Count != vals[j].Count {
			return vals[i].Count > vals[j].Count
		}
		return vals[i].Value < vals[j].Value
	})
	size := facetSizes[name]
	if size == 0 {
		size = 20
	}
	if len(vals) > size {
		vals = vals[:size]
	}
	return vals
}

// ranked is one match as the collector keeps it.
type ranked struct {
	doc   uint64
	score float64
	key   int64 // sort date, 0 for none
}

// better orders matches for a sort: by score (relevance only), then by
// date, newest first unless oldest is asked for, dateless last, then by
// document number, so that the order is total.
func better(order Sort) func(a, b ranked) bool {
	byDate := func(a, b ranked, newest bool) (bool, bool) {
		switch {
		case a.key == b.key:
			return false, false
		case a.key == 0:
			return false, true
		case b.key == 0:
			return true, true
		case newest:
			return a.key > b.key, true
		}
		return a.key < b.key, true
	}
	return func(a, b ranked) bool {
		if order == ByRelevance && a.score != b.score {
			return a.score > b.score
		}
		if r, decided := byDate(a, b, order != OldestFirst); decided {
			return r
		}
		return a.doc < b.doc
	}
}

// worstFirst is a heap of the best matches so far, the worst on top.
type worstFirst struct {
	items  []ranked
	better func(a, b ranked) bool
}

func (h *worstFirst) Len() int           { return len(h.items) }
func (h *worstFirst) Less(i, j int) bool { return h.better(h.items[j], h.items[i]) }
func (h *worstFirst) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *worstFirst) Push(x any)         { h.items = append(h.items, x.(ranked)) }
func (h *worstFirst) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

// collect runs q and returns the total number of matches and the hits of
// the page [offset, offset+limit), in order. With fc set it also counts
// the matches' facet values: a window always asks for them next, and
// counting them in the same pass costs a fraction of a second pass.
func (ix *Index) collect(ctx context.Context, snap *scorch.IndexSnapshot, sc *snapColumns, q query.Query, order Sort, offset, limit int, fc *facetCounter) (uint64, []Hit, error) {
	keep := offset + limit
	h := &worstFirst{better: better(order)}
	var total uint64
	si := 0
	// A query with no words gives every match the same score: ranking it
	// is ordering it by date, and its scores need not be computed.
	scored := order == ByRelevance && textual(q)
	if order == ByRelevance && !scored {
		order = NewestFirst
		h.better = better(order)
	}
	err := ix.walk(ctx, snap, q, scored, func(doc uint64, score float64) {
		total++
		var local uint64
		si, local = sc.locate(doc, si)
		if fc != nil {
			fc.add(si, local)
		}
		r := ranked{doc: doc, score: score, key: sc.segs[si].sortKey[local]}
		if h.Len() < keep {
			heap.Push(h, r)
		} else if h.better(r, h.items[0]) {
			h.items[0] = r
			heap.Fix(h, 0)
		}
	})
	if err != nil {
		return 0, nil, fmt.Errorf("searching: %w", err)
	}
	page := h.items
	sort.Slice(page, func(i, j int) bool { return h.better(page[i], page[j]) })
	if offset >= len(page) {
		return total, nil, nil
	}
	page = page[offset:]
	hits := make([]Hit, 0, len(page))
	segs := snap.Segments()
	for _, r := range page {
		s, local := sc.locate(r.doc, 0)
		hit, err := storedHit(segs[s], local)
		if err != nil {
			return 0, nil, fmt.Errorf("searching: %w", err)
		}
		hit.Score = r.score
		hits = append(hits, hit)
	}
	return total, hits, nil
}

// textual reports whether q searches any text field, which is what gives
// matches different scores (keyword and date fields score nothing).
func textual(q query.Query) bool {
	switch q := q.(type) {
	case *query.BooleanQuery:
		// Clauses that must not match, and filters, score nothing.
		return q.Must != nil && textual(q.Must) || q.Should != nil && textual(q.Should)
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			if textual(c) {
				return true
			}
		}
		return false
	case *query.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			if textual(c) {
				return true
			}
		}
		return false
	case query.FieldableQuery:
		f := q.Field()
		return f == "" || f == fieldByline || f == fieldLoc || isTextField(f)
	}
	return false
}

func isTextField(f string) bool {
	for _, tf := range textFields {
		if tf.name == f {
			return true
		}
	}
	return false
}

// storedHit reads what a hit shows from a document's stored fields.
func storedHit(ss *scorch.SegmentSnapshot, local uint64) (Hit, error) {
	var h Hit
	err := ss.VisitDocument(local, func(field string, _ byte, value []byte, _ []uint64) bool {
		switch field {
		case "_id":
			h.ID = string(value)
		case fieldTitle:
			h.Title = string(value)
		case fieldType:
			h.Type = string(value)
		case fieldPath:
			h.Path = string(value)
		case fieldSortDate:
			h.Date, _ = time.Parse(sortDateLayout, string(value))
		case fieldParent:
			h.Parent = string(value)
		case fieldParentTitle:
			h.ParentTitle = string(value)
		case fieldSubtitle:
			h.Subtitle = string(value)
		}
		return true
	})
	return h, err
}
