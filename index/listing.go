package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Entry is what the index remembers of one record document: enough to tell
// whether its file changed since it was indexed.
type Entry struct {
	ID       string
	Path     string
	Sig      string
	Children []string
}

// listPage is how many stored entries one listing request loads.
const listPage = 5000

// Records lists every record document (not annotations), for comparing the
// index with the vault's files. It reads the stored fields of each
// document straight from the index's segments, in one pass: a search that
// paged through them by id cost a pass over the index per page, seconds
// at 100,000 documents.
func (ix *Index) Records(ctx context.Context) ([]Entry, error) {
	snap, err := ix.snapshot()
	if err != nil {
		return nil, fmt.Errorf("listing the index: %w", err)
	}
	defer snap.Close()
	count, err := snap.DocCount()
	if err != nil {
		return nil, fmt.Errorf("listing the index: %w", err)
	}
	out := make([]Entry, 0, count)
	for _, ss := range snap.Segments() {
		deleted := ss.Deleted()
		for d := uint64(0); d < ss.Segment().Count(); d++ {
			if d%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			if deleted != nil && deleted.Contains(uint32(d)) {
				continue
			}
			var e Entry
			ann := false
			err := ss.VisitDocument(d, func(field string, _ byte, value []byte, _ []uint64) bool {
				switch field {
				case "_id":
					e.ID = string(value)
				case fieldPath:
					e.Path = string(value)
				case fieldSig:
					e.Sig = string(value)
				case fieldChildren:
					e.Children = append(e.Children, string(value))
				case fieldType:
					ann = string(value) == TypeAnnotation
				}
				return true
			})
			if err != nil {
				return nil, fmt.Errorf("listing the index: %w", err)
			}
			if !ann && e.ID != "" {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

var entryFields = []string{fieldPath, fieldSig, fieldChildren}

func entryOf(dm *search.DocumentMatch) Entry {
	e := Entry{ID: dm.ID}
	e.Path, _ = dm.Fields[fieldPath].(string)
	e.Sig, _ = dm.Fields[fieldSig].(string)
	switch v := dm.Fields[fieldChildren].(type) {
	case string:
		e.Children = []string{v}
	case []any:
		for _, c := range v {
			if s, ok := c.(string); ok {
				e.Children = append(e.Children, s)
			}
		}
	}
	return e
}

// ByPath returns the record document of the file at path, or nil.
func (ix *Index) ByPath(ctx context.Context, path string) (*Entry, error) {
	q := query.NewTermQuery(path)
	q.SetField(fieldPath)
	notAnn := query.NewTermQuery(TypeAnnotation)
	notAnn.SetField(fieldType)
	var found *Entry
	b := query.NewBooleanQuery([]query.Query{q}, nil, []query.Query{notAnn})
	err := ix.each(ctx, b, entryFields, func(dm *search.DocumentMatch) {
		e := entryOf(dm)
		found = &e
	})
	return found, err
}

// Lookup returns the stored fields of one document.
func (ix *Index) Lookup(ctx context.Context, id string) (*Hit, error) {
	sr := bleve.NewSearchRequest(query.NewDocIDQuery([]string{id}))
	sr.Fields = hitFields
	res, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("looking up %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, nil
	}
	h := hitOf(res.Hits[0])
	return &h, nil
}

// each visits every match of q, a page at a time, in id order.
func (ix *Index) each(ctx context.Context, q query.Query, fields []string, fn func(*search.DocumentMatch)) error {
	var after []string
	for {
		sr := bleve.NewSearchRequestOptions(q, listPage, 0, false)
		sr.Fields = fields
		sr.SortBy([]string{"_id"})
		if after != nil {
			sr.SetSearchAfter(after)
		}
		res, err := ix.bi.SearchInContext(ctx, sr)
		if err != nil {
			return fmt.Errorf("listing the index: %w", err)
		}
		for _, dm := range res.Hits {
			fn(dm)
		}
		if len(res.Hits) < listPage {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
