package export

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// Selection is the records an export covers, read from their files.
type Selection struct {
	// Description says in words what was selected, for reports and
	// titles: "the whole vault", `query "banking"`, `round "Round 2"`.
	Description string
	// Root is the record the scope was built around (--id), or nil.
	Root *vault.Record
	// Whole is set when the whole vault was selected.
	Whole bool
	// Records in path order, each file once.
	Records []*vault.Record

	byID  map[string]*vault.Record
	paths map[string]bool
}

// Has reports whether the record with the given id is selected.
func (s *Selection) Has(id string) bool {
	_, ok := s.byID[id]
	return ok
}

// Get returns the selected record with the given id.
func (s *Selection) Get(id string) (*vault.Record, bool) {
	r, ok := s.byID[id]
	return r, ok
}

// OfType lists the selected records of a type, in path order.
func (s *Selection) OfType(t vault.Type) []*vault.Record {
	var out []*vault.Record
	for _, r := range s.Records {
		if r.Type == t {
			out = append(out, r)
		}
	}
	return out
}

// add selects a record once. Two files may carry the same id (a sync
// conflict's copy): both are exported, and the first one answers Get.
func (s *Selection) add(rec *vault.Record) {
	if rec == nil {
		return
	}
	if s.byID == nil {
		s.byID = map[string]*vault.Record{}
		s.paths = map[string]bool{}
	}
	if s.paths[rec.Path] {
		return
	}
	s.paths[rec.Path] = true
	if _, ok := s.byID[rec.ID]; !ok {
		s.byID[rec.ID] = rec
	}
	s.Records = append(s.Records, rec)
}

func (s *Selection) sort() {
	sort.SliceStable(s.Records, func(i, j int) bool { return s.Records[i].Path < s.Records[j].Path })
}

// Select works out which records opts.Query or opts.ID cover (the whole
// vault when both are empty). An unknown id fails with app.ErrNotFound; a
// query Bleve cannot read with index.ErrBadQuery.
func Select(ctx context.Context, nb *app.Notebook, opts Options) (*Selection, error) {
	sel := &Selection{}
	switch {
	case opts.ID != "":
		if err := selectLinked(ctx, nb, opts.ID, sel); err != nil {
			return nil, err
		}
	case strings.TrimSpace(opts.Query) != "":
		if err := selectQuery(ctx, nb, opts.Query, sel); err != nil {
			return nil, err
		}
	default:
		sel.Description = "the whole vault"
		sel.Whole = true
		err := nb.Each(ctx, func(rec *vault.Record) error {
			sel.add(rec)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sel.sort()
	return sel, nil
}

// selectQuery adds every record a query finds; an annotation brings its
// clip.
func selectQuery(ctx context.Context, nb *app.Notebook, q string, sel *Selection) error {
	sel.Description = fmt.Sprintf("query %q", q)
	const page = 1000
	seen := map[string]bool{}
	for offset := 0; ; offset += page {
		res, err := nb.Search(ctx, index.Request{Query: q, Sort: index.NewestFirst, Offset: offset, Limit: page}, false)
		if err != nil {
			return fmt.Errorf("searching for %q: %w", q, err)
		}
		for _, h := range res.Hits {
			id := h.ID
			if h.Type == index.TypeAnnotation {
				id = h.Parent
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			rec, err := nb.Get(ctx, id)
			if errors.Is(err, app.ErrNotFound) {
				continue // deleted since it was indexed
			}
			if err != nil {
				return err
			}
			sel.add(rec)
		}
		if len(res.Hits) < page {
			return nil
		}
	}
}

// selectLinked adds the record with the given id and, for a round or an
// issue, what is linked to it, one step away: a round's agenda issues and
// sources, an issue's rounds, the clips whose annotations bear on it, the
// records that link to it and those its body links to.
func selectLinked(ctx context.Context, nb *app.Notebook, id string, sel *Selection) error {
	id, _ = app.SplitDocID(strings.TrimSpace(id)) // an annotation's id names its clip
	rec, err := nb.Get(ctx, id)
	if err != nil {
		return err
	}
	sel.Root = rec
	sel.Description = fmt.Sprintf("%s %q", rec.Type, rec.Title)
	sel.add(rec)
	if rec.Type != vault.TypeRound && rec.Type != vault.TypeIssue {
		return nil
	}
	sel.Description += " and what is linked to it"
	get := func(id string) error {
		if sel.Has(id) {
			return nil
		}
		r, err := nb.Get(ctx, id)
		if errors.Is(err, app.ErrNotFound) {
			return nil // a dangling link: nothing to bring
		}
		if err != nil {
			return err
		}
		sel.add(r)
		return nil
	}
	var ids []string
	switch rec.Type {
	case vault.TypeRound:
		for _, a := range rec.Agenda {
			ids = append(ids, a.Issue)
		}
		ids = append(ids, rec.Sources...)
	case vault.TypeIssue:
		stages, err := nb.History(ctx, rec.ID)
		if err != nil {
			return err
		}
		for _, s := range stages {
			sel.add(s.Round)
		}
	}
	ev, err := nb.Evidence(ctx, rec.ID)
	if err != nil {
		return err
	}
	for _, e := range ev {
		ids = append(ids, e.Clip.ID)
	}
	back, err := nb.Backlinks(ctx, rec)
	if err != nil {
		return err
	}
	for _, h := range back {
		ids = append(ids, h.ID)
	}
	for _, id := range ids {
		if err := get(id); err != nil {
			return err
		}
	}
	for _, l := range markdown.WikiLinks(rec.Body) {
		r, err := findTitle(ctx, nb, l.Target)
		if err != nil {
			return err
		}
		sel.add(r)
	}
	return nil
}

// findTitle resolves a [[wiki link]] target to the record it names.
func findTitle(ctx context.Context, nb *app.Notebook, title string) (*vault.Record, error) {
	id, err := nb.Resolve(ctx, title)
	if errors.Is(err, index.ErrBadQuery) || (err == nil && id == "") {
		// A title Bleve cannot read as a phrase is a link we cannot
		// follow, not a failed export.
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rec, err := nb.Get(ctx, id)
	if errors.Is(err, app.ErrNotFound) {
		return nil, nil
	}
	return rec, err
}
