package app

import (
	"runtime/debug"
	"strings"
)

// Build information, set by the build with -ldflags "-X ..." (the Makefile
// and its package targets do). A plain `go build` says "dev" and takes the
// commit from what Go stamped into the binary, when it stamped anything.
var (
	Version   = "dev"
	Commit    = ""
	BuildDate = ""
)

func init() {
	if info, ok := debug.ReadBuildInfo(); ok {
		Version, Commit = fromBuildInfo(info, Version, Commit)
	}
}

// fromBuildInfo fills in what the linker flags left unset from Go's build
// information: the module version of `go install …@v1.2.3`, and the VCS
// revision of a build in a git checkout. Go records no build date (the
// commit's time is not one), so BuildDate stays as the linker set it.
func fromBuildInfo(info *debug.BuildInfo, version, commit string) (string, string) {
	if version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		version = strings.TrimPrefix(info.Main.Version, "v")
	}
	if commit != "" {
		return version, commit
	}
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if commit != "" && modified {
		commit += "-dirty"
	}
	return version, commit
}
