package vault

import "os"

// syncFile flushes f's data to the disk (FlushFileBuffers).
func syncFile(f *os.File) error { return f.Sync() }

// syncDir is not needed on Windows: NTFS journals the rename itself, and a
// directory cannot be opened for flushing.
func syncDir(string) error { return nil }
