package index

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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
	gen     atomic.Uint64
	facets  facetCache
	columns columnStore
	warming atomic.Bool
	// unpersisted counts updates not yet written to disk.
	unpersisted sync.WaitGroup
	// inFlight bounds batches applied but not yet written to disk (see
	// batch), so that a rebuild cannot outrun the disk and pile up
	// segments in memory.
	inFlight     chan struct{}
	inFlightOnce sync.Once
}

// maxInFlight is how many batches may wait to be written to disk.
const maxInFlight = 4

// Open opens the index in dir. It checks what it can cheaply check, so that
// damage shows up here (and leads to a rebuild) rather than in a search.
func Open(dir string) (*Index, error) {
	if err := checkFiles(dir); err != nil {
		return nil, err
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
	// What an interrupted build or swap left beside the index is of no
	// use now that the index is sound.
	os.RemoveAll(dir + ".new")
	os.RemoveAll(dir + ".old")
	ix.warmSoon()
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
	bi, err = bleve.OpenUsing(dir, openConfig())
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

// openConfig is how Parley opens an index.
//
// Updates are "unsafe batches": Bleve makes them searchable at once and
// writes them to disk just after, instead of making the save wait for
// the disk. The vault file is the truth and is flushed before Update is
// called; if Parley stops before the index is written, the next open finds
// the file newer than its entry and indexes it again. Close waits a little
// for the last updates to be written, so that a normal exit loses none.
func openConfig() map[string]any {
	return map[string]any{
		"bolt_timeout": "1s",
		"unsafe_batch": true,
		// Bleve merges segments in the background; a merge maps all of
		// its segments, which counts as resident memory, and one merge
		// into a single segment would map the whole index. Segments
		// stop growing at maxSegmentDocs documents instead.
		"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": maxSegmentDocs},
	}
}

// maxSegmentDocs bounds a segment: big enough that a search visits a
// handful of segments at 100,000 documents, small enough that merging
// one maps a hundred megabytes or so.
const maxSegmentDocs = 30000

// persistWait bounds how long Close waits for updates to reach the disk.
const persistWait = 3 * time.Second

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
func (ix *Index) Close() error {
	done := make(chan struct{})
	go func() { ix.unpersisted.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(persistWait):
	}
	return ix.bi.Close()
}

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
		err := ix.batch(b, false)
		// A fresh batch rather than b.Reset: Bleve's analysis goroutine
		// may still be ranging over the old batch's map after Batch
		// returns (the race detector catches it).
		b = ix.bi.NewBatch()
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

// batch applies a batch, counting it as unpersisted until Bleve has
// written it to disk. With throttle set (a rebuild's batches, which are
// big) it first waits until few enough batches are waiting for the disk.
func (ix *Index) batch(b *bleve.Batch, throttle bool) error {
	if throttle {
		ix.inFlightOnce.Do(func() { ix.inFlight = make(chan struct{}, maxInFlight) })
		ix.inFlight <- struct{}{}
	}
	ix.unpersisted.Add(1)
	var once sync.Once
	done := func() {
		ix.unpersisted.Done()
		if throttle {
			<-ix.inFlight
		}
	}
	b.SetPersistedCallback(func(error) { once.Do(done) })
	err := ix.bi.Batch(b)
	if err != nil {
		once.Do(done)
	}
	return err
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
		// The old index cannot be moved out of the way (its folder is
		// read-only, or a mount point): serve from the new one where it
		// was built, so that the vault still opens and searches right.
		// The next open finds the old one unusable and builds again.
		if fresh, oerr := Open(ix.dir); oerr == nil {
			return fresh, nil
		}
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
