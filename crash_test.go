//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

func init() {
	helpers["edit"] = crashEditor
}

// TestCrashSafety runs the real parley binary on a vault and kills it with
// SIGKILL at random moments while it saves records (new), clips pages from
// a local server (clip), imports Markdown folders (import), rebuilds the
// index (reindex), and while a Notebook rewrites existing records (the
// window's save, run by a helper process). After every kill:
//
//   - every save that reported success is there, intact;
//   - every file is a complete version of what was written (the old or
//     the new one of a rewritten record), never torn or empty;
//   - interrupted saves leave only hidden temporary files, never records;
//   - the next command brings the index in line with the files by itself:
//     a search finds exactly the records on disk.
//
// PARLEY_CRASH_KILLS sets how many kills (default 200), PARLEY_CRASH_SEED
// repeats a run.
func TestCrashSafety(t *testing.T) {
	target := int(envInt(t, "PARLEY_CRASH_KILLS", 200))
	seed := uint64(envInt(t, "PARLEY_CRASH_SEED", time.Now().UnixNano()))
	t.Logf("seed %d (PARLEY_CRASH_SEED=%d repeats this run)", seed, seed)
	h := newCrashHarness(t, seed)
	h.target = target
	start := time.Now()
	ops := []struct {
		name   string
		weight int
		run    func() bool
	}{
		{"new", 35, h.opNew},
		{"edit", 20, h.opEdit},
		{"clip", 15, h.opClip},
		{"import", 20, h.opImport},
		{"reindex", 10, h.opReindex},
	}
	total := 0
	for _, op := range ops {
		total += op.weight
	}
	for h.kills < target && !t.Failed() {
		n := h.rng.IntN(total)
		for _, op := range ops {
			if n -= op.weight; n < 0 {
				if op.run() {
					h.kills++
					h.killsBy[op.name]++
				}
				h.verify(op.name)
				break
			}
		}
	}
	// Temporary files that kills left are no records, but check names
	// each, for the user to delete.
	r := prun(t, h.dir, "", "check", "--json")
	var chk struct {
		Problems []struct{ Path, Severity, Message string }
		Errors   int
	}
	if err := json.Unmarshal([]byte(r.stdout), &chk); err != nil || chk.Errors != 0 {
		t.Errorf("check: %v %s %s", err, r.stdout, r.stderr)
	}
	reported := map[string]bool{}
	for _, p := range chk.Problems {
		if p.Severity == "warning" && strings.Contains(p.Message, "temporary file") {
			reported[p.Path] = true
		}
	}
	left, named := 0, 0
	for rel := range vaultFiles(t, h.dir) {
		if strings.HasSuffix(rel, ".parley-tmp") {
			left++
			if reported[rel] {
				named++
			} else {
				t.Errorf("check does not report %s", rel)
			}
		}
	}
	var by []string
	for _, op := range ops {
		by = append(by, fmt.Sprintf("%s %d", op.name, h.killsBy[op.name]))
	}
	report(t,
		fmt.Sprintf("seed: %d", seed),
		fmt.Sprintf("kills: %d (%s); commands that finished before their kill: %d", h.kills, strings.Join(by, ", "), h.finished),
		fmt.Sprintf("acknowledged saves: %d", h.acked()),
		fmt.Sprintf("saves lost: %d", h.lost),
		fmt.Sprintf("files torn: %d", h.torn),
		fmt.Sprintf("records on disk at the end: %d; hidden temporary files left by kills: %d (never read as records; check named %d of the %d still there)", h.records, h.temps, named, left),
		fmt.Sprintf("index rebuilt on the next open after a kill: %d times; searches out of step with the files: %d (of %d rounds checked)", h.rebuilds, h.unreconciled, h.rounds),
		fmt.Sprintf("took %.0f s", time.Since(start).Seconds()))
	if h.lost != 0 || h.torn != 0 || h.unreconciled != 0 {
		t.Errorf("saves lost %d, files torn %d, searches out of step %d", h.lost, h.torn, h.unreconciled)
	}
	if h.kills < target {
		t.Errorf("only %d kills", h.kills)
	}
}

// expectation is a record the test asked for, by the token on the first
// line of its body.
type expectation struct {
	kind  string // new, import, clip
	title string
	body  string // exact, except for clips (whose Markdown the clipper writes)
	url   string // clips
	acked bool
	id    string
}

// editTarget is a record the editor helper rewrites over and over.
type editTarget struct {
	K      int    `json:"k"`
	ID     string `json:"id"`
	From   int    `json:"from"` // the first version this run writes
	onDisk int    // the version the last check found
}

