package export

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestMain(m *testing.M) {
	// Exports carry the time they were made: fix it, so that golden files
	// hold still.
	now = func() time.Time { return time.Date(2025, 4, 12, 8, 30, 0, 0, time.UTC) }
	os.Exit(m.Run())
}

// Titles and ids of the demo notebook, for readable expectations.
const (
	clipEN   = "US and Russian diplomats hold second round of embassy talks in Istanbul"
	clipRU   = "Второй раунд консультаций о посольствах в Стамбуле"
	round1   = "Round 1 — Istanbul, 27 February 2025"
	round2   = "Round 2 — Istanbul, 10 April 2025"
	staff    = "Local staff at the U.S. embassy in Moscow"
	property = "Diplomatic properties in the United States"
	banking  = "Banking for diplomatic missions"
	flights  = "Direct U.S.–Russia flights"
	movement = "Movement limits on diplomats"
	welcome  = "Welcome to Parley"

	clipENID  = "01JRJ17KM0JHB4T8WQSB9B0RDP"
	clipRUID  = "01JRJ19E70R8AJPXNTBC93NB50"
	round1ID  = "01JN491F80NAG61K8QX764K0Y6"
	round2ID  = "01JRGH5GW00N78W6TWGBS7GVS0"
	bankingID = "01JRHXXD60Z07J1BVKB6VQ0TMB"
	annRUID   = "01JRJ4NF80V45TVJYAVBGJ91MR"
)

var (
	demoRounds = []string{round1, round2}
	demoIssues = []string{staff, property, banking, flights, movement}
)

// openDemo opens a notebook on a new vault (a folder named "vault") that
// holds the demo notebook.
func openDemo(t testing.TB) *app.Notebook {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	if err := app.CreateWithDemo(dir); err != nil {
		t.Fatal(err)
	}
	return openVault(t, dir)
}

func openVault(t testing.TB, dir string) *app.Notebook {
	t.Helper()
	nb, err := app.Open(dir, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nb.Close() })
	return nb
}

// save adds a record to the notebook.
func save(t testing.TB, nb *app.Notebook, rec *vault.Record) *vault.Record {
	t.Helper()
	if rec.ID == "" {
		rec.ID = vault.NewID()
	}
	if err := nb.Save(context.Background(), rec); err != nil {
		t.Fatalf("saving %q: %v", rec.Title, err)
	}
	return rec
}

// export runs an export and fails the test on an error.
func export(t testing.TB, nb *app.Notebook, opts Options) *Report {
	t.Helper()
	var last app.Progress
	rep, err := Run(context.Background(), nb, opts, func(p app.Progress) { last = p })
	if err != nil {
		t.Fatalf("export %s to %s: %v", opts.Format, opts.Out, err)
	}
	if last.Stage == "" {
		t.Errorf("export %s reported no progress", opts.Format)
	}
	return rep
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update after checking the change):\n%s", name, firstDiff(string(got), string(want)))
	}
}

func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(i-80, 0)
	return "got:  ..." + got[lo:min(i+80, len(got))] + "\nwant: ..." + want[lo:min(i+80, len(want))]
}

func titles(recs []*vault.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Title)
	}
	sort.Strings(out)
	return out
}

