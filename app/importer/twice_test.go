package importer

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
)

// TestImportTwice: importing the same thing again adds nothing, and says
// that each item is already in the vault.
func TestImportTwice(t *testing.T) {
	zipPath := filepath.Join(t.TempDir(), "vault.zip")
	writeZip(t, zipPath, dirEntries(t, fixtureVault, ""))
	for _, tt := range []struct {
		name   string
		format Format
		path   func(t *testing.T) string
	}{
		{"enex", FormatENEX, func(*testing.T) string { return filepath.Join("testdata", "enex") }},
		{"markdown folder", FormatMarkdown, func(*testing.T) string { return fixtureVault }},
		{"markdown zip", FormatMarkdown, func(*testing.T) string { return zipPath }},
		{"json backup", FormatJSON, func(t *testing.T) string { p, _ := writeBackup(t, demoVault(t)); return p }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.path(t)
			nb := openVault(t)
			first := runImport(t, nb, Options{Format: tt.format, Paths: []string{p}})
			if len(first.Imported) == 0 {
				t.Fatalf("the first import imported nothing: %s", first.Summary())
			}
			before := vaultFiles(t, nb)
			second := runImport(t, nb, Options{Format: tt.format, Paths: []string{p}})
			if len(second.Imported) != 0 || second.Attachments != 0 || len(second.Failed) != len(first.Failed) {
				t.Errorf("the second import: %s (first: %s)", second.Summary(), first.Summary())
			}
			dups := 0
			for _, it := range second.Skipped {
				if errors.Is(it.Err, ErrDuplicate) {
					dups++
					if it.ID == "" || it.Path == "" {
						t.Errorf("a duplicate does not say which record it is: %+v", it)
					}
				}
			}
			if dups != len(first.Imported) {
				t.Errorf("%d duplicates reported, want %d", dups, len(first.Imported))
			}
			after := vaultFiles(t, nb)
			if len(after) != len(before) {
				t.Errorf("the vault went from %d to %d files", len(before), len(after))
			}
			for rel, b := range before {
				if !bytes.Equal(after[rel], b) {
					t.Errorf("%s changed", rel)
				}
			}
		})
	}
}
