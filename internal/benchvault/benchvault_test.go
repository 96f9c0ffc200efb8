package benchvault

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/internal/corpus"
)

// TestPlainText: the text the corpus says a clip has is the text Parley
// reads from the file it writes (markdown.PlainText), so that annotations
// anchor and the index benchmarks index what the notebook would.
func TestPlainText(t *testing.T) {
	c := corpus.New(300, 1)
	for i := 0; i < c.N; i++ {
		cl := c.Clip(i)
		rec := ClipRecord(cl)
		if got, want := markdown.PlainText(rec.Body), corpus.Body(cl.Paragraphs); got != want {
			t.Fatalf("clip %d: plain text differs\n got: %.300q\nwant: %.300q", i, got, want)
		}
	}
}

// TestEnsureEmptiesTrash: a cached vault is reused as it is, but for the
// records earlier benchmarks deleted, which leave with the trash.
func TestEnsureEmptiesTrash(t *testing.T) {
	cache := t.TempDir()
	dir, _, err := Ensure(cache, 20, 5)
	if err != nil {
		t.Fatal(err)
	}
	trashed := filepath.Join(dir, vault.TrashDir, "deleted.md")
	kept := filepath.Join(dir, "kept-by-the-last-run.txt")
	for _, p := range []string{trashed, kept} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	again, _, err := Ensure(cache, 20, 5)
	if err != nil {
		t.Fatal(err)
	}
	if again != dir {
		t.Fatalf("second Ensure returned %s, want the cached %s", again, dir)
	}
	if _, err := os.Stat(trashed); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("trash not emptied: %v", err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("cached vault rewritten instead of reused: %v", err)
	}
}

// TestWrite: the vault written is one Parley reads back whole.
func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	c := corpus.New(100, 3)
	m, err := Write(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	scan, err := v.Scan()
	if err != nil {
		t.Fatal(err)
	}
	if len(scan.Files) != m.Files || m.Files != Records(c) {
		t.Fatalf("%d files on disk, manifest says %d, corpus %d", len(scan.Files), m.Files, Records(c))
	}
	for _, f := range scan.Files {
		rec, err := v.Read(f.Path)
		if err != nil || rec.Broken() {
			t.Fatalf("%s: %v %s", f.Path, err, rec.Problem)
		}
	}
}
