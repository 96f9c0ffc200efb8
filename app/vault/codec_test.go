package vault

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestRoundTripStable: a file Parley wrote reads and writes back byte for
// byte.
func TestRoundTripStable(t *testing.T) {
	files, _ := filepath.Glob("testdata/roundtrip/parley-*.md")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rec := Parse(in, "x/"+filepath.Base(f))
			if rec.Broken() {
				t.Fatalf("broken: %s", rec.Problem)
			}
			out, err := Marshal(rec)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(in, out) {
				t.Errorf("not byte-stable:\n--- in\n%s\n--- out\n%s", in, out)
			}
		})
	}
}

// TestRoundTripForeign: files written by other editors keep what Parley does
// not know (keys, their order and comments) when Parley edits them.
func TestRoundTripForeign(t *testing.T) {
	files, _ := filepath.Glob("testdata/roundtrip/*.md")
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "parley-") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rec := Parse(in, "notes/"+filepath.Base(f))
			if rec.Broken() {
				t.Fatalf("broken: %s", rec.Problem)
			}
			rec.Title += " (edited)"
			out, err := Marshal(rec)
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(f, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("got:\n%s\nwant:\n%s", out, want)
			}
			again := Parse(out, rec.Path)
			if again.Title != rec.Title || again.ID != rec.ID || again.Body != rec.Body {
				t.Errorf("re-read differs: %+v", again)
			}
		})
	}
}

func TestUnknownKeysPreserved(t *testing.T) {
	in, err := os.ReadFile("testdata/roundtrip/obsidian-note.md")
	if err != nil {
		t.Fatal(err)
	}
	rec := Parse(in, "notes/obsidian-note.md")
	extra := rec.ExtraFields()
	for _, k := range []string{"aliases", "cssclasses", "rating"} {
		if _, ok := extra[k]; !ok {
			t.Errorf("unknown key %q lost; have %v", k, extra)
		}
	}
	rec.Tags = append(rec.Tags, "new")
	out, _ := Marshal(rec)
	for _, want := range []string{"aliases: [Embassy track]", "# a comment Parley must keep", "rating: 4", "- new"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestBrokenFiles: a file that is not a well-formed record is reported with
// a reason, keeps its text searchable and is never written back.
func TestBrokenFiles(t *testing.T) {
	bomb := "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	for i, prev := 'b', 'a'; i <= 'j'; i, prev = i+1, i {
		bomb += string(i) + ": &" + string(i) + " [" + strings.Repeat("*"+string(prev)+",", 8) + "*" + string(prev) + "]\n"
	}
	bomb += "tags: *j\n---\nbomb text\n"
	tests := []struct {
		name, input, problem, text string
	}{
		{"nul byte", "---\ntitle: a\x00b\n---\nnul text\n", "NUL byte", "nul text"},
		{"invalid utf8", "---\ntitle: ok\n---\nbad \xff\xfe byte text\n", "not valid UTF-8", "byte text"},
		{"unclosed front matter", "---\ntitle: never closed\nbody text\n", "no closing ---", "never closed"},
		{"yaml syntax", "---\ntitle: [unclosed\n---\nsyntax text\n", "malformed front matter", "syntax text"},
		{"not a mapping", "---\n- a\n- b\n---\nlist text\n", "expected key: value", "list text"},
		{"bad type", "---\ntype: memo\ntitle: x\n---\ntype text\n", "unknown record type", "type text"},
		{"bad date", "---\ntitle: x\npublished: April\n---\ndate text\n", "not a date", "date text"},
		{"bad time", "---\ntitle: x\ncreated: yesterday\n---\ntime text\n", "malformed front matter", "time text"},
		{"alias bomb", bomb, "malformed front matter", "bomb text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			rec := Parse([]byte(tt.input), "notes/x.md")
			if time.Since(start) > 5*time.Second {
				t.Errorf("parsing took %v", time.Since(start))
			}
			if !strings.Contains(rec.Problem, tt.problem) {
				t.Errorf("problem %q, want it to mention %q", rec.Problem, tt.problem)
			}
			if !strings.Contains(rec.Body, tt.text) {
				t.Errorf("body %q lost the text %q", rec.Body, tt.text)
			}
			if _, err := Marshal(rec); err == nil {
				t.Error("a broken record was marshalled")
			}
		})
	}
}

