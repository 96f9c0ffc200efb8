package app

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const rev = "7d651453a0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5"
	tests := []struct {
		name            string
		main            string
		settings        []debug.BuildSetting
		version, commit string // what the linker set
		want            [2]string
	}{
		{"linker flags win", "(devel)", vcs("vcs.revision", rev), "0.1.0", "abc1234", [2]string{"0.1.0", "abc1234"}},
		{"plain go build in a checkout", "(devel)", vcs("vcs.revision", rev, "vcs.modified", "false"), "dev", "", [2]string{"dev", "7d651453a0c1"}},
		{"uncommitted changes", "(devel)", vcs("vcs.revision", rev, "vcs.modified", "true"), "dev", "", [2]string{"dev", "7d651453a0c1-dirty"}},
		{"go install of a release", "v0.2.0", nil, "dev", "", [2]string{"0.2.0", ""}},
		{"no VCS stamp (-buildvcs=false)", "(devel)", nil, "dev", "", [2]string{"dev", ""}},
	}
	for _, tt := range tests {
		info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/parley-notes/parley", Version: tt.main}, Settings: tt.settings}
		v, c := fromBuildInfo(info, tt.version, tt.commit)
		if got := [2]string{v, c}; got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
