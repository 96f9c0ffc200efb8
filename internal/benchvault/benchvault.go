// Package benchvault writes a generated corpus (see internal/corpus) as a
// real Parley vault — Markdown files with front matter, as vault.Marshal
// writes them — so that benchmarks exercise the code paths users do. It
// keeps the vaults it made between runs, keyed by size, seed and the
// generator's version, because writing 100,000 files takes a while.
//
// Benchmarks find their vault through the environment (see
// corpus.BenchSize).
package benchvault

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/internal/corpus"
)

// Manifest describes a written vault.
type Manifest struct {
	Size        int    `json:"size"`
	Seed        uint64 `json:"seed"`
	Version     int    `json:"version"`
	Clips       int    `json:"clips"`
	Rounds      int    `json:"rounds"`
	Issues      int    `json:"issues"`
	Notes       int    `json:"notes"`
	Annotations int    `json:"annotations"`
	Russian     int    `json:"russian"`
	Files       int    `json:"files"`
	// FileBytes is the size of the record files; TextBytes that of their
	// titles and bodies, the text a reader reads.
	FileBytes int64 `json:"file_bytes"`
	TextBytes int64 `json:"text_bytes"`
}

// Records is how many records the corpus makes.
func Records(c *corpus.Corpus) int { return c.N + c.Rounds() + c.Issues() + c.Notes() }

// Record returns record k of the corpus as a vault record: clips first,
// then rounds, issues and notes.
func Record(c *corpus.Corpus, k int) *vault.Record {
	switch {
	case k < c.N:
		return ClipRecord(c.Clip(k))
	case k < c.N+c.Rounds():
		return roundRecord(c.Round(k - c.N))
	case k < c.N+c.Rounds()+c.Issues():
		return issueRecord(c.Issue(k - c.N - c.Rounds()))
	}
	return noteRecord(c.Note(k - c.N - c.Rounds() - c.Issues()))
}

// ClipRecord turns a generated clip into the record Parley's clipper
// would have saved.
func ClipRecord(cl corpus.Clip) *vault.Record {
	body := corpus.Body(cl.Markdown)
	sum := sha256.Sum256([]byte(corpus.Body(cl.Paragraphs)))
	rec := &vault.Record{
		ID: cl.ID, Type: vault.TypeClip, Title: cl.Title,
		Created: cl.Clipped, Updated: cl.Clipped, Tags: cl.Tags,
		Body: body + "\n",
	}
	rec.URL = cl.URL
	rec.Site = cl.Site
	rec.Byline = cl.Byline
	rec.Published = vault.NewDate(cl.Published)
	rec.Clipped = cl.Clipped
	rec.Lang = cl.Lang
	rec.Reliability = cl.Reliability
	rec.ContentHash = hex.EncodeToString(sum[:])
	for _, a := range cl.Annotations {
		rec.Annotations = append(rec.Annotations, vault.Annotation{
			ID: a.ID, Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix,
			Comment: a.Comment, Grade: a.Grade, Issues: a.Issues, Rounds: a.Rounds,
			Created: a.Created,
		})
		if a.Created.After(rec.Updated) {
			rec.Updated = a.Created
		}
	}
	return rec
}

func positions(ps []corpus.Position) []vault.Position {
	var out []vault.Position
	for _, p := range ps {
		out = append(out, vault.Position{Party: p.Party, Position: p.Position})
	}
	return out
}

func roundRecord(r corpus.Round) *vault.Record {
	rec := &vault.Record{
		ID: r.ID, Type: vault.TypeRound, Title: r.Title, Created: r.Created, Updated: r.Created,
		Tags: r.Tags, Body: corpus.Body(r.Paragraphs) + "\n",
	}
	rec.Date = vault.NewDate(r.Date)
	rec.EndDate = vault.NewDate(r.EndDate)
	rec.Location, rec.Venue, rec.Format, rec.Duration = r.Location, r.Venue, r.Format, r.Duration
	for _, d := range r.Delegations {
		rec.Delegations = append(rec.Delegations, vault.Delegation{Party: d.Party, Lead: d.Lead, Role: d.Role, Members: d.Members})
	}
	rec.Outcome, rec.NextSteps = r.Outcome, r.NextSteps
	for _, a := range r.Agenda {
		rec.Agenda = append(rec.Agenda, vault.AgendaItem{Issue: a.Issue, Status: vault.Status(a.Status), Positions: positions(a.Positions), Note: a.Note})
	}
	rec.Sources = r.Sources
	return rec
}

func issueRecord(is corpus.Issue) *vault.Record {
	rec := &vault.Record{
		ID: is.ID, Type: vault.TypeIssue, Title: is.Title, Created: is.Created, Updated: is.Created,
		Tags: is.Tags, Body: corpus.Body(is.Paragraphs) + "\n",
	}
	rec.RaisedBy, rec.Status, rec.Positions = is.RaisedBy, vault.Status(is.Status), positions(is.Positions)
	return rec
}

