package vault_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/internal/benchvault"
	"github.com/parley-notes/parley/internal/corpus"
)

// The benchmarks here time the vault's files on the generated corpus (see
// internal/benchvault; PARLEY_BENCH_SIZE sets its size):
//
//	PARLEY_BENCH_SIZE=10000 go test -run '^$' -bench . ./app/vault/

// sample returns the paths and total size of up to n record files of the
// benchmark vault, spread over it.
func sample(b *testing.B, v *vault.Vault, n int) ([]string, int64) {
	scan, err := v.Scan()
	if err != nil {
		b.Fatal(err)
	}
	step := max(1, len(scan.Files)/n)
	var paths []string
	var size int64
	for i := 0; i < len(scan.Files); i += step {
		paths = append(paths, scan.Files[i].Path)
		size += scan.Files[i].Sig.Size
	}
	return paths, size
}

func openBenchVault(b *testing.B) *vault.Vault {
	dir, _ := benchvault.ForBenchmark(b)
	v, err := vault.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { v.Close() })
	return v
}

// BenchmarkRead times reading and parsing one record file.
func BenchmarkRead(b *testing.B) {
	v := openBenchVault(b)
	paths, size := sample(b, v, 1000)
	b.SetBytes(size / int64(len(paths)))
	i := 0
	for b.Loop() {
		if _, err := v.Read(paths[i%len(paths)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkParse times parsing one record file already in memory.
func BenchmarkParse(b *testing.B) {
	v := openBenchVault(b)
	paths, size := sample(b, v, 200)
	data := make([][]byte, len(paths))
	for i, p := range paths {
		var err error
		if data[i], err = os.ReadFile(v.Abs(p)); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(size / int64(len(paths)))
	i := 0
	for b.Loop() {
		vault.Parse(data[i%len(data)], paths[i%len(paths)])
		i++
	}
}

// BenchmarkMarshal times encoding a clip as front matter and body.
func BenchmarkMarshal(b *testing.B) {
	c := corpus.New(200, corpus.BenchSeed())
	recs := make([]*vault.Record, 50)
	for i := range recs {
		recs[i] = benchvault.ClipRecord(c.Clip(i))
	}
	i := 0
	for b.Loop() {
		if _, err := vault.Marshal(recs[i%len(recs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkWrite times saving a new clip: naming its file, writing it
// atomically and flushing it to the disk. It writes to a vault of its own
// beside a copy of nothing, so the naming cost here is for a small folder;
// app's BenchmarkSaveSearchable saves into the full benchmark vault.
func BenchmarkWrite(b *testing.B) {
	v, err := vault.Open(filepath.Join(b.TempDir(), "vault"))
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	c := corpus.New(200, corpus.BenchSeed())
	i := 0
	for b.Loop() {
		rec := benchvault.ClipRecord(c.Clip(i % c.N))
		rec.ID = vault.NewID()
		if err := v.Write(rec); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkScan times listing the benchmark vault's record files with their
// size and modification time, which reconciling starts with.
func BenchmarkScan(b *testing.B) {
	v := openBenchVault(b)
	var n int
	for b.Loop() {
		res, err := v.Scan()
		if err != nil {
			b.Fatal(err)
		}
		n = len(res.Files)
	}
	b.ReportMetric(float64(n), "files")
}
