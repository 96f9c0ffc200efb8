//go:build !windows

package app

// knownDocumentsFolder is Windows-only; elsewhere the caller decides.
func knownDocumentsFolder() string { return "" }
