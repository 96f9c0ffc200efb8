//go:build !windows && !darwin

package vault

import "os"

// syncFile flushes f's data to the disk.
func syncFile(f *os.File) error { return f.Sync() }

// syncDir flushes a directory, so that a rename in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
