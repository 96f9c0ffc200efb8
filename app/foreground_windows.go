package app

import "golang.org/x/sys/windows"

var allowSetForegroundWindow = windows.NewLazySystemDLL("user32.dll").NewProc("AllowSetForegroundWindow")

// allowForeground lets process pid take the foreground. Windows lets only
// the process the user last acted on (this one, just started) bring a
// window to the front; without this the open window would only flash in
// the taskbar.
func allowForeground(pid int) {
	if allowSetForegroundWindow.Find() == nil {
		allowSetForegroundWindow.Call(uintptr(pid))
	}
}
