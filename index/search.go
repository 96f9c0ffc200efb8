package index

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Sort orders search results.
type Sort int

// The orders a user can choose.
const (
	ByRelevance Sort = iota
	NewestFirst
	OldestFirst
)

// DefaultLimit is how many hits a search returns unless told otherwise.
const DefaultLimit = 50

// Request is a search.
type Request struct {
	Query string
	// Filters narrow the results to facet values: values of one facet are
	// alternatives, different facets must all match. Keys are facet names
	// (see FacetFields), values are as Facets returns them.
	Filters map[string][]string
	Sort    Sort
	Offset  int
	Limit   int // 0 means DefaultLimit
	// CountFacets has the first page count the facets of all the matches
	// while it walks them, for a Facets call on the same request to answer
	// from the cache. Set by those who show facets (the window, the CLI's
	// JSON); internal searches that never ask for them leave it unset.
	CountFacets bool
	// Texts, when set, gives the indexed text of a hit, from which
	// fragments with the query's words marked are cut. The index keeps no
	// copy of the text; the vault has it.
	Texts TextSource
}

// TextSource returns the text of a hit's fields exactly as it was given to
// the index in Doc (Title, Body, Comment, Meta), keyed by field name;
// fields names those the query matched, which are all that is needed. It
// is called for several hits at once, from different goroutines.
type TextSource func(h *Hit, fields []string) (map[string]string, error)

// Hit is one search result.
type Hit struct {
	ID    string
	Type  string
	Title string
	Path  string
	Score float64
	Date  time.Time
	// Parent and ParentTitle name the clip an annotation belongs to.
	Parent      string
	ParentTitle string
	Subtitle    string
	// Fragments are short excerpts by field, HTML-escaped, with the
	// matching words in <mark></mark>.
	Fragments map[string][]string
}

// Result is a page of hits.
type Result struct {
	Total uint64
	Took  time.Duration
	Hits  []Hit
}

var hitFields = []string{fieldTitle, fieldType, fieldPath, fieldSortDate, fieldParent, fieldParentTitle, fieldSubtitle}

// Search runs a request.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	sr, err := ix.newSearchRequest(req)
	if err != nil {
		return nil, err
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	offset := max(req.Offset, 0)
	// The generation is read before the snapshot is taken, so counts
	// cached under it are never newer than the index they are kept for.
	gen := ix.gen.Load()
	out, facets, err := ix.hits(ctx, sr, order(req), offset, limit, req.CountFacets)
	if err != nil {
		return nil, err
	}
	if facets != nil {
		ix.facets.put(gen, facetKey(req), facets)
	}
	var locs map[string]search.FieldTermLocationMap
	if req.Texts != nil && len(out.Hits) > 0 {
		if locs, err = ix.locations(ctx, sr.Query, out.Hits); err != nil {
			return nil, err
		}
	}
	if len(locs) > 0 {
		// Reading the texts (files, for the notebook) is most of the
		// cost of a highlighted search: done on every core.
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := min(runtime.GOMAXPROCS(0), len(out.Hits)); w > 0; w-- {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := int(next.Add(1)) - 1; i < len(out.Hits); i = int(next.Add(1)) - 1 {
					h := &out.Hits[i]
					if l := locs[h.ID]; len(l) > 0 {
						fields := make([]string, 0, len(l))
						for f := range l {
							fields = append(fields, f)
						}
						if texts, err := req.Texts(h, fields); err == nil {
							h.Fragments = fragmentsOf(texts, l)
						}
					}
				}
			}()
		}
		wg.Wait()
	}
	out.Took = time.Since(start)
	return out, nil
}

// locations returns where q matched in each of the hits. Asking for
// locations in the search itself would decode them for every document
// that matches, not just the page shown; asked again for the page's
// documents only, the cost is the page's.
func (ix *Index) locations(ctx context.Context, q query.Query, hits []Hit) (map[string]search.FieldTermLocationMap, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	sr := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{q, query.NewDocIDQuery(ids)}), len(ids), 0, false)
	sr.IncludeLocations = true
	sr.Score = "none"
	res, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}
	out := make(map[string]search.FieldTermLocationMap, len(res.Hits))
	for _, dm := range res.Hits {
		out[dm.ID] = dm.Locations
	}
	return out, nil
}

