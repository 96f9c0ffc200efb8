package export

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
	"golang.org/x/text/unicode/norm"
)

// readTree reads every file of an exported folder or zip into memory,
// checking on the way that a zip has no entry that could land outside the
// folder it is unpacked into.
func readTree(t *testing.T, out string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	if strings.HasSuffix(out, ".zip") {
		zr, err := zip.OpenReader(out)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			checkEntryName(t, f.Name)
			if f.Mode()&fs.ModeSymlink != 0 || !f.Mode().IsRegular() {
				t.Errorf("zip entry %s is not a regular file (%v)", f.Name, f.Mode())
			}
			if f.Flags&0x800 == 0 {
				t.Errorf("zip entry %s is not marked UTF-8", f.Name)
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			files[f.Name] = b
		}
		return files
	}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		checkEntryName(t, rel)
		b, err := os.ReadFile(p)
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// checkEntryName asserts a path of the export stays inside it and that
// every part of it is a name Windows, macOS and Linux accept.
func checkEntryName(t *testing.T, name string) {
	t.Helper()
	if !fs.ValidPath(name) || strings.ContainsAny(name, `\:`) || path.IsAbs(name) || !filepath.IsLocal(filepath.FromSlash(name)) {
		t.Errorf("entry %q could reach outside the export", name)
	}
	for _, part := range strings.Split(name, "/") {
		checkSafeName(t, part)
	}
}

var reserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true}

func checkSafeName(t *testing.T, name string) {
	t.Helper()
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	isDevice := reserved[base] || (len(base) >= 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) &&
		strings.Contains("0123456789¹²³", base[3:]) && utf8.RuneCountInString(base) == 4)
	switch {
	case name == "" || !utf8.ValidString(name) || !norm.NFC.IsNormalString(name):
		t.Errorf("name %q is empty, not UTF-8 or not NFC", name)
	case len(name) > vault.MaxNameBytes+len(".md"):
		t.Errorf("name %q is %d bytes long", name, len(name))
	case strings.ContainsAny(name, `<>:"/\|?*[]#^`):
		t.Errorf("name %q has a reserved character", name)
	case strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f || unicode.Is(unicode.Cf, r) }) >= 0:
		t.Errorf("name %q has a control or format character", name)
	case strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") || strings.HasPrefix(name, " ") || strings.HasPrefix(name, "."):
		t.Errorf("name %q starts or ends with a dot or a space", name)
	case isDevice:
		t.Errorf("name %q is a Windows device name", name)
	}
}

// comparable is a record's content as the export must keep it: every
// field, known or not, and the body; not where the file was.
func comparable(rec *vault.Record) map[string]any {
	m := RecordJSON(rec)
	delete(m, "path")
	return m
}

func TestMarkdownExportRereads(t *testing.T) {
	nb := openDemo(t)
	ctx := context.Background()
	// An attachment, linked from the clip's body as the vault holds it.
	png := pngBytes(t)
	rel, err := nb.PutAttachment(clipENID, "chart.png", png)
	if err != nil {
		t.Fatal(err)
	}
	clip, _ := nb.Get(ctx, clipENID)
	clip.Body += "\n![Chart](../" + rel + ")\n"
	if err := nb.Save(ctx, clip); err != nil {
		t.Fatal(err)
	}
	want := map[string]*vault.Record{}
	nb.Each(ctx, func(r *vault.Record) error { want[r.ID] = r; return nil })

	for _, name := range []string{"vault-copy", "vault-copy.zip"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "sub", name)
			rep := export(t, nb, Options{Format: Markdown, Out: out})
			if rep.Records != len(want) || rep.Attachments != 1 || rep.Files != len(want)+1 || len(rep.Renamed) != 0 || len(rep.Skipped) != 0 {
				t.Errorf("report %+v", rep)
			}
			files := readTree(t, out)
			seen := 0
			for rel, data := range files {
				if !strings.HasSuffix(rel, ".md") {
					continue
				}
				got := vault.Parse(data, rel)
				if got.Broken() {
					t.Errorf("%s: %s", rel, got.Problem)
					continue
				}
				orig, ok := want[got.ID]
				if !ok {
					t.Errorf("%s: unknown id %s", rel, got.ID)
					continue
				}
				seen++
				if !reflect.DeepEqual(comparable(got), comparable(orig)) {
					t.Errorf("%s differs from %s:\n got %v\nwant %v", rel, orig.Path, comparable(got), comparable(orig))
				}
				// Named after the title, so that [[Title]] finds it.
				if wantRel := orig.Type.Folder() + "/" + orig.Title + ".md"; rel != wantRel {
					t.Errorf("%s should be %s", rel, wantRel)
				}
			}
			if seen != len(want) {
				t.Errorf("the export holds %d records, want %d", seen, len(want))
			}
			if !bytes.Equal(files[rel], png) {
				t.Errorf("attachment %s missing or changed", rel)
			}
			// Every wiki link and image of the export resolves in it.
			checkLinksResolve(t, files)
		})
	}
}

