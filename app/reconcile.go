package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/parley-notes/parley/index"
)

// Changes summarises what a reconcile found.
type Changes struct {
	Added, Updated, Removed int
}

// Any reports whether anything changed.
func (c Changes) Any() bool { return c.Added+c.Updated+c.Removed > 0 }

// Reconcile brings the index in line with the files: it indexes files that
// are new or changed since they were indexed (by size and modification
// time) and forgets files that are gone. This is how edits made in another
// program, while Parley was closed or open, reach the index.
func (nb *Notebook) Reconcile(ctx context.Context) (Changes, error) {
	nb.writeMu.Lock()
	defer nb.writeMu.Unlock()
	ix := nb.index()
	if ix == nil {
		return Changes{}, ErrIndexing
	}
	scan, err := nb.vault.Scan()
	if err != nil {
		return Changes{}, fmt.Errorf("reading vault %s: %w", nb.Root(), err)
	}
	entries, err := ix.Records(ctx)
	if err != nil {
		return Changes{}, err
	}
	byPath := make(map[string]index.Entry, len(entries))
	for _, e := range entries {
		byPath[e.Path] = e
	}
	var changes []fileChange
	for _, f := range scan.Files {
		e, ok := byPath[f.Path]
		if ok && e.Sig == f.Sig.String() {
			delete(byPath, f.Path)
			continue
		}
		c := fileChange{path: f.Path, exists: true}
		if ok {
			c.entry = &e
			delete(byPath, f.Path)
		}
		changes = append(changes, c)
	}
	for _, e := range byPath {
		changes = append(changes, fileChange{path: e.Path, entry: &e})
	}
	// owner says which file holds each id, to spot duplicate ids; a file
	// that is gone owns nothing (its id may have moved with it).
	present := make(map[string]bool, len(scan.Files))
	for _, f := range scan.Files {
		present[f.Path] = true
	}
	owner := make(map[string]string, len(entries))
	for _, e := range entries {
		if present[e.Path] {
			owner[e.ID] = e.Path
		}
	}
	takenBy := func(id string) string { return owner[id] }
	ch, err := nb.apply(ctx, ix, changes, takenBy, func(id, path string) { owner[id] = path })
	nb.events.emit(Event{Kind: EventReady})
	return ch, err
}

// reconcilePaths is Reconcile for a few files that a watcher saw change.
func (nb *Notebook) reconcilePaths(ctx context.Context, paths []string) (Changes, error) {
	nb.writeMu.Lock()
	defer nb.writeMu.Unlock()
	ix := nb.index()
	if ix == nil {
		return Changes{}, ErrIndexing
	}
	var changes []fileChange
	for _, p := range paths {
		e, err := ix.ByPath(ctx, p)
		if err != nil {
			return Changes{}, err
		}
		sig, exists := nb.vault.Stat(p)
		if e == nil && !exists || e != nil && exists && e.Sig == sig.String() {
			continue
		}
		changes = append(changes, fileChange{path: p, exists: exists, entry: e})
	}
	takenBy := func(id string) string {
		if h, err := ix.Lookup(ctx, id); err == nil && h != nil {
			if _, exists := nb.vault.Stat(h.Path); exists {
				return h.Path
			}
		}
		return ""
	}
	return nb.apply(ctx, ix, changes, takenBy, func(string, string) {})
}

// fileChange is a file whose index entry is out of date.
type fileChange struct {
	path   string
	exists bool         // the file is there (else it was removed)
	entry  *index.Entry // what the index holds for the path, if anything
}

// apply re-reads changed files and updates the index in one go.
func (nb *Notebook) apply(ctx context.Context, ix *index.Index, changes []fileChange, takenBy func(id string) string, own func(id, path string)) (Changes, error) {
	var ch Changes
	var docs []index.Doc
	var deletes, ids, paths []string
	indexed := map[string]bool{} // paths the index had an entry for
	for _, c := range changes {
		if c.entry != nil {
			// Whatever the file held before goes, even under another id.
			deletes = append(deletes, c.entry.ID)
			deletes = append(deletes, c.entry.Children...)
			ids = append(ids, c.entry.ID)
			indexed[c.path] = true
		}
		if !c.exists {
			ch.Removed++
			continue
		}
		paths = append(paths, c.path)
	}
	progress := nb.progressSink()
	err := nb.readFiles(ctx, paths, func(i int, f readFile) error {
		if f.rec == nil {
			return nil // vanished between scan and read; the next pass sees it
		}
		if indexed[f.path] {
			ch.Updated++
		} else {
			ch.Added++
		}
		docID, recDocs := f.rec.ID, f.docs
		if p := takenBy(f.rec.ID); p != "" && p != f.path {
			docID = duplicateDocID(f.rec.ID, f.path)
			recDocs = docsOf(f.rec, docID)
		}
		own(docID, f.path)
		docs = append(docs, recDocs...)
		ids = append(ids, f.rec.ID)
		if len(paths) > 100 && (i+1)%200 == 0 {
			progress(Progress{Stage: "Indexing changed files", Done: i + 1, Total: len(paths)})
		}
		return nil
	})
	if err != nil {
		return ch, err
	}
	if !ch.Any() {
		return ch, nil
	}
	if err := ix.Update(docs, deletes); err != nil {
		return ch, err
	}
	nb.events.emit(Event{Kind: EventChanged, IDs: ids})
	return ch, nil
}

// duplicateDocID gives a second file with an id already in use a document
// of its own, so that neither file disappears from search; check reports
// the duplicate.
func duplicateDocID(id, path string) string {
	sum := sha256.Sum256([]byte(path))
	return id + "~" + hex.EncodeToString(sum[:4])
}

// Reindex rebuilds the index from the files, reporting progress.
func (nb *Notebook) Reindex(ctx context.Context, progress func(Progress)) error {
	sink := nb.progressSink()
	if progress != nil {
		outer := sink
		sink = func(p Progress) { progress(p); outer(p) }
	}
	return nb.rebuild(ctx, sink)
}

// rebuild builds a complete new index beside the current one, which goes on
// answering searches meanwhile, and swaps it in.
func (nb *Notebook) rebuild(ctx context.Context, progress func(Progress)) error {
	scan, err := nb.vault.Scan()
	if err != nil {
		return fmt.Errorf("reading vault %s: %w", nb.Root(), err)
	}
	total := len(scan.Files)
	progress(Progress{Stage: "Indexing", Done: 0, Total: total})
	owner := make(map[string]string, total)
	paths := make([]string, total)
	for i, f := range scan.Files {
		paths[i] = f.Path
	}
	fresh, err := index.Build(nb.indexDir, func(b *index.Builder) error {
		return nb.readFiles(ctx, paths, func(i int, f readFile) error {
			if f.rec != nil {
				docID, docs := f.rec.ID, f.docs
				if _, taken := owner[docID]; taken {
					docID = duplicateDocID(f.rec.ID, f.path)
					docs = docsOf(f.rec, docID)
				}
				owner[docID] = f.path
				for _, d := range docs {
					if err := b.Add(d); err != nil {
						return err
					}
				}
			}
			if (i+1)%100 == 0 || i+1 == total {
				progress(Progress{Stage: "Indexing", Done: i + 1, Total: total})
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	nb.writeMu.Lock()
	nb.ixMu.Lock()
	installed, err := fresh.Install(nb.indexDir, nb.ix)
	nb.ix = installed
	nb.ixMu.Unlock()
	nb.writeMu.Unlock()
	if err != nil {
		return err
	}
	// Saves made while the build ran may not be in it.
	_, err = nb.Reconcile(ctx)
	return err
}
