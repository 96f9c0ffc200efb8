package index

import (
	"context"
	"fmt"
	"sort"
	"strings"
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
	// Texts, when set, gives the indexed text of a hit, from which
	// fragments with the query's words marked are cut. The index keeps no
	// copy of the text; the vault has it.
	Texts TextSource
}

// TextSource returns the text of a hit's fields exactly as it was given to
// the index in Doc (Title, Body, Comment, Meta), keyed by field name.
type TextSource func(h *Hit) (map[string]string, error)

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

var hitFields = []string{fieldTitle, fieldType, fieldPath, fieldDate, fieldParent, fieldParentTitle, fieldSubtitle}

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
	sr.Size, sr.From = limit, max(req.Offset, 0)
	sr.Fields = hitFields
	sr.IncludeLocations = req.Texts != nil
	res, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, dm := range res.Hits {
		h := hitOf(dm)
		if req.Texts != nil && len(dm.Locations) > 0 {
			if texts, err := req.Texts(&h); err == nil {
				h.Fragments = fragmentsOf(texts, dm.Locations)
			}
		}
		out.Hits = append(out.Hits, h)
	}
	out.Took = time.Since(start)
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
	order := req.Sort
	if order == ByRelevance && strings.TrimSpace(req.Query) == "" {
		order = NewestFirst
	}
	byDate := &search.SortField{Field: fieldDate, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast}
	switch order {
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
	if d := str(fieldDate); d != "" {
		h.Date, _ = time.Parse(time.RFC3339, d)
	}
	return h
}
