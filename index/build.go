package index

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// How a whole index is built. Bleve indexes a batch in three steps:
// analysing its documents (on every core), building a segment from them
// (on the goroutine that called Batch), and writing and merging segments
// (in the background). A rebuild feeds one writer from the caller, which
// reads and parses files on every core meanwhile (see app.readFiles), and
// does not wait for each batch to reach the disk (see openConfig), only for
// all of them at the end. Measured on two cores: one writer did better
// than two (the second batch in flight doubled the memory and the merging
// for no gain), and batches of 1,000 better than 500 or 2,000.

// buildMemoryLimit is the Go memory limit while an index is built (see
// runtime/debug.SetMemoryLimit), which keeps the peak resident memory of a
// rebuild well under 700 MB at 100,000 records.
const buildMemoryLimit = 400 << 20

// Builder fills a new index. Use Build.
type Builder struct {
	ix   *Index
	docs chan Doc
	seen map[string]bool
	n    int

	writers sync.WaitGroup
	errOnce sync.Once
	err     error
	failed  chan struct{}
}

// Add indexes one document. Documents are indexed in the background; an
// error shows up in a later Add or in Build. An id that was added before
// is ignored, so that the first document with an id wins however the
// batches are scheduled.
func (b *Builder) Add(d Doc) error {
	select {
	case <-b.failed:
		return b.err
	default:
	}
	if b.seen[d.ID] {
		return nil
	}
	b.seen[d.ID] = true
	b.n++
	select {
	case b.docs <- d:
		return nil
	case <-b.failed:
		return b.err
	}
}

// Added is how many documents were added so far.
func (b *Builder) Added() int { return b.n }

func (b *Builder) fail(err error) {
	b.errOnce.Do(func() {
		b.err = err
		close(b.failed)
	})
}

// write indexes documents in batches of BatchSize.
func (b *Builder) write() {
	defer b.writers.Done()
	batch := b.ix.bi.NewBatch()
	flush := func() {
		if batch.Size() > 0 {
			if err := b.ix.batch(batch, true); err != nil {
				b.fail(fmt.Errorf("building the index: %w", err))
			}
			batch = b.ix.bi.NewBatch()
		}
	}
	for d := range b.docs {
		if err := batch.Index(d.ID, d.fields()); err != nil {
			b.fail(fmt.Errorf("indexing %s: %w", d.Path, err))
			continue
		}
		if batch.Size() >= BatchSize {
			flush()
		}
	}
	flush()
}

// Build makes a new index beside dir (in dir+".new") from the documents
// fill adds. The result is complete, written to disk and open; Install
// puts it in dir's place. Building beside the live index means an
// interrupted build leaves the previous index (or none) in place, never a
// half-built one, and searches go on while it builds.
func Build(dir string, fill func(*Builder) error) (*Index, error) {
	tmp := dir + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, fmt.Errorf("building the index: %w", err)
	}
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("building the index: %w", err)
	}
	bi, err := bleve.NewUsing(tmp, m, scorch.Name, bleve.Config.DefaultKVStore, openConfig())
	if err != nil {
		return nil, fmt.Errorf("building the index in %s: %w", tmp, err)
	}
	ix := &Index{bi: bi, dir: tmp}
	// A batch being analysed holds some 70 KB a document, and the garbage
	// collector lets the heap grow to twice what is live: bound the
	// process's memory while building, more tightly than any limit set.
	if limit := debug.SetMemoryLimit(-1); limit > buildMemoryLimit {
		debug.SetMemoryLimit(buildMemoryLimit)
		defer debug.SetMemoryLimit(limit)
	}
	b := &Builder{ix: ix, docs: make(chan Doc, 256), seen: map[string]bool{}, failed: make(chan struct{})}
	b.writers.Add(1)
	go b.write()
	fillErr := fill(b)
	close(b.docs)
	b.writers.Wait()
	err = errors.Join(fillErr, b.err)
	if err == nil {
		// Marked complete last: Bleve writes snapshots in order, so once
		// this is on disk, every document is.
		done := bi.NewBatch()
		done.SetInternal(keySchema, []byte(schemaVersion))
		done.SetInternal(keyComplete, []byte("1"))
		err = ix.batch(done, false)
	}
	ix.unpersisted.Wait()
	if err != nil {
		bi.Close()
		os.RemoveAll(tmp)
		return nil, err
	}
	return ix, nil
}
