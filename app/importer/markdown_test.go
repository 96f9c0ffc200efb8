package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
	"go.yaml.in/yaml/v3"
)

const fixtureVault = "testdata/md/vault"

// checkFixtureVault checks what importing testdata/md/vault gives, from
// the folder or from a zip of it.
func checkFixtureVault(t *testing.T, nb *app.Notebook, rep *Report) {
	t.Helper()
	// 5 notes; the unused PDF is reported in one line; .obsidian is not
	// looked at.
	counts(t, rep, 5, 1, 0)
	if t.Failed() {
		return
	}
	png, _ := os.ReadFile(filepath.Join(fixtureVault, "Attachments", "line map.png"))

	clip := byTitle(t, rep.Imported, "Talks resume in Geneva – Example News")
	rec, text := readRecord(t, nb, clip.Path)
	if clip.Path != "clips/Talks resume in Geneva.md" || rec.Type != vault.TypeClip {
		t.Errorf("the clipper's note became a %s at %s", rec.Type, clip.Path)
	}
	if rec.URL != "https://www.example.org/news/talks-resume" || rec.Site != "example.org" || rec.Byline != "Jane Doe" ||
		rec.Excerpt != "Delegations met on Thursday to discuss the ceasefire line." || rec.Published.String() != "2025-04-10" ||
		!rec.Created.Equal(time.Date(2025, 4, 11, 0, 0, 0, 0, time.UTC)) || fmt.Sprint(rec.Tags) != "[clippings]" {
		t.Errorf("clip fields: %+v", rec.ClipFields)
	}
	containsAll(t, clip.Path, text, `source: "https://www.example.org/news/talks-resume"`, `- "[[Jane Doe]]"`,
		"description: ", "![The proposed line](../attachments/"+clip.ID+"/line-map.png)")
	if got := vaultFiles(t, nb)["attachments/"+clip.ID+"/line-map.png"]; !bytes.Equal(got, png) {
		t.Errorf("the clip's image was not copied")
	}

	notes := byTitle(t, rep.Imported, "Round 3 notes")
	rec, text = readRecord(t, nb, notes.Path)
	if notes.Path != "notes/Round 3 notes.md" || rec.Type != vault.TypeNote || fmt.Sprint(rec.Tags) != "[round-3 geneva]" ||
		!rec.Created.Equal(time.Date(2025, 3, 5, 14, 30, 0, 0, time.UTC)) {
		t.Errorf("%s: type %s, tags %v, created %v", notes.Path, rec.Type, rec.Tags, rec.Created)
	}
	extra := rec.ExtraFields()
	for k, v := range map[string]string{"aliases": "[R3]", "rating": "5", "confidence": "high", "original_status": "reading",
		"original_type": "meeting", "nested": "map[lead:Ivanov members:[A B]]"} {
		if got := fmt.Sprint(extra[k]); got != v {
			t.Errorf("property %s = %s, want %s (all: %v)", k, got, v, extra)
		}
	}
	link := "../attachments/" + notes.ID + "/line-map.png"
	containsAll(t, notes.Path, text, "# the analyst's own grade", "[[Talks resume in Geneva]]",
		"[[Missing note|a note that does not exist]]", "![line map.png|300]("+link+")",
		"![map]("+link+` "The line")`, `<img src="`+link+`" alt="html image">`,
		"`![](Attachments/line map.png)`", "```\n![[line map.png]]\n```")
	if len(notes.Warnings) != 1 || !strings.Contains(notes.Warnings[0], "original_<name>: status, type") {
		t.Errorf("warnings %v", notes.Warnings)
	}

	broken := byTitle(t, rep.Imported, "Broken front matter")
	_, text = readRecord(t, nb, broken.Path)
	containsAll(t, broken.Path, text, "```yaml\ntitle: [unclosed\ntags: talks\n```\n", "The text after broken front matter is kept.")
	if len(broken.Warnings) == 0 || !strings.Contains(broken.Warnings[0], "not valid YAML") {
		t.Errorf("no warning for broken front matter: %v", broken.Warnings)
	}
	unclosed := byTitle(t, rep.Imported, "Never closed")
	_, text = readRecord(t, nb, unclosed.Path)
	containsAll(t, unclosed.Path, text, "---\ntitle: no closing line\nThe whole file is kept.\n")

	plain := byTitle(t, rep.Imported, "Plain note")
	if plain.Path != "notes/Plain note.md" {
		t.Errorf("plain note at %s", plain.Path)
	}
	_, text = readRecord(t, nb, plain.Path)
	containsAll(t, plain.Path, text, "linking to [[Round 3 notes]].")
	if !strings.Contains(rep.Skipped[0].Reason, "Attachments/unused.pdf") {
		t.Errorf("unused file report: %v", rep.Skipped[0].Reason)
	}
	for rel := range vaultFiles(t, nb) {
		if strings.Contains(rel, "obsidian") || strings.Contains(rel, "unused") {
			t.Errorf("%s was imported", rel)
		}
	}
}