type crashHarness struct {
	t        *testing.T
	rng      *rand.Rand
	dir      string // the vault
	work     string // bodies and folders to import
	srv      *httptest.Server
	png      []byte
	seq      int
	expect   map[string]*expectation // by token
	targets  []*editTarget
	demo     map[string][]byte
	typical  map[string]time.Duration // how long each command runs uninterrupted, lately
	killsBy  map[string]int
	kills    int
	finished int
	lost     int
	torn     int
	temps    int
	records  int
	rebuilds int
	editAcks int
	rounds   int
	target   int
	// round holds the tokens of the records the last command wrote.
	round     map[string]bool
	tempsSeen map[string]bool

	unreconciled int
}

func newCrashHarness(t *testing.T, seed uint64) *crashHarness {
	h := &crashHarness{
		t:       t,
		rng:     rand.New(rand.NewPCG(seed, seed>>32|1)),
		dir:     filepath.Join(t.TempDir(), "vault"),
		work:    t.TempDir(),
		expect:  map[string]*expectation{},
		demo:    map[string][]byte{},
		typical: map[string]time.Duration{},
		killsBy: map[string]int{},
		round:   map[string]bool{},

		tempsSeen: map[string]bool{},
	}
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(3, 3, color.RGBA{200, 10, 10, 255})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	h.png = buf.Bytes()
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.srv.Close)

	mustRun(t, h.dir, "demo")
	h.demo = vaultFiles(t, h.dir)
	for k := 1; k <= 3; k++ {
		body := filepath.Join(h.work, fmt.Sprintf("target%d.md", k))
		must(t, os.WriteFile(body, []byte(editBody(k, 0)), 0o644))
		r := mustRun(t, h.dir, "new", "note", "--title", fmt.Sprintf("Edit target %d", k), "--body-file", body)
		h.targets = append(h.targets, &editTarget{K: k, ID: strings.TrimSpace(r.stdout)})
	}
	// One run of each command, uninterrupted, tells how long it takes:
	// kills then fall anywhere from its start to a little past its end.
	for name, op := range map[string]func() bool{"new": h.opNew, "edit": h.opEdit, "clip": h.opClip, "import": h.opImport, "reindex": h.opReindex} {
		h.typical[name] = time.Hour
		if op() {
			t.Fatalf("%s was killed on its calibration run", name)
		}
		h.verify(name)
	}
	return h
}

// serve is the web: /a/TOKEN is an article, /img/TOKEN.png its picture.
func (h *crashHarness) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/a/"):
		token := strings.TrimPrefix(r.URL.Path, "/a/")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html><html lang=\"en\"><head><title>Crash clip %s</title></head><body><article><h1>Crash clip %s</h1>", token, token)
		rng := rand.New(rand.NewPCG(uint64(len(token)), 7))
		for i := range 8 {
			fmt.Fprintf(w, "<p>crashmark %s paragraph %d. %s</p>", token, i, sentences(rng, 6))
			if i == 3 {
				fmt.Fprintf(w, `<figure><img src="/img/%s.png" alt="a chart"><figcaption>The chart.</figcaption></figure>`, token)
			}
		}
		fmt.Fprint(w, "</article></body></html>")
	case strings.HasPrefix(r.URL.Path, "/img/"):
		w.Header().Set("Content-Type", "image/png")
		w.Write(h.png)
	default:
		http.NotFound(w, r)
	}
}

var crashWords = strings.Fields("the delegations met again in Istanbul to discuss embassy staffing banking access diplomatic property flights visas and the movement of diplomats both sides agreed to keep talking while experts drafted a text on the return of seized buildings")

func sentences(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		w := 6 + rng.IntN(12)
		for i := range w {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(crashWords[rng.IntN(len(crashWords))])
		}
		b.WriteString(". ")
	}
	return b.String()
}

// textOf is a body of about n bytes that starts with its marker line.
func textOf(rng *rand.Rand, first string, n int) string {
	var b strings.Builder
	b.WriteString("crashmark " + first + "\n\n")
	for b.Len() < n {
		b.WriteString(sentences(rng, 5))
		b.WriteString("\n\n")
	}
	return b.String()
}

// editBody is version v of edit target k: its size changes from version
// to version, so a torn file cannot pass for another version.
func editBody(k, v int) string {
	rng := rand.New(rand.NewPCG(uint64(k), uint64(v)))
	return textOf(rng, fmt.Sprintf("edit%d v%d", k, v), 200+rng.IntN(32<<10))
}

