package importer

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/parley-notes/parley/app/vault"
)

// A source is the tree of files an import reads: a folder on disk or a
// .zip archive. Links in notes are resolved only against its list of
// files, never by opening a path a note names, so a note cannot reach
// anything the source does not hold.
type source struct {
	name  string  // the path the user gave, for reports
	files []*file // regular files, sorted by rel
	// links are symbolic links found in a folder; they are never
	// followed, and the importer says so for the ones it would have read.
	links  []string
	byRel  map[string]*file // by folded rel
	byName map[string][]*file
	close  func() error
}

// file is one regular file of a source.
type file struct {
	rel     string // slash-separated, relative to the source's root
	size    int64
	modTime time.Time
	open    func() (io.ReadCloser, error)
}

// openSource opens a folder or a .zip as a source. maxDepth limits how
// deep a folder is walked (0: no limit).
func (r *run) openSource(p string, maxDepth int) (*source, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", p, err)
	}
	var s *source
	if fi.IsDir() {
		s, err = openDir(p, maxDepth, r.vaultRoot())
	} else {
		s, err = openZip(p, r.lim)
	}
	if err != nil {
		return nil, err
	}
	s.index()
	return s, nil
}

// openDir lists a folder without following symbolic links; hidden files
// and folders (.obsidian, .git, .trash, .parley) are left out, and so is
// the vault, should it be inside the folder. A folder inside the vault is
// refused: its notes are records already.
func openDir(root string, maxDepth int, vaultRoot string) (*source, error) {
	root, err := filepath.EvalSymlinks(root) // the folder the user chose may itself be a link
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", root, err)
	}
	if rel, err := filepath.Rel(vaultRoot, root); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%s is inside the vault; its notes are in Parley already", root)
	}
	s := &source{name: root, close: func() error { return nil }}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // an unreadable folder must not stop the rest
		}
		if p == root {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			s.links = append(s.links, rel)
		case d.IsDir() && p == vaultRoot:
			return filepath.SkipDir
		case d.IsDir():
			if maxDepth > 0 && strings.Count(rel, "/")+1 >= maxDepth {
				return filepath.SkipDir
			}
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return nil
			}
			s.files = append(s.files, &file{rel: rel, size: info.Size(), modTime: info.ModTime(), open: openRegular(p, info)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", root, err)
	}
	return s, nil
}

// openRegular opens the file at p only if it is still the regular file
// that was listed: a file swapped for a symbolic link since is refused.
func openRegular(p string, listed fs.FileInfo) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		fi, err := f.Stat()
		if err != nil || !fi.Mode().IsRegular() || !os.SameFile(fi, listed) {
			f.Close()
			return nil, errorOf(ErrUnsafePath, "%s changed while it was being imported", p)
		}
		return f, nil
	}
}

// openZip opens a .zip after checking every entry: one bad entry rejects
// the whole archive, so nothing of a hostile archive is imported.
func openZip(p string, lim Limits) (*source, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", p, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot read %s: %w", p, err)
	}
	zr, err := zip.NewReader(f, fi.Size())
	// With GODEBUG=zipinsecurepath=0 the reader comes with
	// ErrInsecurePath; checkZip below says which entry and why.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		f.Close()
		return nil, errorOf(ErrMalformed, "%s is not a folder or a .zip archive (%v)", p, err)
	}
	if err := checkZip(zr.File, lim); err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %w", ErrUnsafeArchive, err)
	}
	s := &source{name: p, close: f.Close}
	var budget int64 = lim.MaxArchiveBytes
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		zf := zf
		s.files = append(s.files, &file{
			rel:     cleanEntryName(zf.Name),
			size:    int64(zf.UncompressedSize64),
			modTime: zf.Modified,
			open: func() (io.ReadCloser, error) {
				rc, err := zf.Open()
				if err != nil {
					return nil, errorOf(ErrMalformed, "the archive is damaged: %v", err)
				}
				// archive/zip already refuses to read past the declared
				// size; the budget is a second fence for the archive's
				// total.
				return &budgetReader{rc: rc, left: &budget, name: zf.Name}, nil
			},
		})
	}
	stripCommonTop(s.files)
	return s, nil
}

// checkZip rejects archives with entries that could escape the import or
// exhaust the machine, from the central directory alone, before a byte is
// decompressed.
func checkZip(entries []*zip.File, lim Limits) error {
	if len(entries) > lim.MaxEntries {
		return fmt.Errorf("it has %d entries, more than the limit of %d", len(entries), lim.MaxEntries)
	}
	var total uint64
	for _, zf := range entries {
		if err := checkEntryName(zf.Name); err != nil {
			return err
		}
		mode := zf.Mode()
		switch {
		case mode&fs.ModeSymlink != 0:
			return errorOf(ErrUnsafePath, "entry %q is a symbolic link", zf.Name)
		case mode.IsDir():
			continue
		case !mode.IsRegular():
			return errorOf(ErrUnsafePath, "entry %q is not a regular file", zf.Name)
		}
		size := zf.UncompressedSize64
		if size > uint64(lim.MaxFileBytes) {
			return errorOf(ErrTooLarge, "entry %q declares %s, more than the %s allowed for one file", zf.Name, formatBytes(size), formatBytes(uint64(lim.MaxFileBytes)))
		}
		total += size
		if total > uint64(lim.MaxArchiveBytes) {
			return errorOf(ErrTooLarge, "it declares more than %s uncompressed, over the limit", formatBytes(uint64(lim.MaxArchiveBytes)))
		}
		if size > 1<<20 && size/max(zf.CompressedSize64, 1) > uint64(lim.MaxRatio) {
			return fmt.Errorf("entry %q would expand %d times (%s from %s), the mark of a zip bomb", zf.Name, size/max(zf.CompressedSize64, 1), formatBytes(size), formatBytes(zf.CompressedSize64))
		}
	}
	return nil
}

