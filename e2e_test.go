package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-notes/parley/app/vault"
)

// parleyBin is the real binary, built once for the end-to-end tests.
var parleyBin string

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(testHelper(mode)) // a helper process of a reliability test
	}
	dir, err := os.MkdirTemp("", "parley-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	parleyBin = filepath.Join(dir, "parley")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", parleyBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building parley:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
	took           time.Duration
}

// run runs parley with args on vault dir.
func run(t *testing.T, dir string, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(parleyBin, append([]string{"--vault", dir}, args...)...)
	// A locale Fyne can parse, so that stderr holds only what Parley says.
	cmd.Env = append(os.Environ(), "LANGUAGE=en", "PARLEY_VAULT=")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustRun(t *testing.T, dir string, args ...string) result {
	t.Helper()
	r := run(t, dir, "", args...)
	if r.code != 0 {
		t.Fatalf("parley %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

type searchOut struct {
	Total  int                       `json:"total"`
	TookMS float64                   `json:"took_ms"`
	Hits   []searchHit               `json:"hits"`
	Facets map[string]map[string]int `json:"facets"`
}

// searchHit is one hit of `search --json`.
type searchHit struct {
	ID        string              `json:"id"`
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Path      string              `json:"path"`
	Score     float64             `json:"score"`
	Date      string              `json:"date"`
	Fragments map[string][]string `json:"fragments"`
}

func search(t *testing.T, dir, query string) searchOut {
	t.Helper()
	r := mustRun(t, dir, "search", "--json", "--limit", "100", query)
	var s searchOut
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("search --json printed %q: %v", r.stdout, err)
	}
	return s
}

func demoVault(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	mustRun(t, dir, "demo")
	return dir
}

func TestCLIContract(t *testing.T) {
	dir := demoVault(t)
	r := run(t, dir, "The envoys met in Geneva to discuss prisoner exchanges.\n", "new", "note", "--title", "Geneva meeting", "--body-file", "-", "--tag", "geneva", "--tag", "prisoners")
	if r.code != 0 {
		t.Fatalf("new: %d %s", r.code, r.stderr)
	}
	id := strings.TrimSpace(r.stdout)
	if len(id) != 26 {
		t.Fatalf("new printed %q, want an id", r.stdout)
	}
	s := search(t, dir, "prisoner")
	if s.Total != 1 || s.Hits[0].ID != id || s.Hits[0].Type != "note" || s.Hits[0].Path != "notes/Geneva meeting.md" || s.Hits[0].Date == "" || s.Hits[0].Score <= 0 {
		t.Fatalf("search: %+v", s)
	}
	if f := s.Hits[0].Fragments["body"]; len(f) == 0 || !strings.Contains(f[0], "<mark>prisoner</mark>") {
		t.Errorf("fragments %v", s.Hits[0].Fragments)
	}
	if s.Facets["type"]["note"] != 1 || s.Facets["tags"]["geneva"] != 1 || s.TookMS <= 0 {
		t.Errorf("facets %v took %v", s.Facets, s.TookMS)
	}
	for _, name := range []string{"type", "tags", "site", "reliability", "lang", "year"} {
		if _, ok := s.Facets[name]; !ok {
			t.Errorf("facet %s missing", name)
		}
	}
	r = mustRun(t, dir, "show", "--json", id)
	var rec map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["id"] != id || rec["title"] != "Geneva meeting" || !strings.Contains(rec["body"].(string), "Geneva") || rec["path"] != "notes/Geneva meeting.md" {
		t.Errorf("show --json: %v", rec)
	}
	if r := mustRun(t, dir, "show", id); !strings.Contains(r.stdout, "title: Geneva meeting") {
		t.Errorf("show: %s", r.stdout)
	}
	if r := mustRun(t, dir, "search", "посольство"); !strings.Contains(r.stdout, "Второй раунд") {
		t.Errorf("search text output: %s", r.stdout)
	}
	if r := mustRun(t, dir, "version"); !strings.HasPrefix(r.stdout, "parley ") {
		t.Errorf("version: %s", r.stdout)
	}
	if r := mustRun(t, dir, "demo"); !strings.Contains(r.stdout, "already") {
		t.Errorf("second demo: %s", r.stdout)
	}
}

func TestCLIErrors(t *testing.T) {
	dir := demoVault(t)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"new", "note"}, 2, "--title is required"},
		{[]string{"new", "memo", "--title", "x"}, 2, "unknown record type"},
		{[]string{"search", "--limit", "0", "x"}, 2, "--limit"},
		{[]string{"search", "--bogus", "x"}, 2, "unknown flag --bogus"},
		{[]string{"show"}, 2, "give one record id"},
		{[]string{"show", "NOSUCHID"}, 1, "no record has id NOSUCHID"},
		{[]string{"search", "foo:bar"}, 1, `there is no field "foo"`},
		{[]string{"new", "round", "--title", "x", "--date", "tomorrow"}, 1, "not a date"},
		{[]string{"new", "note", "--title", "x", "--body-file", "/nonexistent/file"}, 1, "reading the body"},
	}
	for _, tt := range tests {
		r := run(t, dir, "", tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) || !strings.HasPrefix(r.stderr, "parley: ") {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tt.args, r.code, r.stderr, tt.code, tt.msg)
		}
		if tt.code == 1 && strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: the error is not one line: %q", tt.args, r.stderr)
		}
	}
	if r := run(t, dir, "", "search", "embassy", "-russia"); r.code != 0 {
		t.Errorf("a -word in a query is not a flag: %s", r.stderr)
	}
}

