package assets

import _ "embed"

// Icon is Parley's icon, 128 pixels square, for its window (the packages
// carry their own sizes; see icons.sh).
//
//go:embed icon-128.png
var Icon []byte
