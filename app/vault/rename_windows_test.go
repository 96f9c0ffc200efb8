package vault

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/windows"
)

func TestIsTransient(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&os.LinkError{Op: "rename", Err: windows.ERROR_SHARING_VIOLATION}, true},
		{&os.LinkError{Op: "rename", Err: windows.ERROR_ACCESS_DENIED}, true},
		{&os.LinkError{Op: "rename", Err: windows.ERROR_LOCK_VIOLATION}, true},
		{&os.LinkError{Op: "rename", Err: windows.ERROR_FILE_NOT_FOUND}, false},
		{&os.LinkError{Op: "rename", Err: windows.ERROR_DISK_FULL}, false},
	}
	for _, tt := range tests {
		if got := isTransient(tt.err); got != tt.want {
			t.Errorf("isTransient(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// TestRenameWaitsForHeldFile: a save replaces a file another program (a
// virus scanner, say) holds open without letting it be deleted, once that
// program lets go.
func TestRenameWaitsForHeldFile(t *testing.T) {
	dir := t.TempDir()
	target, tmp := filepath.Join(dir, "note.md"), filepath.Join(dir, "note.md.tmp")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmp, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	name, _ := windows.UTF16PtrFromString(target)
	h, err := windows.CreateFile(name, windows.GENERIC_READ, windows.FILE_SHARE_READ, nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, target); err == nil || !isTransient(err) {
		windows.CloseHandle(h)
		t.Skipf("this system lets a held file be replaced (%v); nothing to wait for", err)
	}
	time.AfterFunc(100*time.Millisecond, func() { windows.CloseHandle(h) })
	if err := renameFile(tmp, target); err != nil {
		t.Fatalf("rename after the file was let go: %v", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "new" {
		t.Errorf("target holds %q", b)
	}
}
