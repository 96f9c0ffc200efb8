package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-notes/parley/app"
)

// runCLI runs the command line on a vault and returns its exit status and
// what it printed.
func runCLI(t *testing.T, vaultDir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code = Main(append([]string{"--vault", vaultDir}, args...), env)
	return code, out.String(), errb.String()
}

func TestExportCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	if err := app.CreateWithDemo(dir); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a part of it
		stderr string // a part of it
		files  []string
	}{
		{"no format", []string{"export", "--out", filepath.Join(out, "x")}, exitUsage, "", "say which --format", nil},
		{"no out", []string{"export", "--format", "html"}, exitUsage, "", "--out PATH", nil},
		{"unknown format", []string{"export", "--format", "docx", "--out", filepath.Join(out, "x")}, exitUsage, "", `unknown export format "docx"`, nil},
		{"query and id", []string{"export", "--format", "md", "--out", filepath.Join(out, "x"), "--query", "a", "--id", "b"}, exitUsage, "", "not both", nil},
		{"stray argument", []string{"export", "--format", "md", "--out", filepath.Join(out, "x"), "banking"}, exitUsage, "", "unexpected argument", nil},
		{"unknown flag", []string{"export", "--format", "md", "--out", filepath.Join(out, "x"), "--zip"}, exitUsage, "", "unknown flag", nil},
		{"unknown id", []string{"export", "--format", "html", "--out", filepath.Join(out, "x.html"), "--id", "01NOSUCHRECORD000000000000"}, exitError, "", "no record has id 01NOSUCHRECORD000000000000", nil},
		{"into the vault", []string{"export", "--format", "md", "--out", filepath.Join(dir, "copy")}, exitError, "", "inside the vault", nil},
		{"html brief", []string{"export", "--format", "html", "--out", filepath.Join(out, "brief.html")}, exitOK,
			"exported 10 records (5 annotations) from the whole vault as html: 1 file written to " + filepath.Join(out, "brief.html"), "", []string{"brief.html"}},
		{"markdown of a query", []string{"export", "--format=md", "--out=" + filepath.Join(out, "rounds.zip"), "--query", "type:round"}, exitOK,
			`exported 2 records from query "type:round" as md: 2 files written to`, "", []string{"rounds.zip"}},
		{"csv of a round", []string{"export", "--id", "01JN491F80NAG61K8QX764K0Y6", "--format", "csv", "--out", filepath.Join(out, "r1.csv")}, exitOK,
			"as csv: 2 files written to", "", []string{"r1-matrix.csv", "r1-clips.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, dir, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
			if code == exitOK && strings.Count(strings.TrimSpace(stdout), "\n") != 0 {
				t.Errorf("the report is not one line: %q", stdout)
			}
			for _, f := range tt.files {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func TestExportCommandJSON(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	if err := app.CreateWithDemo(dir); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "backup.json")
	code, stdout, stderr := runCLI(t, dir, "export", "--format", "json", "--out", out, "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Format      string   `json:"format"`
		Records     int      `json:"records"`
		Annotations int      `json:"annotations"`
		Files       int      `json:"files"`
		Outputs     []string `json:"outputs"`
		Skipped     []any    `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if rep.Format != "json" || rep.Records != 10 || rep.Annotations != 5 || rep.Files != 1 || len(rep.Outputs) != 1 || rep.Outputs[0] != out || rep.Skipped == nil {
		t.Errorf("report %+v", rep)
	}
	if code, help, _ := runCLI(t, dir, "help"); code != exitOK || !strings.Contains(help, "export --format md|html|pdf|json|csv|annotations --out PATH") {
		t.Errorf("help does not show export: %s", help)
	}
}
