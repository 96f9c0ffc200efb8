package app

import (
	"context"
	"runtime"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// readFile is one record file read for indexing.
type readFile struct {
	path string
	rec  *vault.Record // nil when the file could not be read (gone since the scan)
	docs []index.Doc   // the record's documents under its own id
}

// readFiles reads and parses the files at paths, and turns them into index
// documents, on every core — parsing the front matter and the Markdown is
// as much work as indexing the text — and hands them to fn one at a time,
// in order, so that fn decides about duplicate ids as a loop would. It
// stops at the first error fn returns, or when ctx ends.
func (nb *Notebook) readFiles(ctx context.Context, paths []string, fn func(i int, f readFile) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(1, runtime.GOMAXPROCS(0))
	// Each file gets a slot, queued in order; workers fill the slots and
	// fn takes them from the queue. The queue's length bounds how far the
	// workers run ahead.
	queue := make(chan chan readFile, 4*workers)
	go func() {
		defer close(queue)
		busy := make(chan struct{}, workers)
		for _, p := range paths {
			slot := make(chan readFile, 1)
			select {
			case queue <- slot:
			case <-ctx.Done():
				return
			}
			select {
			case busy <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func(p string) {
				defer func() { <-busy }()
				f := readFile{path: p}
				if rec, err := nb.vault.Read(p); err == nil {
					f.rec, f.docs = rec, docsOf(rec, rec.ID)
				}
				slot <- f
			}(p)
		}
	}()
	i := 0
	for slot := range queue {
		var f readFile
		select {
		case f = <-slot:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(i, f); err != nil {
			return err
		}
		i++
	}
	return ctx.Err()
}
