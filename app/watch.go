package app

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/parley-notes/parley/app/vault"
)

// watchSettle is how long the watcher waits for a burst of changes (a sync
// client writing many files, an editor's save dance) to end before it
// updates the index.
const watchSettle = 250 * time.Millisecond

// watcher follows changes other programs make to the vault's files.
type watcher struct {
	fw   *fsnotify.Watcher
	done chan struct{}
	once sync.Once
}

// startWatcher watches every folder of the vault. Where the system refuses
// (too many folders for inotify, say), changes are still picked up at the
// next open.
func (nb *Notebook) startWatcher(ctx context.Context) {
	if nb.ReadOnly() {
		return
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		nb.notice("changes made by other programs will be picked up the next time the vault is opened: " + err.Error())
		return
	}
	w := &watcher{fw: fw, done: make(chan struct{})}
	nb.watcher = w
	root := nb.Root()
	addTree := func(dir string) {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			if p != root && skipDir(root, p) {
				return filepath.SkipDir
			}
			fw.Add(p)
			return nil
		})
	}
	addTree(root)
	nb.bg.Add(1)
	go func() {
		defer nb.bg.Done()
		nb.watchLoop(ctx, w, addTree)
	}()
}

// skipDir reports whether a folder holds no records: hidden folders
// (.parley, .trash, .git, .obsidian) and attachments.
func skipDir(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return true
	}
	rel = filepath.ToSlash(rel)
	return strings.HasPrefix(filepath.Base(p), ".") || rel == vault.AttachmentsDir
}

func (nb *Notebook) watchLoop(ctx context.Context, w *watcher, addTree func(string)) {
	pending := map[string]bool{}
	full := false
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	root := nb.Root()
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.done:
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			rel, err := filepath.Rel(root, ev.Name)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			rel = filepath.ToSlash(rel)
			if hiddenPath(rel) || strings.HasPrefix(rel, vault.AttachmentsDir+"/") {
				continue
			}
			switch {
			case strings.EqualFold(filepath.Ext(rel), ".md"):
				pending[rel] = true
			case ev.Has(fsnotify.Create):
				// A new folder: watch it, and index what was moved in.
				addTree(ev.Name)
				full = true
			case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
				// A folder went, taking its files with it.
				full = true
			default:
				continue
			}
			timer.Reset(watchSettle)
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			// Lost events (an overflowing queue): look at everything.
			nb.events.emit(Event{Kind: EventNotice, Message: "missed some file changes (" + err.Error() + "); re-reading the vault"})
			full = true
			timer.Reset(watchSettle)
		case <-timer.C:
			var err error
			if full {
				_, err = nb.Reconcile(ctx)
			} else {
				paths := make([]string, 0, len(pending))
				for p := range pending {
					paths = append(paths, p)
				}
				_, err = nb.reconcilePaths(ctx, paths)
			}
			if err != nil && ctx.Err() == nil {
				nb.events.emit(Event{Kind: EventError, Err: err})
			}
			pending, full = map[string]bool{}, false
		}
	}
}

// hiddenPath reports whether any element of rel starts with a dot.
func hiddenPath(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

func (w *watcher) close() {
	w.once.Do(func() {
		close(w.done)
		w.fw.Close()
	})
}
