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
		known := ""
		if runtime.GOOS == "windows" {
			known = knownDocumentsFolder()
		}
		dir = filepath.Join(documentsDir(runtime.GOOS, home, known, getenv, os.ReadFile), "Parley")
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

// documentsDir is the user's documents folder on goos. On Windows it is
// known, the folder the system reports (Documents can be redirected to
// OneDrive or a network share, which a path made from the home folder
// misses), else Documents in the home folder; on macOS Documents in the
// home folder; on Linux and the BSDs the XDG documents directory from
// user-dirs.dirs, else ~/Documents when it exists, else the home folder.
func documentsDir(goos, home, known string, getenv func(string) string, readFile func(string) ([]byte, error)) string {
	switch goos {
	case "windows":
		if known != "" {
			return known
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
			// "$HOME/" is how user-dirs.dirs says a folder is turned off.
			v = filepath.Clean(strings.Replace(v, "$HOME", home, 1))
			if filepath.IsAbs(v) && v != filepath.Clean(home) {
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

// LogDir is where the window writes its log (see OpenLog): the folder each
// system keeps for an application's logs. On Windows that is Parley\Logs in
// the local (not roaming) application data, on macOS ~/Library/Logs/Parley,
// and elsewhere the XDG state directory, which the XDG base directory
// specification gives to logs.
func LogDir(goos, home string, getenv func(string) string) string {
	switch goos {
	case "windows":
		local := getenv("LOCALAPPDATA")
		if local == "" {
			local = filepath.Join(home, "AppData", "Local")
		}
		return filepath.Join(local, "Parley", "Logs")
	case "darwin":
		return filepath.Join(home, "Library", "Logs", "Parley")
	}
	state := getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(state) {
		state = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(state, "parley")
}
