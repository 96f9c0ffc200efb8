package importer

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

// enexCases are the ENEX fixtures in testdata/enex, what importing each
// must give, and (through FuzzENEX) the fuzzer's seeds.
var enexCases = []struct {
	file                      string
	imported, skipped, failed int
	check                     func(t *testing.T, nb *app.Notebook, rep *Report)
}{
	{file: "webclip.enex", imported: 1, check: func(t *testing.T, nb *app.Notebook, rep *Report) {
		it := rep.Imported[0]
		rec, text := readRecord(t, nb, it.Path)
		if rec.Type != vault.TypeClip || it.Path != "clips/Talks resume in Geneva.md" {
			t.Errorf("a web clip became %s at %s", rec.Type, it.Path)
		}
		if rec.URL != "https://www.example.org/news/talks-resume?id=3&lang=en" || rec.Site != "example.org" || rec.Byline != "Jane Doe" {
			t.Errorf("url %q, site %q, byline %q", rec.URL, rec.Site, rec.Byline)
		}
		if fmt.Sprint(rec.Tags) != "[talks geneva]" {
			t.Errorf("tags %v", rec.Tags)
		}
		want := time.Date(2025, 4, 10, 8, 15, 0, 0, time.UTC)
		if !rec.Created.Equal(want) || !rec.Clipped.Equal(want) || !rec.Updated.Equal(want.Add(time.Hour)) {
			t.Errorf("created %v, clipped %v, updated %v", rec.Created, rec.Clipped, rec.Updated)
		}
		if len(rec.ContentHash) != 64 {
			t.Errorf("content_hash %q", rec.ContentHash)
		}
		containsAll(t, it.Path, text, "# Talks resume in Geneva", "**Thursday**",
			"[ceasefire line](https://www.example.org/ceasefire)", "- Prisoner exchange", "evernote_source: web.clip7")
	}},
	{file: "attributes.enex", imported: 1, check: func(t *testing.T, nb *app.Notebook, rep *Report) {
		rec, text := readRecord(t, nb, rep.Imported[0].Path)
		if rec.Type != vault.TypeNote || rec.Byline != "analyst@example.org" || fmt.Sprint(rec.Tags) != "[round-3 logistics]" {
			t.Errorf("type %s, byline %q, tags %v", rec.Type, rec.Byline, rec.Tags)
		}
		containsAll(t, "the note", text, "evernote_place: Palais des Nations", `evernote_latitude: "46.2044"`,
			"evernote_app_color: blue", "evernote_subject_date:", "- [x] Book the room", "- [ ] Circulate the agenda",
			"```\nagenda: v2\n  items: 4\n```")
		containsNone(t, "the note", text, "reminder_order")
	}},
	{file: "resource.enex", imported: 1, check: func(t *testing.T, nb *app.Notebook, rep *Report) {
		it := rep.Imported[0]
		_, text := readRecord(t, nb, it.Path)
		dir := "attachments/" + it.ID + "/"
		containsAll(t, "the note", text, "![line-map.png](../"+dir+"line-map.png)", "[minutes.pdf](../"+dir+"minutes.pdf)",
			"## Attachments", "[resource-3.txt](../"+dir+"resource-3.txt)")
		files := vaultFiles(t, nb)
		if !bytes.HasPrefix(files[dir+"line-map.png"], []byte("\x89PNG")) || !bytes.HasPrefix(files[dir+"minutes.pdf"], []byte("%PDF")) {
			t.Errorf("attachments not saved: %v", keys(files))
		}
		if rep.Attachments != 3 {
			t.Errorf("%d attachments saved, want 3", rep.Attachments)
		}
	}},
	{file: "encrypted.enex", imported: 1, check: func(t *testing.T, nb *app.Notebook, rep *Report) {
		it := rep.Imported[0]
		_, text := readRecord(t, nb, it.Path)
		containsAll(t, "the note", text, "Contact details follow.", "End of note.", "Encrypted content",
			"Parley cannot decrypt it", `hint: "the usual"`, "cipher AES", "```evernote-encrypted\nRU5DMCR2SQ")
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), "RU5DMCR2SQ/8U0qVD+xGDzmnMy6oAqeGr8h/g31V3E8g6RGPFpO1lnyzsCv2gWba2VhCqaGHk3Hd6iDqWUpYxVmDdUeKnBFxz7Sr7gKteM65cNG9k8thhEav8g19qsIrA80DHk79") {
			t.Errorf("the ciphertext was not kept whole:\n%s", text)
		}
		if len(it.Warnings) == 0 || !strings.Contains(it.Warnings[0], "encrypted") {
			t.Errorf("no warning about encryption: %v", it.Warnings)
		}
	}},
	{file: "malformed.enex", imported: 3, failed: 1, check: func(t *testing.T, nb *app.Notebook, rep *Report) {
		for _, title := range []string{"Before the break", "Nested CDATA", "After the break"} {
			byTitle(t, rep.Imported, title)
		}
		fixed := byTitle(t, rep.Imported, "Nested CDATA")
		if len(fixed.Warnings) == 0 || !strings.Contains(fixed.Warnings[0], "malformed XML") {
			t.Errorf("a repaired note carries no warning: %v", fixed.Warnings)
		}
		_, text := readRecord(t, nb, fixed.Path)
		containsAll(t, "the repaired note", text, "kept text", "more", "text")
		bad := rep.Failed[0]
		if !errors.Is(bad.Err, ErrMalformed) || bad.Title != "Hopeless" ||
			!strings.Contains(bad.Source, "malformed.enex: note 3 (line 15)") || !strings.Contains(bad.Reason, "line 18") {
			t.Errorf("the broken note is reported as %+v", bad)
		}
	}},
	{file: "empty.enex", skipped: 1},
	{file: "notexport.enex", failed: 1, check: func(t *testing.T, nb *app.Notebook, rep *Report) {
		if !errors.Is(rep.Failed[0].Err, ErrMalformed) || !strings.Contains(rep.Failed[0].Reason, "not an Evernote export") {
			t.Errorf("got %+v", rep.Failed[0])
		}
	}},
	{file: "script.enex", imported: 1, check: func(t *testing.T, nb *app.Notebook, rep *Report) {
		_, text := readRecord(t, nb, rep.Imported[0].Path)
		containsAll(t, "the clip", text, "Visible text", "a link", "tab link", "stays text")
		containsNone(t, "the clip", text, "<script", "onclick", "onerror", "javascript:", "data:text", "<iframe",
			"<object", "<embed", "<form", "<svg", "foreignObject", "alert('script')", "alert('svg')", "alert('css')",
			"alert('noscript')", "alert('href')", "alert('tab')")
	}},
}

