package vault

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
)

// Attachments reads the vault's attachment files through os.Root, so that a
// hostile path or a symbolic link in a synced vault can never make a reader
// (an export, say) take a file from outside the vault.
type Attachments struct {
	root *os.Root
}

// OpenAttachments opens the vault's attachments for reading.
func (v *Vault) OpenAttachments() (*Attachments, error) {
	r, err := os.OpenRoot(v.root)
	if err != nil {
		return nil, fmt.Errorf("opening vault %s: %w", v.root, err)
	}
	return &Attachments{root: r}, nil
}

// Close releases the reader.
func (a *Attachments) Close() error { return a.root.Close() }

// List returns the vault-relative paths of the regular files under
// attachments/, sorted. Hidden files (temporary files of interrupted saves,
// .DS_Store) and links are left out.
func (a *Attachments) List() ([]string, error) {
	var out []string
	err := fs.WalkDir(a.root.FS(), AttachmentsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == AttachmentsDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return nil // an unreadable folder must not stop the export
		}
		if strings.HasPrefix(d.Name(), ".") && p != AttachmentsDir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing attachments: %w", err)
	}
	sort.Strings(out)
	return out, nil
}

// Read returns an attachment's bytes; with max > 0, ErrTooLarge when it
// has more.
func (a *Attachments) Read(rel string, max int64) ([]byte, error) {
	if !fs.ValidPath(rel) {
		return nil, fmt.Errorf("%s: not a path inside the vault", rel)
	}
	f, err := a.root.Open(rel)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", rel)
	}
	if max > 0 && fi.Size() > max {
		return nil, ErrTooLarge
	}
	r := io.Reader(f)
	if max > 0 {
		r = io.LimitReader(f, max+1)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, err)
	}
	if max > 0 && int64(len(b)) > max {
		return nil, ErrTooLarge
	}
	return b, nil
}

// ErrTooLarge: an attachment is larger than the reader asked for.
var ErrTooLarge = errors.New("too large to include")

// Open opens an attachment to stream it.
func (a *Attachments) Open(rel string) (io.ReadCloser, error) {
	if !fs.ValidPath(rel) {
		return nil, fmt.Errorf("%s: not a path inside the vault", rel)
	}
	f, err := a.root.Open(rel)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, err)
	}
	return f, nil
}
