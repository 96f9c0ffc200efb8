package index

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// testDocs is a small corpus that exercises every kind of field.
var testDocs = []Doc{
	{ID: "clip-en", Type: "clip", Title: "Embassies talk in İstanbul", Body: "The U.S. and Russia held talks on restoring the embassies. Russia's delegation was led by Darchiev. Negotiations continue.", Tags: []string{"Embassy", "talks"}, Site: "Reuters", Lang: "en", Reliability: "B2", Date: day("2025-04-10"), Path: "clips/a.md", Children: []string{"clip-en#1"}, URLs: []string{"https://example.com/a"}, Hash: "h1"},
	{ID: "clip-ru", Type: "clip", Title: "Переговоры в Стамбуле", Body: "Работа посольства России в Вашингтоне обсуждалась. Посольству нужны банковские услуги.", Lang: "ru", Site: "ТАСС", Reliability: "C3", Date: day("2025-02-27"), Path: "clips/b.md"},
	{ID: "round-2", Type: "round", Title: "Round 2", Body: "Six hours of talks about the embassy in the consulate.", Location: "ISTANBUL", Meta: "Sonata Coulter", Parties: []string{"United States", "Russia"}, Statuses: []string{"progress", "discussed"}, Links: []string{"issue-bank"}, Date: day("2025-04-10"), Path: "rounds/c.md"},
	{ID: "issue-bank", Type: "issue", Title: "Banking for missions", Body: "Sanctions make Moscow's payments nearly impossible.", Statuses: []string{"progress"}, Parties: []string{"Both"}, Date: day("2025-04-11"), Created: day("2025-04-11"), Path: "issues/d.md"},
	{ID: "note-1", Type: "note", Title: "Reading list", Body: "Embassy history, banking sanctions, and the Vienna Convention.", Tags: []string{"reading"}, Date: day("2024-12-01"), Created: day("2024-12-01"), Path: "notes/e.md"},
	{ID: "clip-en#1", Type: TypeAnnotation, Body: "local staff ban", Comment: "key embassy issue", Parent: "clip-en", ParentTitle: "Embassies talk in İstanbul", Reliability: "B2", Links: []string{"issue-bank"}, Date: day("2025-04-10"), Path: "clips/a.md"},
}

// queryCases feeds the search tests, the benchmarks and the fuzz seeds.
var queryCases = []struct {
	name   string
	query  string
	want   []string // ids, in rank order when ranked is set
	ranked bool
}{
	{"stemming en", "embassy", []string{"clip-en", "round-2", "note-1", "clip-en#1"}, false},
	{"title ranks first", "embassy", []string{"clip-en"}, true},
	{"stemming ru", "посольство", []string{"clip-ru"}, false},
	{"stemming ru dative", "посольству", []string{"clip-ru"}, false},
	{"case folding", "ISTANBUL", []string{"clip-en"}, false},
	{"accent folding", "istanbul", []string{"clip-en"}, false},
	{"dotted capital", "İSTANBUL", []string{"clip-en"}, false},
	{"field text", "location:istanbul", []string{"round-2"}, false},
	{"phrase", `"restoring the embassies"`, []string{"clip-en"}, false},
	{"phrase miss", `"embassies restoring"`, nil, false},
	{"must and not", "+embassy -round", []string{"clip-en", "note-1", "clip-en#1"}, false},
	{"fuzzy", "embasy~1", []string{"clip-en", "round-2", "note-1", "clip-en#1"}, false},
	{"fuzzy short word is exact", "ban~2", []string{"clip-en#1"}, false},
	{"prefix", "negotiat*", []string{"clip-en"}, false},
	{"prefix cyrillic", "посольст*", []string{"clip-ru"}, false},
	{"tags folded", "tags:embassy", []string{"clip-en"}, false},
	{"tag alias", "tag:READING", []string{"note-1"}, false},
	{"site", "site:reuters", []string{"clip-en"}, false},
	{"type", "type:annotation", []string{"clip-en#1"}, false},
	{"party phrase", `party:"united states"`, []string{"round-2"}, false},
	{"status", "status:progress", []string{"round-2", "issue-bank"}, false},
	{"reliability", "reliability:c3", []string{"clip-ru"}, false},
	{"lang", "lang:ru", []string{"clip-ru"}, false},
	{"links", "links:issue-bank", []string{"round-2", "clip-en#1"}, false},
	{"url", `url:"https://example.com/a"`, []string{"clip-en"}, false},
	{"hash", "hash:h1", []string{"clip-en"}, false},
	{"date month", "date:2025-04", []string{"clip-en", "round-2", "issue-bank", "clip-en#1"}, false},
	{"date from", "date:>=2025-03-01", []string{"clip-en", "round-2", "issue-bank", "clip-en#1"}, false},
	{"date before", "date:<2025-03", []string{"clip-ru", "note-1"}, false},
	{"date after year", "date:>2024", []string{"clip-en", "clip-ru", "round-2", "issue-bank", "clip-en#1"}, false},
	{"date year", "date:2024", []string{"note-1"}, false},
	{"date through day", "date:<=2025-04-10 +type:clip", []string{"clip-en", "clip-ru"}, false},
	{"created", "created:2025", []string{"issue-bank"}, false},
	{"comment", "comment:key", []string{"clip-en#1"}, false},
	{"meta", "coulter", []string{"round-2"}, false},
	{"possessive", "moscow", []string{"issue-bank"}, false},
	{"stop word only", "the", nil, false},
	{"number", "2025", nil, false},
	{"empty is all", "", []string{"clip-en", "clip-ru", "round-2", "issue-bank", "note-1", "clip-en#1"}, false},
}

