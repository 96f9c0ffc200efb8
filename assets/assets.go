// Package assets holds what Parley ships inside its binary: the demo
// notebook a new user starts with, the icon and the fonts.
package assets

import "embed"

// Demo is the demo notebook: record files laid out as in a vault.
//
//go:embed demo
var Demo embed.FS
