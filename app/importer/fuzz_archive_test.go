package importer

import (
	"bytes"
	"context"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-notes/parley/app/backup"
	"github.com/parley-notes/parley/app/vault"
)

// FuzzZipArchive opens arbitrary bytes as a .zip: no panic, and whatever
// the archive says, every file it lists is a clean path inside it, and
// reading one stops at its limit. A drive is an ASCII letter and a colon,
// as Windows reads paths: "\x99:/evil.md" is a folder name, not a drive
// (testdata/fuzz holds that input; archive names are never written as
// they are, only their base names, made safe by the vault).
//
//	go test ./app/importer -run '^$' -fuzz FuzzZipArchive -fuzztime 1m
func FuzzZipArchive(f *testing.F) {
	dir := f.TempDir()
	p := filepath.Join(dir, "seed.zip")
	seeds := [][]zipEntry{{goodNote, {name: "Attachments/a.png", data: []byte("\x89PNG")}}}
	for _, h := range hostileZips {
		if h.name != "zip bomb" && h.name != "too many entries" {
			seeds = append(seeds, h.entries)
		}
	}
	for _, entries := range seeds {
		writeZip(f, p, entries)
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	lim := Limits{MaxFileBytes: 1 << 20, MaxArchiveBytes: 4 << 20, MaxEntries: 1000, MaxRatio: 200}.withDefaults()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "fuzz.zip")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		src, err := openZip(p, lim)
		if err != nil {
			return
		}
		defer src.close()
		for _, fl := range src.files {
			rel := fl.rel
			if rel == "" || rel == "." || strings.HasPrefix(rel, "/") || strings.Contains(rel, `\`) || strings.ContainsRune(rel, 0) ||
				path.Clean(rel) != rel || rel == ".." || strings.HasPrefix(rel, "../") || (len(rel) >= 2 && rel[1] == ':' && isASCIILetter(rel[0])) {
				t.Fatalf("the archive lists %q", rel)
			}
			rc, err := fl.open()
			if err != nil {
				continue
			}
			n, _ := io.Copy(io.Discard, io.LimitReader(rc, lim.MaxArchiveBytes+1))
			rc.Close()
			if n > lim.MaxArchiveBytes {
				t.Fatalf("read %d bytes of %s, past the archive's limit", n, rel)
			}
		}
	})
}

// FuzzBackupImport restores arbitrary bytes as a Parley JSON backup into a
// vault: no panic, no file anywhere but inside the vault, and every record
// it reports restored is a file of the vault that reads as a record.
//
//	go test ./app/importer -run '^$' -fuzz FuzzBackupImport -fuzztime 1m
func FuzzBackupImport(f *testing.F) {
	file := "---\nid: %s\ntype: note\ntitle: t\n---\nx\n"
	for _, paths := range [][]string{
		{"notes/a.md", "clips/b c.md", "notes/CON.md"},
		{"../evil.md", "/tmp/parley-fuzz-evil.md", "C:/evil.md", `notes\..\..\evil.md`, ".parley/index.md", "attachments/x.md", "notes//x.md"},
	} {
		var buf bytes.Buffer
		w := backup.NewWriter(&buf, time.Date(2025, 4, 11, 9, 0, 0, 0, time.UTC))
		for i, p := range paths {
			w.Record(backup.Record{Path: p, File: strings.Replace(file, "%s", vault.NewID(), 1) + string(rune('a'+i))})
		}
		for _, p := range []string{"attachments/A/a.png", "attachments/../../evil.png", "attachments/a/nul.png"} {
			w.Attachment(p, []byte("data"))
		}
		w.Close()
		f.Add(buf.Bytes())
	}
	f.Add([]byte(`{"format":"parley-backup","version":1,"records":[{"path":"notes/x.md","file":"---\ntitle: [unclosed\n---\n"}]}`))
	nb := openVault(f)
	around := filepath.Dir(nb.Root())
	in := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(in, "backup.json")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := Run(context.Background(), nb, Options{Format: FormatJSON, Paths: []string{p}}, nil)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		for _, it := range rep.Imported {
			b, err := os.ReadFile(nb.Abs(it.Path))
			if err != nil || checkRecordPath(it.Path) != nil {
				t.Fatalf("restored %q: %v", it.Path, err)
			}
			if rec := vault.Parse(b, it.Path); rec.Broken() {
				t.Fatalf("restored %s does not read as a record: %s", it.Path, rec.Problem)
			}
		}
		entries, _ := os.ReadDir(around)
		for _, e := range entries {
			if e.Name() != "vault" {
				t.Fatalf("%s appeared beside the vault", e.Name())
			}
		}
		if _, err := os.Lstat("/tmp/parley-fuzz-evil.md"); err == nil {
			t.Fatal("an absolute path was written")
		}
	})
}
