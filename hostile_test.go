//go:build linux

package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/internal/testfiles"
	"golang.org/x/text/unicode/norm"
)

// maxItemRSS is the most memory one bad input may make Parley use.
const maxItemRSS = 512 << 20

// hostileRun is one item's world: a vault with the demo notebook, a
// folder for the files the item makes, and a web server for its pages.
type hostileRun struct {
	t     *testing.T
	dir   string
	work  string
	mu    sync.Mutex // guards pages, which the server reads
	pages map[string][]byte
	srv   *httptest.Server
	rss   int64 // the most memory any parley of the item used, in bytes
	took  time.Duration
}

// parley runs the real binary on the item's vault. A command that runs
// away is killed at the deadline and fails the test; how long each took
// and how much memory it used are reported.
func (h *hostileRun) parley(stdin string, args ...string) result {
	// A process's peak memory starts from its parent's at the fork, and
	// this test holds tens of megabytes of generated input: the rss
	// helper, small itself, starts parley and tells its peak.
	inner := parleyCmd(h.t, h.dir, args...)
	rssFile := filepath.Join(h.work, "rss")
	spec, _ := json.Marshal(rssSpec{Args: inner.Args, Env: inner.Env, Out: rssFile})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=rss:"+string(spec))
	cmd.Stdin = strings.NewReader(stdin)
	out, errs, code, took := runBounded(h.t, cmd, time.Minute)
	b, err := os.ReadFile(rssFile)
	if err != nil {
		h.t.Fatalf("the rss helper: %v (%s)", err, errs)
	}
	var kb int64
	fmt.Sscan(string(b), &kb)
	h.rss = max(h.rss, kb<<10)
	h.took = max(h.took, took)
	return result{stdout: out, stderr: errs, code: code, took: took}
}

func init() {
	helpers["rss"] = rssHelper
}

// rssSpec is what the rss helper runs, and where it writes the peak
// memory (in KB).
type rssSpec struct {
	Args, Env []string
	Out       string
}

// rssHelper runs a command with this process's standard streams, writes
// its peak resident memory to a file and exits as it did.
func rssHelper(arg string) int {
	var spec rssSpec
	if err := json.Unmarshal([]byte(arg), &spec); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	cmd := exec.Command(spec.Args[0], spec.Args[1:]...)
	cmd.Env, cmd.Stdin, cmd.Stdout, cmd.Stderr = spec.Env, os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var kb int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		kb = ru.Maxrss // KB on Linux
	}
	os.WriteFile(spec.Out, []byte(fmt.Sprint(kb)), 0o644)
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

// page serves data at path.
func (h *hostileRun) page(path string, data []byte) {
	h.mu.Lock()
	h.pages[path] = data
	h.mu.Unlock()
}

// ok fails the item unless the command succeeded.
func (h *hostileRun) ok(r result, what string) {
	h.t.Helper()
	if r.code != 0 {
		h.t.Errorf("%s: exit %d: %s", what, r.code, r.stderr)
	}
}

// refused fails the item unless the command failed with status 1 and one
// line on stderr saying want.
func (h *hostileRun) refused(r result, want string) string {
	h.t.Helper()
	if r.code != 1 || !strings.Contains(r.stderr, want) || !strings.HasPrefix(r.stderr, "parley: ") || strings.Count(r.stderr, "\n") != 1 {
		h.t.Errorf("exit %d, stderr %q; want status 1 and one line saying %q", r.code, r.stderr, want)
	}
	return "refused: " + strings.TrimSpace(strings.TrimPrefix(r.stderr, "parley: "))
}

// hits returns the number of records a query finds.
func (h *hostileRun) hits(q string) int {
	h.t.Helper()
	r := h.parley("", "search", "--json", "--limit", "100", q)
	h.ok(r, "search "+q)
	var s searchOut
	json.Unmarshal([]byte(r.stdout), &s)
	n := 0
	for _, hit := range s.Hits {
		if hit.Type != "annotation" {
			n++
		}
	}
	return n
}

// file writes a file the item needs and returns its path.
func (h *hostileRun) file(name string, data []byte) string {
	p := filepath.Join(h.work, name)
	must(h.t, os.MkdirAll(filepath.Dir(p), 0o755))
	must(h.t, os.WriteFile(p, data, 0o644))
	return p
}

// vaultFile writes a file into the vault, as another editor would.
func (h *hostileRun) vaultFile(rel string, data []byte) {
	p := filepath.Join(h.dir, rel)
	must(h.t, os.MkdirAll(filepath.Dir(p), 0o755))
	must(h.t, os.WriteFile(p, data, 0o644))
}

