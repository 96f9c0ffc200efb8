package assets

import "embed"

// Fonts holds the TTF fonts that exported PDF briefs embed: DejaVu Sans,
// regular and bold, which cover Latin, Cyrillic and Greek (see
// fonts/LICENSE).
//
//go:embed fonts
var Fonts embed.FS
