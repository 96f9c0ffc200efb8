package app

// Build information, set by the build with -ldflags "-X ..." (see the
// Makefile); a plain `go build` says "dev".
var (
	Version   = "dev"
	Commit    = ""
	BuildDate = ""
)
