package importer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/backup"
	"github.com/parley-notes/parley/app/vault"
)

// writeBackup writes a JSON backup of every file of nb's vault with
// app/backup, as the export does, and returns its path and the files.
func writeBackup(t testing.TB, nb *app.Notebook) (string, map[string][]byte) {
	t.Helper()
	files := vaultFiles(t, nb)
	var buf bytes.Buffer
	w := backup.NewWriter(&buf, time.Date(2025, 4, 11, 9, 0, 0, 0, time.UTC))
	for rel, b := range records(t, nb) {
		if err := w.Record(backup.Record{Path: rel, File: string(b)}); err != nil {
			t.Fatal(err)
		}
	}
	for rel, b := range files {
		if strings.HasPrefix(rel, vault.AttachmentsDir+"/") {
			if err := w.Attachment(rel, b); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "backup.json")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, files
}

// demoVault is a vault holding the demo notebook and an attachment.
func demoVault(t testing.TB) *app.Notebook {
	t.Helper()
	nb := openVault(t)
	n, err := nb.AddDemo(context.Background())
	if err != nil || n == 0 {
		t.Fatalf("AddDemo: %d, %v", n, err)
	}
	var id string
	nb.Each(context.Background(), func(r *vault.Record) error {
		if r.Type == vault.TypeClip && id == "" {
			id = r.ID
		}
		return nil
	})
	if _, err := nb.PutAttachment(id, "image-01.png", []byte("\x89PNG\r\n\x1a\nnot really")); err != nil {
		t.Fatal(err)
	}
	return nb
}

// TestBackupRoundTrip restores a backup of the demo notebook into an
// empty vault: every record file and attachment comes back byte for byte.
func TestBackupRoundTrip(t *testing.T) {
	from := demoVault(t)
	p, want := writeBackup(t, from)
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatJSON, Paths: []string{p}})
	counts(t, rep, len(records(t, from)), 0, 0)
	for _, it := range rep.Imported {
		if len(it.Warnings) > 0 {
			t.Errorf("%s: %v", it.Path, it.Warnings)
		}
	}
	got := vaultFiles(t, nb)
	for rel, b := range want {
		if !bytes.Equal(got[rel], b) {
			t.Errorf("%s differs after the round trip:\n--- want\n%s\n--- got\n%s", rel, b, got[rel])
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s was not in the backup", rel)
		}
	}
	if rep.Attachments != 1 {
		t.Errorf("%d attachments restored, want 1", rep.Attachments)
	}
	n, err := nb.Count(context.Background())
	if err != nil || n[""] != len(records(t, from)) {
		t.Errorf("the index holds %v records (%v)", n, err)
	}
}

// TestBackupIntoUsedVault: a record whose path is taken by another file
// comes back beside it; nothing is overwritten.
func TestBackupIntoUsedVault(t *testing.T) {
	from := demoVault(t)
	p, _ := writeBackup(t, from)
	nb := openVault(t)
	var taken string
	for rel := range records(t, from) {
		taken = rel
		break
	}
	other := app.NewRecord(vault.TypeNote, "someone else")
	other.Path = taken
	if err := nb.Store(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(nb.Abs(taken))
	rep := runImport(t, nb, Options{Format: FormatJSON, Paths: []string{p}})
	counts(t, rep, len(records(t, from)), 0, 0)
	after, _ := os.ReadFile(nb.Abs(taken))
	if !bytes.Equal(before, after) {
		t.Errorf("%s was overwritten", taken)
	}
	moved := false
	for _, it := range rep.Imported {
		if len(it.Warnings) > 0 && strings.Contains(it.Warnings[0], "is taken") {
			moved = it.Path != taken
		}
	}
	if !moved {
		t.Errorf("no record was restored beside %s: %+v", taken, rep.Imported)
	}
}

func TestBackupHostilePaths(t *testing.T) {
	var buf bytes.Buffer
	w := backup.NewWriter(&buf, time.Now())
	file := "---\nid: %s\ntype: note\ntitle: t\n---\nx\n"
	bad := []string{"../evil.md", "/tmp/parley-evil-backup.md", "C:/evil.md", `notes\..\..\evil.md`, ".parley/index.md",
		".trash/x.md", "attachments/x.md", "notes/../../evil.md", "notes/x.txt", "", "notes//x.md"}
	for i, p := range bad {
		w.Record(backup.Record{Path: p, File: strings.Replace(file, "%s", vault.NewID(), 1) + string(rune('a'+i))})
	}
	w.Record(backup.Record{Path: "notes/CON.md", File: strings.Replace(file, "%s", vault.NewID(), 1)})
	for _, p := range []string{"attachments/../../evil.png", "attachments/a/b/c.png", "attachments/.hidden/x.png", "notes/x.png", "attachments/a/..", "attachments/a/nul.png"} {
		w.Attachment(p, []byte("data"))
	}
	w.Close()
	p := filepath.Join(t.TempDir(), "hostile.json")
	os.WriteFile(p, buf.Bytes(), 0o644)
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatJSON, Paths: []string{p}})
	counts(t, rep, 1, 0, len(bad)+6)
	for _, it := range rep.Failed {
		if !errors.Is(it.Err, ErrUnsafePath) && !strings.HasSuffix(it.Source, "attachments/a/b/c.png") {
			t.Errorf("%s: %s", it.Source, it.Reason)
		}
	}
	if len(rep.Imported) == 1 && rep.Imported[0].Path != "notes/_CON.md" {
		t.Errorf("a Windows device name was restored as %s", rep.Imported[0].Path)
	}
	around := filepath.Dir(nb.Root())
	for _, p := range []string{filepath.Join(around, "evil.md"), filepath.Join(filepath.Dir(around), "evil.md"), "/tmp/parley-evil-backup.md", filepath.Join(around, "evil.png")} {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s was written", p)
		}
	}
}

func TestBackupRejects(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "x.json")
	os.WriteFile(notJSON, []byte("hello"), 0o644)
	big := filepath.Join(dir, "big.json")
	os.WriteFile(big, bytes.Repeat([]byte(" "), 2048), 0o644)
	for _, tt := range []struct {
		path   string
		limits Limits
		want   error
	}{
		{notJSON, Limits{}, ErrMalformed},
		{dir, Limits{}, ErrMalformed},
		{big, Limits{MaxBackupBytes: 1024}, ErrTooLarge},
	} {
		nb := openVault(t)
		rep := runImport(t, nb, Options{Format: FormatJSON, Paths: []string{tt.path}, Limits: tt.limits})
		if len(rep.Failed) != 1 || !errors.Is(rep.Failed[0].Err, tt.want) {
			t.Errorf("%s: %s %+v", tt.path, rep.Summary(), rep.Failed)
		}
	}
}
