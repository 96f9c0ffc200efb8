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

// TestDocumentsDir: the default vault's parent on each system. Paths are
// written with slashes and compared in this system's form.
func TestDocumentsDir(t *testing.T) {
	noFile := func(string) ([]byte, error) { return nil, errors.New("none") }
	userDirs := func(string) ([]byte, error) {
		return []byte("# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_DOCUMENTS_DIR=\"$HOME/Dokumente\"\n"), nil
	}
	homeOnly := func(string) ([]byte, error) { return []byte("XDG_DOCUMENTS_DIR=\"$HOME/\"\n"), nil }
	withDocs := t.TempDir() // a home folder that has a Documents folder
	if err := os.Mkdir(filepath.Join(withDocs, "Documents"), 0o755); err != nil {
		t.Fatal(err)
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	none := env(nil)
	tests := []struct {
		name       string
		goos, home string
		known      string // what Windows reports
		getenv     func(string) string
		read       func(string) ([]byte, error)
		want       string
	}{
		{"windows: the folder Windows reports", "windows", "C:/Users/ann", "D:/OneDrive/Documents", none, noFile, "D:/OneDrive/Documents"},
		{"windows: Documents when Windows says nothing", "windows", "C:/Users/ann", "", none, noFile, "C:/Users/ann/Documents"},
		{"windows: XDG settings mean nothing", "windows", "C:/Users/ann", "", none, userDirs, "C:/Users/ann/Documents"},
		{"darwin: Documents in the home folder", "darwin", "/Users/ann", "", none, noFile, "/Users/ann/Documents"},
		{"darwin: XDG settings mean nothing", "darwin", "/Users/ann", "", none, userDirs, "/Users/ann/Documents"},
		{"linux: user-dirs.dirs, localised", "linux", "/home/ann", "", none, userDirs, "/home/ann/Dokumente"},
		{"linux: user-dirs.dirs naming the home folder is skipped", "linux", "/nonexistent-home", "", none, homeOnly, "/nonexistent-home"},
		{"linux: $XDG_DOCUMENTS_DIR", "linux", "/home/ann", "", env(map[string]string{"XDG_DOCUMENTS_DIR": "/data/docs"}), noFile, "/data/docs"},
		{"linux: ~/Documents when it exists", "linux", withDocs, "", none, noFile, filepath.ToSlash(filepath.Join(withDocs, "Documents"))},
		{"linux: the home folder when there is no Documents", "linux", "/nonexistent-home", "", none, noFile, "/nonexistent-home"},
		{"freebsd: as Linux", "freebsd", "/home/bob", "", none, userDirs, "/home/bob/Dokumente"},
	}
	for _, tt := range tests {
		if got := documentsDir(tt.goos, tt.home, tt.known, tt.getenv, tt.read); got != filepath.FromSlash(tt.want) {
			t.Errorf("%s: got %s, want %s", tt.name, got, filepath.FromSlash(tt.want))
		}
	}
}

func TestLogDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		goos, home string
		env        map[string]string
		want       string
	}{
		{"windows", "C:/Users/ann", map[string]string{"LOCALAPPDATA": "C:/Users/ann/AppData/Local"}, "C:/Users/ann/AppData/Local/Parley/Logs"},
		{"windows", "C:/Users/ann", nil, "C:/Users/ann/AppData/Local/Parley/Logs"},
		{"darwin", "/Users/ann", map[string]string{"XDG_STATE_HOME": "/Users/ann/state"}, "/Users/ann/Library/Logs/Parley"},
		{"linux", "/home/ann", nil, "/home/ann/.local/state/parley"},
		{"linux", "/home/ann", map[string]string{"XDG_STATE_HOME": "/var/state/ann"}, "/var/state/ann/parley"},
		{"linux", "/home/ann", map[string]string{"XDG_STATE_HOME": "relative"}, "/home/ann/.local/state/parley"},
		{"openbsd", "/home/bob", nil, "/home/bob/.local/state/parley"},
	}
	for _, tt := range tests {
		if got := LogDir(tt.goos, filepath.FromSlash(tt.home), env(tt.env)); got != filepath.FromSlash(tt.want) {
			t.Errorf("%s %v: got %s, want %s", tt.goos, tt.env, got, filepath.FromSlash(tt.want))
		}
	}
}
