//go:build !windows

package vault

import "os"

// renameFile replaces newpath with oldpath atomically.
func renameFile(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }
