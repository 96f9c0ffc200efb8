package vault

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func openTemp(t *testing.T) *Vault {
	t.Helper()
	v, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func newNote(title string) *Record {
	r := &Record{ID: NewID(), Type: TypeNote, Title: title, Body: "Body of " + title + "\n"}
	r.Normalize(time.Now())
	return r
}

func TestWriteRead(t *testing.T) {
	v := openTemp(t)
	r := newNote("First note")
	if err := v.Write(r); err != nil {
		t.Fatal(err)
	}
	if r.Path != "notes/First note.md" || r.Sig.IsZero() {
		t.Fatalf("path %q sig %v", r.Path, r.Sig)
	}
	got, err := v.Read(r.Path)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != r.ID || got.Title != r.Title || got.Body != r.Body || got.Sig != r.Sig {
		t.Errorf("read back %+v", got)
	}
	if _, err := os.Stat(filepath.Join(v.Root(), DataDir, ".gitignore")); err != nil {
		t.Errorf("no .gitignore for derived data: %v", err)
	}
}

func TestUniqueNames(t *testing.T) {
	v := openTemp(t)
	var paths []string
	for _, title := range []string{"Same", "same", "SAME", "Same"} {
		r := newNote(title)
		if err := v.Write(r); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, r.Path)
	}
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[FoldName(p)] {
			t.Errorf("names collide on a case-insensitive disk: %v", paths)
		}
		seen[FoldName(p)] = true
	}
}

func TestConflict(t *testing.T) {
	v := openTemp(t)
	r := newNote("Edited twice")
	if err := v.Write(r); err != nil {
		t.Fatal(err)
	}
	mine, _ := v.Read(r.Path)
	// Another program changes the file.
	other := []byte(strings.Replace(string(mustRead(t, v.Abs(r.Path))), "Body of", "Changed elsewhere:", 1))
	if err := os.WriteFile(v.Abs(r.Path), other, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(v.Abs(r.Path), time.Now().Add(time.Second), time.Now().Add(time.Second))
	mine.Body = "my edit\n"
	if err := v.Write(mine); !errors.Is(err, ErrConflict) {
		t.Fatalf("got %v, want ErrConflict", err)
	}
	if string(mustRead(t, v.Abs(r.Path))) != string(other) {
		t.Error("the other program's version was overwritten")
	}
}

func TestBrokenNeverWritten(t *testing.T) {
	v := openTemp(t)
	p := v.Abs("notes/broken.md")
	orig := []byte("---\ntitle: [oops\n---\ntext\n")
	os.WriteFile(p, orig, 0o644)
	r, err := v.Read("notes/broken.md")
	if err != nil {
		t.Fatal(err)
	}
	r.Body = "overwrite"
	if err := v.Write(r); !errors.Is(err, ErrBroken) {
		t.Fatalf("got %v, want ErrBroken", err)
	}
	if string(mustRead(t, p)) != string(orig) {
		t.Error("broken file was rewritten")
	}
}

func TestDeleteMovesToTrash(t *testing.T) {
	v := openTemp(t)
	r := newNote("Doomed")
	v.Write(r)
	if err := v.Delete(r.Path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(v.Abs(r.Path)); !errors.Is(err, os.ErrNotExist) {
		t.Error("file still there")
	}
	if _, err := os.Stat(filepath.Join(v.Root(), TrashDir, "Doomed.md")); err != nil {
		t.Errorf("not in the trash: %v", err)
	}
	if err := v.Delete(r.Path); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func TestScan(t *testing.T) {
	v := openTemp(t)
	v.Write(newNote("Visible"))
	for _, p := range []string{".obsidian/x.md", ".trash/y.md", "attachments/id/z.md", "notes/.hidden.md", "notes/image.png"} {
		os.MkdirAll(filepath.Dir(v.Abs(p)), 0o755)
		os.WriteFile(v.Abs(p), []byte("x"), 0o644)
	}
	os.WriteFile(v.Abs("notes/.Visible.md.123"+tempSuffix), []byte("half"), 0o644)
	os.WriteFile(v.Abs("Top.MD"), []byte("top"), 0o644)
	if runtime.GOOS != "windows" {
		os.Symlink("/etc/passwd", v.Abs("notes/link.md"))
	}
	res, err := v.Scan()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Files {
		got = append(got, f.Path)
	}
	if strings.Join(got, ",") != "Top.MD,notes/Visible.md" {
		t.Errorf("files: %v", got)
	}
	if len(res.Temps) != 1 {
		t.Errorf("temps: %v", res.Temps)
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	v, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir)
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) || le.PID != os.Getpid() {
		t.Fatalf("second open: %v", err)
	}
	if !strings.Contains(err.Error(), "is open in another Parley process (pid") {
		t.Errorf("message: %v", err)
	}
	v.Close()
	v2, err := Open(dir)
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	v2.Close()
}

func TestReadOnlyVault(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		// root ignores permission bits; the read-only disk case is
		// exercised by the CLI tests with a real read-only mount where
		// possible.
		t.Skip("permission bits do not bind this user")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "note.md"), []byte("# Hello\n"), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	v, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if !v.ReadOnly() {
		t.Fatal("not read-only")
	}
	if err := v.Write(newNote("x")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write: %v", err)
	}
}

func TestAtomicWriteLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.md")
	for i := range 3 {
		if err := WriteFileAtomic(p, []byte(strings.Repeat("x", i+1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || string(mustRead(t, p)) != "xxx" {
		t.Errorf("entries %v", entries)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