// notes lists the vault's record files by name.
func (h *hostileRun) names(folder string) []string {
	es, _ := os.ReadDir(filepath.Join(h.dir, folder))
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// unchanged fails the item if the vault's files differ from before.
func (h *hostileRun) unchanged(before map[string][]byte) {
	h.t.Helper()
	after := vaultFiles(h.t, h.dir)
	for k := range after {
		if !bytes.Equal(before[k], after[k]) {
			h.t.Errorf("the vault changed: %s", k)
		}
	}
	if len(after) != len(before) {
		h.t.Errorf("the vault changed: %d files, was %d", len(after), len(before))
	}
}

// hostileItems is the bad-input corpus. Every item is generated here,
// fed to Parley through its commands, and must end in a clean result or a
// clear error. What each proves is in its assertions.
var hostileItems = []struct {
	name string
	run  func(h *hostileRun) string
}{
	{"50 MB HTML page (fetched)", func(h *hostileRun) string {
		h.page("/big", bigHTML(50<<20))
		before := vaultFiles(h.t, h.dir)
		out := h.refused(h.parley("", "clip", h.srv.URL+"/big"), "larger than 25 MB")
		h.unchanged(before)
		return out
	}},
	{"50 MB HTML file", func(h *hostileRun) string {
		p := h.file("big.html", bigHTML(50<<20))
		return h.refused(h.parley("", "clip", p), "larger than 25 MB")
	}},
	{"a million nested <div>s", func(h *hostileRun) string {
		var b bytes.Buffer
		b.WriteString("<html><head><title>Nested</title></head><body><article><p>" + strings.Repeat("The nesting report says little. ", 20) + "</p>")
		b.WriteString(strings.Repeat("<div>", 1_000_000) + "innermost" + strings.Repeat("</div>", 1_000_000))
		b.WriteString("</article></body></html>")
		h.page("/nested", b.Bytes())
		h.ok(h.parley("", "clip", h.srv.URL+"/nested"), "clip")
		if h.hits(`"nesting report"`) != 1 {
			h.t.Error("the clip is not found")
		}
		return "clipped; the text is found"
	}},
	{"a 10 MB single line (new note)", func(h *hostileRun) string {
		p := h.file("line.md", oneLine(10<<20))
		h.ok(h.parley("", "new", "note", "--title", "One long line", "--body-file", p), "new")
		if h.hits("longlinestart") != 1 {
			h.t.Error("its beginning is not found")
		}
		r := h.parley("", "check")
		if !strings.Contains(r.stdout, "only the first 2 MB is searchable") {
			h.t.Errorf("check does not say what is searchable: %s", r.stdout)
		}
		return "saved; its first 2 MB searchable, and check says so"
	}},
	{"a 10 MB single line (clip of a text file)", func(h *hostileRun) string {
		p := h.file("line.txt", oneLine(10<<20))
		h.ok(h.parley("", "clip", p), "clip")
		if h.hits("longlinestart") != 1 {
			h.t.Error("its beginning is not found")
		}
		return "clipped; its first 2 MB searchable"
	}},
	{"a 10 MB single line (import)", func(h *hostileRun) string {
		h.file("lines/Long line.md", oneLine(10<<20))
		h.ok(h.parley("", "import", "--format", "md", filepath.Join(h.work, "lines")), "import")
		if h.hits("longlinestart") != 1 {
			h.t.Error("its beginning is not found")
		}
		return "imported; its first 2 MB searchable"
	}},
	{"a 70,000-character word in a body, a title and a tag", func(h *hostileRun) string {
		word := "q" + strings.Repeat("z", 69_999)
		p := h.file("word.md", []byte("Before the giant word, the albatross. "+word+" After it, the pelican.\n"))
		h.ok(h.parley("", "new", "note", "--title", "Giant word", "--body-file", p), "new")
		h.ok(h.parley("", "new", "note", "--title", word), "new with a giant title")
		h.ok(h.parley("", "new", "note", "--title", "Giant tag", "--tag", word), "new with a giant tag")
		for q, want := range map[string]int{"albatross": 1, "pelican": 1, word[:100] + "*": 2, "title:giant": 2} {
			if n := h.hits(q); n != want {
				h.t.Errorf("%.40s: %d hits, want %d", q, n, want)
			}
		}
		return "saved and indexed (terms capped at 120 bytes); the records are found by their other words and by the word's beginning"
	}},
	{"invalid UTF-8 in a title", func(h *hostileRun) string {
		h.ok(h.parley("", "new", "note", "--title", "Ankara\xff\xfe talks"), "new")
		for _, n := range h.names("notes") {
			if !utf8.ValidString(n) {
				h.t.Errorf("file name %q is not UTF-8", n)
			}
		}
		var found int
		for rel, b := range vaultFiles(h.t, h.dir) {
			if !strings.Contains(rel, "Ankara") {
				continue
			}
			found++
			if rec := vault.Parse(b, rel); bytes.Contains(b, []byte("!!binary")) || rec.Broken() || rec.Title != "Ankara\uFFFD\uFFFD talks" {
				h.t.Errorf("%s: %q", rel, b)
			}
		}
		if found != 1 {
			h.t.Errorf("%d files for the note", found)
		}
		return "saved with the bad bytes shown as U+FFFD; a clean file name"
	}},
	{"invalid UTF-8 and NUL bytes in a body", func(h *hostileRun) string {
		p := h.file("bad.md", []byte("Text \xff\xfe with \x00 a NUL.\n"))
		before := vaultFiles(h.t, h.dir)
		out := h.refused(h.parley("", "new", "note", "--title", "Bad body", "--body-file", p), "the body is not text")
		h.unchanged(before)
		return out
	}},
	{"invalid UTF-8 and NUL bytes in a vault file", func(h *hostileRun) string {
		h.vaultFile("notes/Binaryish.md", []byte("# Binaryish\n\nThe \xff\xfe cormorant \x00 clause.\n"))
		if h.hits("cormorant") != 1 {
			h.t.Error("its readable text is not found")
		}
		r := h.parley("", "check")
		if r.code != 1 || !strings.Contains(r.stdout, "notes/Binaryish.md: error: ") {
			h.t.Errorf("check: %s", r.stdout)
		}
		return "searchable; check reports it: " + firstLine(r.stdout, "Binaryish")
	}},
	{"invalid UTF-8 in a file name", func(h *hostileRun) string {
		h.vaultFile("notes/Bad\xff\xfe name.md", []byte("# Bad name\n\nThe gannet clause.\n"))
		if h.hits("gannet") != 1 {
			h.t.Error("it is not found")
		}
		r := h.parley("", "check")
		if !strings.Contains(r.stdout, "the file name is not valid UTF-8") {
			h.t.Errorf("check: %s", r.stdout)
		}
		return "searchable; check warns that the name is not UTF-8"
	}},
	{"invalid UTF-8 in an imported file's name and title", func(h *hostileRun) string {
		h.file("badnames/Bad\xff name.md", []byte("---\ntitle: \"Bad \\xFF title\"\n---\nThe shearwater clause.\n"))
		h.ok(h.parley("", "import", "--format", "md", filepath.Join(h.work, "badnames")), "import")
		if h.hits("shearwater") != 1 {
			h.t.Error("it is not found")
		}
		for _, n := range h.names("notes") {
			if !utf8.ValidString(n) {
				h.t.Errorf("imported as %q", n)
			}
		}
		return "imported under a valid UTF-8 name"
	}},
	{"right-to-left override in a title", func(h *hostileRun) string {
		h.ok(h.parley("", "new", "note", "--title", "Minutes\u202Efdp.exe"), "new")
		for _, n := range h.names("notes") {
			if strings.ContainsAny(n, "\u202E\u202D\u2066\u2067\u2068\u2069\u200F") {
				h.t.Errorf("file name %q hides its real order", n)
			}
		}
		if h.hits("title:minutes*") != 1 {
			h.t.Error("not found")
		}
		return "saved; the control character is kept out of the file name"
	}},
	{"homoglyph titles (Cyrillic Р, Latin P)", func(h *hostileRun) string {
		h.ok(h.parley("", "new", "note", "--title", "Раунд"), "new")
		h.ok(h.parley("", "new", "note", "--title", "Pаунд"), "new")
		var n int
		for _, name := range h.names("notes") {
			if strings.Contains(name, "аунд") {
				n++
			}
		}
		if n != 2 {
			h.t.Errorf("%d files for two records: %v", n, h.names("notes"))
		}
		return "two records, two files, neither overwrites the other"
	}},
	{"YAML alias bomb (vault file)", func(h *hostileRun) string {
		h.vaultFile("notes/Bomb.md", aliasBomb("The bomb's petrel clause."))
		if h.hits("petrel") != 1 {
			h.t.Error("its text is not found")
		}
		var id string
		r := h.parley("", "search", "--json", "petrel")
		var s searchOut
		json.Unmarshal([]byte(r.stdout), &s)
		if len(s.Hits) == 1 {
			id = s.Hits[0].ID
		}
		h.ok(h.parley("", "show", "--json", id), "show --json")
		h.ok(h.parley("", "export", "--format", "json", "--out", filepath.Join(h.work, "out")), "export")
		return "read without expanding the aliases; searchable, shown and exported"
	}},
	{"YAML alias bomb (import)", func(h *hostileRun) string {
		h.file("bombs/Bomb.md", aliasBomb("The bomb's fulmar clause."))
		r := h.parley("", "import", "--format", "md", filepath.Join(h.work, "bombs"))
		if r.code == 0 && h.hits("fulmar") != 1 {
			h.t.Error("imported but not found")
		}
		if r.code != 0 && !strings.Contains(r.stdout, "Bomb.md") {
			h.t.Errorf("import failed without naming the file: %s %s", r.stdout, r.stderr)
		}
		return "import: " + lastLine(r.stdout)
	}},
	{"---js front matter", func(h *hostileRun) string {
		js := []byte("---js\n{ \"title\": \"Scripted\", \"x\": function () { return 1 } }\n---\nThe skua clause.\n")
		h.vaultFile("notes/Scripted.md", js)
		h.file("js/Scripted elsewhere.md", js)
		h.ok(h.parley("", "import", "--format", "md", filepath.Join(h.work, "js")), "import")
		if n := h.hits("skua"); n != 2 {
			h.t.Errorf("%d hits, want the vault's and the imported", n)
		}
		return "kept as text, not run or parsed as front matter"
	}},
	{"file names Windows reserves, as titles", func(h *hostileRun) string {
		titles := []string{"CON", "nul.txt", "COM1.md", "lpt9", "AUX", "Ends with a dot.", "Ends with a space "}
		for _, title := range titles {
			h.ok(h.parley("", "new", "note", "--title", title), "new "+title)
		}
		checkWindowsNames(h)
		return "saved as " + strings.Join(h.names("notes"), ", ")
	}},
	{"file names Windows reserves, imported", func(h *hostileRun) string {
		for _, n := range []string{"CON.md", "nul.md", "COM1.md", "aux.txt.md", "Trailing dot..md"} {
			h.file("reserved/"+n, []byte("The reserved kittiwake clause of "+n+".\n"))
		}
		h.ok(h.parley("", "import", "--format", "md", filepath.Join(h.work, "reserved")), "import")
		checkWindowsNames(h)
		if n := h.hits("kittiwake"); n != 5 {
			h.t.Errorf("%d of 5 imported notes found", n)
		}
		return "imported as " + strings.Join(h.names("notes"), ", ")
	}},
	{"names equal but for case or Unicode normalisation", func(h *hostileRun) string {
		for _, title := range []string{"Café talks", norm.NFD.String("Café talks"), "CAFÉ TALKS"} {
			h.ok(h.parley("", "new", "note", "--title", title), "new")
		}
		seen := map[string]string{}
		for _, n := range h.names("notes") {
			if other, dup := seen[vault.FoldName(n)]; dup {
				h.t.Errorf("%q and %q are one file on Windows and macOS", n, other)
			}
			seen[vault.FoldName(n)] = n
		}
		if n := h.hits("café"); n != 3 {
			h.t.Errorf("%d of 3 found", n)
		}
		return "three files that stay three on a case-insensitive, normalising disk"
	}},
	{"a 300-character title", func(h *hostileRun) string {
		title := strings.Repeat("Negotiation ", 25)[:300]
		r := h.parley("", "new", "note", "--title", title)
		h.ok(r, "new")
		var rec map[string]any
		json.Unmarshal([]byte(h.parley("", "show", "--json", strings.TrimSpace(r.stdout)).stdout), &rec)
		name := filepath.Base(fmt.Sprint(rec["path"]))
		if rec["title"] != strings.TrimSpace(title) || len(name) > vault.MaxNameBytes+len(".md") {
			h.t.Errorf("title %q, file %q", rec["title"], name)
		}
		return fmt.Sprintf("the title kept whole; the file name cut to %d bytes", len(name))
	}},
	{"duplicate ids in two files", func(h *hostileRun) string {
		const id = "01JRZZZZZZZZZZZZZZZZZZZZZZ"
		h.vaultFile("notes/Twin one.md", []byte("---\nid: "+id+"\ntype: note\ntitle: Twin one\n---\nThe first twin's guillemot.\n"))
		h.vaultFile("notes/Twin two.md", []byte("---\nid: "+id+"\ntype: note\ntitle: Twin two\n---\nThe second twin's guillemot.\n"))
		if n := h.hits("guillemot"); n != 2 {
			h.t.Errorf("%d of the 2 twins found", n)
		}
		r := h.parley("", "check")
		if !strings.Contains(r.stdout, "id "+id+" is also used by") {
			h.t.Errorf("check: %s", r.stdout)
		}
		return "both found; check: " + firstLine(r.stdout, "also used by")
	}},
	{"zip entry with ../", func(h *hostileRun) string {
		return hostileZip(h, zipEntry{name: "../../evil-dotdot.md", data: []byte("x")}, "climbs out")
	}},
	{"zip entry with an absolute path", func(h *hostileRun) string {
		return hostileZip(h, zipEntry{name: "/tmp/parley-hostile-absolute.md", data: []byte("x")}, "absolute path")
	}},
	{"zip entry with a drive path", func(h *hostileRun) string {
		return hostileZip(h, zipEntry{name: `C:\Users\Public\evil.md`, data: []byte("x")}, "names a drive")
	}},
	{"zip entry that is a symbolic link", func(h *hostileRun) string {
		return hostileZip(h, zipEntry{name: "Notes/link.md", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}, "symbolic link")
	}},
	{"zip bomb (64 MB of zeros in 64 KB)", func(h *hostileRun) string {
		return hostileZip(h, zipEntry{name: "bomb.md", data: make([]byte, 64<<20)}, "zip bomb")
	}},
	{"zip entry declaring 10 GB", func(h *hostileRun) string {
		return hostileZip(h, zipEntry{name: "huge.md", data: []byte("small"), declared: 10 << 30}, "declares 10.0 GB")
	}},
	{"an image header claiming 65535×65535 pixels (clip)", func(h *hostileRun) string {
		bomb := testfiles.BombPNG(65535, 65535)
		h.page("/bomb.png", bomb)
		h.page("/pictured", []byte("<html><head><title>Pictured</title></head><body><article><p>"+strings.Repeat("The pictured razorbill clause. ", 20)+`</p><img src="/bomb.png" alt="bomb"></article></body></html>`))
		h.ok(h.parley("", "clip", h.srv.URL+"/pictured"), "clip")
		for rel, b := range vaultFiles(h.t, h.dir) {
			if bytes.Equal(b, bomb) {
				h.t.Errorf("the bomb was stored as %s", rel)
			}
		}
		if h.hits("razorbill") != 1 {
			h.t.Error("the clip is not found")
		}
		return "clipped; the image was refused and stays a link"
	}},
	{"an image header claiming 65535×65535 pixels (import)", func(h *hostileRun) string {
		h.file("pics/Pictured.md", []byte("The imported puffin clause.\n\n![bomb](bomb.png)\n"))
		h.file("pics/bomb.png", testfiles.BombPNG(65535, 65535))
		h.ok(h.parley("", "import", "--format", "md", filepath.Join(h.work, "pics")), "import")
		if h.hits("puffin") != 1 {
			h.t.Error("the note is not found")
		}
		// The window's preview, which would decode it, is tested in
		// app/ui (TestPreviewRefusesImageBombs).
		return "imported; nothing decodes the image"
	}},
}

// TestHostileInput feeds every item of the bad-input corpus to Parley and
// reports a line per item: what happened, how long the slowest command
// took and the most memory it used.
func TestHostileInput(t *testing.T) {
	var lines []string
	var slowest time.Duration
	var most int64
	for _, item := range hostileItems {
		t.Run(item.name, func(t *testing.T) {
			h := &hostileRun{t: t, dir: filepath.Join(t.TempDir(), "vault"), work: t.TempDir(), pages: map[string][]byte{}}
			h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.mu.Lock()
				b, ok := h.pages[r.URL.Path]
				h.mu.Unlock()
				if !ok {
					http.NotFound(w, r)
					return
				}
				if strings.HasSuffix(r.URL.Path, ".png") {
					w.Header().Set("Content-Type", "image/png")
				} else {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
				}
				w.Write(b)
			}))
			defer h.srv.Close()
			h.ok(h.parley("", "demo"), "demo")
			h.rss, h.took = 0, 0
			outcome := item.run(h)
			if h.rss > maxItemRSS {
				t.Errorf("used %d MB", h.rss>>20)
			}
			slowest, most = max(slowest, h.took), max(most, h.rss)
			lines = append(lines, fmt.Sprintf("%s: %s (%.2f s, %d MB)", item.name, outcome, h.took.Seconds(), h.rss>>20))
		})
	}
	lines = append(lines, fmt.Sprintf("bad inputs: %d; the slowest command took %.2f s, the most memory one used was %d MB", len(hostileItems), slowest.Seconds(), most>>20))
	report(t, lines...)
}

