// Package export writes a notebook, or part of it, in the forms an analyst
// hands work on in: a folder of Markdown notes for a colleague, a brief for
// a meeting, a backup, a spreadsheet, annotations for other tools.
//
// One call does it, for the CLI and the GUI alike:
//
//	rep, err := export.Run(ctx, nb, export.Options{
//		Format: export.HTML,            // md, html, pdf, json, csv, annotations
//		ID:     roundID,                // or Query: "banking", or neither: the whole vault
//		Out:    "/home/me/brief.html",
//	}, func(p app.Progress) { ... })
//	fmt.Println(rep.Summary())
//
// Scope (Select): the whole vault; the records a query finds (an annotation
// found brings its clip); one record; or, when the id names a round or an
// issue, that record with everything linked to it: a round's issues and
// sources, an issue's rounds, the clips whose annotations bear on it, and
// the records that link to it or that it links to.
//
// What Out means for each format:
//   - md: a folder (new, or empty) of Markdown files laid out as an
//     Obsidian vault (clips/, rounds/, issues/, notes/, attachments/), or a
//     .zip of the same when Out ends in .zip. Files are named after their
//     titles so that [[Title]] links resolve; where a name had to change to
//     be safe on Windows, macOS and Linux, the links to it are rewritten.
//   - html, pdf: one self-contained brief: title page, contents, the
//     chronology of rounds, the issue × round matrix, each issue with its
//     positions and evidence, and numbered sources.
//   - json: the full-fidelity backup of package backup: every record file
//     byte for byte, its parsed fields, and every attachment.
//   - csv: two files, the issue × round matrix and the list of clips: with
//     Out ending in .csv, OUT-matrix.csv and OUT-clips.csv beside it;
//     otherwise Out is a folder that receives matrix.csv and clips.csv.
//   - annotations: the clips' annotations as one W3C Web Annotation
//     AnnotationCollection (JSON-LD).
//
// When Out names an existing folder for a one-file format, the file goes
// inside it under a default name (brief.html, brief.pdf, parley-backup.json,
// annotations.jsonld). Files are written atomically: an export that fails
// leaves no half-written file, and a failed folder export removes what it
// wrote. Nothing is ever written outside Out, and nothing inside the vault
// that could become a record.
package export

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parley-notes/parley/app"
)

// Format is what an export writes.
type Format string

// The formats of issue 5.
const (
	Markdown    Format = "md"
	HTML        Format = "html"
	PDF         Format = "pdf"
	JSON        Format = "json"
	CSV         Format = "csv"
	Annotations Format = "annotations"
)

// Formats lists every format, in the order a picker shows them.
var Formats = []Format{Markdown, HTML, PDF, JSON, CSV, Annotations}

// ParseFormat accepts a format as a user types it.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	switch f {
	case "markdown", "obsidian":
		return Markdown, nil
	case "jsonld", "json-ld", "w3c":
		return Annotations, nil
	}
	for _, k := range Formats {
		if f == k {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown export format %q (use md, html, pdf, json, csv or annotations)", s)
}

// Errors callers act on.
var (
	// ErrOutExists: a folder export was pointed at a folder that already
	// holds files, which it would mix with its own.
	ErrOutExists = errors.New("the output folder is not empty")
	// ErrInsideVault: the output would land inside the vault where it
	// could become records of the vault itself.
	ErrInsideVault = errors.New("the output would be inside the vault")
	// ErrEmpty: the scope holds no record to export.
	ErrEmpty = errors.New("nothing to export")
)

// Options say what to export, how and where.
type Options struct {
	Format Format
	// Query exports the records a search finds; ID one record (and, for a
	// round or an issue, what is linked to it). Both empty: the whole vault.
	Query string
	ID    string
	// Out is the file or folder to write; see the package doc.
	Out string
	// Title heads a brief; empty picks one from the scope.
	Title string
}

// Report tells what an export did.
type Report struct {
	Format      Format
	Scope       string   // the scope in words: "the whole vault", `query "x"`...
	Records     int      // records exported
	Annotations int      // annotations among them (in their clips)
	Attachments int      // attachment files exported
	Files       int      // files written (entries, for a zip)
	Outputs     []string // the files or folder written, absolute
	// Renamed lists records whose exported file name differs from their
	// title (md), so that the user knows why a name looks different.
	Renamed []Renamed
	// Skipped lists what was left out, and why.
	Skipped []Skipped
	// Notes are other things worth telling once (a file copied as is).
	Notes []string
}

// Renamed is a record whose file name had to differ from its title.
type Renamed struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Name  string `json:"name"` // the file name it got
}

