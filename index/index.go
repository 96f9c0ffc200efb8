package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Errors callers decide on. Any of the first three means: rebuild.
var (
	ErrMissing  = errors.New("there is no search index yet")
	ErrCorrupt  = errors.New("the search index is damaged")
	ErrOutdated = errors.New("the search index was made by another version of Parley")
	// ErrInUse: another process has the index open (Bleve's bolt lock).
	ErrInUse = errors.New("the search index is in use by another process")
)

// BatchSize is how many documents go to Bleve at once: measured best on a
// 2-core machine (larger batches used far more memory for no gain).
const BatchSize = 1000

// Internal keys, written in the same batches as the documents.
var (
	keySchema   = []byte("parley:schema")
	keyComplete = []byte("parley:complete")
)

// Index is an open on-disk Bleve index. It is safe for concurrent use.
type Index struct {
	bi  bleve.Index
	dir string

	// gen counts changes, so cached facet counts know when they are stale.
	gen    atomic.Uint64
	facets facetCache
}

// Open opens the index in dir. It checks what it can cheaply check, so that
// damage shows up here (and leads to a rebuild) rather than in a search.
func Open(dir string) (*Index, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); errors.Is(err, os.ErrNotExist) {
		return nil, ErrMissing
	}
	bi, err := openBleve(dir)
	if err != nil {
		return nil, err
	}
	ix := &Index{bi: bi, dir: dir}
	if err := ix.verify(); err != nil {
		bi.Close()
		return nil, err
	}
	return ix, nil
}

// openBleve opens with a bolt timeout, because Bleve otherwise waits forever
// for another process's lock (bleve#1491), and turns Bleve's panics on
// damaged files into errors.
func openBleve(dir string) (bi bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			bi, err = nil, fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	bi, err = bleve.OpenUsing(dir, map[string]any{"bolt_timeout": "1s"})
	switch {
	case err == nil:
		return bi, nil
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, ErrInUse
	case errors.Is(err, bleve.ErrorIndexMetaMissing):
		return nil, ErrMissing
	}
	return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
}

func (ix *Index) verify() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	v, err := ix.bi.GetInternal(keySchema)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if string(v) != schemaVersion {
		return ErrOutdated
	}
	done, err := ix.bi.GetInternal(keyComplete)
	if err != nil || string(done) != "1" {
		return fmt.Errorf("%w: its last rebuild did not finish", ErrCorrupt)
	}
	// A search touches every segment's dictionary, which is where a
	// damaged or missing segment file shows.
	req := bleve.NewSearchRequestOptions(query.NewMatchQuery("parley"), 1, 0, false)
	req.Fields = []string{fieldPath}
	if _, err := ix.bi.Search(req); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if _, err := ix.bi.DocCount(); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return nil
}

// Close closes the index; its data stays on disk.
func (ix *Index) Close() error { return ix.bi.Close() }

// Dir is where the index lives.
func (ix *Index) Dir() string { return ix.dir }

// Count is the number of documents (records and annotations).
func (ix *Index) Count() (uint64, error) { return ix.bi.DocCount() }

// Update indexes docs (replacing documents with the same ids) and removes
// the documents in deletes, in batches of BatchSize.
func (ix *Index) Update(docs []Doc, deletes []string) error {
	defer ix.gen.Add(1)
	b := ix.bi.NewBatch()
	flush := func() error {
		if b.Size() == 0 {
			return nil
		}
		err := ix.bi.Batch(b)
		b.Reset()
		return err
	}
	for _, id := range deletes {
		b.Delete(id)
		if b.Size() >= BatchSize {
			if err := flush(); err != nil {
				return fmt.Errorf("updating the index: %w", err)
			}
		}
	}
	for i := range docs {
		if err := b.Index(docs[i].ID, docs[i].fields()); err != nil {
			return fmt.Errorf("indexing %s: %w", docs[i].Path, err)
		}
		if b.Size() >= BatchSize {
			if err := flush(); err != nil {
				return fmt.Errorf("updating the index: %w", err)
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("updating the index: %w", err)
	}
	return nil
}

// Builder fills a new index. Use Build.
type Builder struct {
	ix    *Index
	batch *bleve.Batch
	n     int
}

// Add indexes one document.
func (b *Builder) Add(d Doc) error {
	if err := b.batch.Index(d.ID, d.fields()); err != nil {
		return fmt.Errorf("indexing %s: %w", d.Path, err)
	}
	b.n++
	if b.batch.Size() >= BatchSize {
		return b.flush()
	}
	return nil
}

// Added is how many documents were added so far.
func (b *Builder) Added() int { return b.n }

func (b *Builder) flush() error {
	if b.batch.Size() == 0 {
		return nil
	}
	if err := b.ix.bi.Batch(b.batch); err != nil {
		return fmt.Errorf("building the index: %w", err)
	}
	b.batch.Reset()
	return nil
}

// Build makes a new index beside dir (in dir+".new") from the documents
// fill adds. The result is complete and open; Install puts it in dir's
// place. Building beside the live index means an interrupted build leaves
// the previous index (or none) in place, never a half-built one, and
// searches go on while it builds.
func Build(dir string, fill func(*Builder) error) (*Index, error) {
	tmp := dir + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, fmt.Errorf("building the index: %w", err)
	}
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("building the index: %w", err)
	}
	bi, err := bleve.NewUsing(tmp, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, map[string]any{"bolt_timeout": "1s"})
	if err != nil {
		return nil, fmt.Errorf("building the index in %s: %w", tmp, err)
	}
	ix := &Index{bi: bi, dir: tmp}
	b := &Builder{ix: ix, batch: bi.NewBatch()}
	b.batch.SetInternal(keySchema, []byte(schemaVersion))
	err = fill(b)
	if err == nil {
		b.batch.SetInternal(keyComplete, []byte("1"))
		err = b.flush()
	}
	if err != nil {
		bi.Close()
		os.RemoveAll(tmp)
		return nil, err
	}
	return ix, nil
}

// Install closes a freshly built index and the one it replaces (old may be
// nil), moves the new one into dir and opens it there.
func (ix *Index) Install(dir string, old *Index) (*Index, error) {
	if old != nil {
		old.Close()
	}
	if err := ix.bi.Close(); err != nil {
		return nil, fmt.Errorf("installing the new index: %w", err)
	}
	if err := swapDir(ix.dir, dir); err != nil {
		return nil, fmt.Errorf("installing the new index: %w", err)
	}
	return Open(dir)
}

// swapDir replaces dir with tmp, keeping the old index aside until the new
// one is in place.
func swapDir(tmp, dir string) error {
	old := dir + ".old"
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		// An old index that cannot be moved (a read-only folder): remove
		// what can be removed and try to take its place anyway.
		os.RemoveAll(dir)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return err
	}
	os.RemoveAll(old)
	return nil
}

// Remove deletes the index in dir and any leftovers of interrupted builds.
func Remove(dir string) error {
	var errs []string
	for _, d := range []string{dir, dir + ".new", dir + ".old"} {
		if err := os.RemoveAll(d); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}
