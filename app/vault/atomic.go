package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// ErrDiskFull is returned when a save fails for lack of space. What was on
// disk before the save is untouched.
var ErrDiskFull = errors.New("the disk is full")

// tempSuffix marks files that WriteFileAtomic is still writing; a crash can
// leave one behind, and the scanner ignores and check reports them.
const tempSuffix = ".parley-tmp"

// writeData writes a save's bytes to its temporary file. Tests replace it
// to run out of disk space half-way through a save.
var writeData = func(f *os.File, data []byte) (int, error) { return f.Write(data) }

// WriteFileAtomic replaces path with data so that, whatever happens, the file
// holds either its old or its new content, and once it returns nil the new
// content survives a crash or power loss: write a temporary file beside it,
// flush it to the disk, rename it over the target and flush the directory.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(dir, "."+base+".*"+tempSuffix)
	if err != nil {
		return describeWriteError(path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = writeData(f, data); err != nil {
		return describeWriteError(path, err)
	}
	if err = syncFile(f); err != nil {
		return describeWriteError(path, err)
	}
	if err = f.Close(); err != nil {
		return describeWriteError(path, err)
	}
	if err = os.Chmod(tmp, perm); err != nil {
		return describeWriteError(path, err)
	}
	if err = renameFile(tmp, path); err != nil {
		return describeWriteError(path, err)
	}
	return syncDir(dir)
}

// describeWriteError turns the errors a user can act on into plain words.
func describeWriteError(path string, err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("saving %s: %w; free some space and save again", filepath.Base(path), ErrDiskFull)
	}
	return fmt.Errorf("saving %s: %w", filepath.Base(path), err)
}
