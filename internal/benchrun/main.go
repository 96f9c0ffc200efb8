// Command benchrun runs Parley's benchmark suite at one or more vault sizes
// and prints a table of the results: `make bench` runs it.
//
// For each size it writes (or reuses) a generated vault (internal/corpus,
// internal/benchvault), then measures
//
//   - the bulk reindex, in a child process running Parley's command line
//     (`parley reindex`, the same code as the binary, built without the
//     window), for records a second and its peak resident memory;
//   - the index's size against the text it indexes;
//   - the Go benchmarks of index/, app/ and app/vault/ (go test -bench),
//     for query latencies, clip-to-searchable latency, open, reconcile;
//   - the window's benchmarks in app/ui, in Fyne's test driver: a
//     keystroke until the result list shows its results, opening and
//     scrolling a 50 KB article, typing in a 50 KB note;
//   - cold start and idle memory, in a fresh child process that opens the
//     vault as the window does (the index checked in the background).
//
// Usage:
//
//	go run ./internal/benchrun [-sizes "10000 100000"] [-seed 1] [-out FILE]
//
// The vaults are kept in $PARLEY_BENCH_CACHE (default parley-bench in the
// temp folder), keyed by size and seed, so a second run skips writing them.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parley-notes/parley/app/cli"
	"github.com/parley-notes/parley/internal/benchvault"
	"github.com/parley-notes/parley/internal/corpus"
)

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "cli":
			// The command line, as the parley binary runs it; with
			// PARLEY_CPUPROFILE set, profiled (see docs/benchmarks.md).
			os.Exit(runCLI(os.Args[2:]))
		case "coldstart":
			if err := coldStart(os.Args[2]); err != nil {
				fmt.Fprintln(os.Stderr, "benchrun coldstart:", err)
				os.Exit(1)
			}
			return
		}
	}
	sizes := flag.String("sizes", "10000 100000", "vault sizes (clips), separated by spaces")
	seed := flag.Uint64("seed", 1, "corpus seed")
	out := flag.String("out", "", "also write the table to this file")
	goCmd := flag.String("go", "go", "the go command")
	iter := flag.Int("iter", 0, "runs of each query benchmark (default: 200, or 30 below 5000 clips)")
	flag.Parse()
	r := &runner{seed: *seed, goCmd: *goCmd, iter: *iter, cache: corpus.CacheDir(), log: os.Stderr}
	var results []*result
	for _, f := range strings.Fields(*sizes) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			fatalf("bad size %q", f)
		}
		res, err := r.run(n)
		if err != nil {
			fatalf("at %d clips: %v", n, err)
		}
		results = append(results, res)
	}
	var buf bytes.Buffer
	writeTables(&buf, results)
	os.Stdout.Write(buf.Bytes())
	if *out != "" {
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			fatalf("%v", err)
		}
	}
}

