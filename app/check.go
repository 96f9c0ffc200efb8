package app

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// Severity of a problem check finds.
type Severity string

// Errors need the user's hand; warnings are worth knowing.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Problem is one thing wrong with the vault or its index.
type Problem struct {
	Path     string   `json:"path"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// Check verifies every file of the vault and the index against them,
// reading everything and changing nothing.
func (nb *Notebook) Check(ctx context.Context, progress func(Progress)) ([]Problem, error) {
	scan, err := nb.vault.Scan()
	if err != nil {
		return nil, fmt.Errorf("reading vault %s: %w", nb.Root(), err)
	}
	var probs []Problem
	add := func(path string, sev Severity, format string, args ...any) {
		probs = append(probs, Problem{Path: path, Severity: sev, Message: fmt.Sprintf(format, args...)})
	}
	temps, err := nb.vault.AttachmentTemps()
	if err != nil {
		return nil, fmt.Errorf("reading vault %s: %w", nb.Root(), err)
	}
	for _, t := range append(scan.Temps, temps...) {
		add(t, SeverityWarning, "an interrupted save left this temporary file; it is not a record and can be deleted")
	}
	ids := map[string]string{}
	recs := make([]*vault.Record, 0, len(scan.Files))
	for i, f := range scan.Files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if progress != nil && ((i+1)%200 == 0 || i+1 == len(scan.Files)) {
			progress(Progress{Stage: "Checking files", Done: i + 1, Total: len(scan.Files)})
		}
		if !utf8.ValidString(f.Path) {
			add(f.Path, SeverityWarning, "the file name is not valid UTF-8; other programs and other systems may not show or sync it, so rename it")
		}
		rec, err := nb.vault.Read(f.Path)
		if err != nil {
			add(f.Path, SeverityError, "%v", err)
			continue
		}
		if rec.Broken() {
			add(f.Path, SeverityError, "%s; Parley shows and searches its text but will not change the file until it is fixed", rec.Problem)
			continue
		}
		if prev, dup := ids[rec.ID]; dup {
			add(f.Path, SeverityError, "id %s is also used by %s; give one of them a new id (or delete the id line to get one)", rec.ID, prev)
		} else {
			ids[rec.ID] = f.Path
		}
		if err := rec.Validate(); err != nil {
			add(f.Path, SeverityError, "%v", err)
		}
		if len(rec.Body) > MaxIndexedBytes {
			add(f.Path, SeverityWarning, "its text is %d MB long; only the first %d MB is searchable", len(rec.Body)>>20, MaxIndexedBytes>>20)
		}
		recs = append(recs, rec)
	}
	for _, rec := range recs {
		probs = append(probs, linkProblems(rec, ids)...)
	}
	probs = append(probs, nb.indexProblems(ctx, scan)...)
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Path < probs[j].Path })
	return probs, nil
}

// linkProblems reports references to records that do not exist and
// annotations whose passage is no longer in the clip's text.
func linkProblems(rec *vault.Record, ids map[string]string) []Problem {
	var probs []Problem
	missing := func(what, id string) {
		if _, ok := ids[id]; !ok {
			probs = append(probs, Problem{rec.Path, SeverityWarning, fmt.Sprintf("%s refers to %s, which is not in the vault", what, id)})
		}
	}
	for i, a := range rec.Agenda {
		missing(fmt.Sprintf("agenda item %d", i+1), a.Issue)
	}
	for _, s := range rec.Sources {
		missing("sources", s)
	}
	if len(rec.Annotations) > 0 {
		text := markdown.PlainText(rec.Body)
		for _, a := range rec.Annotations {
			for _, id := range a.Issues {
				missing("annotation "+a.ID, id)
			}
			for _, id := range a.Rounds {
				missing("annotation "+a.ID, id)
			}
			if _, _, ok := Anchor(text, a); !ok {
				probs = append(probs, Problem{rec.Path, SeverityWarning, fmt.Sprintf("annotation %s: its passage %q is no longer in the text", a.ID, shorten(a.Exact, 60))})
			}
		}
	}
	return probs
}

// indexProblems compares the index with the files.
func (nb *Notebook) indexProblems(ctx context.Context, scan vault.ScanResult) []Problem {
	ix := nb.index()
	if ix == nil {
		return []Problem{{"", SeverityWarning, "the search index is being built"}}
	}
	entries, err := ix.Records(ctx)
	if err != nil {
		return []Problem{{vault.DataDir + "/index", SeverityError, fmt.Sprintf("the search index cannot be read (%v); run parley reindex", err)}}
	}
	indexed := make(map[string]index.Entry, len(entries))
	for _, e := range entries {
		indexed[e.Path] = e
	}
	var probs []Problem
	for _, f := range scan.Files {
		e, ok := indexed[f.Path]
		switch {
		case !ok:
			probs = append(probs, Problem{f.Path, SeverityWarning, "not in the search index yet; it is added the next time the vault is opened (or run parley reindex)"})
		case e.Sig != f.Sig.String():
			probs = append(probs, Problem{f.Path, SeverityWarning, "changed since it was indexed; it is re-indexed the next time the vault is opened"})
		}
		delete(indexed, f.Path)
	}
	for p := range indexed {
		probs = append(probs, Problem{p, SeverityWarning, "the file is gone but still in the search index; it is removed the next time the vault is opened"})
	}
	return probs
}

func shorten(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}
