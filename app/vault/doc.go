// Package vault keeps Parley's records on disk: one Markdown file with YAML
// front matter per record, in a plain folder that any editor, Obsidian, git
// or a sync client can work with.
//
// The vault is the truth; everything Parley derives from it (the search
// index, caches) lives under .parley/ and can be rebuilt. So this package is
// careful in the ways that protect the truth: saves are atomic and flushed
// to the disk before they report success, a file Parley cannot parse is
// never written back, keys Parley does not know are preserved, and one
// process at a time holds the vault.
package vault
