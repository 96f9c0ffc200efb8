// Package ui is Parley's window, built with Fyne. It is the only package
// (besides main) that imports Fyne, and it never touches files or the index
// itself: everything goes through app.Notebook, off the UI goroutine, with
// results brought back by fyne.Do.
package ui

import (
	"errors"
	"io"
	"io/fs"
	"log"
	"os"
	"runtime"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/assets"
)

// AppID identifies Parley to the operating system (preferences, the
// macOS bundle); it matches FyneApp.toml.
const AppID = "com.parleynotes.parley"

// raiseWait is how long a second start waits for a window that is still
// starting to say where it listens.
const raiseWait = 3 * time.Second

// Run opens the window on the vault in dir, creating the vault with the
// demo notebook when it does not exist yet, and returns when the window
// closes. When another Parley window has the vault, Run brings that window
// forward and returns app.ErrWindowRaised.
func Run(dir string) error {
	file, stop := startLog()
	defer stop()
	file.Printf("Parley %s opening %s", app.Version, dir)
	err := run(dir, file)
	if err != nil && !errors.Is(err, app.ErrWindowRaised) {
		// The command line prints the error itself; the file keeps it for
		// a window started without a terminal.
		file.Print(err)
	}
	return err
}

// run opens the window; file logs to the log file alone what a terminal
// need not show.
func run(dir string, file *log.Logger) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := app.CreateWithDemo(dir); err != nil {
			return err
		}
	}
	nb, err := app.Open(dir, app.Options{Background: true, Watch: true})
	var locked *vault.LockedError
	if errors.As(err, &locked) {
		rerr := app.RaiseWindow(locked.Dir, locked.PID, raiseWait)
		if rerr == nil {
			file.Printf("the vault is open in process %d; asked its window to come forward", locked.PID)
			return app.ErrWindowRaised
		}
		file.Printf("could not bring the open window forward: %v", rerr)
	}
	if err != nil {
		return err
	}
	defer nb.Close()
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("parley.png", assets.Icon))
	w := newMainWindow(a, nb, newTasks(false))
	srv, err := app.ServeWindow(nb.Root(), func() { fyne.Do(w.raise) })
	if err != nil {
		log.Printf("a second start of Parley will not find this window: %v", err)
	} else {
		log.Printf("answering other starts of Parley on %s", srv.Addr())
		defer srv.Close()
	}
	w.win.ShowAndRun()
	return nil
}

// startLog sends the standard log (Fyne's errors, Parley's notices) to the
// log file as well as to stderr, which a window started from a menu or an
// icon does not show. It returns a logger that writes to the file alone
// and the function that closes the file.
func startLog() (*log.Logger, func()) {
	home, err := os.UserHomeDir()
	if err != nil {
		return log.New(io.Discard, "", 0), func() {}
	}
	f, err := app.OpenLog(app.LogDir(runtime.GOOS, home, os.Getenv), app.MaxLogBytes)
	if err != nil {
		log.Printf("no log file: %v", err)
		return log.New(io.Discard, "", 0), func() {}
	}
	// The file first: on Windows a window started from Explorer has no
	// stderr, and a writer that fails stops io.MultiWriter.
	log.SetOutput(io.MultiWriter(f, os.Stderr))
	return log.New(f, "", log.LstdFlags), func() {
		log.SetOutput(os.Stderr)
		f.Close()
	}
}
