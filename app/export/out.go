package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-notes/parley/app/vault"
)

// outPath makes the output path absolute and refuses places where the
// export could damage the vault: anything under its derived-data folder, a
// Markdown file (it would become a record), and for a folder of Markdown
// anywhere inside the vault (every file would be a duplicate record).
func (x *exporter) outPath(p string, folderOfRecords bool) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("output %s: %w", p, err)
	}
	root := x.nb.Root()
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	target := abs
	// The target may not exist yet: resolve links in the part that does.
	for dir, rest := target, ""; ; {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			target = filepath.Join(real, rest)
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		rest = filepath.Join(filepath.Base(dir), rest)
		dir = parent
	}
	rel, err := filepath.Rel(root, target)
	inside := err == nil && filepath.IsLocal(rel)
	if rel == "." {
		inside = true
	}
	if inside {
		top, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		switch {
		case folderOfRecords:
			return "", fmt.Errorf("%w (%s): export Markdown to a folder outside %s", ErrInsideVault, abs, x.nb.Root())
		case rel == "." || top == vault.DataDir || strings.EqualFold(filepath.Ext(abs), ".md"):
			return "", fmt.Errorf("%w (%s): choose a place outside %s", ErrInsideVault, abs, x.nb.Root())
		}
	}
	return abs, nil
}

// fileOut is where a one-file format goes: Out itself, or a default name
// inside Out when Out is an existing folder.
func (x *exporter) fileOut(defaultName string) (string, error) {
	p := x.opts.Out
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		p = filepath.Join(p, defaultName)
	}
	return x.outPath(p, false)
}

// writeFile writes one output file atomically: into a temporary file
// beside it, renamed over it once complete, so that a failed or cancelled
// export leaves the old file (or none) rather than half a new one.
func (x *exporter) writeFile(abs string, write func(w io.Writer) error) error {
	return x.writeFiles([]outFile{{abs, write}})
}

// outFile is one file of an export's output.
type outFile struct {
	abs   string
	write func(w io.Writer) error
}

// writeFiles writes the files of one export all or none: each into a
// temporary file first, renamed into place only once all are complete. A
// folder it had to make for them is removed again when it fails.
func (x *exporter) writeFiles(files []outFile) (err error) {
	var made []string // folders made, deepest last
	var temps []string
	defer func() {
		if err == nil {
			return
		}
		for _, t := range temps {
			os.Remove(t)
		}
		removeDirs(made)
	}()
	for _, f := range files {
		m, err := mkdirs(filepath.Dir(f.abs))
		made = append(made, m...)
		if err != nil {
			return err
		}
		if fi, err := os.Lstat(f.abs); err == nil && !fi.Mode().IsRegular() {
			return fmt.Errorf("%s exists and is not a regular file; choose another name", f.abs)
		}
		tmp, err := writeTemp(f.abs, f.write)
		if tmp != "" {
			temps = append(temps, tmp)
		}
		if err != nil {
			return err
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], f.abs); err != nil {
			return fmt.Errorf("writing %s: %w", f.abs, err)
		}
		x.rep.Files++
		x.rep.Outputs = append(x.rep.Outputs, f.abs)
	}
	return nil
}

// mkdirs makes dir and its missing parents, returning those it made,
// outermost first; on an error it removes them again.
func mkdirs(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append([]string{d}, missing...)
	}
	var made []string
	for _, d := range missing {
		if err := os.Mkdir(d, 0o755); err != nil {
			removeDirs(made)
			return nil, fmt.Errorf("making the folder %s: %w", d, err)
		}
		made = append(made, d)
	}
	return made, nil
}

// removeDirs removes folders mkdirs made, deepest first, each only if it
// is empty: never anything that was there before.
func removeDirs(made []string) {
	for i := len(made) - 1; i >= 0; i-- {
		os.Remove(made[i])
	}
}

// writeTemp writes a temporary file beside abs and returns its name.
func writeTemp(abs string, write func(w io.Writer) error) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", abs, err)
	}
	tmp := f.Name()
	if err := write(f); err != nil {
		f.Close()
		return tmp, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return tmp, fmt.Errorf("writing %s: %w", abs, err)
	}
	if err := f.Close(); err != nil {
		return tmp, fmt.Errorf("writing %s: %w", abs, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return tmp, fmt.Errorf("writing %s: %w", abs, err)
	}
	return tmp, nil
}

// tree is a folder-shaped output: a folder on disk or a zip archive.
// create's rel is a slash path checked by checkRel.
type tree interface {
	create(rel string) (io.WriteCloser, error)
	// finish completes the output; abort removes what was written.
	finish() error
	abort()
}

// dirTree writes into a folder through os.Root, which refuses any path
// that would leave the folder, by .. or by a symbolic link.
type dirTree struct {
	abs     string
	root    *os.Root
	created bool     // the folder did not exist before the export
	made    []string // it and the parents made for it
	written []string
}

// openDirTree opens abs as the output folder: it must be new or empty, so
// that the export never mixes with, or overwrites, files already there.
func openDirTree(abs string) (*dirTree, error) {
	t := &dirTree{abs: abs}
	if fi, err := os.Stat(abs); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s is a file: give a new or empty folder, or a name ending in .zip", abs)
	}
	entries, err := os.ReadDir(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if t.made, err = mkdirs(abs); err != nil {
			return nil, err
		}
		t.created = true
	case err != nil:
		return nil, fmt.Errorf("output folder %s: %w", abs, err)
	case len(entries) > 0:
		return nil, fmt.Errorf("%w: %s; choose a new or empty folder", ErrOutExists, abs)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", abs, err)
	}
	t.root = root
	return t, nil
}

func (t *dirTree) create(rel string) (io.WriteCloser, error) {
	if err := checkRel(rel); err != nil {
		return nil, err
	}
	if dir := filepathDir(rel); dir != "" {
		if err := t.root.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("making %s in %s: %w", dir, t.abs, err)
		}
	}
	// O_EXCL: never write through a file (or link) already there.
	f, err := t.root.OpenFile(filepath.FromSlash(rel), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("writing %s in %s: %w", rel, t.abs, err)
	}
	top, _, _ := strings.Cut(rel, "/")
	t.written = append(t.written, top)
	return f, nil
}

func filepathDir(rel string) string {
	i := strings.LastIndex(rel, "/")
	if i < 0 {
		return ""
	}
	return filepath.FromSlash(rel[:i])
}

func (t *dirTree) finish() error { return t.root.Close() }

func (t *dirTree) abort() {
	t.root.Close()
	if t.created {
		os.RemoveAll(t.abs)
		removeDirs(t.made)
		return
	}
	seen := map[string]bool{}
	for _, top := range t.written {
		if !seen[top] {
			seen[top] = true
			os.RemoveAll(filepath.Join(t.abs, filepath.FromSlash(top)))
		}
	}
}
