//go:build linux

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/index"
)

// damageQueries are searched over the demo notebook before the index is
// damaged and again after Parley has rebuilt it: every hit, score,
// fragment and facet count must come back the same.
var damageQueries = []string{
	"embassy",
	"посольство",
	`"local staff"`,
	"type:issue",
	"tags:demo",
	"status:discussed",
	"date:>=2025-04-01",
	"istanbul -moscow",
	"+russia +flights",
	"bankng~1",
	"dipl*",
	"type:annotation",
	"party:russia",
	"location:istanbul",
}

// indexDamage is one way an index gets damaged.
type indexDamage struct {
	name string
	// apply damages the index in folder ix.
	apply func(t *testing.T, ix string)
	// noticed: Parley must say it rebuilt the index. The leftovers of an
	// interrupted rebuild are not damage, and an empty folder is just a
	// missing index: those are rebuilt or tidied without a word.
	noticed bool
	// persists: the damage outlives the rebuild (a folder Parley cannot
	// write stays so), so every open says so again.
	persists bool
	// intact: the index itself is sound, so nothing is rebuilt.
	intact bool
	// stuck: the damaged index cannot be removed (its folder is
	// read-only), so it may stay beside the new one.
	stuck bool
}

var indexDamages = []indexDamage{
	{name: "segment deleted", noticed: true, apply: func(t *testing.T, ix string) {
		for _, p := range segments(t, ix) {
			must(t, os.Remove(p))
		}
	}},
	{name: "segment emptied", noticed: true, apply: func(t *testing.T, ix string) {
		for _, p := range segments(t, ix) {
			must(t, os.Truncate(p, 0))
		}
	}},
	{name: "segment cut in half", noticed: true, apply: func(t *testing.T, ix string) {
		for _, p := range segments(t, ix) {
			must(t, os.Truncate(p, size(t, p)/2))
		}
	}},
	{name: "garbage inside a segment", noticed: true, apply: func(t *testing.T, ix string) {
		for _, p := range segments(t, ix) {
			garble(t, p, size(t, p)/2, 64)
		}
	}},
	{name: "bolt root emptied", noticed: true, apply: func(t *testing.T, ix string) {
		must(t, os.Truncate(filepath.Join(ix, "store", "root.bolt"), 0))
	}},
	{name: "bolt root cut short", noticed: true, apply: func(t *testing.T, ix string) {
		// Its two header pages stay; the pages they point to go.
		must(t, os.Truncate(filepath.Join(ix, "store", "root.bolt"), 3*4096))
	}},
	{name: "bolt root garbled after its headers", noticed: true, apply: func(t *testing.T, ix string) {
		p := filepath.Join(ix, "store", "root.bolt")
		garble(t, p, 2*4096, size(t, p)-2*4096)
	}},
	{name: "index_meta.json emptied", noticed: true, apply: func(t *testing.T, ix string) {
		must(t, os.WriteFile(filepath.Join(ix, "index_meta.json"), nil, 0o644))
	}},
	{name: "index_meta.json garbage", noticed: true, apply: func(t *testing.T, ix string) {
		garble(t, filepath.Join(ix, "index_meta.json"), 0, 73)
	}},
	{name: "index_meta.json deleted", noticed: true, apply: func(t *testing.T, ix string) {
		must(t, os.Remove(filepath.Join(ix, "index_meta.json")))
	}},
	{name: "every file garbage", noticed: true, apply: func(t *testing.T, ix string) {
		filepath.WalkDir(ix, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				garble(t, p, 0, size(t, p))
			}
			return nil
		})
	}},
	{name: "store folder replaced by a file", noticed: true, apply: func(t *testing.T, ix string) {
		must(t, os.RemoveAll(filepath.Join(ix, "store")))
		must(t, os.WriteFile(filepath.Join(ix, "store"), []byte("not a folder"), 0o644))
	}},
	{name: "bolt root replaced by a folder", noticed: true, apply: func(t *testing.T, ix string) {
		p := filepath.Join(ix, "store", "root.bolt")
		must(t, os.Remove(p))
		must(t, os.Mkdir(p, 0o755))
	}},
	{name: "index folder replaced by a file", noticed: true, apply: func(t *testing.T, ix string) {
		must(t, os.RemoveAll(ix))
		must(t, os.WriteFile(ix, []byte("not an index"), 0o644))
	}},
	{name: "rebuild never finished (parley:complete removed)", noticed: true, apply: func(t *testing.T, ix string) {
		withBleve(t, ix, func(bi bleve.Index) error { return bi.DeleteInternal([]byte("parley:complete")) })
	}},
	{name: "made by another schema version", noticed: true, apply: func(t *testing.T, ix string) {
		withBleve(t, ix, func(bi bleve.Index) error { return bi.SetInternal([]byte("parley:schema"), []byte("parley-index-0")) })
	}},
	{name: "root.bolt locked by another process", noticed: true, apply: func(t *testing.T, ix string) {
		helperProcess(t, "flock:"+filepath.Join(ix, "store", "root.bolt"))
	}},
	{name: "index folder read-only", noticed: true, persists: os.Geteuid() == 0, stuck: true, apply: func(t *testing.T, ix string) {
		makeReadOnly(t, ix, filepath.Dir(ix))
	}},
	{name: "stale .new, .old and temporary files", intact: true, apply: func(t *testing.T, ix string) {
		for _, d := range []string{ix + ".new", ix + ".old"} {
			must(t, os.MkdirAll(filepath.Join(d, "store"), 0o755))
			must(t, os.WriteFile(filepath.Join(d, "store", "000000000001.zap"), []byte("half a segment"), 0o644))
		}
		must(t, os.WriteFile(filepath.Join(ix, "store", "000000000099.zap"), nil, 0o644))
		must(t, os.WriteFile(filepath.Join(ix, "parley-verified"), []byte("garbage\x00\n"), 0o644))
	}},
	{name: "empty index folder", apply: func(t *testing.T, ix string) {
		must(t, os.RemoveAll(ix))
		must(t, os.Mkdir(ix, 0o755))
	}},
}