func sorted(s ...string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"md", Markdown, true}, {"Markdown", Markdown, true}, {" obsidian ", Markdown, true},
		{"html", HTML, true}, {"PDF", PDF, true}, {"json", JSON, true}, {"csv", CSV, true},
		{"annotations", Annotations, true}, {"jsonld", Annotations, true},
		{"", "", false}, {"docx", "", false}, {"md;rm -rf", "", false},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestSelect(t *testing.T) {
	nb := openDemo(t)
	all := sorted(clipEN, clipRU, round1, round2, staff, property, banking, flights, movement, welcome)
	tests := []struct {
		name, query, id string
		want            []string
		desc            string
	}{
		{name: "whole vault", want: all, desc: "the whole vault"},
		{name: "query", query: "type:round", want: sorted(round1, round2), desc: `query "type:round"`},
		{name: "query finds an annotation: its clip comes", query: "ноты -type:clip", want: sorted(clipRU)},
		{name: "one clip", id: clipENID, want: sorted(clipEN), desc: `clip "` + clipEN + `"`},
		{name: "an annotation's id names its clip", id: clipRUID + "#" + annRUID, want: sorted(clipRU)},
		{
			// Its issues, its sources, and the note that links to it.
			name: "round with what is linked to it", id: round2ID,
			want: sorted(round2, staff, property, banking, flights, movement, clipEN, clipRU, welcome, round1),
			desc: `round "` + round2 + `" and what is linked to it`,
		},
		{
			// Its rounds, the clips whose annotations bear on it, the
			// note that links to it.
			name: "issue with what is linked to it", id: bankingID,
			want: sorted(banking, round1, round2, clipEN, clipRU, welcome),
		},
		{name: "round 1", id: round1ID, want: sorted(round1, staff, property, banking, round2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, err := Select(context.Background(), nb, Options{Query: tt.query, ID: tt.id})
			if err != nil {
				t.Fatal(err)
			}
			if got := titles(sel.Records); !slices.Equal(got, tt.want) {
				t.Errorf("selected %q\nwant     %q", got, tt.want)
			}
			if tt.desc != "" && sel.Description != tt.desc {
				t.Errorf("description %q, want %q", sel.Description, tt.desc)
			}
		})
	}
	if _, err := Select(context.Background(), nb, Options{ID: "01NOSUCHRECORD0000000000000"}); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown id: got %v, want app.ErrNotFound", err)
	}
	if _, err := Select(context.Background(), nb, Options{Query: `title:"unclosed`}); !errors.Is(err, index.ErrBadQuery) {
		t.Errorf("bad query: got %v, want index.ErrBadQuery", err)
	}
}

func TestRunRefuses(t *testing.T) {
	nb := openDemo(t)
	tmp := t.TempDir()
	full := filepath.Join(tmp, "full")
	os.MkdirAll(full, 0o755)
	os.WriteFile(filepath.Join(full, "keep.txt"), []byte("mine"), 0o644)
	tests := []struct {
		name string
		opts Options
		want error
	}{
		{"folder with files in it", Options{Format: Markdown, Out: full}, ErrOutExists},
		{"markdown into the vault", Options{Format: Markdown, Out: filepath.Join(nb.Root(), "export")}, ErrInsideVault},
		{"a brief over a record", Options{Format: HTML, Out: nb.Abs("notes/welcome.md")}, ErrInsideVault},
		{"into the derived data", Options{Format: JSON, Out: filepath.Join(nb.Root(), ".parley", "b.json")}, ErrInsideVault},
		{"CSV into the derived data", Options{Format: CSV, Out: filepath.Join(nb.Root(), ".parley", "m.csv")}, ErrInsideVault},
		{"a query that finds nothing", Options{Format: HTML, Query: "zzzzqqqq", Out: filepath.Join(tmp, "x.html")}, ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), nb, tt.opts, nil)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(full, "keep.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the refused export touched the folder: %q, %v", b, err)
	}
	if _, err := Run(context.Background(), nb, Options{Format: HTML, Query: "x", ID: "y", Out: filepath.Join(tmp, "y.html")}, nil); err == nil {
		t.Error("both --query and --id were accepted")
	}
	if _, err := Run(context.Background(), nb, Options{Format: "docx", Out: filepath.Join(tmp, "y.docx")}, nil); err == nil {
		t.Error("an unknown format was accepted")
	}
}

func TestCancelledExportLeavesNothing(t *testing.T) {
	nb := openDemo(t)
	tmp := t.TempDir()
	for _, f := range []Format{Markdown, JSON, HTML, PDF, CSV, Annotations} {
		ctx, cancel := context.WithCancel(context.Background())
		out := filepath.Join(tmp, "out-"+string(f))
		n := 0
		_, err := Run(ctx, nb, Options{Format: f, Out: out}, func(p app.Progress) {
			// Cancel once writing is under way.
			if n++; p.Done >= 1 {
				cancel()
			}
		})
		cancel()
		if err == nil {
			t.Errorf("%s: a cancelled export succeeded", f)
		}
		entries, _ := os.ReadDir(tmp)
		for _, e := range entries {
			t.Errorf("%s: a cancelled export left %s behind", f, e.Name())
		}
	}
}
