package vault

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Errors callers act on.
var (
	// ErrBroken: the record's file is not well-formed, so Parley will not
	// write it back until the user fixes it.
	ErrBroken = errors.New("the file has a problem that must be fixed by hand first")
	// ErrConflict: the file changed on disk since the record was read.
	ErrConflict = errors.New("the file was changed by another program")
	// ErrExists: a new record was to be written where a file already is.
	ErrExists = errors.New("a file of that name is already in the vault")
	// ErrReadOnly: the vault is on a disk Parley cannot write to.
	ErrReadOnly = errors.New("the vault is read-only")
	// ErrNotFound: no such file in the vault.
	ErrNotFound = errors.New("not found")
)

// MaxFileBytes is the largest record file Parley reads whole. A larger file
// is reported, and only its beginning is indexed.
const MaxFileBytes = 32 << 20

const (
	// DataDir holds everything derived from the records (index, caches); it
	// can be deleted at any time.
	DataDir = ".parley"
	// TrashDir receives deleted records, where Obsidian puts them too.
	TrashDir = ".trash"
	// AttachmentsDir holds clips' images and snapshots, one folder a clip.
	AttachmentsDir = "attachments"
)

// Vault is a folder of records. It holds the vault's lock from Open to Close.
type Vault struct {
	root     string
	readOnly bool
	lock     *lockFile

	mu    sync.Mutex              // serialises creating file names
	names map[string]*folderNames // by folder; guarded by mu
}

// Open opens the vault at dir, creating its folders when needed, and locks
// it against other Parley processes. A vault on a disk that cannot be
// written opens read-only rather than failing.
func Open(dir string) (*Vault, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("vault %s: %w", dir, err)
	}
	if fi, err := os.Stat(root); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("vault %s is a file, not a folder", root)
	}
	v := &Vault{root: root}
	if err := v.prepare(); err != nil {
		if !isReadOnlyError(err) {
			return nil, fmt.Errorf("vault %s: %w", root, err)
		}
		if _, statErr := os.Stat(root); statErr != nil {
			return nil, fmt.Errorf("vault %s: %w", root, err)
		}
		v.readOnly = true
		return v, nil
	}
	l, err := acquireLock(filepath.Join(root, DataDir, "lock"), root)
	if err != nil && isReadOnlyError(err) {
		// A vault that has all its folders already gets this far on a
		// read-only disk: the lock file is the first thing written.
		v.readOnly = true
		return v, nil
	}
	if err != nil {
		return nil, err
	}
	v.lock = l
	return v, nil
}

// prepare creates the vault's folders and the .gitignore that keeps derived
// data out of git.
func (v *Vault) prepare() error {
	for _, d := range []string{DataDir, "clips", "rounds", "issues", "notes", AttachmentsDir} {
		if err := os.MkdirAll(filepath.Join(v.root, d), 0o755); err != nil {
			return err
		}
	}
	ignore := filepath.Join(v.root, DataDir, ".gitignore")
	if _, err := os.Stat(ignore); errors.Is(err, fs.ErrNotExist) {
		return WriteFileAtomic(ignore, []byte("# Derived data: rebuilt from the vault.\n*\n"), 0o644)
	}
	return nil
}

func isReadOnlyError(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)
}

// Close releases the vault's lock.
func (v *Vault) Close() error { return v.lock.release() }

// Root is the vault's absolute path.
func (v *Vault) Root() string { return v.root }

// ReadOnly reports whether the vault could not be opened for writing.
func (v *Vault) ReadOnly() bool { return v.readOnly }

// DataPath is a path inside the vault's derived-data folder.
func (v *Vault) DataPath(elem ...string) string {
	return filepath.Join(append([]string{v.root, DataDir}, elem...)...)
}

// Abs turns a vault-relative path into an absolute one.
func (v *Vault) Abs(rel string) string { return filepath.Join(v.root, filepath.FromSlash(rel)) }

// Read reads the record file at rel (relative to the vault).
func (v *Vault) Read(rel string) (*Record, error) {
	f, err := os.Open(v.Abs(rel))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", rel, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, err)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, err)
	}
	var rec *Record
	if len(data) > MaxFileBytes {
		rec = Parse(data[:MaxFileBytes], rel)
		rec.Problem = fmt.Sprintf("the file is larger than %d MB; only its beginning is shown and searched", MaxFileBytes>>20)
	} else {
		rec = Parse(data, rel)
	}
	rec.Sig = sigOf(fi)
	return rec, nil
}

