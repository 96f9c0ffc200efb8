package vault

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFile flushes f's data to the disk. On macOS fsync only reaches the
// drive's cache; F_FULLFSYNC asks the drive to write it through. Some file
// systems (network shares) refuse it, and then fsync is the best there is.
func syncFile(f *os.File) error {
	if _, err := unix.FcntlInt(f.Fd(), unix.F_FULLFSYNC, 0); err == nil {
		return nil
	}
	return f.Sync()
}

// syncDir flushes a directory, so that a rename in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return syncFile(d)
}
