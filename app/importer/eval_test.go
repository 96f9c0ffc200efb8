package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"github.com/parley-notes/parley/app/vault"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpora finds the shared evaluation corpora (see
// shared/corpora/README.md): $PARLEY_CORPORA, else a shared/corpora
// folder in this package's folder or one above it. They are third-party
// data, read in place and never copied into the project.
func corpora(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("PARLEY_CORPORA"); d != "" {
		return d
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if fi, err := os.Stat(filepath.Join(dir, "shared", "corpora")); err == nil && fi.IsDir() {
			return filepath.Join(dir, "shared", "corpora")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no shared/corpora above this package and PARLEY_CORPORA is not set")
		}
		dir = parent
	}
}

// TestEvaluateENEX imports every .enex file of the corpus. Every note of
// a well-formed file (one encoding/xml reads whole) must be imported.
func TestEvaluateENEX(t *testing.T) {
	root := filepath.Join(corpora(t), "enex")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.enex"))
	if len(files) == 0 {
		t.Skip("no .enex files in", root)
	}
	var notes, wellFormed, imported, dups, repaired, failed int
	for _, p := range files {
		name, _ := filepath.Rel(root, p)
		n, ok := countNotes(p)
		notes += n
		// A vault of its own for each file: two files of the corpus hold
		// the same note, and each must import on its own.
		nb := openVault(t)
		rep := runImport(t, nb, Options{Format: FormatENEX, Paths: []string{p}})
		got := len(rep.Imported)
		for _, it := range rep.Imported {
			if len(it.Warnings) > 0 && strings.Contains(it.Warnings[0], "malformed XML") {
				repaired++
			}
		}
		d := 0
		for _, it := range rep.Skipped {
			if errors.Is(it.Err, ErrDuplicate) {
				d++
			}
		}
		imported += got
		dups += d
		failed += len(rep.Failed)
		t.Logf("%-45s notes %d, well-formed %v: imported %d, duplicates %d, failed %d", name, n, ok, got, d, len(rep.Failed))
		for _, it := range rep.Failed {
			t.Logf("    failed %s: %s", it.Source, it.Reason)
		}
		if ok {
			wellFormed += n
			if got != n || len(rep.Failed) > 0 {
				t.Errorf("%s is well-formed with %d notes, but %s", name, n, rep.Summary())
			}
		}
	}
	t.Logf("ENEX: %d files, %d notes (%d in well-formed files): %d imported (%d repaired from malformed XML), %d duplicates, %d failed",
		len(files), notes, wellFormed, imported, repaired, dups, failed)
}

// countNotes counts the <note> elements of an export with encoding/xml,
// independently of the importer, and says whether the whole file is
// well-formed.
func countNotes(p string) (int, bool) {
	b, err := os.ReadFile(p)
	if err != nil {
		return 0, false
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	n := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return n, true
		}
		if err != nil {
			return bytes.Count(b, []byte("<note>")), false
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "note" {
			n++
		}
	}
}

// TestEvaluateMarkdown imports the corpus's Obsidian vault: every .md
// file with readable front matter (or none) must be imported.
func TestEvaluateMarkdown(t *testing.T) {
	root := filepath.Join(corpora(t), "markdown")
	vaults, _ := os.ReadDir(root)
	if len(vaults) == 0 {
		t.Skip("no vaults in", root)
	}
	for _, v := range vaults {
		if !v.IsDir() {
			continue
		}
		dir := filepath.Join(root, v.Name())
		wellFormed, broken := 0, 0
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if d.IsDir() || !isMarkdown(p) || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			b, _ := os.ReadFile(p)
			front, _, has, err := vault.SplitFrontMatter(b)
			if err == nil && has {
				_, err = parseFront(front)
			}
			if err == nil {
				wellFormed++
			} else {
				broken++
			}
			return nil
		})
		nb := openVault(t)
		rep := runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{dir}})
		clips, warned := 0, 0
		for _, it := range rep.Imported {
			if strings.HasPrefix(it.Path, "clips/") {
				clips++
			}
			if len(it.Warnings) > 0 {
				warned++
			}
		}
		t.Logf("%s: %d notes (%d with broken front matter): %s; %d clips, %d with warnings, %d records in the vault",
			v.Name(), wellFormed+broken, broken, rep.Summary(), clips, warned, len(records(t, nb)))
		for _, it := range rep.Failed {
			t.Errorf("failed %s: %s", it.Source, it.Reason)
		}
		if len(rep.Imported) < wellFormed || len(records(t, nb)) != len(rep.Imported) {
			t.Errorf("%d well-formed notes, but %s and %d records", wellFormed, rep.Summary(), len(records(t, nb)))
		}
	}
}
