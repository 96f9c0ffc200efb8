//go:build linux

package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

func init() {
	helpers["flock"] = flockHelper
}

// flockHelper takes an exclusive flock on the file at p, as Bolt does,
// says "locked", and holds it until its standard input closes.
func flockHelper(p string) int {
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("locked")
	io.Copy(io.Discard, os.Stdin)
	return 0
}

// mountReadOnly bind-mounts dir onto itself read-only (root only) and
// returns the function that undoes it.
func mountReadOnly(dir string) (func(), error) {
	if err := unix.Mount(dir, dir, "", unix.MS_BIND, ""); err != nil {
		return nil, fmt.Errorf("bind mount %s: %w", dir, err)
	}
	undo := func() { unix.Unmount(dir, unix.MNT_DETACH) }
	if err := unix.Mount("", dir, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		undo()
		return nil, fmt.Errorf("remount %s read-only: %w", dir, err)
	}
	return undo, nil
}

// makeReadOnly makes dir and everything below it unwritable for this
// process: a read-only bind mount as root (permission bits do not bind
// root), permission bits otherwise, which the cleanup restores on
// everything under restore (Parley may move the folder inside it). It fails
// the test when neither works in CI, and skips it elsewhere.
func makeReadOnly(t *testing.T, dir, restore string) {
	t.Helper()
	if os.Geteuid() == 0 {
		undo, err := mountReadOnly(dir)
		if err != nil {
			if inCI() {
				t.Fatalf("cannot make %s read-only: %v", dir, err)
			}
			t.Skipf("cannot make %s read-only here: %v", dir, err)
		}
		t.Cleanup(undo)
	} else {
		t.Cleanup(func() {
			filepath.WalkDir(restore, func(p string, d fs.DirEntry, err error) error {
				if err == nil && d.IsDir() {
					os.Chmod(p, 0o755)
				} else if err == nil {
					os.Chmod(p, 0o644)
				}
				return nil
			})
		})
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
			case d.IsDir():
				// Listing and entering stay allowed; creating and
				// removing do not.
				err = os.Chmod(p, 0o555)
			default:
				err = os.Chmod(p, 0o444)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Prove it: a file cannot be created there.
	probe := filepath.Join(dir, "probe")
	if err := os.WriteFile(probe, nil, 0o644); err == nil {
		os.Remove(probe)
		t.Fatalf("%s is still writable", dir)
	} else if !errors.Is(err, syscall.EROFS) && !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("probe: %v", err)
	}
}
