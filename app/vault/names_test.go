package vault

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNamesSeeOtherPrograms: the remembered names of a folder follow files
// another program adds, so a new record never takes a name that folds to
// one already there.
func TestNamesSeeOtherPrograms(t *testing.T) {
	v, err := Open(filepath.Join(t.TempDir(), "vault"))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	first := &Record{ID: NewID(), Type: TypeNote, Title: "Talks"}
	if err := v.Write(first); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(v.Abs("notes/OTHER.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ title, want string }{
		{"other", "notes/other 2.md"},
		{"talks", "notes/talks 2.md"},
		{"Talks", "notes/Talks 3.md"},
	} {
		rec := &Record{ID: NewID(), Type: TypeNote, Title: tc.title}
		if err := v.Write(rec); err != nil {
			t.Fatal(err)
		}
		if rec.Path != tc.want {
			t.Errorf("%q saved as %s, want %s", tc.title, rec.Path, tc.want)
		}
	}
	if err := v.Delete("notes/talks 2.md"); err != nil {
		t.Fatal(err)
	}
	rec := &Record{ID: NewID(), Type: TypeNote, Title: "TALKS"}
	if err := v.Write(rec); err != nil {
		t.Fatal(err)
	}
	if rec.Path != "notes/TALKS 2.md" {
		t.Errorf("after a delete, saved as %s, want notes/TALKS 2.md", rec.Path)
	}
}
