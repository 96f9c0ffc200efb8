package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/parley-notes/parley/app/vault"
)

// windowVault is a vault folder with its .parley folder, as an open
// Notebook leaves it.
func windowVault(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, vault.DataDir), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestRaiseWindow(t *testing.T) {
	root := windowVault(t)
	raised := make(chan struct{}, 10)
	s, err := ServeWindow(root, func() { raised <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	if err := RaiseWindow(root, os.Getpid(), 0); err != nil {
		t.Fatalf("raise: %v", err)
	}
	if len(raised) != 1 {
		t.Fatalf("raise called %d times, want 1", len(raised))
	}
	if err := RaiseWindow(root, 0, 0); err != nil || len(raised) != 2 {
		t.Fatalf("raise with the holder unknown: %v, %d calls", err, len(raised))
	}
	path := filepath.Join(root, vault.DataDir, windowFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("window file mode %v: want it readable by its owner only", fi.Mode())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the window file outlived the window: %v", err)
	}
	if err := RaiseWindow(root, os.Getpid(), 0); err == nil {
		t.Error("raised a closed window")
	}
	if len(raised) != 2 {
		t.Errorf("raise called %d times, want 2", len(raised))
	}
}

// TestRaiseWindowRefused: what is not a request from someone who can read
// the vault, or is a file left by another process, raises nothing.
func TestRaiseWindowRefused(t *testing.T) {
	root := windowVault(t)
	raised := make(chan struct{}, 10)
	s, err := ServeWindow(root, func() { raised <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	path := filepath.Join(root, vault.DataDir, windowFile)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var info windowInfo
	if err := json.Unmarshal(good, &info); err != nil || info.Addr != s.Addr() || len(info.Token) != 32 || info.PID != os.Getpid() {
		t.Fatalf("window file %s: %v", good, err)
	}
	host, _ := os.Hostname()
	tests := []struct {
		name string
		info windowInfo
		pid  int
		msg  string
	}{
		{"left by another process", info, os.Getpid() + 1, "shows no window"},
		{"wrong token", windowInfo{info.PID, host, info.Addr, strings.Repeat("0", 32)}, 0, "did not answer"},
		{"another computer", windowInfo{info.PID, host + "-elsewhere", info.Addr, info.Token}, 0, "another computer"},
		{"not loopback", windowInfo{info.PID, host, "192.0.2.1:80", info.Token}, 0, "not on this computer"},
	}
	for _, tt := range tests {
		data, _ := json.Marshal(tt.info)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		err := RaiseWindow(root, tt.pid, 0)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: %v, want an error mentioning %q", tt.name, err, tt.msg)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s: took %v to give up", tt.name, took)
		}
	}
	if err := os.WriteFile(path, []byte("{broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := RaiseWindow(root, 0, 0); err == nil {
		t.Error("raised through a broken window file")
	}
	if len(raised) != 0 {
		t.Errorf("raise called %d times, want none", len(raised))
	}
}