func TestMarkdownFolder(t *testing.T) {
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{fixtureVault}})
	checkFixtureVault(t, nb, rep)
}

func TestMarkdownZip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "vault.zip")
	writeZip(t, p, dirEntries(t, fixtureVault, "My Vault/"))
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{p}})
	checkFixtureVault(t, nb, rep)
}

// TestMarkdownSingleFile imports one note, finding its image beside it.
func TestMarkdownSingleFile(t *testing.T) {
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{filepath.Join(fixtureVault, "Notes", "Round 3 notes.md")}})
	counts(t, rep, 1, 0, 0)
	if len(rep.Imported) == 1 {
		_, text := readRecord(t, nb, rep.Imported[0].Path)
		containsAll(t, "the note", text, "../attachments/"+rep.Imported[0].ID+"/line-map.png")
	}
}

// TestMarkdownSymlinks: links in a folder are never followed, neither as
// notes nor as images a note shows.
func TestMarkdownSymlinks(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte("outside the import"), 0o644)
	src := filepath.Join(dir, "src")
	os.MkdirAll(src, 0o755)
	os.WriteFile(filepath.Join(src, "note.md"), []byte("![x](leak.png) [[leak.png]]\n"), 0o644)
	if err := os.Symlink(secret, filepath.Join(src, "leak.png")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.Symlink(secret, filepath.Join(src, "linked.md"))
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{src}})
	counts(t, rep, 1, 2, 0)
	for _, it := range rep.Skipped {
		if !errors.Is(it.Err, ErrUnsafePath) {
			t.Errorf("skipped %s: %s", it.Source, it.Reason)
		}
	}
	for rel, b := range vaultFiles(t, nb) {
		if bytes.Contains(b, []byte("outside the import")) {
			t.Errorf("%s holds the linked file's content", rel)
		}
	}
}

// frontMatterCases map a file's text to what the record must hold; they
// also seed FuzzMarkdownImport.
var frontMatterCases = []struct {
	name, text string
	typ        vault.Type
	title      string
	want       map[string]string // fields (by their YAML name) and properties, as fmt prints them
	broken     bool
}{
	{name: "no front matter", text: "# Heading\nbody\n", typ: vault.TypeNote, title: "file"},
	{name: "obsidian clipper", text: "---\ntitle: Article\nsource: https://example.com/a\nauthor:\n  - \"[[A B]]\"\n  - C\npublished: 2024-02-03\ncreated: 2024-02-04\ndescription: Short\ntags: [clippings]\n---\nText\n",
		typ: vault.TypeClip, title: "Article",
		want: map[string]string{"url": "https://example.com/a", "byline": "A B, C", "published": "2024-02-03", "excerpt": "Short", "site": "example.com", "source": "https://example.com/a"}},
	{name: "parley fields kept", text: "---\nid: 01JRBZ1NMN8W3T7X9V2C6Q4P5S\ntype: issue\ntitle: Water rights\nstatus: stalled\nraised_by: A\nreliability: b2\n---\n",
		typ: vault.TypeIssue, title: "Water rights", want: map[string]string{"id": "01JRBZ1NMN8W3T7X9V2C6Q4P5S", "status": "stalled", "raised_by": "A"}},
	{name: "foreign id kept aside", text: "---\nid: 202301011200\n---\n", typ: vault.TypeNote, title: "file", want: map[string]string{"original_id": "202301011200"}},
	{name: "values parley reads otherwise", text: "---\nstatus: [\"[[Active]]\"]\ntype: book\ndate: someday\nreliability: high\noriginal_type: taken\n---\n",
		typ: vault.TypeNote, title: "file", want: map[string]string{"original_status": "[[[Active]]]", "original_type_2": "book", "original_date": "someday", "original_reliability": "high", "original_type": "taken"}},
	{name: "other date forms", text: "---\ncreated: 2024-05-06 07:08\nmodified: 2024-06-01T10:00:00+02:00\n---\n", typ: vault.TypeNote, title: "file",
		want: map[string]string{"created": "2024-05-06 07:08:00 +0000 UTC", "updated": "2024-06-01 08:00:00 +0000 UTC", "modified": "2024-06-01 10:00:00 +0200 +0200"}},
	{name: "tags as a string", text: "---\ntags: \"#talks, geneva\"\n---\n", typ: vault.TypeNote, title: "file", want: map[string]string{"tags": "[#talks geneva]"}},
	{name: "capitalised keys", text: "---\nTitle: Big\nURL: https://example.org/x\nAuthor: Jo\n---\n", typ: vault.TypeClip, title: "Big",
		want: map[string]string{"url": "https://example.org/x", "byline": "Jo", "URL": "https://example.org/x", "Title": "Big"}},
	{name: "round without a date", text: "---\ntype: round\n---\n", typ: vault.TypeNote, title: "file"},
	{name: "broken yaml", text: "---\na: [\n---\nbody\n", typ: vault.TypeNote, title: "file", broken: true},
	{name: "not a mapping", text: "---\n- a\n- b\n---\nbody\n", typ: vault.TypeNote, title: "file", broken: true},
	{name: "duplicate keys", text: "---\ntitle: a\ntitle: b\n---\nbody\n", typ: vault.TypeNote, title: "file", broken: true},
	{name: "alias bomb", text: "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ntags: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n", typ: vault.TypeNote, title: "file"},
	{name: "js front matter", text: "---js\n{title: 'x'}\n---\nbody\n", typ: vault.TypeNote, title: "file"},
	{name: "invalid utf-8", text: "---\ntitle: caf\xe9\n---\nbo\x00dy\n", typ: vault.TypeNote, title: "caf\uFFFD"},
}