func TestENEX(t *testing.T) {
	for _, tt := range enexCases {
		t.Run(tt.file, func(t *testing.T) {
			nb := openVault(t)
			rep := runImport(t, nb, Options{Format: FormatENEX, Paths: []string{filepath.Join("testdata", "enex", tt.file)}})
			counts(t, rep, tt.imported, tt.skipped, tt.failed)
			if t.Failed() {
				return
			}
			if n := len(records(t, nb)); n != tt.imported {
				t.Errorf("the vault holds %d records, want %d", n, tt.imported)
			}
			if tt.check != nil {
				tt.check(t, nb, rep)
			}
		})
	}
}

// TestENEXFolder imports every fixture at once, from their folder, and
// again from a zip of it.
func TestENEXFolder(t *testing.T) {
	want := 0
	for _, tt := range enexCases {
		want += tt.imported
	}
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatENEX, Paths: []string{filepath.Join("testdata", "enex")}})
	if len(rep.Imported) != want {
		t.Errorf("%s; want %d imported", rep.Summary(), want)
	}
	zipPath := filepath.Join(t.TempDir(), "exports.zip")
	writeZip(t, zipPath, dirEntries(t, filepath.Join("testdata", "enex"), "Evernote/"))
	nb2 := openVault(t)
	rep = runImport(t, nb2, Options{Format: FormatENEX, Paths: []string{zipPath}})
	if len(rep.Imported) != want {
		t.Errorf("from a zip: %s; want %d imported", rep.Summary(), want)
	}
}

// enexDoc wraps notes in an export.
func enexDoc(notes ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n<en-export>\n" + strings.Join(notes, "\n") + "\n</en-export>\n"
}

func enexNoteXML(title, enml string) string {
	return fmt.Sprintf("<note><title>%s</title><created>20250101T000000Z</created><content><![CDATA[<en-note>%s</en-note>]]></content></note>", title, enml)
}

func TestENEXNoteTooLarge(t *testing.T) {
	big := strings.Repeat("<div>filler text</div>", 10_000)
	p := filepath.Join(t.TempDir(), "big.enex")
	os.WriteFile(p, []byte(enexDoc(enexNoteXML("small one", "a"), enexNoteXML("huge", big), enexNoteXML("small two", "b"))), 0o644)
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatENEX, Paths: []string{p}, Limits: Limits{MaxNoteBytes: 64 << 10}})
	counts(t, rep, 2, 0, 1)
	if len(rep.Failed) == 1 && (!errors.Is(rep.Failed[0].Err, ErrTooLarge) || !strings.Contains(rep.Failed[0].Source, "note 2")) {
		t.Errorf("got %+v", rep.Failed[0])
	}
}