// size picks a body size between 200 bytes and 32 KB, evenly on a log
// scale: mostly small notes, some long ones.
func (h *crashHarness) size() int {
	return int(200 * math.Exp2(h.rng.Float64()*7.4))
}

func (h *crashHarness) token() string {
	h.seq++
	tok := fmt.Sprintf("ct%05d", h.seq)
	h.round[tok] = true
	return tok
}

// launch runs cmd and kills it after a random part of the command's
// typical duration (and a little more, so that some runs finish). It
// reports whether the kill ended the process.
func (h *crashHarness) launch(kind string, cmd *exec.Cmd) (stdout string, killed bool) {
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	delay := time.Duration(h.rng.Float64() * 1.5 * float64(h.typical[kind]))
	start := time.Now()
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	timer := time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
	// A command that hangs fails the test rather than stalling it.
	guard := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
	err := cmd.Wait()
	timer.Stop()
	guard.Stop()
	took := time.Since(start)
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		if took >= time.Minute {
			h.t.Fatalf("%s hung: %s", kind, errb.String())
		}
		return out.String(), true
	}
	if err != nil {
		h.t.Fatalf("%s failed on its own: %v\n%s", kind, err, errb.String())
	}
	// The typical duration follows the recent runs (commands slow down
	// as the vault grows), so that about a third of the runs finish.
	if h.typical[kind] == time.Hour {
		h.typical[kind] = took
	} else {
		h.typical[kind] = (7*h.typical[kind] + 3*took) / 10
	}
	h.finished++
	return out.String(), false
}

func (h *crashHarness) opNew() bool {
	tok := h.token()
	e := &expectation{kind: "new", title: "Crash note " + tok, body: textOf(h.rng, tok, h.size())}
	h.expect[tok] = e
	bodyFile := filepath.Join(h.work, "body.md")
	must(h.t, os.WriteFile(bodyFile, []byte(e.body), 0o644))
	out, killed := h.launch("new", parleyCmd(h.t, h.dir, "new", "note", "--title", e.title, "--body-file", bodyFile, "--tag", "crash"))
	// Printed its id: the save is acknowledged, killed or not.
	if id := strings.TrimSpace(out); len(id) == 26 {
		e.acked, e.id = true, id
	} else if !killed {
		h.t.Fatalf("new printed %q", out)
	}
	return killed
}

func (h *crashHarness) opImport() bool {
	n := 2 + h.rng.IntN(6)
	folder := filepath.Join(h.work, fmt.Sprintf("import%d", h.seq))
	must(h.t, os.MkdirAll(folder, 0o755))
	var batch []*expectation
	for i := range n {
		tok := h.token()
		e := &expectation{kind: "import", title: "Imported " + tok, body: textOf(h.rng, tok, h.size())}
		h.expect[tok] = e
		batch = append(batch, e)
		front := fmt.Sprintf("---\ntitle: %s\ntags: [crash, imported]\n---\n", e.title)
		must(h.t, os.WriteFile(filepath.Join(folder, fmt.Sprintf("note %02d.md", i)), []byte(front+e.body), 0o644))
	}
	_, killed := h.launch("import", parleyCmd(h.t, h.dir, "import", "--format", "md", folder))
	if !killed {
		for _, e := range batch {
			e.acked = true
		}
	}
	return killed
}

func (h *crashHarness) opClip() bool {
	tok := h.token()
	e := &expectation{kind: "clip", title: "Crash clip " + tok, url: h.srv.URL + "/a/" + tok}
	h.expect[tok] = e
	out, killed := h.launch("clip", parleyCmd(h.t, h.dir, "clip", "--json", e.url))
	var res struct{ ID string }
	if json.Unmarshal([]byte(out), &res) == nil && res.ID != "" {
		e.acked, e.id = true, res.ID
	} else if !killed {
		h.t.Fatalf("clip printed %q", out)
	}
	return killed
}

func (h *crashHarness) opReindex() bool {
	_, killed := h.launch("reindex", parleyCmd(h.t, h.dir, "reindex"))
	return killed
}

