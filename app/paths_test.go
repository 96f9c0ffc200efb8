package app

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestVaultDirChoice(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	abs, _ := filepath.Abs("flagged")
	if got, _ := VaultDir("flagged", env(map[string]string{VaultEnv: "/env"})); got != abs {
		t.Errorf("flag: %s", got)
	}
	if got, _ := VaultDir("", env(map[string]string{VaultEnv: "/env/vault"})); got != filepath.Clean("/env/vault") {
		t.Errorf("env: %s", got)
	}
	home, _ := os.UserHomeDir()
	if got, _ := VaultDir("~/v", env(nil)); got != filepath.Join(home, "v") {
		t.Errorf("tilde: %s", got)
	}
	if got, _ := VaultDir("", env(nil)); filepath.Base(got) != "Parley" {
		t.Errorf("default: %s", got)
	}
}

func TestDocumentsDir(t *testing.T) {
	noFile := func(string) ([]byte, error) { return nil, errors.New("none") }
	userDirs := func(string) ([]byte, error) {
		return []byte("# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_DOCUMENTS_DIR=\"$HOME/Dokumente\"\n"), nil
	}
	none := func(string) string { return "" }
	tests := []struct {
		goos, home string
		read       func(string) ([]byte, error)
		want       string
	}{
		{"darwin", "/Users/ann", noFile, "/Users/ann/Documents"},
		{"linux", "/home/ann", userDirs, "/home/ann/Dokumente"},
		{"linux", "/nonexistent-home", noFile, "/nonexistent-home"},
		{"freebsd", "/home/bob", userDirs, "/home/bob/Dokumente"},
	}
	for _, tt := range tests {
		if got := documentsDir(tt.goos, tt.home, none, tt.read); got != filepath.FromSlash(tt.want) {
			t.Errorf("%s %s: got %s, want %s", tt.goos, tt.home, got, tt.want)
		}
	}
}