func (ix *Index) newSearchRequest(req Request) (*bleve.SearchRequest, error) {
	q, err := Parse(req.Query)
	if err != nil {
		return nil, err
	}
	if f := filterQuery(req.Filters); f != nil {
		b := query.NewBooleanQuery([]query.Query{q}, nil, nil)
		b.AddFilter(f)
		q = b
	}
	sr := bleve.NewSearchRequest(q)
	byDate := &search.SortField{Field: fieldSortDate, Type: search.SortFieldAsString, Missing: search.SortFieldMissingLast}
	switch order(req) {
	case NewestFirst:
		byDate.Desc = true
		sr.SortByCustom(search.SortOrder{byDate, &search.SortScore{Desc: true}, &search.SortDocID{}})
	case OldestFirst:
		sr.SortByCustom(search.SortOrder{byDate, &search.SortScore{Desc: true}, &search.SortDocID{}})
	default:
		byDate.Desc = true
		sr.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, byDate, &search.SortDocID{}})
	}
	return sr, nil
}

// order is the sort of a request: what was asked, but newest first when
// there are no words to rank by.
func order(req Request) Sort {
	if req.Sort == ByRelevance && strings.TrimSpace(req.Query) == "" {
		return NewestFirst
	}
	return req.Sort
}

// hits runs the search for one page of hits, with Parley's collector (see
// collect.go). With countFacets, the first page also counts the facets of
// all the matches on the way; later pages have the same counts, which the
// first left in the cache, so a caller paging through results counts once.
func (ix *Index) hits(ctx context.Context, sr *bleve.SearchRequest, order Sort, offset, limit int, countFacets bool) (*Result, Facets, error) {
	snap, err := ix.snapshot()
	if err != nil {
		return nil, nil, fmt.Errorf("searching: %w", err)
	}
	defer snap.Close()
	sc, err := ix.columns.columns(snap)
	if err != nil {
		return nil, nil, fmt.Errorf("searching: %w", err)
	}
	var fc *facetCounter
	if countFacets && offset == 0 {
		fc = newFacetCounter(sc)
	}
	total, hits, err := ix.collect(ctx, snap, sc, sr.Query, order, offset, limit, fc)
	if err != nil {
		return nil, nil, err
	}
	res := &Result{Total: total, Hits: hits}
	if fc == nil {
		return res, nil, nil
	}
	return res, fc.facets(), nil
}

// filterQuery turns facet selections into a non-scoring filter.
func filterQuery(filters map[string][]string) query.Query {
	names := make([]string, 0, len(filters))
	for name, vals := range filters {
		if len(vals) > 0 {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	var all []query.Query
	for _, name := range names {
		var any []query.Query
		for _, v := range filters[name] {
			t := query.NewTermQuery(v)
			t.SetField(facetField(name))
			any = append(any, t)
		}
		all = append(all, query.NewDisjunctionQuery(any))
	}
	return query.NewConjunctionQuery(all)
}

func hitOf(dm *search.DocumentMatch) Hit {
	h := Hit{ID: dm.ID, Score: dm.Score}
	str := func(k string) string {
		switch v := dm.Fields[k].(type) {
		case string:
			return v
		case []any:
			if len(v) > 0 {
				s, _ := v[0].(string)
				return s
			}
		}
		return ""
	}
	h.Title, h.Type, h.Path = str(fieldTitle), str(fieldType), str(fieldPath)
	h.Parent, h.ParentTitle, h.Subtitle = str(fieldParent), str(fieldParentTitle), str(fieldSubtitle)
	if d := str(fieldSortDate); d != "" {
		h.Date, _ = time.Parse(sortDateLayout, d)
	}
	return h
}