// Skipped is something left out of an export.
type Skipped struct {
	Path   string `json:"path"` // vault-relative
	Reason string `json:"reason"`
}

// Summary is the report in one line.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "exported %d record%s", r.Records, plural(r.Records))
	var extra []string
	if r.Annotations > 0 {
		extra = append(extra, fmt.Sprintf("%d annotation%s", r.Annotations, plural(r.Annotations)))
	}
	if r.Attachments > 0 {
		extra = append(extra, fmt.Sprintf("%d attachment%s", r.Attachments, plural(r.Attachments)))
	}
	if len(extra) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(extra, ", "))
	}
	fmt.Fprintf(&b, " from %s as %s: %d file%s written to %s", r.Scope, r.Format, r.Files, plural(r.Files), strings.Join(r.Outputs, " and "))
	if len(r.Renamed) > 0 {
		fmt.Fprintf(&b, "; %d renamed to be safe file names", len(r.Renamed))
	}
	if n := len(r.Skipped); n > 0 {
		fmt.Fprintf(&b, "; skipped %d: %s", n, r.Skipped[0].Path+" ("+r.Skipped[0].Reason+")")
		if n > 1 {
			fmt.Fprintf(&b, " and %d more", n-1)
		}
	}
	return b.String()
}

func (r *Report) skip(path, format string, args ...any) {
	r.Skipped = append(r.Skipped, Skipped{Path: path, Reason: fmt.Sprintf(format, args...)})
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// now is the clock; tests fix it so that outputs are reproducible.
var now = time.Now

// Run exports what opts say from nb. progress, which may be nil, is called
// from Run's goroutine as records are written. The report is returned with
// the error too, when there is one, for what was done before it.
func Run(ctx context.Context, nb *app.Notebook, opts Options, progress func(app.Progress)) (*Report, error) {
	if progress == nil {
		progress = func(app.Progress) {}
	}
	if opts.Out == "" {
		return nil, errors.New("say where to export to (an output file or folder)")
	}
	if opts.Query != "" && opts.ID != "" {
		return nil, errors.New("export either the results of a query or one record, not both")
	}
	f, err := ParseFormat(string(opts.Format))
	if err != nil {
		return nil, err
	}
	opts.Format = f
	progress(app.Progress{Stage: "Selecting records"})
	sel, err := Select(ctx, nb, opts)
	if err != nil {
		return nil, err
	}
	rep := &Report{Format: opts.Format, Scope: sel.Description}
	if len(sel.Records) == 0 {
		return rep, fmt.Errorf("%w: no records in %s", ErrEmpty, sel.Description)
	}
	x := &exporter{ctx: ctx, nb: nb, opts: opts, sel: sel, rep: rep, progress: progress}
	switch opts.Format {
	case Markdown:
		err = x.markdown()
	case HTML:
		err = x.html()
	case PDF:
		err = x.pdf()
	case JSON:
		err = x.json()
	case CSV:
		err = x.csv()
	case Annotations:
		err = x.annotations()
	}
	return rep, err
}

// exporter carries one export's state.
type exporter struct {
	ctx      context.Context
	nb       *app.Notebook
	opts     Options
	sel      *Selection
	rep      *Report
	progress func(app.Progress)
	done     int
}

// step reports one more record done.
func (x *exporter) step(stage string) error {
	x.done++
	x.progress(app.Progress{Stage: stage, Done: x.done, Total: len(x.sel.Records)})
	return x.ctx.Err()
}

func appProgress(stage string, done, total int) app.Progress {
	return app.Progress{Stage: stage, Done: done, Total: total}
}
