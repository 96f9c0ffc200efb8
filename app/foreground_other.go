//go:build !windows

package app

// allowForeground is for Windows, which keeps other processes' windows
// from coming forward unless asked; elsewhere the window manager decides.
func allowForeground(int) {}
