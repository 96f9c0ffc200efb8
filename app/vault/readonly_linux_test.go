//go:build linux

package vault

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestOpenOnReadOnlyDisk opens a vault whose folders all exist on a disk
// that cannot be written (a read-only bind mount as root, read-only
// folders otherwise): the lock file cannot be written, and the vault
// opens read-only rather than failing.
func TestOpenOnReadOnlyDisk(t *testing.T) {
	dir := t.TempDir()
	v, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := newNote("Readable")
	if err := v.Write(rec); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if os.Geteuid() == 0 {
		if err := unix.Mount(dir, dir, "", unix.MS_BIND, ""); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
		if err := unix.Mount("", dir, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
			t.Fatal(err)
		}
	} else {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil {
				os.Chmod(p, 0o555)
			}
			return nil
		})
		t.Cleanup(func() {
			filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && d.IsDir() {
					os.Chmod(p, 0o755)
				}
				return nil
			})
		})
	}
	v, err = Open(dir)
	if err != nil {
		t.Fatalf("open on a read-only disk: %v", err)
	}
	defer v.Close()
	if !v.ReadOnly() {
		t.Fatal("not read-only")
	}
	if got, err := v.Read(rec.Path); err != nil || got.Title != "Readable" {
		t.Errorf("read: %v %v", got, err)
	}
	if err := v.Write(newNote("x")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write: %v", err)
	}
}
