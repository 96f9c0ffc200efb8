//go:build !windows

package main

// attachConsole is for Windows, where Parley is a GUI program; elsewhere a
// program run from a terminal always has it.
func attachConsole() {}
