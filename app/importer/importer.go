package importer

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

// Format is a kind of input Run understands.
type Format string

// The formats of issue 5.
const (
	FormatENEX     Format = "enex" // Evernote export: .enex files, a folder or .zip of them
	FormatMarkdown Format = "md"   // a Markdown folder / Obsidian vault, or a .zip of one
	FormatJSON     Format = "json" // a Parley JSON backup
)

// Formats lists every format, for pickers and help text.
var Formats = []Format{FormatENEX, FormatMarkdown, FormatJSON}

// ParseFormat accepts a format as a user types it.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "enex", "evernote":
		return FormatENEX, nil
	case "md", "markdown", "obsidian":
		return FormatMarkdown, nil
	case "json", "backup":
		return FormatJSON, nil
	}
	return "", fmt.Errorf("unknown import format %q (use enex, md or json)", s)
}

// Detect guesses the format of a path from its name and kind: .enex is
// Evernote, .json a backup, .md, a folder or a .zip Markdown, except that
// a folder or .zip of .enex files (and no notes) is Evernote.
func Detect(p string) (Format, error) {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".enex":
		return FormatENEX, nil
	case ".json":
		return FormatJSON, nil
	case ".md", ".markdown":
		return FormatMarkdown, nil
	case ".zip":
		// A zip of Evernote exports holds .enex files and no notes.
		if zr, err := zip.OpenReader(p); err == nil {
			defer zr.Close()
			enex := false
			for _, f := range zr.File {
				switch strings.ToLower(path.Ext(f.Name)) {
				case ".md", ".markdown":
					return FormatMarkdown, nil
				case ".enex":
					enex = true
				}
			}
			if enex {
				return FormatENEX, nil
			}
		}
		return FormatMarkdown, nil
	}
	fi, err := os.Stat(p)
	if err != nil {
		return "", fmt.Errorf("cannot tell what to import from %s: %w", p, err)
	}
	if fi.IsDir() {
		if m, _ := filepath.Glob(filepath.Join(p, "*.enex")); len(m) > 0 {
			return FormatENEX, nil
		}
		return FormatMarkdown, nil
	}
	return "", fmt.Errorf("cannot tell what to import from %s; choose a format (enex, md or json)", p)
}

// Limits bound what an import reads, against decompression bombs and
// files that would not fit in memory. Zero fields take the defaults.
type Limits struct {
	// MaxArchiveBytes caps the uncompressed size of a whole archive.
	MaxArchiveBytes int64
	// MaxFileBytes caps one file: an archive entry, an attachment.
	MaxFileBytes int64
	// MaxEntries caps the number of entries in an archive.
	MaxEntries int
	// MaxRatio caps an archive entry's uncompressed:compressed ratio
	// (for entries over 1 MiB, where a ratio means something).
	MaxRatio int64
	// MaxNoteBytes caps one ENEX <note> element, resources included;
	// a note takes about three times this in memory while it is read.
	MaxNoteBytes int64
	// MaxBackupBytes caps a JSON backup, which is read whole.
	MaxBackupBytes int64
}

// DefaultLimits are generous for real exports and still far below what
// would exhaust a desktop.
func DefaultLimits() Limits {
	return Limits{
		MaxArchiveBytes: 2 << 30,
		MaxFileBytes:    256 << 20,
		MaxEntries:      100_000,
		MaxRatio:        200,
		MaxNoteBytes:    256 << 20,
		MaxBackupBytes:  2 << 30,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxArchiveBytes <= 0 {
		l.MaxArchiveBytes = d.MaxArchiveBytes
	}
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxNoteBytes <= 0 {
		l.MaxNoteBytes = d.MaxNoteBytes
	}
	if l.MaxBackupBytes <= 0 {
		l.MaxBackupBytes = d.MaxBackupBytes
	}
	return l
}

// Options say what to import.
type Options struct {
	// Format is the kind of input; empty means Detect it for each path.
	Format Format
	// Paths are files, folders or .zip archives.
	Paths []string
	// Limits; the zero value gives DefaultLimits.
	Limits Limits
}

// Run imports opts.Paths into nb and reports what became of each item.
// progress (may be nil) is called on Run's goroutine as work moves on.
// Run waits for a notebook opened in the background to finish indexing,
// since it looks every item up before writing it.
func Run(ctx context.Context, nb *app.Notebook, opts Options, progress func(app.Progress)) (*Report, error) {
	if len(opts.Paths) == 0 {
		return nil, errors.New("nothing to import: give at least one file or folder")
	}
	format := opts.Format
	if format != "" {
		var err error
		if format, err = ParseFormat(string(format)); err != nil {
			return nil, err
		}
	}
	if nb.ReadOnly() {
		return nil, fmt.Errorf("cannot import into %s: %w", nb.Root(), vault.ErrReadOnly)
	}
	nb.Wait()
	r := &run{
		ctx:      ctx,
		nb:       nb,
		lim:      opts.Limits.withDefaults(),
		progress: progress,
		report:   &Report{Format: format, Imported: []Item{}, Skipped: []Item{}, Failed: []Item{}},
	}
	for _, p := range opts.Paths {
		if err := ctx.Err(); err != nil {
			return r.report, err
		}
		f := format
		if f == "" {
			var err error
			if f, err = Detect(p); err != nil {
				r.report.fail(Item{Source: p}, err)
				continue
			}
			if r.report.Format == "" {
				r.report.Format = f
			}
		}
		switch f {
		case FormatENEX:
			r.enexPath(p)
		case FormatMarkdown:
			r.markdownPath(p)
		case FormatJSON:
			r.backupPath(p)
		}
	}
	return r.report, ctx.Err()
}

// now is the clock for notes that carry no time at all; tests may fix it.
var now = time.Now

// run is the state of one import.
type run struct {
	ctx      context.Context
	nb       *app.Notebook
	lim      Limits
	progress func(app.Progress)
	report   *Report
}

// vaultRoot is the vault's folder with links resolved, to compare with
// the folders being imported.
func (r *run) vaultRoot() string {
	root, err := filepath.EvalSymlinks(r.nb.Root())
	if err != nil {
		return r.nb.Root()
	}
	return root
}

// step reports progress.
func (r *run) step(stage string, done, total int) {
	if r.progress != nil {
		r.progress(app.Progress{Stage: stage, Done: done, Total: total})
	}
}
