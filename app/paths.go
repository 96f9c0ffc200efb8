package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// VaultEnv names the environment variable that chooses the default vault.
const VaultEnv = "PARLEY_VAULT"

// VaultDir decides which vault to open: the --vault flag, else
// $PARLEY_VAULT, else a Parley folder in the user's documents.
func VaultDir(flagValue string, getenv func(string) string) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = getenv(VaultEnv)
	}
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", errors.New("cannot find your home folder; choose a vault with --vault DIR or PARLEY_VAULT")
		}
		dir = filepath.Join(documentsDir(runtime.GOOS, home, getenv, os.ReadFile), "Parley")
	}
	if strings.HasPrefix(dir, "~"+string(filepath.Separator)) || dir == "~" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot expand %s: %w", dir, err)
		}
		dir = filepath.Join(home, dir[1:])
	}
	return filepath.Abs(dir)
}

// documentsDir is the user's documents folder on goos: Documents in the
// home folder on Windows and macOS (the shell folder Windows reports can be
// redirected, which USERPROFILE-relative code misses, so Windows asks the
// system where possible), and on Linux the XDG documents directory from
// user-dirs.dirs, else ~/Documents when it exists, else the home folder.
func documentsDir(goos, home string, getenv func(string) string, readFile func(string) ([]byte, error)) string {
	switch goos {
	case "windows":
		if d := knownDocumentsFolder(); d != "" {
			return d
		}
		return filepath.Join(home, "Documents")
	case "darwin":
		return filepath.Join(home, "Documents")
	}
	config := getenv("XDG_CONFIG_HOME")
	if config == "" {
		config = filepath.Join(home, ".config")
	}
	if b, err := readFile(filepath.Join(config, "user-dirs.dirs")); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			v, ok := strings.CutPrefix(strings.TrimSpace(line), "XDG_DOCUMENTS_DIR=")
			if !ok {
				continue
			}
			v = strings.Trim(v, `"`)
			v = strings.Replace(v, "$HOME", home, 1)
			if filepath.IsAbs(v) && v != home {
				return v
			}
		}
	}
	if d := getenv("XDG_DOCUMENTS_DIR"); filepath.IsAbs(d) {
		return d
	}
	if fi, err := os.Stat(filepath.Join(home, "Documents")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Documents")
	}
	return home
}