// checkWindowsNames fails unless every note's file name is one Windows
// accepts.
func checkWindowsNames(h *hostileRun) {
	h.t.Helper()
	reserved := map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true}
	for i := range 10 {
		reserved[fmt.Sprint("COM", i)], reserved[fmt.Sprint("LPT", i)] = true, true
	}
	for _, n := range h.names("notes") {
		stem := strings.TrimSuffix(n, ".md")
		base, _, _ := strings.Cut(stem, ".")
		if reserved[strings.ToUpper(strings.TrimSpace(base))] || strings.HasSuffix(stem, ".") || strings.HasSuffix(stem, " ") {
			h.t.Errorf("%q is not a valid name on Windows", n)
		}
	}
}

// zipEntry is one entry of a generated zip: a file, a symbolic link, or
// an entry whose header claims another size (declared).
type zipEntry struct {
	name     string
	data     []byte
	mode     fs.FileMode
	declared uint64
}

// hostileZip imports a zip holding a good note and the entry: the import
// must refuse the whole archive, saying why, and write nothing anywhere.
func hostileZip(h *hostileRun, bad zipEntry, why string) string {
	p := filepath.Join(h.work, "hostile.zip")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []zipEntry{{name: "Notes/Good.md", data: []byte("A good note.\n")}, bad} {
		hd := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			hd.SetMode(e.mode)
		}
		if e.declared > 0 {
			hd.Method, hd.CRC32 = zip.Store, crc32.ChecksumIEEE(e.data)
			hd.CompressedSize64, hd.UncompressedSize64 = uint64(len(e.data)), e.declared
			w, err := zw.CreateRaw(hd)
			must(h.t, err)
			w.Write(e.data)
			continue
		}
		w, err := zw.CreateHeader(hd)
		must(h.t, err)
		w.Write(e.data)
	}
	must(h.t, zw.Close())
	must(h.t, os.WriteFile(p, buf.Bytes(), 0o644))
	before := vaultFiles(h.t, h.dir)
	r := h.parley("", "import", "--format", "md", p)
	if r.code != 1 || !strings.Contains(r.stdout, why) {
		h.t.Errorf("exit %d, report %q; want the archive refused because it %s", r.code, r.stdout, why)
	}
	h.unchanged(before)
	for _, evil := range []string{"/tmp/parley-hostile-absolute.md", filepath.Join(filepath.Dir(h.dir), "evil-dotdot.md"), filepath.Join(filepath.Dir(filepath.Dir(h.dir)), "evil-dotdot.md")} {
		if _, err := os.Lstat(evil); err == nil {
			h.t.Errorf("%s was written", evil)
		}
	}
	_, reason, _ := strings.Cut(firstLine(r.stdout, why), "unsafe archive: ")
	return fmt.Sprintf("refused whole (%s; a %d KB archive); nothing written", reason, len(buf.Bytes())>>10)
}

// bigHTML is an article of n bytes.
func bigHTML(n int) []byte {
	para := "<p>" + strings.Repeat("The delegations met in Istanbul and talked about the embassies. ", 20) + "</p>\n"
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html><head><title>Big</title></head><body><article>")
	for b.Len() < n {
		b.WriteString(para)
	}
	b.WriteString("</article></body></html>")
	return b.Bytes()
}

// oneLine is n bytes of text without a line break.
func oneLine(n int) []byte {
	var b bytes.Buffer
	b.WriteString("longlinestart ")
	words := strings.Fields("delegation embassy property banking flights visas staff notes round issue agreed stalled")
	for i := 0; b.Len() < n; i++ {
		b.WriteString(words[i%len(words)])
		b.WriteString(fmt.Sprint(i % 997))
		b.WriteByte(' ')
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// aliasBomb is front matter whose aliases expand to a billion strings.
func aliasBomb(body string) []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, n := range strings.Split("bcdefghij", "") {
		b.WriteString(n + ": &" + n + " [" + strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ",") + "]\n")
		prev = n
	}
	b.WriteString("---\n" + body + "\n")
	return []byte(b.String())
}

func firstLine(s, with string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, with) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