// Write saves rec: a new record (empty Path) gets a file named after its
// title in its type's folder. Write refuses broken records, a file that
// changed since rec was read (rec.Sig), and a new record (no Sig) whose
// chosen Path is taken.
func (v *Vault) Write(rec *Record) error {
	if v.readOnly {
		return ErrReadOnly
	}
	if rec.Broken() {
		return fmt.Errorf("%s: %w", rec.Path, ErrBroken)
	}
	if err := rec.Validate(); err != nil {
		return err
	}
	data, err := Marshal(rec)
	if err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if rec.Path == "" {
		rel, err := v.freeName(rec.Type.Folder(), SafeName(rec.Title), ".md")
		if err != nil {
			return err
		}
		rec.Path = rel
	} else {
		// A record read from its file carries the file's signature, and
		// the file must not have changed since; a record with a path but
		// no signature is new, and must not replace a file.
		fi, err := os.Stat(v.Abs(rec.Path))
		switch {
		case err == nil && rec.Sig.IsZero():
			return fmt.Errorf("%s: %w", rec.Path, ErrExists)
		case err == nil && sigOf(fi) != rec.Sig:
			return fmt.Errorf("%s: %w", rec.Path, ErrConflict)
		}
	}
	abs := v.Abs(rec.Path)
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return fmt.Errorf("saving %s: %w", rec.Path, err)
	}
	if err := WriteFileAtomic(abs, data, 0o644); err != nil {
		return err
	}
	v.noteChange(rec.Path, true)
	fi, err := os.Stat(abs)
	if err != nil {
		return fmt.Errorf("saving %s: %w", rec.Path, err)
	}
	rec.Sig = sigOf(fi)
	return nil
}

// freeName finds name+ext in folder, or "name 2"+ext and so on, that no
// existing file matches even on a case-insensitive, normalising disk.
func (v *Vault) freeName(folder, name, ext string) (string, error) {
	taken, err := v.takenNames(folder)
	if err != nil {
		return "", err
	}
	for i := 1; ; i++ {
		cand := name
		if i > 1 {
			suffix := fmt.Sprintf(" %d", i)
			cand = TruncateUTF8(name, MaxNameBytes-len(suffix)) + suffix
		}
		if taken[FoldName(cand+ext)] {
			continue
		}
		// The remembered names may be a moment behind another program;
		// the disk has the last word.
		if _, err := os.Lstat(filepath.Join(v.root, folder, cand+ext)); err == nil {
			taken[FoldName(cand+ext)] = true
			continue
		}
		return path.Join(folder, cand+ext), nil
	}
}

// Delete moves the record file at rel to the vault's .trash folder, where
// the user (or Obsidian) can restore it.
func (v *Vault) Delete(rel string) error {
	if v.readOnly {
		return ErrReadOnly
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	src := v.Abs(rel)
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w", rel, ErrNotFound)
	}
	trash := filepath.Join(v.root, TrashDir)
	if err := os.MkdirAll(trash, 0o755); err != nil {
		return fmt.Errorf("deleting %s: %w", rel, err)
	}
	base := filepath.Base(src)
	dst := filepath.Join(trash, base)
	if _, err := os.Stat(dst); err == nil {
		ext := filepath.Ext(base)
		dst = filepath.Join(trash, strings.TrimSuffix(base, ext)+" "+time.Now().Format("20060102-150405.000")+ext)
	}
	if err := renameFile(src, dst); err != nil {
		return fmt.Errorf("deleting %s: %w", rel, err)
	}
	v.noteChange(rel, false)
	if err := syncDir(filepath.Dir(src)); err != nil {
		return fmt.Errorf("deleting %s: %w", rel, err)
	}
	return nil
}

// PutAttachment stores a file under attachments/<id>/ and returns its
// vault-relative path. name must already be a safe base name.
func (v *Vault) PutAttachment(id, name string, data []byte) (string, error) {
	if v.readOnly {
		return "", ErrReadOnly
	}
	if name != filepath.Base(name) || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("attachment name %q is not a plain file name", name)
	}
	rel := path.Join(AttachmentsDir, SafeName(id), name)
	abs := v.Abs(rel)
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return "", fmt.Errorf("saving %s: %w", rel, err)
	}
	if err := WriteFileAtomic(abs, data, 0o644); err != nil {
		return "", err
	}
	return rel, nil
}

func sigOf(fi fs.FileInfo) Sig { return Sig{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()} }

// IsZero reports whether the signature is unset.
func (s Sig) IsZero() bool { return s == Sig{} }

// Stat returns the signature of the file at rel, and whether it exists.
func (v *Vault) Stat(rel string) (Sig, bool) {
	fi, err := os.Stat(v.Abs(rel))
	if err != nil || !fi.Mode().IsRegular() {
		return Sig{}, false
	}
	return sigOf(fi), true
}