// TestExternalEditPickedUp: a file added in another editor is found by the
// next command, with no reindex.
func TestExternalEditPickedUp(t *testing.T) {
	dir := demoVault(t)
	os.WriteFile(filepath.Join(dir, "notes", "Typed in vim.md"), []byte("# Typed in vim\n\nNotes on the Doha channel.\n"), 0o644)
	if s := search(t, dir, "doha"); s.Total != 1 || s.Hits[0].Title != "Typed in vim" {
		t.Errorf("external file not found: %+v", s)
	}
	os.Remove(filepath.Join(dir, "notes", "Typed in vim.md"))
	if s := search(t, dir, "doha"); s.Total != 0 {
		t.Errorf("removed file still found: %+v", s)
	}
}

// TestIndexDeletedAndRebuilt: deleting the index loses nothing.
func TestIndexDeletedAndRebuilt(t *testing.T) {
	dir := demoVault(t)
	before := search(t, dir, "embassy")
	if err := os.RemoveAll(filepath.Join(dir, ".parley", "index")); err != nil {
		t.Fatal(err)
	}
	after := search(t, dir, "embassy")
	if before.Total == 0 || after.Total != before.Total {
		t.Errorf("before %d hits, after %d", before.Total, after.Total)
	}
	os.WriteFile(filepath.Join(dir, ".parley", "index", "index_meta.json"), []byte("{broken"), 0o644)
	r := mustRun(t, dir, "search", "embassy")
	if !strings.Contains(r.stderr, "rebuilding it from the vault") {
		t.Errorf("damage not reported: %q", r.stderr)
	}
	if r := mustRun(t, dir, "search", "embassy"); r.stderr != "" {
		t.Errorf("damage reported twice: %q", r.stderr)
	}
	r = mustRun(t, dir, "reindex")
	if !strings.Contains(r.stdout, "indexed 10 records") {
		t.Errorf("reindex: %q", r.stdout)
	}
	if s := search(t, dir, "embassy"); s.Total != before.Total {
		t.Errorf("after reindex %d hits, want %d", s.Total, before.Total)
	}
}

// TestSecondProcessRefused: a vault another process holds is refused at
// once, naming the process.
func TestSecondProcessRefused(t *testing.T) {
	dir := demoVault(t)
	v, err := vault.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	r := run(t, dir, "", "search", "embassy")
	want := fmt.Sprintf("parley: vault %s is open in another Parley process (pid %d)\n", dir, os.Getpid())
	if r.code != 1 || r.stderr != want {
		t.Errorf("exit %d, stderr %q; want %q", r.code, r.stderr, want)
	}
	if r.took > 2*time.Second {
		t.Errorf("took %v to refuse", r.took)
	}
	v.Close()
	mustRun(t, dir, "search", "embassy")
}

