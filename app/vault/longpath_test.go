package vault

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLongVaultPath: a vault deep in folders, whose files' paths pass
// Windows' old 260-character limit, works like any other. Go's os package
// gives Windows such paths in their \\?\ form, and the manifest of
// Parley.exe declares it aware of long paths.
func TestLongVaultPath(t *testing.T) {
	dir := t.TempDir()
	for len(dir) < 280 {
		dir = filepath.Join(dir, "a folder deep in other folders")
	}
	v, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if !filepath.IsAbs(v.Root()) {
		t.Fatalf("root %q is not absolute", v.Root())
	}
	r := newNote(strings.Repeat("A long title ", 20))
	if err := v.Write(r); err != nil {
		t.Fatal(err)
	}
	if n := len(v.Abs(r.Path)); n <= 260 {
		t.Fatalf("path of %d characters; the test wants one past 260", n)
	}
	got, err := v.Read(r.Path)
	if err != nil || got.ID != r.ID {
		t.Fatalf("read back %v, %v", got, err)
	}
	if _, err := v.PutAttachment(r.ID, "snapshot.html", []byte("<p>x</p>")); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(r.Path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(v.Abs(r.Path)); !os.IsNotExist(err) {
		t.Errorf("deleted file still there: %v", err)
	}
}

// TestRelativeVaultIsAbsolute: a vault named by a relative path is
// opened by its absolute one, which is what lets Go lengthen its paths on
// Windows and keeps it right if the working folder changes.
func TestRelativeVaultIsAbsolute(t *testing.T) {
	t.Chdir(t.TempDir())
	v, err := Open("vault")
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if !filepath.IsAbs(v.Root()) || !filepath.IsAbs(v.Abs("notes/a.md")) || !filepath.IsAbs(v.DataPath("index")) {
		t.Errorf("root %q, note %q, index %q: want absolute paths", v.Root(), v.Abs("notes/a.md"), v.DataPath("index"))
	}
}