// TestENEXUnclosedNote: a note that never closes (a cut-off export, or a
// missing </note>) does not swallow the note after it.
func TestENEXUnclosedNote(t *testing.T) {
	doc := enexDoc("<note><title>Open</title><content><![CDATA[<en-note>first</en-note>]]></content>",
		enexNoteXML("Closed", "second"), "<note><title>Cut</title><content><![CDATA[<en-note>cut off")
	p := filepath.Join(t.TempDir(), "cut.enex")
	os.WriteFile(p, []byte(doc), 0o644)
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatENEX, Paths: []string{p}})
	counts(t, rep, 2, 0, 1)
	if it := byTitle(t, rep.Imported, "Open"); len(it.Warnings) == 0 {
		t.Errorf("no warning for an unclosed note")
	}
	byTitle(t, rep.Imported, "Closed")
}

// TestNoteScannerStreams cuts a 100 MB export made on the fly: the
// scanner holds one note at a time, never the file.
func TestNoteScannerStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MB")
	}
	const notes = 20_000
	note := enexNoteXML("n", strings.Repeat("<div>a line of a long note</div>", 160)) + "\n"
	r := io.MultiReader(strings.NewReader(`<?xml version="1.0"?><en-export>`), &repeatReader{s: note, n: notes}, strings.NewReader("</en-export>"))
	sc, err := newNoteScanner(r, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n, peak := 0, uint64(0)
	for {
		raw, err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if raw.unclosed || raw.tooBig || string(raw.data) != strings.TrimSpace(note) {
			t.Fatalf("note %d came out wrong: %q", raw.index, raw.data)
		}
		n++
		if n%2000 == 0 {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
		}
	}
	if n != notes {
		t.Fatalf("found %d notes, want %d", n, notes)
	}
	t.Logf("%d notes, %.0f MB read, heap in use at most %.1f MB", n, float64(len(note)*notes)/1e6, float64(peak)/1e6)
	if peak > before.HeapInuse+32<<20 {
		t.Errorf("the heap grew to %d MB while scanning: the file is being held", peak>>20)
	}
}

// repeatReader gives s n times.
type repeatReader struct {
	s   string
	n   int
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.s[r.off:])
	r.off += k
	if r.off == len(r.s) {
		r.off = 0
		r.n--
	}
	return k, nil
}

// TestENEXEncoding reads an export declared in another encoding.
func TestENEXEncoding(t *testing.T) {
	doc := "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<en-export>" +
		"<note><title>\xcf\xe5\xf0\xe5\xe3\xee\xe2\xee\xf0\xfb</title><content><![CDATA[<en-note>\xf2\xe5\xea\xf1\xf2</en-note>]]></content></note></en-export>"
	p := filepath.Join(t.TempDir(), "cp1251.enex")
	os.WriteFile(p, []byte(doc), 0o644)
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatENEX, Paths: []string{p}})
	counts(t, rep, 1, 0, 0)
	if len(rep.Imported) == 1 {
		_, text := readRecord(t, nb, rep.Imported[0].Path)
		containsAll(t, "the note", text, "title: Переговоры", "текст")
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// resourceFor makes an en-media element and its <resource>.
func resourceFor(data []byte, mime, name string) (media, res string) {
	sum := md5.Sum(data)
	h := hex.EncodeToString(sum[:])
	return fmt.Sprintf(`<en-media type="%s" hash="%s"/>`, mime, h),
		fmt.Sprintf(`<resource><data encoding="base64">%s</data><mime>%s</mime><resource-attributes><file-name>%s</file-name></resource-attributes></resource>`,
			base64.StdEncoding.EncodeToString(data), mime, name)
}

// TestENEXResourceNames: resource file names are names, never paths, and
// two resources of one name both survive.
func TestENEXResourceNames(t *testing.T) {
	m1, r1 := resourceFor([]byte("first image"), "image/png", "image.png")
	m2, r2 := resourceFor([]byte("second image"), "image/png", "image.png")
	m3, r3 := resourceFor([]byte("evil"), "image/png", `..\..\..\evil.png`)
	m4, r4 := resourceFor([]byte("nameless"), "application/pdf", "")
	note := strings.Replace(enexNoteXML("Names", m1+m2+m3+m4), "</note>", r1+r2+r3+r4+"</note>", 1)
	p := filepath.Join(t.TempDir(), "names.enex")
	os.WriteFile(p, []byte(enexDoc(note)), 0o644)
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatENEX, Paths: []string{p}})
	counts(t, rep, 1, 0, 0)
	if len(rep.Imported) != 1 {
		return
	}
	id := rep.Imported[0].ID
	files := vaultFiles(t, nb)
	for name, want := range map[string]string{"image.png": "first image", "image-2.png": "second image", "evil.png": "evil", "resource-4.pdf": "nameless"} {
		if got := string(files["attachments/"+id+"/"+name]); got != want {
			t.Errorf("attachments/%s/%s = %q, want %q (files: %v)", id, name, got, want, keys(files))
		}
	}
	if len(files) != 5 {
		t.Errorf("the vault holds %v", keys(files))
	}
}
