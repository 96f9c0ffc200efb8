package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runImportCLI runs the command line on a vault and returns its exit
// status and what it printed.
func runImportCLI(t *testing.T, vaultDir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code = Main(append([]string{"--vault", vaultDir}, args...), env)
	return code, out.String(), errb.String()
}

const importENEX = `<?xml version="1.0" encoding="UTF-8"?>
<en-export>
<note><title>First</title><created>20250101T000000Z</created><content><![CDATA[<en-note>one</en-note>]]></content></note>
<note><title>Broken</title><tag>x</tag <<<</note>
<note><title>Second</title><created>20250102T000000Z</created><content><![CDATA[<en-note>two <en-crypt>Zm9v</en-crypt></en-note>]]></content></note>
</en-export>
`

func TestImportCommand(t *testing.T) {
	in := t.TempDir()
	enex := filepath.Join(in, "notes.enex")
	os.WriteFile(enex, []byte(importENEX), 0o644)
	good := filepath.Join(in, "good.enex")
	os.WriteFile(good, []byte(strings.Replace(importENEX, "<note><title>Broken</title><tag>x</tag <<<</note>\n", "", 1)), 0o644)
	md := filepath.Join(in, "md")
	os.MkdirAll(filepath.Join(md, "Clippings"), 0o755)
	os.WriteFile(filepath.Join(md, "Clippings", "Clip.md"), []byte("---\nsource: https://example.org/a\n---\nclipped\n"), 0o644)
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr []string // parts of them
	}{
		{"no paths", []string{"import", "--format", "enex"}, exitUsage, nil, []string{"give the files or folders to import"}},
		{"unknown format", []string{"import", "--format", "docx", enex}, exitUsage, nil, []string{`unknown import format "docx"`}},
		{"unknown flag", []string{"import", "--zip", enex}, exitUsage, nil, []string{"unknown flag --zip"}},
		{"missing file", []string{"import", "--format", "md", filepath.Join(in, "nothing")}, exitError,
			[]string{"failed", "cannot read", "imported 0, skipped 0, failed 1"}, []string{"1 item(s) could not be imported"}},
		{"enex with a broken note", []string{"import", "--format", "enex", enex}, exitError,
			[]string{"failed   " + enex + `: note 2 (line 4) "Broken": malformed XML, line 4`, "warning  notes/Second.md: the note has encrypted content",
				"imported 2, skipped 0, failed 1"},
			[]string{"parley: 1 item(s) could not be imported; the report says why\n"}},
		{"again: duplicates are skipped", []string{"import", "--format", "enex", good}, exitOK,
			[]string{"skipped  " + good + `: note 1 (line 3) "First": already in the vault: notes/First.md has the same content`, "imported 0, skipped 2, failed 0"}, nil},
		{"format guessed", []string{"import", md}, exitOK, []string{"imported 1, skipped 0, failed 0"}, nil},
	}
	dir := filepath.Join(t.TempDir(), "vault")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runImportCLI(t, dir, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if code == exitError && strings.Count(strings.TrimPrefix(stderr, "parley: created a new, empty vault at "+dir+"\n"), "\n") != 1 {
				t.Errorf("the error is not one line: %q", stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "clips", "Clip.md")); err != nil {
		t.Errorf("the clipper's note is not in clips/: %v", err)
	}
}

func TestImportCommandJSON(t *testing.T) {
	in := t.TempDir()
	enex := filepath.Join(in, "notes.enex")
	os.WriteFile(enex, []byte(importENEX), 0o644)
	code, stdout, stderr := runImportCLI(t, filepath.Join(t.TempDir(), "vault"), "import", "--json", "--format=enex", enex)
	if code != exitError {
		t.Errorf("exit %d, stderr %s", code, stderr)
	}
	var rep struct {
		Format   string `json:"format"`
		Imported []struct {
			Source, Title, ID, Path string
			Warnings                []string
		} `json:"imported"`
		Skipped []any `json:"skipped"`
		Failed  []struct {
			Source, Title, Reason string
		} `json:"failed"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v:\n%s", err, stdout)
	}
	if rep.Format != "enex" || len(rep.Imported) != 2 || rep.Skipped == nil || len(rep.Failed) != 1 ||
		rep.Imported[0].ID == "" || rep.Imported[0].Path != "notes/First.md" || rep.Failed[0].Title != "Broken" {
		t.Errorf("got %+v", rep)
	}
}
