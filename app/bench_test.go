package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
	"github.com/parley-notes/parley/internal/benchvault"
	"github.com/parley-notes/parley/internal/corpus"
	"github.com/parley-notes/parley/internal/latency"
)

// The benchmarks here time the notebook on a generated vault (see
// internal/benchvault), through the same calls the window and the command
// line make. PARLEY_BENCH_SIZE sets the vault's size:
//
//	PARLEY_BENCH_SIZE=10000 go test -run '^$' -bench . ./app/
//
// The vault is kept between runs, with its index; benchmarks that change it
// undo their changes.

// benchVault returns the benchmark vault, with an index built and up to
// date, and its corpus.
func benchVault(b *testing.B) (string, *benchvault.Manifest, *corpus.Corpus) {
	b.Helper()
	dir, m := benchvault.ForBenchmark(b)
	start := time.Now()
	nb, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	nb.Close()
	if d := time.Since(start); d > 5*time.Second {
		b.Logf("indexed the benchmark vault in %s", d.Round(time.Millisecond))
	}
	return dir, m, corpus.New(m.Size, m.Seed)
}

func openBench(b *testing.B, dir string, opts Options) *Notebook {
	b.Helper()
	nb, err := Open(dir, opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { nb.Close() })
	return nb
}

// firstRequest is what the window asks for when it opens: the newest
// records, with fragments.
var firstRequest = index.Request{}

// BenchmarkReindex times rebuilding the index from the vault's files:
// records a second and MB of files a second.
func BenchmarkReindex(b *testing.B) {
	dir, m, _ := benchVault(b)
	nb := openBench(b, dir, Options{})
	for b.Loop() {
		if err := nb.Reindex(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(m.Files)/perOp, "records/s")
	b.ReportMetric(float64(m.FileBytes)/perOp/1e6, "file-MB/s")
	b.ReportMetric(float64(benchvault.DirSize(nb.indexDir))/float64(m.TextBytes), "index/text")
	b.ReportMetric(float64(benchvault.DirSize(nb.indexDir))/float64(m.FileBytes), "index/files")
}

// BenchmarkOpen times what the command line does: open the vault, check
// the index against the files, answer a query.
func BenchmarkOpen(b *testing.B) {
	dir, _, _ := benchVault(b)
	for b.Loop() {
		nb, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := nb.Search(context.Background(), firstRequest, true); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		nb.Close()
		b.StartTimer()
	}
}

// BenchmarkColdStart times what the window does: open the vault with the
// index checked in the background, and answer its first query. The
// background check is timed apart, as reconcile-ms.
func BenchmarkColdStart(b *testing.B) {
	dir, _, _ := benchVault(b)
	var rec latency.Recorder
	for b.Loop() {
		nb, err := Open(dir, Options{Background: true, Watch: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := nb.Search(context.Background(), firstRequest, true); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		start := time.Now()
		nb.Wait()
		rec.Since(start)
		nb.Close()
		b.StartTimer()
	}
	b.ReportMetric(latency.Millis(rec.Quantile(0.5)), "reconcile-ms")
}

// BenchmarkReconcile times checking an unchanged vault against its index,
// as every open does.
func BenchmarkReconcile(b *testing.B) {
	dir, _, _ := benchVault(b)
	nb := openBench(b, dir, Options{})
	for b.Loop() {
		if ch, err := nb.Reconcile(context.Background()); err != nil || ch.Any() {
			b.Fatal(ch, err)
		}
	}
}

// BenchmarkSaveSearchable times a new clip from the save until a search
// for its title finds it: the save writes the file, flushes it to the disk
// and indexes it. The clips it adds are deleted afterwards.
func BenchmarkSaveSearchable(b *testing.B) {
	dir, _, c := benchVault(b)
	nb := openBench(b, dir, Options{})
	ctx := context.Background()
	var lat latency.Recorder
	var added []string
	defer func() {
		for _, id := range added {
			if err := nb.Delete(ctx, id); err != nil {
				b.Error(err)
			}
		}
		os.RemoveAll(filepath.Join(dir, vault.TrashDir))
	}()
	i := 0
	for b.Loop() {
		// Clips past the end of the vault's: new text, new ids.
		rec := benchvault.ClipRecord(c.Clip(c.N + i))
		i++
		rec.Path = ""
		q := index.Request{Query: fmt.Sprintf("%q", rec.Title), Limit: 20}
		start := time.Now()
		if err := nb.Save(ctx, rec); err != nil {
			b.Fatal(err)
		}
		res, err := nb.Search(ctx, q, true)
		if err != nil {
			b.Fatal(err)
		}
		lat.Since(start)
		added = append(added, rec.ID)
		found := false
		for _, h := range res.Hits {
			found = found || h.ID == rec.ID
		}
		if !found {
			b.Fatalf("clip %s not found by %s", rec.ID, q.Query)
		}
	}
	lat.Report(b)
}

// BenchmarkSearch times each class of query as the window asks it (50 hits,
// newest first when there are no words), with and without facet counts and
// highlighted fragments cut from the files: p50, p95 and p99 in ms. Each
// class cycles through 100 distinct queries, more than the facet cache
// holds, so every count is computed afresh, as for a query just typed.
func BenchmarkSearch(b *testing.B) {
	dir, _, c := benchVault(b)
	nb := openBench(b, dir, Options{})
	byClass := map[string][]string{}
	for _, q := range c.Queries(100) {
		byClass[q.Class] = append(byClass[q.Class], q.Text)
	}
	ctx := context.Background()
	for _, class := range corpus.QueryClasses {
		qs := byClass[class]
		for _, v := range []struct {
			name              string
			facets, highlight bool
		}{{"plain", false, false}, {"facets", true, false}, {"highlight", false, true}, {"facets+highlight", true, true}} {
			b.Run(class+"/"+v.name, func(b *testing.B) {
				var lat latency.Recorder
				i := 0
				for b.Loop() {
					req := index.Request{Query: qs[i%len(qs)], CountFacets: v.facets}
					i++
					start := time.Now()
					if _, err := nb.Search(ctx, req, v.highlight); err != nil {
						b.Fatal(err)
					}
					if v.facets {
						if _, err := nb.Facets(ctx, req); err != nil {
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