// demoBaseline makes the demo notebook in dir and returns its answers to
// damageQueries, from an index built in one go, as a rebuild builds it, so
// that scores compare exactly.
func demoBaseline(t *testing.T, dir string) map[string]searchOut {
	t.Helper()
	mustRun(t, dir, "demo")
	mustRun(t, dir, "reindex")
	want := map[string]searchOut{}
	for _, q := range damageQueries {
		res, stderr := searchAll(t, dir, q)
		if stderr != "" {
			t.Fatalf("baseline %q: %s", q, stderr)
		}
		want[q] = res
	}
	if want["embassy"].Total == 0 || want["tags:demo"].Total < 10 {
		t.Fatalf("the baseline is not the demo notebook: %d, %d", want["embassy"].Total, want["tags:demo"].Total)
	}
	return want
}

// TestIndexIsDisposable damages the index of the demo notebook in every way
// above. Parley must notice when it opens the vault, say so once, rebuild
// from the files with progress, and then answer every query exactly as
// before.
func TestIndexIsDisposable(t *testing.T) {
	base := filepath.Join(t.TempDir(), "vault")
	want := demoBaseline(t, base)
	noticed := 0
	for _, d := range indexDamages {
		t.Run(d.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "vault")
			copyTree(t, base, dir)
			ix := filepath.Join(dir, ".parley", "index")
			d.apply(t, ix)
			for i, q := range damageQueries {
				got, stderr := searchAll(t, dir, q)
				if (d.noticed && (i == 0 || d.persists)) != (stderr != "") {
					t.Fatalf("query %d %q: stderr %q", i, q, stderr)
				}
				if stderr != "" && (strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "parley: the search index ") || !strings.Contains(stderr, "rebuilding it from the vault")) {
					t.Errorf("the notice is not one clear line: %q", stderr)
				}
				if i == 0 && stderr != "" {
					t.Logf("notice: %s", strings.TrimSpace(stderr))
				}
				if diff := resultsDiffer(got, want[q]); diff != "" {
					t.Errorf("%q after the damage: %s", q, diff)
				}
			}
			for _, left := range []string{ix + ".new", ix + ".old", filepath.Join(ix, "store", "000000000099.zap")} {
				if _, err := os.Stat(left); err == nil && !d.stuck {
					t.Errorf("%s was left behind", left)
				}
			}

			// The same damage under the Notebook the window uses: one
			// notice, progress from 0 to every file, and right answers.
			dir2 := filepath.Join(t.TempDir(), "vault")
			copyTree(t, base, dir2)
			d.apply(t, filepath.Join(dir2, ".parley", "index"))
			var progress []app.Progress
			nb, err := app.Open(dir2, app.Options{Progress: func(p app.Progress) { progress = append(progress, p) }})
			if err != nil {
				t.Fatal(err)
			}
			notices := nb.Notices()
			if len(notices) != btoi(d.noticed) || len(nb.Notices()) != 0 {
				t.Errorf("notices %q", notices)
			}
			switch {
			case d.intact && len(progress) != 0:
				t.Errorf("progress %+v, but the index was sound", progress)
			case !d.intact && (len(progress) < 2 || progress[0].Done != 0 || progress[len(progress)-1].Done != 10 || progress[len(progress)-1].Total != 10):
				t.Errorf("progress %+v, want 0 to 10 of 10", progress)
			}
			res, err := nb.Search(context.Background(), index.Request{Query: "embassy", Limit: 100}, false)
			if err != nil || int(res.Total) != want["embassy"].Total {
				t.Errorf("search after the rebuild: %v, %v", res, err)
			}
			nb.Close()
			nb, err = app.Open(dir2, app.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if n := nb.Notices(); len(n) != btoi(d.persists) {
				t.Errorf("second open: notices %q", n)
			}
			nb.Close()
			if d.noticed {
				noticed++
			}
		})
	}
	report(t,
		fmt.Sprintf("index damage cases: %d (%d noticed, said once, rebuilt with progress; %d tidied without a word)", len(indexDamages), noticed, len(indexDamages)-noticed),
		fmt.Sprintf("queries compared after each rebuild: %d; every one found the same hits with the same fragments, in the same order (ties aside), and the same facet counts", len(damageQueries)))
}