func noteRecord(n corpus.Note) *vault.Record {
	return &vault.Record{
		ID: n.ID, Type: vault.TypeNote, Title: n.Title, Created: n.Created, Updated: n.Created,
		Tags: n.Tags, Body: corpus.Body(n.Paragraphs) + "\n",
	}
}

// Write writes the corpus as a vault in dir, which should be empty or
// missing. Records are generated and encoded on every core; file names
// are given in order, so the same corpus always makes the same files.
func Write(dir string, c *corpus.Corpus) (*Manifest, error) {
	m := &Manifest{Size: c.N, Seed: c.Seed, Version: corpus.Version, Clips: c.N,
		Rounds: c.Rounds(), Issues: c.Issues(), Notes: c.Notes()}
	for _, t := range vault.Types {
		if err := os.MkdirAll(filepath.Join(dir, t.Folder()), 0o755); err != nil {
			return nil, err
		}
	}
	total := Records(c)
	taken := map[string]bool{}
	const chunk = 512
	workers := runtime.GOMAXPROCS(0)
	recs := make([]*vault.Record, chunk)
	data := make([][]byte, chunk)
	for start := 0; start < total; start += chunk {
		n := min(chunk, total-start)
		if err := parallel(n, workers, func(i int) error {
			recs[i] = Record(c, start+i)
			return recs[i].Validate()
		}); err != nil {
			return nil, err
		}
		for _, rec := range recs[:n] {
			folder := rec.Type.Folder()
			name := vault.SafeName(rec.Title)
			for k := 2; taken[vault.FoldName(folder+"/"+name+".md")]; k++ {
				name = vault.SafeName(rec.Title) + " " + strconv.Itoa(k)
			}
			rec.Path = path.Join(folder, name+".md")
			taken[vault.FoldName(rec.Path)] = true
		}
		if err := parallel(n, workers, func(i int) error {
			var err error
			if data[i], err = vault.Marshal(recs[i]); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, filepath.FromSlash(recs[i].Path)), data[i], 0o644)
		}); err != nil {
			return nil, err
		}
		for i, rec := range recs[:n] {
			m.Files++
			m.FileBytes += int64(len(data[i]))
			m.TextBytes += int64(len(rec.Title) + len(rec.Body))
			m.Annotations += len(rec.Annotations)
			if rec.Lang == "ru" {
				m.Russian++
			}
		}
	}
	return m, nil
}

// parallel runs fn(0..n-1) on workers goroutines and returns the first error.
func parallel(n, workers int, fn func(i int) error) error {
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if err := fn(i); err != nil && errs[w] == nil {
					errs[w] = err
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Name is the folder name of the cached vault of n clips from seed.
func Name(n int, seed uint64) string {
	return fmt.Sprintf("vault-%d-s%d-g%d", n, seed, corpus.Version)
}

// Ensure returns the cached vault of n clips from seed under cacheDir,
// writing it first if it is not there (or was left half-written). Its
// .parley folder (the index) is whatever the last user left; the records
// earlier benchmarks saved and deleted are emptied from its trash, which
// would otherwise grow with every run.
func Ensure(cacheDir string, n int, seed uint64) (string, *Manifest, error) {
	dir := filepath.Join(cacheDir, Name(n, seed))
	manifest := dir + ".json"
	if b, err := os.ReadFile(manifest); err == nil {
		var m Manifest
		if err := json.Unmarshal(b, &m); err == nil {
			if _, err := os.Stat(dir); err == nil {
				if err := os.RemoveAll(filepath.Join(dir, vault.TrashDir)); err != nil {
					return "", nil, fmt.Errorf("emptying the benchmark vault's trash: %w", err)
				}
				return dir, &m, nil
			}
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", nil, err
	}
	m, err := Write(dir, corpus.New(n, seed))
	if err != nil {
		return "", nil, fmt.Errorf("writing the benchmark vault %s: %w", dir, err)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(manifest, b, 0o644); err != nil {
		return "", nil, err
	}
	return dir, m, nil
}

// ForBenchmark returns the cached vault a benchmark should use, writing it
// if needed (outside the benchmark's timer).
func ForBenchmark(b testing.TB) (string, *Manifest) {
	b.Helper()
	start := time.Now()
	dir, m, err := Ensure(corpus.CacheDir(), corpus.BenchSize(), corpus.BenchSeed())
	if err != nil {
		b.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		b.Logf("wrote the benchmark vault of %d clips in %s", m.Size, d.Round(time.Millisecond))
	}
	return dir, m
}

// DirSize is the size of the regular files under dir, such as an index's.
func DirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			n += fi.Size()
		}
		return nil
	})
	return n
}
