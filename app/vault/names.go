package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"
)

// folderNames remembers the folded names of a folder's files. Naming a new
// record must avoid every name that folds to the same key, which meant
// listing and folding the whole folder on every save: 150 ms in a folder of
// 100,000 clips. The list is good while the folder's modification time is
// the one it was read at, since any file created, removed or renamed in
// the folder, by Parley or by another program, changes it.
type folderNames struct {
	mtime time.Time
	taken map[string]bool // FoldName of each file name
}

// takenNames returns the folded names of the files in folder (relative to
// the vault). v.mu must be held.
func (v *Vault) takenNames(folder string) (map[string]bool, error) {
	dir := filepath.Join(v.root, filepath.FromSlash(folder))
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", folder, err)
	}
	if c := v.names[folder]; c != nil && c.mtime.Equal(fi.ModTime()) {
		return c.taken, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", folder, err)
	}
	taken := make(map[string]bool, len(entries))
	for _, e := range entries {
		taken[FoldName(e.Name())] = true
	}
	if v.names == nil {
		v.names = map[string]*folderNames{}
	}
	v.names[folder] = &folderNames{mtime: fi.ModTime(), taken: taken}
	return taken, nil
}

// noteChange updates the remembered names after Parley wrote (present) or
// removed the file at rel, and takes the folder's new modification time
// as the one they are good for. v.mu must be held.
//
// Another program's file created in the same instant would be missed until
// the folder changes again; freeName checks the disk for the name it
// picks, so that such a file is never replaced.
func (v *Vault) noteChange(rel string, present bool) {
	folder := path.Dir(rel)
	c := v.names[folder]
	if c == nil {
		return
	}
	fi, err := os.Stat(filepath.Join(v.root, filepath.FromSlash(folder)))
	if err != nil {
		delete(v.names, folder)
		return
	}
	c.mtime = fi.ModTime()
	if present {
		c.taken[FoldName(path.Base(rel))] = true
	} else {
		delete(c.taken, FoldName(path.Base(rel)))
	}
}
