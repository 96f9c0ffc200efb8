package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// ErrNotFound: no record has that id.
var ErrNotFound = errors.New("no record with that id")

// now is the clock; tests replace it to make files reproducible.
var now = time.Now

// NewRecord returns an unsaved record of type t with a fresh id.
func NewRecord(t vault.Type, title string) *vault.Record {
	return &vault.Record{ID: vault.NewID(), Type: t, Title: title}
}

// Get reads the record with the given id from its file.
func (nb *Notebook) Get(ctx context.Context, id string) (*vault.Record, error) {
	ix := nb.index()
	if ix == nil {
		return nil, ErrIndexing
	}
	h, err := ix.Lookup(ctx, id)
	if err != nil {
		return nil, err
	}
	if h == nil || h.Type == index.TypeAnnotation {
		return nil, fmt.Errorf("%s: %w", id, ErrNotFound)
	}
	rec, err := nb.vault.Read(h.Path)
	if errors.Is(err, vault.ErrNotFound) {
		// Deleted behind our back since it was indexed: catch up.
		nb.Reconcile(ctx)
		return nil, fmt.Errorf("%s: %w", id, ErrNotFound)
	}
	return rec, err
}

// Save writes a record to its file and indexes it; a new record gets a
// file named after its title. Save fails with vault.ErrConflict when the
// file was changed by another program since rec was read, and with
// vault.ErrBroken for a file Parley could not parse.
func (nb *Notebook) Save(ctx context.Context, rec *vault.Record) error {
	if rec.ID == "" {
		rec.ID = vault.NewID()
	}
	rec.Normalize(now())
	return nb.write(ctx, rec)
}

// Store writes a record as it is, keeping its created and updated times:
// for imports and restores, where those times are part of what is kept.
func (nb *Notebook) Store(ctx context.Context, rec *vault.Record) error {
	if rec.ID == "" {
		rec.ID = vault.NewID()
	}
	created, updated := rec.Created, rec.Updated
	rec.Normalize(now())
	if !updated.IsZero() {
		rec.Created, rec.Updated = created.UTC().Truncate(time.Second), updated.UTC().Truncate(time.Second)
	}
	return nb.write(ctx, rec)
}

func (nb *Notebook) write(ctx context.Context, rec *vault.Record) error {
	nb.writeMu.Lock()
	defer nb.writeMu.Unlock()
	if err := nb.vault.Write(rec); err != nil {
		return err
	}
	if err := nb.indexRecord(ctx, rec); err != nil {
		// The file is saved; the next reconcile will index it.
		return fmt.Errorf("%s was saved, but indexing it failed: %w", rec.Path, err)
	}
	nb.events.emit(Event{Kind: EventChanged, IDs: []string{rec.ID}})
	return nil
}

// indexRecord replaces a record's documents in the index.
func (nb *Notebook) indexRecord(ctx context.Context, rec *vault.Record) error {
	ix := nb.index()
	if ix == nil {
		return nil // the build under way will pick the file up
	}
	var deletes []string
	if old, err := ix.Lookup(ctx, rec.ID); err == nil && old != nil {
		deletes = append(deletes, nb.childrenOf(ctx, ix, rec.ID)...)
	}
	return ix.Update(docsOf(rec, rec.ID), deletes)
}

// childrenOf lists the annotation documents a record has in the index.
func (nb *Notebook) childrenOf(ctx context.Context, ix *index.Index, id string) []string {
	res, err := ix.Search(ctx, index.Request{Query: "parent:" + quote(id), Limit: 10000})
	if err != nil {
		return nil
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids
}

// Delete moves a record's file to the vault's .trash folder and removes it
// from the index.
func (nb *Notebook) Delete(ctx context.Context, id string) error {
	rec, err := nb.Get(ctx, id)
	if err != nil {
		return err
	}
	nb.writeMu.Lock()
	defer nb.writeMu.Unlock()
	if err := nb.vault.Delete(rec.Path); err != nil {
		return err
	}
	if ix := nb.index(); ix != nil {
		deletes := append([]string{id}, nb.childrenOf(ctx, ix, id)...)
		if err := ix.Update(nil, deletes); err != nil {
			return fmt.Errorf("%s was deleted, but updating the index failed: %w", rec.Path, err)
		}
	}
	nb.events.emit(Event{Kind: EventChanged, IDs: []string{id}})
	return nil
}

// PutAttachment stores a file that belongs to a record (a clip's image or
// snapshot, an imported resource) under attachments/<id>/ and returns its
// vault-relative path, for the record's Markdown to link to.
func (nb *Notebook) PutAttachment(id, name string, data []byte) (string, error) {
	return nb.vault.PutAttachment(id, name, data)
}

// OpenAttachments opens the vault's attachments for reading, confined to
// the vault.
func (nb *Notebook) OpenAttachments() (*vault.Attachments, error) {
	return nb.vault.OpenAttachments()
}

// Each calls fn with every record of the vault, read from its file, in path
// order; broken files come with Problem set.
func (nb *Notebook) Each(ctx context.Context, fn func(*vault.Record) error) error {
	scan, err := nb.vault.Scan()
	if err != nil {
		return fmt.Errorf("reading vault %s: %w", nb.Root(), err)
	}
	for _, f := range scan.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := nb.vault.Read(f.Path)
		if err != nil {
			continue // removed since the scan
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}

// FindByURL returns the id of a record clipped from url (as clipped or as
// its canonical address), or "".
func (nb *Notebook) FindByURL(ctx context.Context, url string) (string, error) {
	return nb.findOne(ctx, "url:"+quote(url))
}

// FindByHash returns the id of a record whose text has the given content
// hash, or "".
func (nb *Notebook) FindByHash(ctx context.Context, hash string) (string, error) {
	return nb.findOne(ctx, "hash:"+quote(hash))
}

func (nb *Notebook) findOne(ctx context.Context, q string) (string, error) {
	if q == "" {
		return "", nil
	}
	res, err := nb.Search(ctx, index.Request{Query: "+" + q + " -type:annotation", Limit: 1}, false)
	if err != nil || len(res.Hits) == 0 {
		return "", err
	}
	return res.Hits[0].ID, nil
}

// quote makes a value safe inside a query string.
func quote(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(append(b, '"'))
}
