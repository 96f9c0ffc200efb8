package index

import (
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Columns: each document's facet values and sort date, in memory.
//
// Bleve's collector reads, for every document that matches, the doc values
// it sorts and counts by, decompressing them chunk by chunk each time, and
// looks up the document's id to break ties: at 100,000 documents that was
// most of the cost of a search, and 25–70 ms a query for facets. Parley
// keeps the few values it sorts and counts by in memory instead, as small
// numbers, and walks the matches itself (see search.go and facets.go).
//
// The values are kept per index segment. Segments never change once
// written, so a save, which adds a small segment, costs only that segment's
// columns; the big segments of a rebuild are read once, from their terms'
// postings (which is quick: facet fields have few distinct values).

// segColumns are one segment's columns.
type segColumns struct {
	// facets holds, for each facet field in the order of FacetFields,
	// document d's values as ords[start[d]:start[d+1]], ordinals into
	// columnStore.names.
	facets []column
	// sortKey is the document's fieldSortDate as a number
	// (YYYYMMDDhhmmss), 0 when it has none.
	sortKey []int64
}

type column struct {
	start []uint32
	ords  []uint32
}

// snapColumns are the columns of one snapshot's segments, with the
// snapshot's number of the first document of each.
type snapColumns struct {
	segs    []*segColumns
	offsets []uint64 // len(segs)+1
	names   [][]string
}

// locate returns the segment and local number of a snapshot document.
func (sc *snapColumns) locate(doc uint64, hint int) (int, uint64) {
	if hint < len(sc.segs) && doc >= sc.offsets[hint] && doc < sc.offsets[hint+1] {
		return hint, doc - sc.offsets[hint]
	}
	lo, hi := 0, len(sc.segs)
	for lo < hi {
		m := (lo + hi) / 2
		if sc.offsets[m+1] <= doc {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, doc - sc.offsets[min(lo, len(sc.segs)-1)]
}

// columnStore holds the columns of the segments the index has had lately.
type columnStore struct {
	mu    sync.Mutex
	segs  map[segment.Segment]*segColumns
	names [][]string          // by facet field: ordinal -> value
	ords  []map[string]uint32 // by facet field: value -> ordinal
}

var facetDocValueFields = func() []string {
	out := make([]string, len(FacetFields))
	for i, f := range FacetFields {
		out[i] = facetField(f)
	}
	return out
}()

// columns returns the columns of the snapshot, building those of segments
// it has not seen: a save's new segment takes microseconds, all of a
// 100,000-record index 70 ms (Open starts that in the background).
func (cs *columnStore) columns(snap *scorch.IndexSnapshot) (*snapColumns, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.segs == nil {
		cs.segs = map[segment.Segment]*segColumns{}
		cs.names = make([][]string, len(FacetFields))
		cs.ords = make([]map[string]uint32, len(FacetFields))
		for i := range cs.ords {
			cs.ords[i] = map[string]uint32{}
		}
	}
	segs := snap.Segments()
	sc := &snapColumns{segs: make([]*segColumns, len(segs)), offsets: make([]uint64, len(segs)+1)}
	for i, ss := range segs {
		seg := ss.Segment()
		sc.offsets[i+1] = sc.offsets[i] + seg.Count()
		c := cs.segs[seg]
		if c == nil {
			var err error
			if c, err = cs.build(seg); err != nil {
				return nil, err
			}
			cs.segs[seg] = c
		}
		sc.segs[i] = c
	}
	if len(cs.segs) > len(segs) {
		live := make(map[segment.Segment]bool, len(segs))
		for _, ss := range segs {
			live[ss.Segment()] = true
		}
		for seg := range cs.segs {
			if !live[seg] {
				delete(cs.segs, seg)
			}
		}
	}
	sc.names = make([][]string, len(cs.names))
	copy(sc.names, cs.names)
	return sc, nil
}

// build reads a segment's columns from the postings of its facet and sort
// fields. cs.mu is held.
func (cs *columnStore) build(seg segment.Segment) (*segColumns, error) {
	n := seg.Count()
	c := &segColumns{facets: make([]column, len(FacetFields)), sortKey: make([]int64, n)}
	type pair struct{ doc, ord uint32 }
	var pairs []pair
	for f, field := range facetDocValueFields {
		pairs = pairs[:0]
		col := column{start: make([]uint32, n+1)}
		var o uint32
		err := eachPosting(seg, field, func(term string) {
			var ok bool
			if o, ok = cs.ords[f][term]; !ok {
				o = uint32(len(cs.names[f]))
				cs.ords[f][term] = o
				cs.names[f] = append(cs.names[f], term)
			}
		}, func(doc uint64) {
			if doc < n {
				pairs = append(pairs, pair{uint32(doc), o})
				col.start[doc+1]++
			}
		})
		if err != nil {
			return nil, err
		}
		// Postings come term by term; a counting sort puts them in
		// document order.
		for d := uint64(1); d <= n; d++ {
			col.start[d] += col.start[d-1]
		}
		col.ords = make([]uint32, len(pairs))
		next := slices.Clone(col.start[:n])
		for _, p := range pairs {
			col.ords[next[p.doc]] = p.ord
			next[p.doc]++
		}
		c.facets[f] = col
	}
	var key int64
	err := eachPosting(seg, fieldSortDate, func(term string) {
		key, _ = strconv.ParseInt(term, 10, 64)
	}, func(doc uint64) {
		if doc < n {
			c.sortKey[doc] = key
		}
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// eachPosting calls term for every term of field, then doc for each
// document that has it.
func eachPosting(seg segment.Segment, field string, term func(string), doc func(uint64)) error {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return fmt.Errorf("reading %s: %w", field, err)
	}
	if dict == nil {
		return nil
	}
	it := dict.AutomatonIterator(nil, nil, nil)
	var pl segment.PostingsList
	var pi segment.PostingsIterator
	for {
		de, err := it.Next()
		if err != nil {
			return fmt.Errorf("reading %s: %w", field, err)
		}
		if de == nil {
			return nil
		}
		if pl, err = dict.PostingsList([]byte(de.Term), nil, pl); err != nil {
			return fmt.Errorf("reading %s: %w", field, err)
		}
		term(de.Term)
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return fmt.Errorf("reading %s: %w", field, err)
			}
			if p == nil {
				break
			}
			doc(p.Number())
		}
	}
}