// TestUnusedAliasBomb: aliases under keys Parley does not know are never
// expanded: the file reads, and writes back as it was.
func TestUnusedAliasBomb(t *testing.T) {
	bomb := "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	for i, prev := 'b', 'a'; i <= 'j'; i, prev = i+1, i {
		bomb += string(i) + ": &" + string(i) + " [" + strings.Repeat("*"+string(prev)+",", 8) + "*" + string(prev) + "]\n"
	}
	bomb += "title: bomb\n---\nbomb text\n"
	rec := Parse([]byte(bomb), "notes/bomb.md")
	if rec.Broken() || rec.Title != "bomb" {
		t.Fatalf("got %+v", rec)
	}
	if _, ok := rec.ExtraFields()["j"]; ok {
		t.Error("ExtraFields expanded the alias bomb")
	}
	out, err := Marshal(rec)
	if err != nil || len(out) > 2*len(bomb) {
		t.Fatalf("marshal: %v, %d bytes", err, len(out))
	}
}

func TestNotFrontMatter(t *testing.T) {
	tests := []struct{ name, input, title string }{
		{"js fence", "---js\n{title: 'js'}\n---\n", "x"},
		{"no front matter", "Just text.\n", "x"},
		{"heading", "# From heading\n\ntext\n", "From heading"},
		{"empty", "", "x"},
		{"bom", "\ufeff---\ntitle: With BOM\n---\n", "With BOM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := Parse([]byte(tt.input), "notes/x.md")
			if rec.Broken() {
				t.Fatalf("broken: %s", rec.Problem)
			}
			if rec.Title != tt.title || rec.Type != TypeNote || rec.ID != PathID("notes/x.md") {
				t.Errorf("got title %q type %q id %q", rec.Title, rec.Type, rec.ID)
			}
		})
	}
}

func TestTypeFromFolder(t *testing.T) {
	for rel, want := range map[string]Type{"clips/a.md": TypeClip, "Rounds/b.md": TypeRound, "issues/x/c.md": TypeIssue, "d.md": TypeNote, "Clippings/e.md": TypeNote} {
		if got := Parse([]byte("text"), rel).Type; got != want {
			t.Errorf("%s: got %s, want %s", rel, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/roundtrip/*.md")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("---\ntitle: [unclosed\n---\n"))
	f.Add([]byte("---js\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec := Parse(data, "notes/fuzz.md")
		if rec.ID == "" || rec.Type == "" || rec.Title == "" {
			t.Fatalf("record without id or type: %+v", rec)
		}
		if rec.Broken() {
			return
		}
		// What Parley can read and write must read back the same.
		out, err := Marshal(rec)
		if err != nil {
			return // e.g. a value the encoder refuses
		}
		again := Parse(out, rec.Path)
		if again.Broken() {
			t.Fatalf("re-read broken: %s\n%q", again.Problem, out)
		}
		if again.Title != rec.Title || again.Body != rec.Body || again.ID != rec.ID {
			t.Fatalf("round trip changed the record:\n%q\n%q", data, out)
		}
	})
}

// TestIndentedQuotes: an annotation whose context starts with a space and
// spans a paragraph break (go-yaml cannot read back the block scalar it
// writes for that inside a list) saves and reads back unchanged.
func TestIndentedQuotes(t *testing.T) {
	rec := &Record{ID: "01JRJ17KM0JHB4T8WQSB9B0RDP", Type: TypeClip, Title: "T", Body: "x\n"}
	rec.Annotations = []Annotation{
		{ID: "a", Exact: "Next paragraph", Prefix: " the talks.\n\n", Suffix: " goes on\n\nand on"},
		{ID: "b", Exact: "After a heading", Prefix: "\n\nHeading\n\n", Suffix: "\tand\n"},
	}
	rec.Agenda = []AgendaItem{{Issue: "i", Note: " note\nwith lines", Positions: []Position{{Party: "p", Position: " held\n"}}}}
	out, err := Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	back := Parse(out, "clips/t.md")
	if back.Broken() {
		t.Fatalf("broken: %s\n%s", back.Problem, out)
	}
	for i, a := range back.Annotations {
		if a.Prefix != rec.Annotations[i].Prefix || a.Suffix != rec.Annotations[i].Suffix {
			t.Errorf("annotation context changed: %q %q", a.Prefix, a.Suffix)
		}
	}
	if back.Agenda[0].Note != rec.Agenda[0].Note || back.Agenda[0].Positions[0].Position != " held\n" {
		t.Errorf("agenda changed: %+v", back.Agenda[0])
	}
}
