package vault

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"
)

// TestDiskFull runs out of space half-way through a save: the save fails
// with ErrDiskFull and a message that says what to do, the file keeps its
// old version, and no temporary file stays behind.
func TestDiskFull(t *testing.T) {
	v := openTemp(t)
	rec := newNote("Kept")
	if err := v.Write(rec); err != nil {
		t.Fatal(err)
	}
	old := mustRead(t, v.Abs(rec.Path))

	defer func(w func(*os.File, []byte) (int, error)) { writeData = w }(writeData)
	writeData = func(f *os.File, data []byte) (int, error) {
		n, _ := f.Write(data[:len(data)/2])
		return n, &fs.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	rec.Body = strings.Repeat("A much longer body that no longer fits. ", 1000)
	err := v.Write(rec)
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "free some space and save again") {
		t.Fatalf("save on a full disk: %v", err)
	}
	if got := mustRead(t, v.Abs(rec.Path)); string(got) != string(old) {
		t.Errorf("the old version changed:\n%s", got)
	}
	fresh := newNote("Never written")
	if err := v.Write(fresh); !errors.Is(err, ErrDiskFull) {
		t.Errorf("new record on a full disk: %v", err)
	}
	if _, err := os.Stat(v.Abs(fresh.Path)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed new record left a file: %v", err)
	}
	scan, err := v.Scan()
	if err != nil || len(scan.Temps) != 0 || len(scan.Files) != 1 {
		t.Errorf("after the failed saves: %+v %v", scan, err)
	}
}