// checkEntryName refuses names that would leave the archive's root on
// some system: ../, absolute and drive paths, UNC shares, NUL bytes.
// Backslashes count as separators, as Windows tools write them.
func checkEntryName(name string) error {
	n := strings.ReplaceAll(name, `\`, "/")
	switch {
	case name == "":
		return errorOf(ErrUnsafePath, "an entry has no name")
	case strings.ContainsRune(name, 0):
		return errorOf(ErrUnsafePath, "entry %q has a NUL byte in its name", name)
	case strings.HasPrefix(n, "//"):
		return errorOf(ErrUnsafePath, "entry %q names a network share", name)
	case strings.HasPrefix(n, "/"):
		return errorOf(ErrUnsafePath, "entry %q has an absolute path", name)
	case len(n) >= 2 && n[1] == ':' && isASCIILetter(n[0]):
		return errorOf(ErrUnsafePath, "entry %q names a drive", name)
	}
	for _, seg := range strings.Split(n, "/") {
		if seg == ".." {
			return errorOf(ErrUnsafePath, "entry %q climbs out of the archive", name)
		}
	}
	return nil
}

func isASCIILetter(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }

// cleanEntryName is a checked entry name as a clean relative path.
func cleanEntryName(name string) string {
	n := path.Clean(strings.ReplaceAll(name, `\`, "/"))
	return strings.TrimPrefix(n, "./")
}

// stripCommonTop drops a folder that holds everything (vault.zip with
// MyVault/...), so that the vault's own folders decide where notes go.
func stripCommonTop(files []*file) {
	if len(files) == 0 {
		return
	}
	top, _, ok := strings.Cut(files[0].rel, "/")
	if !ok {
		return
	}
	for _, f := range files {
		t, _, ok := strings.Cut(f.rel, "/")
		if !ok || t != top {
			return
		}
	}
	for _, f := range files {
		f.rel = f.rel[len(top)+1:]
	}
}

// budgetReader fails once an archive has given more bytes than allowed.
type budgetReader struct {
	rc   io.ReadCloser
	left *int64
	name string
}

func (b *budgetReader) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	*b.left -= int64(n)
	if *b.left < 0 {
		return n, errorOf(ErrTooLarge, "%w: %s takes the archive past its size limit", ErrUnsafeArchive, b.name)
	}
	if err != nil && err != io.EOF {
		err = errorOf(ErrMalformed, "reading %s: %v", b.name, err)
	}
	return n, err
}

func (b *budgetReader) Close() error { return b.rc.Close() }

// index sorts the files and builds the lookups links are resolved with.
func (s *source) index() {
	sort.Slice(s.files, func(i, j int) bool { return s.files[i].rel < s.files[j].rel })
	s.byRel = make(map[string]*file, len(s.files))
	s.byName = make(map[string][]*file)
	for _, f := range s.files {
		k := vault.FoldName(f.rel)
		if _, dup := s.byRel[k]; !dup {
			s.byRel[k] = f
		}
		n := vault.FoldName(path.Base(f.rel))
		s.byName[n] = append(s.byName[n], f)
	}
}

// lookup finds the file at rel (case-insensitively, as Obsidian does on
// every system).
func (s *source) lookup(rel string) *file { return s.byRel[vault.FoldName(rel)] }

// lookupName finds a file by its base name, preferring the shortest path
// as Obsidian's "shortest path when possible" links do.
func (s *source) lookupName(name string) *file {
	var best *file
	for _, f := range s.byName[vault.FoldName(name)] {
		if best == nil || strings.Count(f.rel, "/") < strings.Count(best.rel, "/") {
			best = f
		}
	}
	return best
}

// read returns a file's bytes, refusing one over max.
func (s *source) read(f *file, max int64) ([]byte, error) {
	if f.size > max {
		return nil, errorOf(ErrTooLarge, "%s is %s, more than the %s allowed", f.rel, formatBytes(uint64(f.size)), formatBytes(uint64(max)))
	}
	rc, err := f.open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, errorOf(ErrTooLarge, "%s is more than the %s allowed", f.rel, formatBytes(uint64(max)))
	}
	return data, nil
}

// formatBytes writes a size the way people read them.
func formatBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "KMGTPE"[exp])
}
