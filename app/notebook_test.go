package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// openDemo opens a notebook on a new vault holding the demo notebook.
func openDemo(t *testing.T, opts Options) (*Notebook, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	if err := CreateWithDemo(dir); err != nil {
		t.Fatal(err)
	}
	nb, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nb.Close() })
	return nb, dir
}

// Titles of the demo notebook, for readable expectations.
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
	annEN    = "annotation on " + clipEN
	annRU    = "annotation on " + clipRU
)

// demoQueries are what an analyst would type into the demo notebook, with
// the records each must find (annotations by their clip).
var demoQueries = []struct {
	query string
	want  []string
}{
	{"посольство", []string{clipRU, annRU, welcome, round2}},
	{"+embassies +type:issue", []string{staff, property, movement}},
	{`"local staff"`, []string{staff, clipEN, annEN, annEN, round2, welcome}},
	{"darchev~", []string{clipEN, round2, welcome}},
	{"type:round", []string{round1, round2}},
	{"status:progress", []string{round2, banking}},
	{"+party:russia +type:issue", []string{property, banking}},
	{"reliability:C3", []string{annEN}},
	{"lang:ru -type:annotation", []string{clipRU}},
	{"tags:travel", []string{flights}},
	{"date:2025-02", []string{round1}},
	{"date:>=2025-04-11 +type:issue", []string{staff, property, banking, flights, movement}},
	{"location:ISTANBUL", []string{round1, round2}},
	{"stabilise", []string{clipEN, annEN, banking, round2}},
	{"ноты", []string{clipRU, annRU}},
	{"coulter", []string{clipEN, round2}},
	{"trade comment:trade", []string{annEN}},
}

func titlesOf(res *index.Result) []string {
	var out []string
	for _, h := range res.Hits {
		if h.Type == index.TypeAnnotation {
			out = append(out, "annotation on "+h.ParentTitle)
		} else {
			out = append(out, h.Title)
		}
	}
	return out
}

func TestDemoQueries(t *testing.T) {
	nb, _ := openDemo(t, Options{})
	for _, tc := range demoQueries {
		t.Run(tc.query, func(t *testing.T) {
			res, err := nb.Search(context.Background(), index.Request{Query: tc.query}, true)
			if err != nil {
				t.Fatal(err)
			}
			got, want := titlesOf(res), slices.Clone(tc.want)
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
			for _, h := range res.Hits {
				if len(h.Fragments) == 0 && !strings.Contains(tc.query, ":") {
					t.Errorf("hit %s has no highlighted fragment", h.ID)
				}
			}
		})
	}
}

