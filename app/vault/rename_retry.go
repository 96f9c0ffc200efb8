package vault

import "time"

// retryRename calls rename until it succeeds, fails in a way that waiting
// does not cure, or has waited long enough: 5 ms, then twice as long each
// time, about 1.3 s in all. Windows needs it (see rename_windows.go); it
// lives apart from the system call so that its policy is tested everywhere.
func retryRename(rename func(oldpath, newpath string) error, transient func(error) bool, sleep func(time.Duration), oldpath, newpath string) error {
	for wait := 5 * time.Millisecond; ; wait *= 2 {
		err := rename(oldpath, newpath)
		if err == nil || !transient(err) || wait > 640*time.Millisecond {
			return err
		}
		sleep(wait)
	}
}