// opEdit runs the editor helper, which rewrites the edit targets in turn
// through a Notebook, as the window saves, printing each version saved.
func (h *crashHarness) opEdit() bool {
	for _, tg := range h.targets {
		tg.From = tg.onDisk + 1
	}
	plan, _ := json.Marshal(editPlan{Vault: h.dir, Targets: h.targets, Rounds: 1 + h.rng.IntN(6)})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=edit:"+string(plan), "LANGUAGE=en")
	out, killed := h.launch("edit", cmd)
	acked := map[int]int{}
	for _, line := range strings.Split(out, "\n") {
		var k, v int
		if _, err := fmt.Sscanf(line, "saved %d %d", &k, &v); err == nil {
			acked[k] = v
			h.editAcks++
		}
	}
	// Each target must hold the last version acknowledged, or the one
	// after it if the kill came as that was written; with none
	// acknowledged, the version it had or the first one this run wrote.
	files := h.recordFiles()
	for _, tg := range h.targets {
		lo := max(tg.onDisk, acked[tg.K])
		found := -1
		for _, f := range files {
			if f.rec.ID == tg.ID {
				for _, v := range []int{lo, lo + 1} {
					if f.rec.Body == editBody(tg.K, v) {
						found = v
					}
				}
			}
		}
		if found < 0 {
			h.torn++
			h.t.Errorf("edit target %d (%s) holds neither version %d nor %d", tg.K, tg.ID, lo, lo+1)
			continue
		}
		tg.onDisk = found
	}
	return killed
}

// editPlan tells the editor helper what to rewrite.
type editPlan struct {
	Vault   string
	Targets []*editTarget
	Rounds  int
}

