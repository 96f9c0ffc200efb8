package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/assets"
)

// demoRecords reads the demo notebook embedded in the binary.
func demoRecords() ([]*vault.Record, error) {
	var recs []*vault.Record
	err := fs.WalkDir(assets.Demo, "demo", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return err
		}
		b, err := fs.ReadFile(assets.Demo, p)
		if err != nil {
			return err
		}
		rec := vault.Parse(b, "")
		if rec.Broken() {
			return fmt.Errorf("demo file %s: %s", p, rec.Problem)
		}
		recs = append(recs, rec)
		return nil
	})
	return recs, err
}

// AddDemo adds the demo notebook's records that the vault does not have yet
// (by id), so running it twice adds nothing the second time. It returns how
// many records it added.
func (nb *Notebook) AddDemo(ctx context.Context) (int, error) {
	recs, err := demoRecords()
	if err != nil {
		return 0, err
	}
	added := 0
	for _, rec := range recs {
		if _, err := nb.Get(ctx, rec.ID); err == nil {
			continue
		} else if !errors.Is(err, ErrNotFound) {
			return added, err
		}
		// Written as they are, dates included: the demo tells of 2025.
		nb.writeMu.Lock()
		err := nb.vault.Write(rec)
		if err == nil {
			err = nb.indexRecord(ctx, rec)
		}
		nb.writeMu.Unlock()
		if err != nil {
			return added, err
		}
		nb.events.emit(Event{Kind: EventChanged, IDs: []string{rec.ID}})
		added++
	}
	return added, nil
}

// CreateWithDemo makes a new vault in dir, which must not exist yet, holding
// the demo notebook: what a first run opens.
func CreateWithDemo(dir string) error {
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s already exists", dir)
	}
	v, err := vault.Open(dir)
	if err != nil {
		return err
	}
	defer v.Close()
	recs, err := demoRecords()
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if err := v.Write(rec); err != nil {
			return err
		}
	}
	return nil
}
