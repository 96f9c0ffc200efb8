package main

import (
	"log"
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uintptr(0)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachConsole lets a command print to the terminal it was run from.
// Parley.exe is a GUI program, so that starting it from Explorer opens no
// console window; the price is that Windows gives it no console either, and
// a command run in cmd or PowerShell would print nothing. So it attaches to
// its parent's console, if it has one, and points the standard streams that
// have no handle at it. Streams that have one (redirected to a file or a
// pipe) stay as they are.
func attachConsole() {
	in, out, errOut := stdHandle(windows.STD_INPUT_HANDLE), stdHandle(windows.STD_OUTPUT_HANDLE), stdHandle(windows.STD_ERROR_HANDLE)
	if in && out && errOut {
		return
	}
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return // started from Explorer or by a program without a console
	}
	if !out {
		reopen("CONOUT$", windows.STD_OUTPUT_HANDLE, &os.Stdout)
	}
	if !errOut {
		reopen("CONOUT$", windows.STD_ERROR_HANDLE, &os.Stderr)
		log.SetOutput(os.Stderr) // the standard logger kept the stderr it started with
	}
	if !in {
		reopen("CONIN$", windows.STD_INPUT_HANDLE, &os.Stdin)
	}
}

// stdHandle reports whether a standard handle is usable.
func stdHandle(which uint32) bool {
	h, err := windows.GetStdHandle(which)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}

// reopen opens the console device name as a standard stream. Read and
// write both: with read access Go sees a console and writes it UTF-16, so
// that titles in any script print right whatever the code page, and the
// progress line knows it has a terminal.
func reopen(name string, which uint32, f **os.File) {
	c, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return
	}
	windows.SetStdHandle(which, windows.Handle(c.Fd()))
	*f = c
}
