package vault

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// TestRetryRename: the policy Windows renames follow when a virus scanner
// or a sync client holds a file: retry what is transient, with waits that
// double, for about a second; give up at once on anything else.
func TestRetryRename(t *testing.T) {
	errBusy := errors.New("sharing violation")
	errGone := errors.New("no such file")
	transient := func(err error) bool { return errors.Is(err, errBusy) }
	ms := func(ns ...int) []time.Duration {
		var d []time.Duration
		for _, n := range ns {
			d = append(d, time.Duration(n)*time.Millisecond)
		}
		return d
	}
	tests := []struct {
		name      string
		failures  []error // what the rename returns, in turn; then nil
		wantErr   error
		wantCalls int
		wantWaits []time.Duration
	}{
		{"free file", nil, nil, 1, nil},
		{"held briefly", []error{errBusy, errBusy, errBusy}, nil, 4, ms(5, 10, 20)},
		{"missing file", []error{errGone}, errGone, 1, nil},
		{"held, then missing", []error{errBusy, errGone}, errGone, 2, ms(5)},
		{"held for good", slices.Repeat([]error{errBusy}, 50), errBusy, 9, ms(5, 10, 20, 40, 80, 160, 320, 640)},
	}
	for _, tt := range tests {
		calls := 0
		var waits []time.Duration
		rename := func(oldpath, newpath string) error {
			if oldpath != "a.tmp" || newpath != "a.md" {
				t.Fatalf("rename(%q, %q)", oldpath, newpath)
			}
			calls++
			if calls <= len(tt.failures) {
				return tt.failures[calls-1]
			}
			return nil
		}
		err := retryRename(rename, transient, func(d time.Duration) { waits = append(waits, d) }, "a.tmp", "a.md")
		if err != tt.wantErr || calls != tt.wantCalls || !slices.Equal(waits, tt.wantWaits) {
			t.Errorf("%s: err %v after %d calls, waits %v; want %v after %d, waits %v", tt.name, err, calls, waits, tt.wantErr, tt.wantCalls, tt.wantWaits)
		}
	}
}
