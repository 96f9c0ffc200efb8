package app

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// MaxLogBytes is how large the window's log grows before it is rotated: a
// session's errors and notices take a few KB, so this keeps weeks of them.
const MaxLogBytes = 1 << 20

// LogFile is the window's log, parley.log in LogDir: started from a menu,
// an icon or Explorer, the window has no terminal, and this is where its
// errors and notices go. When it would grow past its limit it is moved to
// parley.log.1 (replacing the one before), so it never takes more than
// twice the limit. Its methods are safe for concurrent use.
type LogFile struct {
	mu   sync.Mutex
	path string
	max  int64
	f    *os.File
	size int64
}

// OpenLog opens parley.log in dir for appending, creating dir if needed.
func OpenLog(dir string, max int64) (*LogFile, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("making the log folder: %w", err)
	}
	l := &LogFile{path: filepath.Join(dir, "parley.log"), max: max}
	if err := l.open(); err != nil {
		return nil, err
	}
	if l.size >= max {
		l.rotate()
	}
	return l, nil
}

func (l *LogFile) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("opening the log: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("opening the log: %w", err)
	}
	l.f, l.size = f, fi.Size()
	return nil
}

// rotate moves the log to parley.log.1 and starts a new one. When the move
// fails (on Windows, another Parley may have the file open) the log starts
// again from empty instead, so that it stays bounded.
func (l *LogFile) rotate() {
	l.f.Close()
	l.f = nil
	if os.Rename(l.path, l.path+".1") != nil {
		os.Truncate(l.path, 0)
	}
	l.open()
}

// Write appends p to the log, rotating it first when p would take it past
// its limit.
func (l *LogFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil && l.size > 0 && l.size+int64(len(p)) > l.max {
		l.rotate()
	}
	if l.f == nil {
		return 0, os.ErrClosed
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// Close closes the log.
func (l *LogFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
