// Package ui is Parley's window, built with Fyne. It is the only package
// (besides main) that imports Fyne, and it never touches files or the index
// itself: everything goes through app.Notebook, off the UI goroutine, with
// results brought back by fyne.Do.
package ui

import (
	"errors"
	"io/fs"
	"os"

	fyneapp "fyne.io/fyne/v2/app"
	"github.com/parley-notes/parley/app"
)

// AppID identifies Parley to the operating system (preferences, the
// macOS bundle); it matches FyneApp.toml.
const AppID = "com.parleynotes.parley"

// Run opens the window on the vault in dir, creating the vault with the
// demo notebook when it does not exist yet, and returns when the window
// closes.
func Run(dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := app.CreateWithDemo(dir); err != nil {
			return err
		}
	}
	nb, err := app.Open(dir, app.Options{Background: true, Watch: true})
	if err != nil {
		return err
	}
	defer nb.Close()
	a := fyneapp.NewWithID(AppID)
	w := newMainWindow(a, nb, newTasks(false))
	w.win.ShowAndRun()
	return nil
}