func buildTestIndex(t testing.TB, docs []Doc) *Index {
	t.Helper()
	dir := t.TempDir() + "/index"
	fresh, err := Build(dir, func(b *Builder) error {
		for _, d := range docs {
			if err := b.Add(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := fresh.Install(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func ids(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := buildTestIndex(t, testDocs)
	for _, tc := range queryCases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res.Hits)
			if tc.ranked {
				if len(got) < len(tc.want) || !slices.Equal(got[:len(tc.want)], tc.want) {
					t.Errorf("%q ranked %v, want %v first", tc.query, got, tc.want)
				}
				return
			}
			want := slices.Clone(tc.want)
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("%q found %v, want %v", tc.query, got, want)
			}
			if int(res.Total) != len(want) {
				t.Errorf("total %d, want %d", res.Total, len(want))
			}
		})
	}
}

func TestBadQueries(t *testing.T) {
	ix := buildTestIndex(t, testDocs[:1])
	for _, q := range []string{"foo:bar", "date:2025-13", "title:>3", "/regexp/", "e*", `"unclosed`, "tags:>2024", strings.Repeat("x", MaxQueryBytes+1), "\xff"} {
		_, err := ix.Search(context.Background(), Request{Query: q})
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("%q: got %v, want ErrBadQuery", q, err)
		}
	}
}

func TestHighlight(t *testing.T) {
	ix := buildTestIndex(t, testDocs)
	texts := func(h *Hit, _ []string) (map[string]string, error) {
		for _, d := range testDocs {
			if d.ID == h.ID {
				return map[string]string{"title": d.Title, "body": d.Body, "comment": d.Comment, "meta": d.Meta}, nil
			}
		}
		return nil, errors.New("unknown")
	}
	tests := []struct {
		query, id, field, want string
	}{
		{"embassies", "clip-en", "title", "<mark>Embassies</mark> talk in İstanbul"},
		{"embassy", "clip-en", "body", "restoring the <mark>embassies</mark>. Russia&#39;s"},
		{"посольство", "clip-ru", "body", "Работа <mark>посольства</mark> России"},
		{`"held talks"`, "clip-en", "body", "<mark>held</mark> <mark>talks</mark>"},
		{"key", "clip-en#1", "comment", "<mark>key</mark> embassy issue"},
	}
	for _, tt := range tests {
		res, err := ix.Search(context.Background(), Request{Query: tt.query, Texts: texts})
		if err != nil {
			t.Fatal(err)
		}
		var frags []string
		for _, h := range res.Hits {
			if h.ID == tt.id {
				frags = h.Fragments[tt.field]
			}
		}
		if len(frags) == 0 || !strings.Contains(frags[0], tt.want) {
			t.Errorf("%q: %s fragments %q, want one containing %q", tt.query, tt.field, frags, tt.want)
		}
	}
}

