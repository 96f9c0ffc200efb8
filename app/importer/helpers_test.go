package importer

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

// openVault opens a notebook on a new vault inside the test's temporary
// folder (vault/), so that a test can also look around it for files an
// import must never write.
func openVault(t testing.TB) *app.Notebook {
	t.Helper()
	nb, err := app.Open(filepath.Join(t.TempDir(), "vault"), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nb.Close() })
	return nb
}

// runImport runs an import and fails the test on a Run error.
func runImport(t testing.TB, nb *app.Notebook, opts Options) *Report {
	t.Helper()
	rep, err := Run(context.Background(), nb, opts, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

// vaultFiles returns every file of the vault but its derived data, by
// vault path.
func vaultFiles(t testing.TB, nb *app.Notebook) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	root := nb.Root()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == vault.DataDir {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// records returns the vault's record files (the .md files outside
// attachments/).
func records(t testing.TB, nb *app.Notebook) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for rel, b := range vaultFiles(t, nb) {
		if strings.HasSuffix(rel, ".md") && !strings.HasPrefix(rel, vault.AttachmentsDir+"/") {
			out[rel] = b
		}
	}
	return out
}

// readRecord parses the record file at rel.
func readRecord(t testing.TB, nb *app.Notebook, rel string) (*vault.Record, string) {
	t.Helper()
	b, err := os.ReadFile(nb.Abs(rel))
	if err != nil {
		t.Fatal(err)
	}
	rec := vault.Parse(b, rel)
	if rec.Broken() {
		t.Fatalf("%s is broken: %s\n%s", rel, rec.Problem, b)
	}
	return rec, string(b)
}

// byTitle finds the imported item with a title.
func byTitle(t testing.TB, items []Item, title string) Item {
	t.Helper()
	for _, it := range items {
		if it.Title == title {
			return it
		}
	}
	t.Fatalf("no item titled %q in %+v", title, items)
	return Item{}
}

// counts checks a report's counts, printing it on a mismatch.
func counts(t testing.TB, rep *Report, imported, skipped, failed int) {
	t.Helper()
	if len(rep.Imported) != imported || len(rep.Skipped) != skipped || len(rep.Failed) != failed {
		t.Errorf("%s; want imported %d, skipped %d, failed %d", rep.Summary(), imported, skipped, failed)
		for _, it := range rep.Skipped {
			t.Logf("skipped %s: %s", it.Source, it.Reason)
		}
		for _, it := range rep.Failed {
			t.Logf("failed %s: %s", it.Source, it.Reason)
		}
	}
}

// containsAll reports the strings s lacks.
func containsAll(t testing.TB, what, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
}

// containsNone reports the strings s has (case-insensitively).
func containsNone(t testing.TB, what, s string, unwanted ...string) {
	t.Helper()
	low := strings.ToLower(s)
	for _, w := range unwanted {
		if strings.Contains(low, strings.ToLower(w)) {
			t.Errorf("%s has %q:\n%s", what, w, s)
		}
	}
}
