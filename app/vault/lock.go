package vault

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// ErrLocked is returned when another process has the vault open.
var ErrLocked = errors.New("vault is open in another Parley process")

// LockedError says which process holds a vault.
type LockedError struct {
	Dir string
	PID int // 0 when the holder could not be identified
}

func (e *LockedError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("vault %s is open in another Parley process (pid %d)", e.Dir, e.PID)
	}
	return fmt.Sprintf("vault %s is open in another Parley process", e.Dir)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// lockFile is an exclusive lock on a vault. The operating system releases it
// when the process ends, however it ends, so a crash never leaves a vault
// locked; the pid written inside is only there to tell the user who holds it.
type lockFile struct{ f *os.File }

// acquireLock takes the lock at path without waiting.
func acquireLock(path, dir string) (*lockFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, &LockedError{Dir: dir, PID: readPID(path)}
		}
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		f.Sync()
	}
	return &lockFile{f: f}, nil
}

// readPID reads the holder's pid. The holder writes it just after taking the
// lock, so a loser of a simultaneous start may look a moment too early and
// find the file empty, or still holding the pid of a Parley that has
// ended: it looks again until it names a running process.
func readPID(path string) int {
	for range 10 {
		b, err := os.ReadFile(path)
		if err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 && processRunning(pid) {
				return pid
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0
}

func (l *lockFile) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	unlock(l.f)
	err := l.f.Close()
	l.f = nil
	return err
}
