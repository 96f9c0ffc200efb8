package index

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// FacetValue is one value of a facet and how many results have it.
type FacetValue struct {
	Value string
	Count int
}

// Facets counts results by facet name (see FacetFields), most frequent
// value first.
type Facets map[string][]FacetValue

// facetSizes bounds how many values each facet reports.
var facetSizes = map[string]int{"tags": 100, "site": 50, "party": 30, "year": 30}

// Facets counts the results of req by each facet. A Search with
// CountFacets counts them while it walks the matches and leaves them in a
// cache, kept until the index changes, so asking for the facets of a
// search just made costs nothing; otherwise counting is a pass over every
// match (countFacets).
func (ix *Index) Facets(ctx context.Context, req Request) (Facets, error) {
	key := facetKey(req)
	gen := ix.gen.Load()
	if f, ok := ix.facets.get(gen, key); ok {
		return f, nil
	}
	sr, err := ix.newSearchRequest(req)
	if err != nil {
		return nil, err
	}
	snap, err := ix.snapshot()
	if err != nil {
		return nil, fmt.Errorf("counting facets: %w", err)
	}
	defer snap.Close()
	sc, err := ix.columns.columns(snap)
	if err != nil {
		return nil, fmt.Errorf("counting facets: %w", err)
	}
	out, err := countFacets(ctx, ix, snap, sc, sr.Query)
	if err != nil {
		return nil, err
	}
	ix.facets.put(gen, key, out)
	return out, nil
}

func facetKey(req Request) string {
	var b strings.Builder
	b.WriteString(req.Query)
	names := make([]string, 0, len(req.Filters))
	for n := range req.Filters {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		vals := append([]string(nil), req.Filters[n]...)
		sort.Strings(vals)
		fmt.Fprintf(&b, "\x00%s=%s", n, strings.Join(vals, "\x01"))
	}
	return b.String()
}

// facetCache remembers recent facet counts for one generation of the index.
type facetCache struct {
	mu      sync.Mutex
	gen     uint64
	entries map[string]Facets
}

const facetCacheSize = 64

func (c *facetCache) get(gen uint64, key string) (Facets, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil, false
	}
	f, ok := c.entries[key]
	return f, ok
}

func (c *facetCache) put(gen uint64, key string, f Facets) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.entries == nil || len(c.entries) >= facetCacheSize {
		c.gen, c.entries = gen, map[string]Facets{}
	}
	c.entries[key] = f
}