// crashEditor is the editor helper: it opens the vault as the window does
// and saves a new version of each target in turn, saying so after each
// save returns.
func crashEditor(planJSON string) int {
	var plan editPlan
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx := context.Background()
	nb, err := app.Open(plan.Vault, app.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer nb.Close()
	recs := map[int]*vault.Record{}
	for r := range plan.Rounds {
		for _, tg := range plan.Targets {
			rec := recs[tg.K]
			if rec == nil {
				if rec, err = nb.Get(ctx, tg.ID); err != nil {
					fmt.Fprintln(os.Stderr, err)
					return 1
				}
				recs[tg.K] = rec
			}
			v := tg.From + r
			rec.Body = editBody(tg.K, v)
			if err := nb.Save(ctx, rec); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			fmt.Printf("saved %d %d\n", tg.K, v)
		}
	}
	return 0
}

type recordFile struct {
	rel string
	rec *vault.Record
}

// recordFiles parses every record file of the vault.
func (h *crashHarness) recordFiles() []recordFile {
	var out []recordFile
	for rel, data := range vaultFiles(h.t, h.dir) {
		if strings.HasSuffix(rel, ".md") && !strings.HasPrefix(rel, "attachments/") && !strings.HasPrefix(path.Base(rel), ".") {
			out = append(out, recordFile{rel, vault.Parse(data, rel)})
		}
	}
	return out
}

// verify checks the vault after a command, killed or not, and then that
// the next command's search agrees with the files.
func (h *crashHarness) verify(after string) {
	t := h.t
	files := vaultFiles(t, h.dir)
	onDisk := map[string]string{} // path -> id of every record with a marker
	found := map[string]bool{}    // tokens
	h.records = 0
	for rel, data := range files {
		base := path.Base(rel)
		switch {
		case strings.HasSuffix(base, ".parley-tmp"):
			// An interrupted save. It must stay hidden, never a record.
			if !strings.HasPrefix(base, ".") {
				t.Errorf("after %s: a visible temporary file %s", after, rel)
			}
			if !h.tempsSeen[rel] {
				h.tempsSeen[rel] = true
				h.temps++
			}
			continue
		case strings.HasPrefix(rel, "attachments/"):
			switch {
			case base == "snapshot.html":
				if !bytes.HasSuffix(data, []byte("</html>\n")) || !bytes.Contains(data, []byte("crashmark")) {
					h.torn++
					t.Errorf("after %s: %s is torn (%d bytes)", after, rel, len(data))
				}
			case path.Ext(base) == ".png":
				if !bytes.Equal(data, h.png) {
					h.torn++
					t.Errorf("after %s: %s is torn (%d bytes)", after, rel, len(data))
				}
			default:
				t.Errorf("after %s: unexpected attachment %s", after, rel)
			}
			continue
		case !strings.HasSuffix(rel, ".md") || strings.HasPrefix(base, "."):
			if rel != ".gitignore" {
				t.Errorf("after %s: unexpected file %s", after, rel)
			}
			continue
		}
		h.records++
		if want, ok := h.demo[rel]; ok {
			if !bytes.Equal(data, want) {
				h.torn++
				t.Errorf("after %s: demo record %s changed", after, rel)
			}
			continue
		}
		rec := vault.Parse(data, rel)
		first, _, _ := strings.Cut(rec.Body, "\n")
		marker := strings.Fields(strings.TrimPrefix(first, "crashmark "))
		if rec.Broken() || len(marker) == 0 || !strings.HasPrefix(first, "crashmark ") && rec.Type != vault.TypeClip {
			h.torn++
			t.Errorf("after %s: %s is torn or not ours (%s): %.80q", after, rel, rec.Problem, data)
			continue
		}
		onDisk[rel] = rec.ID
		if strings.HasPrefix(marker[0], "edit") {
			continue // checked by opEdit, version by version
		}
		tok := marker[0]
		if rec.Type == vault.TypeClip {
			tok = path.Base(rec.URL)
		}
		e := h.expect[tok]
		switch {
		case e == nil:
			t.Errorf("after %s: %s is not a record the test made", after, rel)
			continue
		case e.kind == "clip":
			if rec.URL != e.url || !strings.Contains(rec.Body, "crashmark "+tok) || rec.Snapshot != "" && files[rec.Snapshot] == nil {
				h.torn++
				t.Errorf("after %s: clip %s is incomplete (snapshot %q)", after, rel, rec.Snapshot)
			}
		case rec.Title != e.title || rec.Body != e.body:
			h.torn++
			t.Errorf("after %s: %s is torn: title %q, body %d of %d bytes", after, rel, rec.Title, len(rec.Body), len(e.body))
		}
		if e.id != "" && e.id != rec.ID {
			t.Errorf("after %s: %s has id %s, the command said %s", after, rel, rec.ID, e.id)
		}
		e.id = rec.ID
		if found[tok] {
			t.Errorf("after %s: %s is a second copy of %s", after, rel, tok)
		}
		found[tok] = true
	}
	for tok, e := range h.expect {
		if e.acked && !found[tok] {
			h.lost++
			t.Errorf("after %s: the acknowledged %s %s (%s) is gone", after, e.kind, tok, e.id)
		}
	}
	for _, tg := range h.targets {
		if !slices.Contains(mapValues(onDisk), tg.ID) {
			h.lost++
			t.Errorf("after %s: edit target %d is gone", after, tg.K)
		}
	}

	// The next command reconciles by itself: a search counts exactly the
	// records on disk, finds the ones this round touched under their
	// ids, and now and then lists them all.
	h.rounds++
	h.checkSearch(after, "crashmark", 1, func(s searchOut) bool { return s.Total == len(onDisk) })
	var recent []string
	for tok := range h.round {
		if found[tok] {
			recent = append(recent, tok)
		}
	}
	if len(recent) > 0 {
		h.checkSearch(after, strings.Join(recent, " "), 1000, func(s searchOut) bool {
			want := map[string]bool{}
			for _, tok := range recent {
				want[h.expect[tok].id] = true
			}
			for _, hit := range s.Hits {
				delete(want, hit.ID)
			}
			return len(want) == 0
		})
	}
	h.round = map[string]bool{}
	if h.rounds%25 == 0 || h.kills+1 >= h.target {
		h.checkSearch(after, "crashmark", 100000, func(s searchOut) bool {
			hits := map[string]string{}
			for _, hit := range s.Hits {
				if hit.Type != "annotation" {
					hits[hit.Path] = hit.ID
				}
			}
			return mapsEqual(hits, onDisk)
		})
	}
}

// checkSearch runs a search as the next command would, and counts it out
// of step unless ok accepts the result.
func (h *crashHarness) checkSearch(after, q string, limit int, ok func(searchOut) bool) {
	t := h.t
	out, stderr, code := exitStatus(t, h.dir, "search", "--json", "--limit", fmt.Sprint(limit), q)
	if code != 0 {
		t.Fatalf("after %s: search failed: %s", after, stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		switch {
		case line == "":
		case strings.Contains(line, "rebuilding it from the vault"):
			h.rebuilds++
			t.Logf("after %s: %s", after, line)
		default:
			t.Errorf("after %s: search said %q", after, line)
		}
	}
	var s searchOut
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("after %s: search printed %q", after, out)
	}
	if !ok(s) {
		h.unreconciled++
		t.Errorf("after %s: the index is out of step with the files: %q found %d", after, q, s.Total)
	}
}

func (h *crashHarness) acked() int {
	n := len(h.targets) + h.editAcks
	for _, e := range h.expect {
		if e.acked {
			n++
		}
	}
	return n
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func mapsEqual(a, b map[string]string) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}