// checkLinksResolve asserts that every [[wiki link]] of an exported vault
// names one of its files (as Obsidian resolves it: by file name, ignoring
// case) and every relative Markdown link or image points at a file of it.
func checkLinksResolve(t *testing.T, files map[string][]byte) {
	t.Helper()
	names := map[string]bool{}
	for rel := range files {
		names[vault.FoldName(strings.TrimSuffix(path.Base(rel), ".md"))] = true
		names[vault.FoldName(path.Base(rel))] = true
	}
	for rel, data := range files {
		if !strings.HasSuffix(rel, ".md") {
			continue
		}
		rec := vault.Parse(data, rel)
		rewriteWiki(rec.Body, func(_ bool, target string) (string, bool) { // skips code
			if !names[vault.FoldName(target)] {
				t.Errorf("%s: [[%s]] names no file of the export", rel, target)
			}
			return target, false
		})
		rewriteDests(rec.Body, func(_ bool, dest string) (string, bool) {
			if refs := resolveRef(rel, dest); len(refs) > 0 && !strings.Contains(dest, "etc/passwd") {
				if _, ok := files[refs[0]]; !ok {
					t.Errorf("%s: link %s leads to no file of the export", rel, dest)
				}
			}
			return dest, false
		})
	}
}

// hostileTitles are titles no file system takes as they are, or that
// collide with one another on some of them.
var hostileTitles = []string{
	"CON", "nul.txt", "com1", "LPT¹.md", "aux .txt", "a/b", `a\b`, "x:y", `say "no"`, "why?", "star*", "<tag>", "pipe|d",
	strings.Repeat("Переговоры ", 30), strings.Repeat("x", 300),
	"café", "cafe\u0301", // the same name, NFC and NFD
	"Case", "case", "CASE", // the same name on Windows and macOS
	"trailing dot.", " leading and trailing space ", "..", "...", "#tag ^block",
	"rtl\u202eevil.exe", "tab\there", "line\nbreak", "emoji 🕊️", "clips", "Attachments",
}

func TestMarkdownHostileNames(t *testing.T) {
	nb := openVault(t, filepath.Join(t.TempDir(), "vault"))
	var links []string
	ids := map[string]string{}
	for _, title := range hostileTitles {
		rec := save(t, nb, &vault.Record{Type: vault.TypeNote, Title: title, Body: "About " + title + "\n"})
		ids[rec.ID] = rec.Title
		if !strings.ContainsAny(rec.Title, "[]|#^\n") {
			links = append(links, "[["+rec.Title+"]]")
		}
	}
	hub := save(t, nb, &vault.Record{Type: vault.TypeNote, Title: "Hub", Body: "Links: " + strings.Join(links, ", ") + "\n\n`[[CON]] stays as code`\n"})
	ids[hub.ID] = hub.Title

	for _, name := range []string{"out", "out.zip"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), name)
			rep := export(t, nb, Options{Format: Markdown, Out: out})
			files := readTree(t, out) // checks every name
			folded := map[string]string{}
			got := map[string]bool{}
			for rel, data := range files {
				k := vault.FoldName(path.Base(rel))
				if other, ok := folded[k]; ok {
					t.Errorf("%s and %s are the same name on Windows and macOS", rel, other)
				}
				folded[k] = rel
				rec := vault.Parse(data, rel)
				if ids[rec.ID] != rec.Title {
					t.Errorf("%s holds %q (%s), not what the vault had", rel, rec.Title, rec.ID)
				}
				got[rec.ID] = true
			}
			if len(got) != len(ids) {
				t.Errorf("exported %d records, want %d", len(got), len(ids))
			}
			if len(rep.Renamed) == 0 {
				t.Error("the report lists no renamed file")
			}
			checkLinksResolve(t, files)
			hubFile := string(files["notes/Hub.md"])
			if !strings.Contains(hubFile, "[[x y|x:y]]") || !strings.Contains(hubFile, "[[_CON|CON]]") {
				t.Errorf("renamed links were not rewritten:\n%s", hubFile)
			}
			if !strings.Contains(hubFile, "`[[CON]] stays as code`") {
				t.Errorf("a link in code was rewritten:\n%s", hubFile)
			}
		})
	}
}

func TestMarkdownExportOfOneIssue(t *testing.T) {
	nb := openDemo(t)
	out := filepath.Join(t.TempDir(), "banking")
	rep := export(t, nb, Options{Format: Markdown, ID: bankingID, Out: out})
	files := readTree(t, out)
	var got []string
	for rel := range files {
		got = append(got, rel)
	}
	want := []string{
		"issues/" + banking + ".md", "rounds/" + round1 + ".md", "rounds/" + round2 + ".md",
		"clips/" + clipEN + ".md", "clips/" + clipRU + ".md", "notes/" + welcome + ".md",
	}
	if !reflect.DeepEqual(sorted(got...), sorted(want...)) {
		t.Errorf("exported %q\nwant %q", sorted(got...), sorted(want...))
	}
	if rep.Annotations != 5 {
		t.Errorf("report %+v", rep)
	}
}

func TestMarkdownExportKeepsBrokenFilesAsTheyAre(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	if err := app.CreateWithDemo(dir); err != nil {
		t.Fatal(err)
	}
	broken := []byte("---\ntitle: [unclosed\n---\nText the user wrote.\n")
	if err := os.WriteFile(filepath.Join(dir, "notes", "broken.md"), broken, 0o644); err != nil {
		t.Fatal(err)
	}
	nb := openVault(t, dir)
	out := filepath.Join(t.TempDir(), "out")
	rep := export(t, nb, Options{Format: Markdown, Out: out})
	files := readTree(t, out)
	found := false
	for _, b := range files {
		if bytes.Equal(b, broken) {
			found = true
		}
	}
	if !found || len(rep.Notes) != 1 {
		t.Errorf("the broken file was not copied as it is (notes %q)", rep.Notes)
	}
}