func TestFrontMatterMapping(t *testing.T) {
	mod := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tt := range frontMatterCases {
		t.Run(tt.name, func(t *testing.T) {
			d := draftNote([]byte(tt.text), "Notes/file.md", mod)
			rec := d.rec
			if rec.Type != tt.typ || rec.Title != tt.title {
				t.Errorf("type %s, title %q; want %s, %q", rec.Type, rec.Title, tt.typ, tt.title)
			}
			check := rec.Clone()
			check.Normalize(mod)
			if err := check.Validate(); err != nil {
				t.Errorf("the record is not valid: %v", err)
			}
			b, err := vault.Marshal(rec)
			if err != nil {
				t.Fatal(err)
			}
			back := vault.Parse(b, rec.Path)
			if back.Broken() {
				t.Fatalf("the record does not read back: %s\n%s", back.Problem, b)
			}
			var fields map[string]any
			front, _, _, _ := vault.SplitFrontMatter(b)
			yaml.Unmarshal(front, &fields)
			got := map[string]string{"created": back.Created.String(), "updated": back.Updated.String()}
			for k, v := range fields {
				if _, ok := got[k]; !ok {
					got[k] = fmt.Sprint(v)
				}
			}
			for k, want := range tt.want {
				if k == "published" {
					got[k] = back.Published.String()
				}
				if got[k] != want {
					t.Errorf("%s = %q, want %q\n%s", k, got[k], want, b)
				}
			}
			isBroken := len(d.warnings) > 0 && strings.Contains(strings.Join(d.warnings, " "), "code block")
			if isBroken != tt.broken {
				t.Errorf("broken = %v, want %v (%v)", isBroken, tt.broken, d.warnings)
			}
			if tt.broken && !strings.Contains(back.Body, "```yaml\n") {
				t.Errorf("the broken front matter is not kept:\n%s", b)
			}
		})
	}
}

// TestMarkdownAndTheVault: a folder inside the vault is refused, and a
// folder holding the vault does not import the vault into itself.
func TestMarkdownAndTheVault(t *testing.T) {
	nb := openVault(t)
	if _, err := nb.AddDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	rep := runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{nb.Abs("notes")}})
	if len(rep.Failed) != 1 || !strings.Contains(rep.Failed[0].Reason, "inside the vault") {
		t.Errorf("importing from inside the vault: %s %+v", rep.Summary(), rep.Failed)
	}
	around := filepath.Dir(nb.Root())
	os.WriteFile(filepath.Join(around, "beside.md"), []byte("a note beside the vault\n"), 0o644)
	before := len(records(t, nb))
	rep = runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{around}})
	counts(t, rep, 1, 0, 0)
	if after := len(records(t, nb)); after != before+1 {
		t.Errorf("%d records before, %d after", before, after)
	}
}

// TestMarkdownParleyVault imports a folder laid out as Parley's own vault
// (what the Markdown export writes): every record comes back with its id
// and byte for byte, and so do the attachments, linked or not.
func TestMarkdownParleyVault(t *testing.T) {
	from := demoVault(t)
	want := vaultFiles(t, from)
	src := filepath.Join(t.TempDir(), "export")
	for rel, b := range want {
		p := filepath.Join(src, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, b, 0o644)
	}
	nb := openVault(t)
	rep := runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{src}})
	counts(t, rep, len(records(t, from)), 0, 0)
	got := vaultFiles(t, nb)
	for rel, b := range want {
		if !bytes.Equal(got[rel], b) {
			t.Errorf("%s differs:\n--- want\n%s\n--- got\n%s", rel, b, got[rel])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d files, want %d", len(got), len(want))
	}
}