func TestTitleRanksFirst(t *testing.T) {
	nb, _ := openDemo(t, Options{})
	res, err := nb.Search(context.Background(), index.Request{Query: "banking"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Title != banking {
		t.Errorf("banking ranked %q", titlesOf(res))
	}
}

func TestDemoIdempotent(t *testing.T) {
	nb, _ := openDemo(t, Options{})
	n, err := nb.AddDemo(context.Background())
	if err != nil || n != 0 {
		t.Fatalf("second demo added %d (%v)", n, err)
	}
	c, _ := nb.Count(context.Background())
	if c[""] != 10 || c["clip"] != 2 || c["round"] != 2 || c["issue"] != 5 || c["note"] != 1 {
		t.Errorf("counts %v", c)
	}
}

func TestSaveIsSearchable(t *testing.T) {
	nb, dir := openDemo(t, Options{})
	ctx := context.Background()
	rec := NewRecord(vault.TypeNote, "Ceasefire monitoring")
	rec.Body = "Observers from the OSCE will monitor the line.\n"
	if err := nb.Save(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes", "Ceasefire monitoring.md")); err != nil {
		t.Fatal(err)
	}
	res, _ := nb.Search(ctx, index.Request{Query: "observers"}, false)
	if len(res.Hits) != 1 || res.Hits[0].ID != rec.ID {
		t.Fatalf("saved note not found: %v", titlesOf(res))
	}
	rec.Body = "Changed text about drones.\n"
	if err := nb.Save(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if res, _ := nb.Search(ctx, index.Request{Query: "observers"}, false); res.Total != 0 {
		t.Error("old text still found")
	}
	if err := nb.Delete(ctx, rec.ID); err != nil {
		t.Fatal(err)
	}
	if res, _ := nb.Search(ctx, index.Request{Query: "drones"}, false); res.Total != 0 {
		t.Error("deleted record still found")
	}
	if _, err := nb.Get(ctx, rec.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("get deleted: %v", err)
	}
}

func TestAnnotationsFollowTheirClip(t *testing.T) {
	nb, _ := openDemo(t, Options{})
	ctx := context.Background()
	clip, err := nb.Get(ctx, "01JRJ17KM0JHB4T8WQSB9B0RDP")
	if err != nil {
		t.Fatal(err)
	}
	clip.Annotations = clip.Annotations[:1]
	clip.Annotations[0].Comment = "rewritten comment about leverage"
	if err := nb.Save(ctx, clip); err != nil {
		t.Fatal(err)
	}
	res, _ := nb.Search(ctx, index.Request{Query: "type:annotation +parent:" + clip.ID}, false)
	if res.Total != 1 {
		t.Errorf("%d annotation documents, want 1", res.Total)
	}
	res, _ = nb.Search(ctx, index.Request{Query: "leverage"}, false)
	if res.Total != 1 || res.Hits[0].Parent != clip.ID {
		t.Errorf("new comment not found: %v", titlesOf(res))
	}
}

// TestExternalEditsWhileClosed: what another editor does while Parley is
// closed is picked up at the next open, without a manual reindex.
func TestExternalEditsWhileClosed(t *testing.T) {
	nb, dir := openDemo(t, Options{})
	nb.Close()
	os.WriteFile(filepath.Join(dir, "notes", "Added elsewhere.md"), []byte("# Added elsewhere\n\nA note about the Minsk format.\n"), 0o644)
	os.Remove(filepath.Join(dir, "issues", movement+".md"))
	p := filepath.Join(dir, "issues", flights+".md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "family visits", "aviation safety", 1)), 0o644)

	nb2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer nb2.Close()
	ctx := context.Background()
	for q, want := range map[string]int{"minsk": 1, `"aviation safety"`: 1, `title:"movement limits"`: 0, "type:issue": 4} {
		res, err := nb2.Search(ctx, index.Request{Query: q}, false)
		if err != nil {
			t.Fatal(err)
		}
		if int(res.Total) != want {
			t.Errorf("%q: %d hits %q, want %d", q, res.Total, titlesOf(res), want)
		}
	}
}

// TestWatcher: while Parley is open, a file written by another program is
// indexed without any action.
func TestWatcher(t *testing.T) {
	nb, dir := openDemo(t, Options{Watch: true})
	changed := make(chan []string, 16)
	nb.Subscribe(func(e Event) {
		if e.Kind == EventChanged {
			changed <- e.IDs
		}
	})
	os.WriteFile(filepath.Join(dir, "notes", "From sync.md"), []byte("---\nid: 01SYNC0000000000000000000A\ntitle: From sync\n---\nArrived through Syncthing.\n"), 0o644)
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ids := <-changed:
			if slices.Contains(ids, "01SYNC0000000000000000000A") {
				res, _ := nb.Search(context.Background(), index.Request{Query: "syncthing"}, false)
				if res.Total != 1 {
					t.Fatalf("event came but search finds %d", res.Total)
				}
				return
			}
		case <-deadline:
			t.Fatal("the watcher did not index a new file within 10 s")
		}
	}
}

// TestDamagedIndexRebuilt: a damaged index is noticed on open, said once,
// and rebuilt to answer exactly as before.
func TestDamagedIndexRebuilt(t *testing.T) {
	nb, dir := openDemo(t, Options{})
	before, _ := nb.Search(context.Background(), index.Request{Query: "embassy"}, false)
	nb.Close()
	os.WriteFile(filepath.Join(dir, ".parley", "index", "index_meta.json"), []byte("garbage"), 0o644)
	var progress int
	nb2, err := Open(dir, Options{Progress: func(Progress) { progress++ }})
	if err != nil {
		t.Fatal(err)
	}
	defer nb2.Close()
	notices := nb2.Notices()
	if len(notices) != 1 || !strings.Contains(notices[0], "rebuilding") {
		t.Errorf("notices %q", notices)
	}
	if len(nb2.Notices()) != 0 {
		t.Error("notice said twice")
	}
	if progress == 0 {
		t.Error("no progress reported")
	}
	after, _ := nb2.Search(context.Background(), index.Request{Query: "embassy"}, false)
	if !slices.Equal(titlesOf(before), titlesOf(after)) {
		t.Errorf("before %q\nafter %q", titlesOf(before), titlesOf(after))
	}
}

func TestDuplicateIDs(t *testing.T) {
	nb, dir := openDemo(t, Options{})
	nb.Close()
	src := filepath.Join(dir, "issues", banking+".md")
	b, _ := os.ReadFile(src)
	os.WriteFile(filepath.Join(dir, "notes", "Copy of banking.md"), []byte(strings.Replace(string(b), "Banking for diplomatic missions", "Banking copy", 1)), 0o644)
	nb2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer nb2.Close()
	ctx := context.Background()
	for _, q := range []string{`title:"banking copy"`, `title:"banking for diplomatic missions"`} {
		if res, _ := nb2.Search(ctx, index.Request{Query: q}, false); res.Total != 1 {
			t.Errorf("%s: %d hits; both files must stay findable", q, res.Total)
		}
	}
	probs, err := nb2.Check(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !hasProblem(probs, "notes/Copy of banking.md", "is also used by") {
		t.Errorf("duplicate not reported: %+v", probs)
	}
}

func TestCheckReportsBrokenFiles(t *testing.T) {
	nb, dir := openDemo(t, Options{})
	ctx := context.Background()
	os.WriteFile(filepath.Join(dir, "notes", "Broken.md"), []byte("---\ntitle: [unclosed\n---\nThe zeppelin text stays findable.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes", ".x.md.1.parley-tmp"), []byte("half"), 0o644)
	if _, err := nb.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	probs, err := nb.Check(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !hasProblem(probs, "notes/Broken.md", "malformed front matter") || !hasProblem(probs, "notes/.x.md.1.parley-tmp", "interrupted save") {
		t.Errorf("problems %+v", probs)
	}
	res, _ := nb.Search(ctx, index.Request{Query: "zeppelin"}, false)
	if res.Total != 1 {
		t.Error("a broken file's text is not searchable")
	}
	rec, err := nb.Get(ctx, res.Hits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := nb.Save(ctx, rec); !errors.Is(err, vault.ErrBroken) {
		t.Errorf("saving a broken record: %v", err)
	}
}

func TestCheckCleanDemo(t *testing.T) {
	nb, _ := openDemo(t, Options{})
	probs, err := nb.Check(context.Background(), nil)
	if err != nil || len(probs) != 0 {
		t.Errorf("demo has problems: %+v %v", probs, err)
	}
}

func hasProblem(probs []Problem, path, msg string) bool {
	for _, p := range probs {
		if p.Path == path && strings.Contains(p.Message, msg) {
			return true
		}
	}
	return false
}

func TestViews(t *testing.T) {
	nb, _ := openDemo(t, Options{})
	ctx := context.Background()
	m, err := nb.Matrix(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rounds) != 2 || m.Rounds[0].Title != round1 || len(m.Issues) != 5 {
		t.Fatalf("matrix %d rounds %d issues", len(m.Rounds), len(m.Issues))
	}
	bankID := "01JRHXXD60Z07J1BVKB6VQ0TMB"
	if c, ok := m.Cell(bankID, m.Rounds[1].ID); !ok || c.Status != vault.StatusProgress {
		t.Errorf("banking in round 2: %+v", c)
	}
	h, _ := nb.History(ctx, bankID)
	if len(h) != 2 || h[0].Round.Title != round1 || h[1].Item.Status != vault.StatusProgress {
		t.Errorf("history %+v", h)
	}
	ev, _ := nb.Evidence(ctx, bankID)
	if len(ev) != 2 {
		t.Errorf("evidence %d, want 2", len(ev))
	}
	r2, _ := nb.Get(ctx, m.Rounds[1].ID)
	bl, _ := nb.Backlinks(ctx, r2)
	var titles []string
	for _, h := range bl {
		titles = append(titles, h.Title)
	}
	sort.Strings(titles)
	if !slices.Equal(titles, []string{round1, clipEN, welcome, clipRU}) {
		t.Errorf("backlinks %q", titles)
	}
}