func runCLI(args []string) int {
	if path := os.Getenv("PARLEY_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fatalf("%v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fatalf("%v", err)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	return cli.Main(args, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchrun: "+format+"\n", args...)
	os.Exit(1)
}

type runner struct {
	seed  uint64
	goCmd string
	iter  int
	cache string
	log   io.Writer
}

// result is everything measured at one size.
type result struct {
	size     int
	manifest *benchvault.Manifest

	reindexSecs  float64 // parley reindex, as it reports
	reindexRSSMB float64 // its peak resident memory
	indexBytes   int64

	cold      []coldResult // one per child process
	benchmark map[string]map[string]float64
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.log, "benchrun: "+format+"\n", args...)
}

func (r *runner) run(n int) (*result, error) {
	res := &result{size: n, benchmark: map[string]map[string]float64{}}
	start := time.Now()
	dir, m, err := benchvault.Ensure(r.cache, n, r.seed)
	if err != nil {
		return nil, err
	}
	res.manifest = m
	r.logf("vault of %d records (%.0f MB) at %s (%s)", m.Files, float64(m.FileBytes)/1e6, dir, time.Since(start).Round(time.Millisecond))

	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	// An index to start from: the first open of a vault builds one, and
	// reindex then measures a rebuild, as a user runs it.
	if _, err := r.child(self, "cli", "--vault", dir, "search", "--limit", "1", "embassy"); err != nil {
		return nil, err
	}
	r.logf("reindexing with the command line")
	ch, err := r.child(self, "cli", "--vault", dir, "reindex")
	if err != nil {
		return nil, err
	}
	var recs int
	if _, err := fmt.Sscanf(strings.TrimSpace(ch.stdout), "indexed %d records in %g s", &recs, &res.reindexSecs); err != nil {
		return nil, fmt.Errorf("reading %q: %v", ch.stdout, err)
	}
	res.reindexRSSMB = ch.maxRSSMB
	res.indexBytes = benchvault.DirSize(filepath.Join(dir, ".parley", "index"))
	r.logf("reindexed %d records in %.1f s, peak RSS %.0f MB", recs, res.reindexSecs, res.reindexRSSMB)

	for i := 0; i < 5; i++ {
		c, err := r.coldChild(self, dir)
		if err != nil {
			return nil, err
		}
		res.cold = append(res.cold, c)
	}

	iter := r.iter
	if iter == 0 {
		iter = 200
		if n < 5000 {
			iter = 30
		}
	}
	runs := []struct{ pkg, bench, benchtime string }{
		{"./app/vault/", ".", "1s"},
		{"./app/", "^Benchmark(Open|ColdStart|Reconcile)$", "5x"},
		{"./app/", "^BenchmarkSaveSearchable$", fmt.Sprintf("%dx", max(iter/2, 20))},
		{"./app/", "^BenchmarkSearch$", fmt.Sprintf("%dx", iter)},
		{"./index/", "^BenchmarkBuild$", "1x"},
		// The window, in Fyne's test driver (app/ui/bench_test.go).
		{"./app/ui/", "^BenchmarkKeystrokeToResults$", fmt.Sprintf("%dx", max(iter/10, 5))},
		{"./app/ui/", "^Benchmark(Open50KBArticle|Scroll50KBArticle|TypingIn50KBNote)$", fmt.Sprintf("%dx", iter)},
	}
	for _, run := range runs {
		r.logf("go test -bench %s %s", run.bench, run.pkg)
		if err := r.goBench(res, n, run.pkg, run.bench, run.benchtime); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// childResult is what a child process printed and its peak memory.
type childResult struct {
	stdout   string
	maxRSSMB float64
	wall     time.Duration
}

func (r *runner) child(name string, args ...string) (*childResult, error) {
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	res := &childResult{stdout: out.String(), wall: time.Since(start)}
	if cmd.ProcessState != nil {
		res.maxRSSMB = maxRSSMB(cmd.ProcessState)
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, errb.String())
	}
	return res, nil
}

// coldResult is one cold start: the child reports its own timings; the
// parent adds the time from starting the process to the first answer.
type coldResult struct {
	OpenMS       float64 `json:"open_ms"`
	FirstQueryMS float64 `json:"first_query_ms"`
	ReadyMS      float64 `json:"ready_ms"`
	IdleRSSMB    float64 `json:"idle_rss_mb"`
	IdleAnonMB   float64 `json:"idle_anon_mb"`
	ProcessMS    float64 `json:"-"`
}

func (r *runner) coldChild(self, dir string) (coldResult, error) {
	var c coldResult
	cmd := exec.Command(self, "coldstart", dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return c, err
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return c, err
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if line == "answered" {
			c.ProcessMS = float64(time.Since(start)) / 1e6
			continue
		}
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return c, fmt.Errorf("coldstart printed %q", line)
		}
	}
	if err := cmd.Wait(); err != nil {
		return c, fmt.Errorf("coldstart: %v\n%s", err, errb.String())
	}
	return c, nil
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

// goBench runs go test benchmarks and keeps their metrics by name.
func (r *runner) goBench(res *result, n int, pkg, bench, benchtime string) error {
	cmd := exec.Command(r.goCmd, "test", "-tags", "migrated_fynedo", "-run", "^$", "-bench", bench,
		"-benchtime", benchtime, "-timeout", "3h", pkg)
	cmd.Env = append(os.Environ(),
		"PARLEY_BENCH_SIZE="+strconv.Itoa(n),
		"PARLEY_BENCH_SEED="+strconv.FormatUint(r.seed, 10),
		"PARLEY_BENCH_CACHE="+r.cache)
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, r.log)
	cmd.Stderr = r.log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go test -bench %s %s: %v", bench, pkg, err)
	}
	for _, line := range strings.Split(out.String(), "\n") {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		metrics := map[string]float64{}
		f := strings.Fields(m[2])
		for i := 0; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				metrics[f[i+1]] = v
			}
		}
		res.benchmark[m[1]] = metrics
	}
	return nil
}

// median of the values f picks from the cold starts.
func median(cs []coldResult, f func(coldResult) float64) float64 {
	v := make([]float64, len(cs))
	for i, c := range cs {
		v[i] = f(c)
	}
	slices.Sort(v)
	if len(v) == 0 {
		return 0
	}
	return v[len(v)/2]
}

// machine describes the computer the suite ran on.
func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb float64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %g kB", &kb); err == nil {
			mem = fmt.Sprintf(", %.0f GB RAM", kb/1024/1024)
		}
	}
	return fmt.Sprintf("%d × %s%s, %s/%s, %s", runtime.NumCPU(), cpu, mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}
