package vault

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// renameFile replaces newpath with oldpath. On Windows a virus scanner, the
// search indexer or a sync client often holds a file open for a moment, and
// the rename fails with a sharing violation; waiting a little and trying
// again is what every robust Windows program does.
func renameFile(oldpath, newpath string) error {
	return retryRename(os.Rename, isTransient, time.Sleep, oldpath, newpath)
}

func isTransient(err error) bool {
	return errors.Is(err, windows.ERROR_ACCESS_DENIED) ||
		errors.Is(err, windows.ERROR_SHARING_VIOLATION) ||
		errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}
