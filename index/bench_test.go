package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-notes/parley/internal/benchvault"
	"github.com/parley-notes/parley/internal/corpus"
	"github.com/parley-notes/parley/internal/latency"
)

// The benchmarks here time the index alone, fed from the generated corpus
// (internal/corpus) in memory; app's benchmarks time the same work through
// the vault. Sizes come from PARLEY_BENCH_SIZE (see corpus.BenchSize):
//
//	PARLEY_BENCH_SIZE=10000 go test -run '^$' -bench . ./index/

// corpusDocs returns record k of the corpus (clips, then rounds and issues)
// as the documents the notebook would index for it, and the bytes of text
// they carry.
func corpusDocs(c *corpus.Corpus, k int) ([]Doc, int) {
	switch {
	case k < c.N:
		return clipDocs(c.Clip(k), k)
	case k < c.N+c.Rounds():
		r := c.Round(k - c.N)
		d := Doc{ID: r.ID, Type: "round", Title: r.Title, Body: corpus.Body(r.Paragraphs), Location: r.Location,
			Tags: r.Tags, Date: r.Date, Created: r.Created, Updated: r.Created, Links: r.Sources, Path: fmt.Sprintf("rounds/%d.md", k), Sig: "1:1"}
		var meta []string
		for _, dl := range r.Delegations {
			d.Parties = append(d.Parties, dl.Party)
			meta = append(meta, dl.Party, dl.Lead)
			meta = append(meta, dl.Members...)
		}
		d.Meta = strings.Join(meta, "\n")
		for _, a := range r.Agenda {
			d.Statuses = append(d.Statuses, a.Status)
			d.Links = append(d.Links, a.Issue)
		}
		return []Doc{d}, len(d.Title) + len(d.Body)
	}
	is := c.Issue(k - c.N - c.Rounds())
	d := Doc{ID: is.ID, Type: "issue", Title: is.Title, Body: corpus.Body(is.Paragraphs), Tags: is.Tags,
		Statuses: []string{is.Status}, Parties: []string{is.RaisedBy}, Date: is.Created, Created: is.Created,
		Updated: is.Created, Path: fmt.Sprintf("issues/%d.md", k), Sig: "1:1"}
	return []Doc{d}, len(d.Title) + len(d.Body)
}

// clipDocs mirrors what app.docsOf makes of a clip: the record, and one
// document per annotation.
func clipDocs(cl corpus.Clip, i int) ([]Doc, int) {
	d := Doc{
		ID: cl.ID, Type: "clip", Title: cl.Title, Body: corpus.Body(cl.Paragraphs),
		Meta: strings.TrimSpace(cl.Byline + "\n" + cl.Site), Byline: cl.Byline,
		Lang: cl.Lang, Tags: cl.Tags, Site: cl.Site, Reliability: cl.Reliability,
		URLs: []string{cl.URL}, Hash: fmt.Sprintf("h%d", i),
		Date: cl.Published, Created: cl.Clipped, Updated: cl.Clipped,
		Path: fmt.Sprintf("clips/%d.md", i), Sig: fmt.Sprintf("%d:%d", i, i),
	}
	docs := []Doc{d}
	for _, a := range cl.Annotations {
		id := cl.ID + "#" + a.ID
		docs[0].Children = append(docs[0].Children, id)
		docs[0].Links = append(docs[0].Links, a.Issues...)
		docs[0].Links = append(docs[0].Links, a.Rounds...)
		docs = append(docs, Doc{
			ID: id, Type: TypeAnnotation, Body: a.Exact, Comment: a.Comment, Lang: cl.Lang,
			Tags: cl.Tags, Site: cl.Site, Reliability: a.Grade, Links: append(append([]string(nil), a.Issues...), a.Rounds...),
			Parent: cl.ID, ParentTitle: cl.Title, Date: cl.Published, Created: a.Created, Path: d.Path, Sig: d.Sig,
		})
	}
	return docs, len(d.Title) + len(d.Body)
}

// records is how many records of the corpus the index benchmarks use.
func records(c *corpus.Corpus) int { return c.N + c.Rounds() + c.Issues() }

// corpusTestIndex is a test's index of the whole of a small corpus.
func corpusTestIndex(t *testing.T, c *corpus.Corpus) *Index {
	t.Helper()
	var docs []Doc
	for k := 0; k < records(c); k++ {
		ds, _ := corpusDocs(c, k)
		docs = append(docs, ds...)
	}
	return buildTestIndex(t, docs)
}

// buildCorpusIndex builds an index of the corpus in dir. When b is set,
// generating the text is left out of its timer.
func buildCorpusIndex(b *testing.B, dir string, c *corpus.Corpus) (*Index, int, int, error) {
	ndocs, nbytes := 0, 0
	fresh, err := Build(dir, func(bu *Builder) error {
		const chunk = 500
		for start := 0; start < records(c); start += chunk {
			if b != nil {
				b.StopTimer()
			}
			var docs []Doc
			for k := start; k < min(start+chunk, records(c)); k++ {
				ds, n := corpusDocs(c, k)
				docs = append(docs, ds...)
				nbytes += n
			}
			if b != nil {
				b.StartTimer()
			}
			for _, d := range docs {
				if err := bu.Add(d); err != nil {
					return err
				}
			}
			ndocs += len(docs)
		}
		return nil
	})
	if err != nil {
		return nil, 0, 0, err
	}
	ix, err := fresh.Install(dir, nil)
	return ix, ndocs, nbytes, err
}

// BenchmarkBuild times a bulk build of the whole corpus: records/s and MB
// of text a second, and the index's size against the text.
func BenchmarkBuild(b *testing.B) {
	c := corpus.New(corpus.BenchSize(), corpus.BenchSeed())
	var textBytes int
	var size int64
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "index")
		ix, _, n, err := buildCorpusIndex(b, dir, c)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		ix.Close()
		size, textBytes = benchvault.DirSize(dir), n
		os.RemoveAll(dir)
		b.StartTimer()
	}
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(records(c))/perOp, "records/s")
	b.ReportMetric(float64(textBytes)/perOp/1e6, "text-MB/s")
	b.ReportMetric(float64(size)/float64(textBytes), "index/text")
}

// benchFixture is an index of the benchmark corpus, built once and kept in
// the benchmark cache between runs.
type benchFixture struct {
	ix   *Index
	c    *corpus.Corpus
	text sync.Map // doc id -> map[string]string, filled on demand
}

var (
	fixtureOnce sync.Once
	fixture     *benchFixture
	fixtureErr  error
)

func benchIndex(b *testing.B) *benchFixture {
	b.Helper()
	fixtureOnce.Do(func() {
		c := corpus.New(corpus.BenchSize(), corpus.BenchSeed())
		dir := filepath.Join(corpus.CacheDir(), fmt.Sprintf("index-%s-%d-s%d-g%d", schemaVersion, c.N, c.Seed, corpus.Version))
		ix, err := Open(dir)
		if err != nil {
			b.Logf("building the benchmark index of %d clips in %s", c.N, dir)
			ix, _, _, err = buildCorpusIndex(nil, dir, c)
		}
		fixture, fixtureErr = &benchFixture{ix: ix, c: c}, err
	})
	if fixtureErr != nil {
		b.Fatal(fixtureErr)
	}
	return fixture
}

// texts is the TextSource of the fixture: the text of each hit, generated
// on first use and then remembered, so that timed runs measure the index
// and not the generator (the app benchmarks time reading the vault).
func (f *benchFixture) texts(h *Hit, _ []string) (map[string]string, error) {
	if t, ok := f.text.Load(h.ID); ok {
		return t.(map[string]string), nil
	}
	i := 0
	if _, err := fmt.Sscanf(h.Path, "clips/%d.md", &i); err != nil {
		if _, err := fmt.Sscanf(h.Path, "rounds/%d.md", &i); err != nil {
			fmt.Sscanf(h.Path, "issues/%d.md", &i)
		}
	}
	docs, _ := corpusDocs(f.c, i)
	for _, d := range docs {
		if d.ID == h.ID {
			t := map[string]string{"title": d.Title, "body": d.Body, "comment": d.Comment, "meta": d.Meta}
			f.text.Store(h.ID, t)
			return t, nil
		}
	}
	return nil, errors.New("no such document")
}

// queryVariants are the ways a query is asked: with or without facet
// counts and highlighted fragments.
var queryVariants = []struct {
	name              string
	facets, highlight bool
}{
	{"plain", false, false},
	{"facets", true, false},
	{"highlight", false, true},
	{"facets+highlight", true, true},
}

// BenchmarkQuery times each class of query on the benchmark index: p50,
// p95 and p99 latency in ms. Each class cycles through 100 distinct
// queries, more than the facet cache holds, so every facet count is
// computed afresh as it is for a query a user has just typed.
func BenchmarkQuery(b *testing.B) {
	f := benchIndex(b)
	byClass := map[string][]string{}
	for _, q := range f.c.Queries(100) {
		byClass[q.Class] = append(byClass[q.Class], q.Text)
	}
	ctx := context.Background()
	for _, class := range corpus.QueryClasses {
		qs := byClass[class]
		for _, v := range queryVariants {
			b.Run(class+"/"+v.name, func(b *testing.B) {
				if v.highlight {
					for _, q := range qs { // warm the text cache
						f.ix.Search(ctx, Request{Query: q, Texts: f.texts})
					}
				}
				var lat latency.Recorder
				i := 0
				for b.Loop() {
					req := Request{Query: qs[i%len(qs)], CountFacets: v.facets}
					i++
					if v.highlight {
						req.Texts = f.texts
					}
					start := time.Now()
					if _, err := f.ix.Search(ctx, req); err != nil {
						b.Fatal(err)
					}
					if v.facets {
						if _, err := f.ix.Facets(ctx, req); err != nil {
							b.Fatal(err)
						}
					}
					lat.Since(start)
				}
				lat.Report(b)
			})
		}
	}
}

// BenchmarkUpdateOne times replacing one clip's documents, what a save
// costs the index.
func BenchmarkUpdateOne(b *testing.B) {
	f := benchIndex(b)
	var lat latency.Recorder
	i := 0
	for b.Loop() {
		docs, _ := corpusDocs(f.c, i%f.c.N)
		i++
		start := time.Now()
		if err := f.ix.Update(docs, docs[0].Children); err != nil {
			b.Fatal(err)
		}
		lat.Since(start)
	}
	lat.Report(b)
}

// BenchmarkRecords times listing every record's path and signature, which
// reconciling the vault with the index starts with.
func BenchmarkRecords(b *testing.B) {
	f := benchIndex(b)
	for b.Loop() {
		if _, err := f.ix.Records(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchQueries: every benchmark query parses and runs, and the phrases
// (cut from the corpus) find their clip: the benchmark measures searches
// that work.
func TestBenchQueries(t *testing.T) {
	c := corpus.New(200, 1)
	ix := corpusTestIndex(t, c)
	for _, q := range c.Queries(10) {
		res, err := ix.Search(context.Background(), Request{Query: q.Text})
		if err != nil {
			t.Errorf("%s query %q: %v", q.Class, q.Text, err)
			continue
		}
		if q.Class == "phrase" && res.Total == 0 {
			t.Errorf("phrase %s found nothing", q.Text)
		}
	}
}
