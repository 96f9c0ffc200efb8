package ui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClipFragment(t *testing.T) {
	long := strings.Repeat("word ", 40)
	tests := []struct {
		name, frag string
		keep       string // must survive whole
	}{
		{"short", "a <mark>b</mark> c", "a <mark>b</mark> c"},
		{"match late", long + "the <mark>embassy</mark> " + long, "<mark>embassy</mark>"},
		{"cyrillic", strings.Repeat("слово ", 40) + "<mark>посольство</mark> конец", "<mark>посольство</mark>"},
	}
	for _, tt := range tests {
		got := clipFragment(tt.frag, 60)
		if !strings.Contains(got, tt.keep) || utf8.RuneCountInString(got) > 60+utf8.RuneCountInString(tt.keep)+2 {
			t.Errorf("%s: %q", tt.name, got)
		}
		if strings.Count(got, "<mark>") != strings.Count(got, "</mark>") {
			t.Errorf("%s: a mark was cut: %q", tt.name, got)
		}
	}
}

func TestFragmentSegments(t *testing.T) {
	segs := fragmentSegments("a &amp; <mark>b</mark> c")
	if len(segs) != 3 || segs[0].Textual() != "a & " || segs[1].Textual() != "b" || segs[2].Textual() != " c" {
		t.Errorf("%v", segs)
	}
}