// TestBrokenFileReported: check lists a broken file with its reason, its
// text stays searchable, and Parley leaves it alone.
func TestBrokenFileReported(t *testing.T) {
	dir := demoVault(t)
	if r := mustRun(t, dir, "check"); !strings.Contains(r.stdout, "no problems") {
		t.Errorf("clean demo: %s", r.stdout)
	}
	p := filepath.Join(dir, "notes", "Half-edited.md")
	broken := []byte("---\ntitle: \"unterminated\n---\nThe albatross clause.\n")
	os.WriteFile(p, broken, 0o644)
	invalid := filepath.Join(dir, "notes", "Latin1.md")
	os.WriteFile(invalid, []byte("# Caf\xe9\n\nThe pelican clause.\n"), 0o644)
	r := run(t, dir, "", "check")
	if r.code != 1 {
		t.Errorf("check exit %d", r.code)
	}
	for _, want := range []string{"notes/Half-edited.md: error: malformed front matter", "notes/Latin1.md: error: the file is not valid UTF-8"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "2 problem(s) need fixing") {
		t.Errorf("check stderr %q", r.stderr)
	}
	if s := search(t, dir, "albatross"); s.Total != 1 {
		t.Errorf("broken file's text not searchable")
	}
	if s := search(t, dir, "pelican"); s.Total != 1 {
		t.Errorf("invalid UTF-8 file's text not searchable")
	}
	if b, _ := os.ReadFile(p); !bytes.Equal(b, broken) {
		t.Error("Parley changed a broken file")
	}
}

// TestCLIClip clips pages served on 127.0.0.1 through the real binary:
// once, again (recognised), a dry run, a login wall and a PDF.
func TestCLIClip(t *testing.T) {
	pages := map[string]string{}
	for name, file := range map[string]string{"/article": "article-en.html", "/login": "login-wall.html"} {
		b, err := os.ReadFile(filepath.Join("app", "clip", "testdata", "pages", file))
		if err != nil {
			t.Fatal(err)
		}
		pages[name] = string(b)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/report.pdf" {
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.4 not a page"))
			return
		}
		page, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "vault")

	r := run(t, dir, "", "clip", "--dry-run", "--json", srv.URL+"/article")
	var art map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &art) != nil {
		t.Fatalf("dry run: %d %q %q", r.code, r.stdout, r.stderr)
	}
	for _, k := range []string{"source", "title", "byline", "site", "published", "lang", "url", "canonical_url", "excerpt", "text"} {
		if _, ok := art[k]; !ok {
			t.Errorf("dry run JSON lacks %q", k)
		}
	}
	if art["lang"] != "en" || art["title"] == "" || !strings.Contains(art["text"].(string), " ") {
		t.Errorf("dry run: %v", art)
	}
	if s := search(t, dir, "type:clip"); s.Total != 0 {
		t.Fatal("a dry run saved a clip")
	}

	r = mustRun(t, dir, "clip", "--tag", "wire", "--reliability", "b2", srv.URL+"/article")
	if !strings.HasPrefix(r.stdout, "clipped ") {
		t.Fatalf("clip: %q", r.stdout)
	}
	s := search(t, dir, "type:clip")
	if s.Total != 1 {
		t.Fatalf("%d clips", s.Total)
	}
	id := s.Hits[0].ID
	var rec map[string]any
	json.Unmarshal([]byte(mustRun(t, dir, "show", "--json", id).stdout), &rec)
	if rec["reliability"] != "B2" || rec["url"] != srv.URL+"/article" || rec["content_hash"] == "" || rec["snapshot"] == "" {
		t.Errorf("clip record %v", rec)
	}
	if r := mustRun(t, dir, "clip", srv.URL+"/article"); !strings.Contains(r.stdout, "already clipped as "+id) {
		t.Errorf("second clip: %q", r.stdout)
	}

	tests := []struct{ path, msg string }{
		{"/login", "no article text found in " + srv.URL + "/login"},
		{"/report.pdf", srv.URL + "/report.pdf is not a web page (application/pdf)"},
	}
	for _, tt := range tests {
		r := run(t, dir, "", "clip", srv.URL+tt.path)
		if r.code != 1 || !strings.Contains(r.stderr, tt.msg) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q", tt.path, r.code, r.stderr)
		}
	}
	if s := search(t, dir, "type:clip"); s.Total != 1 {
		t.Errorf("failed clips saved something: %d clips", s.Total)
	}
}