func TestFiltersAndFacets(t *testing.T) {
	ix := buildTestIndex(t, testDocs)
	ctx := context.Background()
	f, err := ix.Facets(ctx, Request{})
	if err != nil {
		t.Fatal(err)
	}
	if got := f["type"]; len(got) == 0 || got[0] != (FacetValue{"clip", 2}) {
		t.Errorf("type facet %v", got)
	}
	if !slices.Contains(f["site"], FacetValue{"ТАСС", 1}) || !slices.Contains(f["year"], FacetValue{"2024", 1}) {
		t.Errorf("facets keep display values: %v", f)
	}
	res, err := ix.Search(ctx, Request{Query: "embassy", Filters: map[string][]string{"type": {"clip", "note"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res.Hits); len(got) != 2 || !slices.Contains(got, "clip-en") || !slices.Contains(got, "note-1") {
		t.Errorf("filtered %v", got)
	}
	res, _ = ix.Search(ctx, Request{Filters: map[string][]string{"type": {"clip"}, "lang": {"ru"}}})
	if got := ids(res.Hits); !slices.Equal(got, []string{"clip-ru"}) {
		t.Errorf("two facets %v", got)
	}
}

// TestSearchCountsFacetsWhenAsked checks which searches leave facet counts
// in the cache for a Facets call to follow, and that counts counted on the
// way are those a separate pass over the matches gives.
func TestSearchCountsFacetsWhenAsked(t *testing.T) {
	ix := buildTestIndex(t, testDocs)
	ctx := context.Background()
	tests := []struct {
		name   string
		req    Request
		cached bool
	}{
		{"asked, first page", Request{Query: "embassy", CountFacets: true}, true},
		{"asked, later page", Request{Query: "embassy", CountFacets: true, Offset: 1}, false},
		{"not asked", Request{Query: "-type:annotation"}, false},
	}
	for _, tt := range tests {
		ix.facets = facetCache{} // nothing from an earlier case
		if _, err := ix.Search(ctx, tt.req); err != nil {
			t.Fatal(err)
		}
		got, cached := ix.facets.get(ix.gen.Load(), facetKey(tt.req))
		if cached != tt.cached {
			t.Errorf("%s: counts cached %v, want %v", tt.name, cached, tt.cached)
		}
		if !cached {
			continue
		}
		ix.facets = facetCache{}
		want, err := ix.Facets(ctx, tt.req)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: counted on the way %v, counted apart %v", tt.name, got, want)
		}
	}
}

func TestSortByDate(t *testing.T) {
	ix := buildTestIndex(t, testDocs)
	res, _ := ix.Search(context.Background(), Request{Query: "-type:annotation", Sort: OldestFirst})
	if got := ids(res.Hits); got[0] != "note-1" || got[len(got)-1] != "issue-bank" {
		t.Errorf("oldest first: %v", got)
	}
	res, _ = ix.Search(context.Background(), Request{})
	if got := ids(res.Hits); got[0] != "issue-bank" {
		t.Errorf("empty query is newest first: %v", got)
	}
}

func TestUpdateAndListing(t *testing.T) {
	ix := buildTestIndex(t, testDocs)
	ctx := context.Background()
	changed := testDocs[0]
	changed.Title = "Renamed clip"
	changed.Sig = "9:9"
	if err := ix.Update([]Doc{changed}, []string{"note-1"}); err != nil {
		t.Fatal(err)
	}
	h, _ := ix.Lookup(ctx, "clip-en")
	if h == nil || h.Title != "Renamed clip" {
		t.Errorf("lookup after update: %+v", h)
	}
	if h, _ := ix.Lookup(ctx, "note-1"); h != nil {
		t.Error("deleted document still there")
	}
	e, _ := ix.ByPath(ctx, "clips/a.md")
	if e == nil || e.ID != "clip-en" || e.Sig != "9:9" || !slices.Equal(e.Children, []string{"clip-en#1"}) {
		t.Errorf("by path: %+v", e)
	}
	recs, err := ix.Records(ctx)
	if err != nil || len(recs) != 4 {
		t.Errorf("records: %v %v", recs, err)
	}
}

// FuzzParse: no query makes the parser panic, and what it accepts runs.
func FuzzParse(f *testing.F) {
	for _, tc := range queryCases {
		f.Add(tc.query)
	}
	f.Add(`title:"x" +date:>=2025-01-01 -tags:a~2 b*`)
	ix := buildTestIndex(f, testDocs)
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := Parse(q); err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("%q: error %v does not wrap ErrBadQuery", q, err)
			}
			return
		}
		if _, err := ix.Search(context.Background(), Request{Query: q, Limit: 5}); err != nil && !errors.Is(err, ErrBadQuery) {
			t.Fatalf("%q parsed but failed: %v", q, err)
		}
	})
}

// TestUpdatePersists: updates are written to disk by the time Close
// returns, deletions included.
func TestUpdatePersists(t *testing.T) {
	dir := t.TempDir() + "/index"
	fresh, err := Build(dir, func(b *Builder) error { return b.Add(testDocs[0]) })
	if err != nil {
		t.Fatal(err)
	}
	ix, err := fresh.Install(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Update([]Doc{testDocs[1]}, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.Update(nil, []string{testDocs[0].ID}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if h, _ := ix.Lookup(ctx, testDocs[1].ID); h == nil {
		t.Error("an update was lost on close")
	}
	if h, _ := ix.Lookup(ctx, testDocs[0].ID); h != nil {
		t.Error("a deletion was lost on close")
	}
}
