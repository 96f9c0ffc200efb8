package index

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/parley-notes/parley/internal/corpus"
)

// TestCollectorMatchesBleve: Parley's collector and facet counts (over the
// in-memory columns) give what Bleve's give, for every kind of query and
// sort: the same totals, the same hits in the same order up to exact ties,
// the same counts.
func TestCollectorMatchesBleve(t *testing.T) {
	c := corpus.New(150, 2)
	ix := corpusTestIndex(t, c)
	ix.warm()
	ctx := context.Background()
	var reqs []Request
	for _, q := range c.Queries(6) {
		reqs = append(reqs, Request{Query: q.Text})
	}
	for _, q := range queryCases {
		reqs = append(reqs, Request{Query: q.query})
	}
	reqs = append(reqs,
		Request{},
		Request{Query: "-type:annotation", Sort: OldestFirst},
		Request{Query: "embassy", Sort: NewestFirst, Offset: 5, Limit: 7},
		Request{Filters: map[string][]string{"lang": {"ru"}}},
	)
	for _, req := range reqs {
		sr, err := ix.newSearchRequest(req)
		if err != nil {
			t.Fatal(err)
		}
		limit := req.Limit
		if limit == 0 {
			limit = DefaultLimit
		}
		snap, err := ix.snapshot()
		if err != nil {
			t.Fatal(err)
		}
		sc, err := ix.columns.columns(snap)
		if err != nil {
			t.Fatal(err)
		}
		counted := newFacetCounter(sc)
		total, ours, err := ix.collect(ctx, snap, sc, sr.Query, order(req), req.Offset, limit, counted)
		if err != nil {
			t.Fatal(err)
		}
		facets, err := countFacets(ctx, ix, snap, sc, sr.Query)
		snap.Close()
		if err != nil {
			t.Fatal(err)
		}
		sr.Size, sr.From, sr.Fields = limit, req.Offset, hitFields
		res, err := ix.bi.Search(sr)
		if err != nil {
			t.Fatal(err)
		}
		if total != res.Total || len(ours) != len(res.Hits) {
			t.Errorf("%+v: %d hits of %d, Bleve %d of %d", req, len(ours), total, len(res.Hits), res.Total)
			continue
		}
		var gotIDs, wantIDs []string
		for i, dm := range res.Hits {
			want := hitOf(dm)
			got := ours[i]
			gotIDs, wantIDs = append(gotIDs, got.ID), append(wantIDs, want.ID)
			if got.ID != want.ID {
				// An exact tie may be broken either way.
				if got.Date.Equal(want.Date) && (order(req) != ByRelevance || got.Score == dm.Score) {
					continue
				}
			}
			if got.ID != want.ID || got.Title != want.Title || got.Path != want.Path || got.Type != want.Type || !got.Date.Equal(want.Date) {
				t.Errorf("%+v: hit %d is %s %s %v, Bleve's %s %s %v", req, i, got.ID, got.Date, got.Score, want.ID, want.Date, dm.Score)
				break
			}
		}
		if int(total) <= limit && req.Offset == 0 {
			slices.Sort(gotIDs)
			slices.Sort(wantIDs)
			if !slices.Equal(gotIDs, wantIDs) {
				t.Errorf("%+v: found %v, Bleve %v", req, gotIDs, wantIDs)
			}
		}
		want, err := ix.bleveFacets(ctx, sr)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range FacetFields {
			if !slices.Equal(facets[name], want[name]) {
				t.Errorf("%+v: facet %s %v, Bleve's %v", req, name, facets[name], want[name])
			}
			// Counted while collecting the hits, as Search does.
			if got := counted.facets()[name]; !slices.Equal(got, want[name]) {
				t.Errorf("%+v: facet %s counted with the hits %v, Bleve's %v", req, name, got, want[name])
			}
		}
	}
}

// bleveFacets counts facets Bleve's way, from doc values, for comparison.
func (ix *Index) bleveFacets(ctx context.Context, sr *bleve.SearchRequest) (Facets, error) {
	sr.Size = 0
	sr.SortBy(nil)
	for _, name := range FacetFields {
		size := facetSizes[name]
		if size == 0 {
			size = 20
		}
		sr.AddFacet(name, bleve.NewFacetRequest(facetField(name), size))
	}
	res, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("counting facets: %w", err)
	}
	out := Facets{}
	for name, fr := range res.Facets {
		var vals []FacetValue
		if fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				vals = append(vals, FacetValue{Value: t.Term, Count: t.Count})
			}
		}
		out[name] = topFacetValues(name, vals)
	}
	return out, nil
}
