package export

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// zipTree writes a folder-shaped export as a .zip archive, into a temporary
// file renamed into place by finish. Every entry name passes checkRel, so
// no entry can reach outside the folder the archive is unpacked into.
type zipTree struct {
	abs  string
	f    *os.File
	zw   *zip.Writer
	made []string // folders made for it, removed again by abort
}

func openZipTree(abs string) (*zipTree, error) {
	if fi, err := os.Lstat(abs); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s exists and is not a regular file; choose another name", abs)
	}
	made, err := mkdirs(filepath.Dir(abs))
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".*.tmp")
	if err != nil {
		removeDirs(made)
		return nil, fmt.Errorf("writing %s: %w", abs, err)
	}
	return &zipTree{abs: abs, f: f, zw: zip.NewWriter(f), made: made}, nil
}

func (t *zipTree) create(rel string) (io.WriteCloser, error) {
	if err := checkRel(rel); err != nil {
		return nil, err
	}
	hdr := &zip.FileHeader{Name: rel, Method: zip.Deflate, Modified: now().UTC()}
	// Mark names as UTF-8 (the general purpose flag), so that Windows'
	// unzip does not read Cyrillic names as code page 437.
	hdr.Flags |= 0x800
	hdr.SetMode(0o644)
	w, err := t.zw.CreateHeader(hdr)
	if err != nil {
		return nil, fmt.Errorf("writing %s into %s: %w", rel, t.abs, err)
	}
	return nopCloser{w}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func (t *zipTree) finish() error {
	err := t.zw.Close()
	if err == nil {
		err = t.f.Sync()
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(t.f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(t.f.Name(), t.abs)
	}
	if err != nil {
		os.Remove(t.f.Name())
		removeDirs(t.made)
		return fmt.Errorf("writing %s: %w", t.abs, err)
	}
	return nil
}

func (t *zipTree) abort() {
	t.f.Close()
	os.Remove(t.f.Name())
	removeDirs(t.made)
}
