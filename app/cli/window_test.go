package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

// TestWindowAlreadyOpen: starting the window on a vault another window
// shows is a success that says so; any other failure is an error.
func TestWindowAlreadyOpen(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		err            error
		code           int
		stdout, stderr string
	}{
		{nil, 0, "", ""},
		{fmt.Errorf("wrapped: %w", app.ErrWindowRaised), 0, "Parley is already open on " + dir + "; brought its window forward\n", ""},
		{&vault.LockedError{Dir: dir, PID: 42}, 1, "", "parley: vault " + dir + " is open in another Parley process (pid 42)\n"},
	}
	for _, tt := range tests {
		var opened string
		var out, errb bytes.Buffer
		code := Main([]string{"--vault", dir}, Env{
			Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
			Window: func(d string) error { opened = d; return tt.err },
		})
		if code != tt.code || out.String() != tt.stdout || errb.String() != tt.stderr || opened != filepath.Clean(dir) {
			t.Errorf("window %v: exit %d, stdout %q, stderr %q, opened %q", tt.err, code, out.String(), errb.String(), opened)
		}
	}
}
