package corpus

import (
	"os"
	"path/filepath"
	"strconv"
)

// The environment of a benchmark run, as make bench sets it: how many clips
// (PARLEY_BENCH_SIZE, default 1000), which seed (PARLEY_BENCH_SEED, default
// 1), and where generated vaults and indexes are kept between runs
// (PARLEY_BENCH_CACHE, default parley-bench in the temp folder).

// BenchSize is the number of clips benchmarks generate.
func BenchSize() int {
	if n, err := strconv.Atoi(os.Getenv("PARLEY_BENCH_SIZE")); err == nil && n > 0 {
		return n
	}
	return 1000
}

// BenchSeed is the seed benchmarks generate from.
func BenchSeed() uint64 {
	if n, err := strconv.ParseUint(os.Getenv("PARLEY_BENCH_SEED"), 10, 64); err == nil {
		return n
	}
	return 1
}

// CacheDir is where generated vaults and indexes are kept between runs.
func CacheDir() string {
	if d := os.Getenv("PARLEY_BENCH_CACHE"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "parley-bench")
}
