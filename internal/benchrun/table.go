package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/parley-notes/parley/internal/corpus"
)

// row is one line of the summary: a measure, its target and how to read
// it from a result.
type row struct {
	what, target string
	value        func(r *result) string
	// ok reports whether the result meets the target (nil: no target).
	ok func(r *result) bool
}

func (r *result) bench(name, metric string) float64 { return r.benchmark[name][metric] }

func (r *result) reindexRate() float64 {
	if r.reindexSecs == 0 {
		return 0
	}
	return float64(r.manifest.Files) / r.reindexSecs
}

// worstP99 is the slowest p99 over every query class for the variant.
func (r *result) worstP99(variant string) (float64, string) {
	worst, which := 0.0, ""
	for _, class := range corpus.QueryClasses {
		if v := r.bench("BenchmarkSearch/"+class+"/"+variant, "p99-ms"); v >= worst {
			worst, which = v, class
		}
	}
	return worst, which
}

func (r *result) worstP99All() float64 {
	worst := 0.0
	for _, v := range variants {
		w, _ := r.worstP99(v)
		worst = max(worst, w)
	}
	return worst
}

var variants = []string{"plain", "facets", "highlight", "facets+highlight"}

func coldTotal(r *result) float64 {
	return median(r.cold, func(c coldResult) float64 { return c.ProcessMS })
}
func idleRSS(r *result) float64 {
	return median(r.cold, func(c coldResult) float64 { return c.IdleRSSMB })
}