// resultsDiffer says how two searches differ, or "": they must find the
// same hits, with the same fragments, in the same order, and count the
// same facets. Scores are not compared, and hits whose scores were within
// 5% of each other may swap places: BM25 counts the documents and field
// lengths of every segment (deleted versions included until Bleve merges
// them away), and ties go by the order documents were indexed in; a
// rebuild indexes on every core, so both vary from one build to the next.
func resultsDiffer(got, want searchOut) string {
	if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
		return fmt.Sprintf("%d hits (%d shown), want %d (%d)", got.Total, len(got.Hits), want.Total, len(want.Hits))
	}
	if !reflect.DeepEqual(got.Facets, want.Facets) {
		return fmt.Sprintf("facets %v, want %v", got.Facets, want.Facets)
	}
	byID := map[string]searchHit{}
	for _, h := range want.Hits {
		byID[h.ID] = h
	}
	for i, g := range got.Hits {
		w, ok := byID[g.ID]
		if !ok {
			return fmt.Sprintf("hit %d, %s, was not found before", i, g.ID)
		}
		g.Score, w.Score = 0, 0
		if !reflect.DeepEqual(g, w) {
			return fmt.Sprintf("hit %d is\n%+v\nwant\n%+v", i, g, w)
		}
		for _, later := range got.Hits[i+1:] {
			if a, b := byID[g.ID].Score, byID[later.ID].Score; b > a*1.05 {
				return fmt.Sprintf("%s now ranks above %s, which scored %.4f to its %.4f", g.ID, later.ID, b, a)
			}
		}
	}
	return ""
}

// searchAll runs `search --json` with every hit and returns the result
// without its timing, and what was said on stderr.
func searchAll(t *testing.T, dir, q string) (searchOut, string) {
	t.Helper()
	out, stderr, code := exitStatus(t, dir, "search", "--json", "--limit", "1000", q)
	if code != 0 {
		t.Fatalf("search %q: exit %d: %s", q, code, stderr)
	}
	var s searchOut
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("search %q printed %q: %v", q, out, err)
	}
	s.TookMS = 0
	return s, stderr
}

// segments lists the index's segment files.
func segments(t *testing.T, ix string) []string {
	t.Helper()
	ps, err := filepath.Glob(filepath.Join(ix, "store", "*.zap"))
	if err != nil || len(ps) == 0 {
		t.Fatalf("no segments in %s: %v", ix, err)
	}
	return ps
}

// garble overwrites n bytes of p at off with random bytes.
func garble(t *testing.T, p string, off, n int64) {
	t.Helper()
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	junk := make([]byte, n)
	r := rand.New(rand.NewPCG(uint64(off), uint64(n)))
	for i := range junk {
		junk[i] = byte(r.Uint32())
	}
	if _, err := f.WriteAt(junk, off); err != nil {
		t.Fatal(err)
	}
}

func size(t *testing.T, p string) int64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// withBleve opens the index with Bleve itself, for damage only Bleve can
// do.
func withBleve(t *testing.T, ix string, fn func(bleve.Index) error) {
	t.Helper()
	// Safe batches, so that the change is on disk when Close returns.
	bi, err := bleve.OpenUsing(ix, map[string]any{"bolt_timeout": "1s", "unsafe_batch": false})
	if err != nil {
		t.Fatal(err)
	}
	if err := fn(bi); err != nil {
		t.Fatal(err)
	}
	must(t, bi.Close())
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
