// Package app is Parley's application core: the Notebook, which keeps a
// vault of record files and the search index derived from it in step, for
// the GUI and the CLI alike. It imports neither Fyne nor Bleve directly.
package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// ErrIndexing is returned by searches while the first index of a vault is
// still being built.
var ErrIndexing = errors.New("the search index is being built; try again in a moment")

// Options tune how a notebook opens.
type Options struct {
	// Background makes Open return at once and build or reconcile the
	// index in the background (the GUI, which must show a window within
	// half a second). Otherwise Open returns with the index up to date
	// (the CLI, whose answers must be right).
	Background bool
	// Watch follows changes other programs make to the vault while it is
	// open.
	Watch bool
	// Progress receives progress of long work before Open returns; later
	// progress arrives as events.
	Progress func(Progress)
}

// Notebook is an open vault and its index. Its methods are safe for
// concurrent use.
type Notebook struct {
	vault *vault.Vault
	opts  Options

	ixMu     sync.RWMutex
	ix       *index.Index // nil while the first build runs
	indexDir string

	// writeMu serialises everything that changes files or the index, so
	// that a save and a reconcile never interleave.
	writeMu sync.Mutex

	events  eventHub
	texts   *textCache // what highlighting read lately
	watcher *watcher
	bg      sync.WaitGroup // every background goroutine, the watcher's too
	prep    sync.WaitGroup // the background build or reconcile of Open
	cancel  context.CancelFunc

	noticeMu sync.Mutex
	notices  []string
}

// Open opens the vault in dir (creating it when it does not exist) and its
// index, rebuilding the index when it is missing or damaged and bringing it
// up to date with the files.
func Open(dir string, opts Options) (*Notebook, error) {
	v, err := vault.Open(dir)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	nb := &Notebook{vault: v, opts: opts, cancel: cancel, texts: newTextCache()}
	nb.indexDir = v.DataPath("index")
	if v.ReadOnly() {
		nb.notice(fmt.Sprintf("vault %s is read-only: you can read and search it, but not change it", v.Root()))
		nb.indexDir, err = readOnlyIndexDir(v.Root())
		if err != nil {
			v.Close()
			return nil, err
		}
	}
	ix, err := index.Open(nb.indexDir)
	switch {
	case err == nil:
		nb.ix = ix
	case errors.Is(err, index.ErrMissing):
	case errors.Is(err, index.ErrOutdated):
		nb.notice("the search index was made by another version of Parley; rebuilding it from the vault")
	case errors.Is(err, index.ErrInUse) && v.ReadOnly():
		// Without a vault lock another Parley may be using this index.
		v.Close()
		return nil, fmt.Errorf("vault %s: %w", v.Root(), err)
	case errors.Is(err, index.ErrInUse):
		// This process holds the vault's lock, so no Parley holds the
		// index: whatever does is in the way, and a new index beside it
		// is the way round.
		nb.notice("the search index is locked by another program; rebuilding it from the vault")
	default:
		why := strings.TrimPrefix(shortError(err), index.ErrCorrupt.Error()+": ")
		nb.notice(fmt.Sprintf("the search index was damaged (%s); rebuilding it from the vault", why))
	}
	prepare := func() error {
		if nb.index() == nil {
			if err := nb.rebuild(ctx, nb.progressSink()); err != nil {
				return err
			}
		} else if _, err := nb.Reconcile(ctx); err != nil {
			return err
		}
		if opts.Watch {
			nb.startWatcher(ctx)
		}
		return nil
	}
	if opts.Background {
		nb.bg.Add(1)
		nb.prep.Add(1)
		go func() {
			defer nb.bg.Done()
			defer nb.prep.Done()
			if err := prepare(); err != nil && ctx.Err() == nil {
				nb.events.emit(Event{Kind: EventError, Err: err})
			}
			// Listing a large vault and its index is a burst of memory
			// the window then idles without; hand it back to the system
			// now rather than over the next minutes.
			debug.FreeOSMemory()
		}()
		return nb, nil
	}
	if err := prepare(); err != nil {
		nb.Close()
		return nil, err
	}
	return nb, nil
}

// readOnlyIndexDir is where the index of a read-only vault goes: the user's
// cache folder, keyed by the vault's path.
func readOnlyIndexDir(root string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	sum := sha256.Sum256([]byte(root))
	dir := filepath.Join(base, "parley", "readonly-"+hex.EncodeToString(sum[:8]), "index")
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("making a place for the index of read-only vault %s: %w", root, err)
	}
	return dir, nil
}

// shortError is an error message fit for a one-line notice: Bleve's can
// run over many lines and quote whole files.
func shortError(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}

// progressSink sends progress to Options.Progress and to subscribers.
func (nb *Notebook) progressSink() func(Progress) {
	return func(p Progress) {
		if nb.opts.Progress != nil {
			nb.opts.Progress(p)
		}
		nb.events.emit(Event{Kind: EventProgress, Progress: p})
	}
}

// Close stops background work, closes the index and releases the vault.
func (nb *Notebook) Close() error {
	nb.cancel()
	if nb.watcher != nil {
		nb.watcher.close()
	}
	nb.bg.Wait()
	nb.writeMu.Lock()
	defer nb.writeMu.Unlock()
	nb.ixMu.Lock()
	var err error
	if nb.ix != nil {
		err = nb.ix.Close()
		nb.ix = nil
	}
	nb.ixMu.Unlock()
	if verr := nb.vault.Close(); err == nil {
		err = verr
	}
	return err
}

// Root is the vault's folder.
func (nb *Notebook) Root() string { return nb.vault.Root() }

// ReadOnly reports whether the vault cannot be changed.
func (nb *Notebook) ReadOnly() bool { return nb.vault.ReadOnly() }

// Wait blocks until background preparation (first index build, reconcile)
// has finished. It does not wait for the watcher, which runs until Close.
func (nb *Notebook) Wait() { nb.prep.Wait() }

func (nb *Notebook) index() *index.Index {
	nb.ixMu.RLock()
	defer nb.ixMu.RUnlock()
	return nb.ix
}

// notice records something the user should be told once.
func (nb *Notebook) notice(msg string) {
	nb.noticeMu.Lock()
	nb.notices = append(nb.notices, msg)
	nb.noticeMu.Unlock()
	nb.events.emit(Event{Kind: EventNotice, Message: msg})
}

// Notices returns, and forgets, what the user should be told about the
// vault (a rebuilt index, a read-only disk).
func (nb *Notebook) Notices() []string {
	nb.noticeMu.Lock()
	defer nb.noticeMu.Unlock()
	n := nb.notices
	nb.notices = nil
	return n
}

// Abs is the absolute path of a vault-relative path.
func (nb *Notebook) Abs(rel string) string { return nb.vault.Abs(rel) }