var rows = []row{
	{"records in the vault", "", func(r *result) string {
		m := r.manifest
		return fmt.Sprintf("%d clips (%d in Russian), %d rounds, %d issues, %d notes; %d annotations", m.Clips, m.Russian, m.Rounds, m.Issues, m.Notes, m.Annotations)
	}, nil},
	{"vault size: files / text", "", func(r *result) string {
		return fmt.Sprintf("%.0f MB / %.0f MB", mb(r.manifest.FileBytes), mb(r.manifest.TextBytes))
	}, nil},
	{"bulk reindex (`parley reindex`)", "≥ 1,000 records/s", func(r *result) string {
		return fmt.Sprintf("%.0f records/s, %.1f MB/s (%.1f s)", r.reindexRate(), mb(r.manifest.FileBytes)/r.reindexSecs, r.reindexSecs)
	}, func(r *result) bool { return r.reindexRate() >= 1000 }},
	{"peak RSS of the reindex", "≤ 700 MB", func(r *result) string {
		return fmt.Sprintf("%.0f MB", r.reindexRSSMB)
	}, func(r *result) bool { return r.reindexRSSMB <= 700 }},
	{"index build alone (index.BenchmarkBuild, text in memory)", "", func(r *result) string {
		return fmt.Sprintf("%.0f records/s, %.1f MB/s", r.bench("BenchmarkBuild", "records/s"), r.bench("BenchmarkBuild", "text-MB/s"))
	}, nil},
	{"index size ÷ text (÷ files)", "≤ 1.0", func(r *result) string {
		return fmt.Sprintf("%.2f (%.2f): %.0f MB", float64(r.indexBytes)/float64(r.manifest.TextBytes),
			float64(r.indexBytes)/float64(r.manifest.FileBytes), mb(r.indexBytes))
	}, func(r *result) bool { return float64(r.indexBytes) <= float64(r.manifest.TextBytes) }},
	{"cold start: process start → first query answered (window's open)", "≤ 500 ms", func(r *result) string {
		return fmt.Sprintf("%.0f ms (Open returns in %.0f ms)", coldTotal(r), median(r.cold, func(c coldResult) float64 { return c.OpenMS }))
	}, func(r *result) bool { return coldTotal(r) <= 500 }},
	{"background reconcile until ready", "", func(r *result) string {
		return fmt.Sprintf("%.0f ms after start", median(r.cold, func(c coldResult) float64 { return c.ReadyMS }))
	}, nil},
	{"open + first query (command line: reconcile first)", "", func(r *result) string {
		return fmt.Sprintf("%.0f ms", r.bench("BenchmarkOpen", "ns/op")/1e6)
	}, nil},
	{"reconcile, unchanged vault", "", func(r *result) string {
		return fmt.Sprintf("%.0f ms", r.bench("BenchmarkReconcile", "ns/op")/1e6)
	}, nil},
	{"clip saved → found by search, p50 / p95", "p95 ≤ 50 ms", func(r *result) string {
		return fmt.Sprintf("%.1f / %.1f ms", r.bench("BenchmarkSaveSearchable", "p50-ms"), r.bench("BenchmarkSaveSearchable", "p95-ms"))
	}, func(r *result) bool { return r.bench("BenchmarkSaveSearchable", "p95-ms") <= 50 }},
	{"query p99, slowest class: hits only", "", func(r *result) string {
		v, c := r.worstP99("plain")
		return fmt.Sprintf("%.1f ms (%s)", v, c)
	}, nil},
	{"query p99, slowest class: with facets and highlights", "≤ 20 ms", func(r *result) string {
		v, c := r.worstP99("facets+highlight")
		return fmt.Sprintf("%.1f ms (%s); any variant %.1f ms", v, c, r.worstP99All())
	}, func(r *result) bool { return r.worstP99All() <= 20 }},
	{"window: keystroke → result list updated, p50 / p95", "p95 ≤ 50 ms", func(r *result) string {
		return fmt.Sprintf("%.1f / %.1f ms", r.bench("BenchmarkKeystrokeToResults", "p50-ms"), r.bench("BenchmarkKeystrokeToResults", "p95-ms"))
	}, func(r *result) bool { return r.bench("BenchmarkKeystrokeToResults", "p95-ms") <= 50 }},
	{"window: open a 50 KB article, first screen, p50 / p95", "≤ 100 ms", func(r *result) string {
		return fmt.Sprintf("%.1f / %.1f ms", r.bench("BenchmarkOpen50KBArticle", "p50-ms"), r.bench("BenchmarkOpen50KBArticle", "p95-ms"))
	}, func(r *result) bool { return r.bench("BenchmarkOpen50KBArticle", "p95-ms") <= 100 }},
	{"window: scroll a 50 KB article a wheel step, p50 / p99 a frame", "≤ 16 ms (60 fps)", func(r *result) string {
		return fmt.Sprintf("%.1f / %.1f ms", r.bench("BenchmarkScroll50KBArticle", "p50-ms"), r.bench("BenchmarkScroll50KBArticle", "p99-ms"))
	}, func(r *result) bool { return r.bench("BenchmarkScroll50KBArticle", "p99-ms") <= 16 }},
	{"window: typing in a 50 KB note, p50 / p95 a keystroke", "≤ 16 ms", func(r *result) string {
		return fmt.Sprintf("%.1f / %.1f ms", r.bench("BenchmarkTypingIn50KBNote", "p50-ms"), r.bench("BenchmarkTypingIn50KBNote", "p95-ms"))
	}, func(r *result) bool { return r.bench("BenchmarkTypingIn50KBNote", "p95-ms") <= 16 }},
	{"idle RSS, vault open (of which the process's own memory)", "≤ 200 MB", func(r *result) string {
		return fmt.Sprintf("%.0f MB (%.0f MB)", idleRSS(r), median(r.cold, func(c coldResult) float64 { return c.IdleAnonMB }))
	}, func(r *result) bool { return idleRSS(r) <= 200 }},
	{"vault: read + parse a record / write a new clip (flushed) / scan", "", func(r *result) string {
		return fmt.Sprintf("%.0f µs / %.1f ms / %.0f ms", r.bench("BenchmarkRead", "ns/op")/1e3,
			r.bench("BenchmarkWrite", "ns/op")/1e6, r.bench("BenchmarkScan", "ns/op")/1e6)
	}, nil},
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// writeTables writes the summary and, for each size, the query latencies,
// as Markdown.
func writeTables(w io.Writer, results []*result) {
	fmt.Fprintf(w, "Machine: %s. Run %s.\n\n", machine(), time.Now().UTC().Format("2006-01-02"))
	fmt.Fprint(w, "| what | target (100,000 clips) |")
	for _, r := range results {
		fmt.Fprintf(w, " %d clips |", r.size)
	}
	fmt.Fprint(w, "\n|---|---|")
	for range results {
		fmt.Fprint(w, "---|")
	}
	fmt.Fprintln(w)
	for _, rw := range rows {
		fmt.Fprintf(w, "| %s | %s |", rw.what, rw.target)
		for _, r := range results {
			mark := ""
			if rw.ok != nil {
				mark = " ✗"
				if rw.ok(r) {
					mark = " ✓"
				}
			}
			fmt.Fprintf(w, " %s%s |", rw.value(r), mark)
		}
		fmt.Fprintln(w)
	}
	for _, r := range results {
		fmt.Fprintf(w, "\nQuery latency at %d clips, p50 / p99 in ms (50 hits; facet counts asked after the hits, counted in the same pass; highlights cut from the files):\n\n", r.size)
		fmt.Fprintf(w, "| class | example | %s |\n|---|---|%s\n", strings.Join(variants, " | "), strings.Repeat("---|", len(variants)))
		examples := map[string]string{}
		for _, q := range corpus.New(r.size, r.manifest.Seed).Queries(1) {
			examples[q.Class] = q.Text
		}
		for _, class := range corpus.QueryClasses {
			fmt.Fprintf(w, "| %s | `%s` |", class, examples[class])
			for _, v := range variants {
				name := "BenchmarkSearch/" + class + "/" + v
				fmt.Fprintf(w, " %.1f / %.1f |", r.bench(name, "p50-ms"), r.bench(name, "p99-ms"))
			}
			fmt.Fprintln(w)
		}
	}
}
