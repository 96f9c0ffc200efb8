package vault

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestSafeName(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Round 2 — Istanbul, 10 April 2025", "Round 2 — Istanbul, 10 April 2025"},
		{"Переговоры в Стамбуле", "Переговоры в Стамбуле"},
		{"a/b\\c:d*e?f\"g<h>i|j", "a b c d e f g h i j"},
		{"[[wiki]] #tag ^block", "wiki tag block"},
		{"CON", "_CON"},
		{"con", "_con"},
		{"nul.txt", "_nul.txt"},
		{"COM1", "_COM1"},
		{"lpt9.md", "_lpt9.md"},
		{"COM¹", "_COM¹"},
		{"CONSOLE", "CONSOLE"},
		{"trailing dots...", "trailing dots"},
		{"  spaces  ", "spaces"},
		{".hidden", "hidden"},
		{"", "Untitled"},
		{"...", "Untitled"},
		{"tab\tand\nnewline", "tab and newline"},
		{"rtl\u202egnp.exe", "rtlgnp.exe"},
		{"bad \xff utf8", "bad utf8"},
		{"e\u0301te\u0301", "été"}, // NFD in, NFC out
	}
	for _, tt := range tests {
		if got := SafeName(tt.title); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestSafeNameLength(t *testing.T) {
	for _, title := range []string{strings.Repeat("a", 300), strings.Repeat("ж", 300), strings.Repeat("😀", 100), strings.Repeat("a ", 150)} {
		got := SafeName(title)
		if len(got) > MaxNameBytes || !utf8.ValidString(got) || strings.HasSuffix(got, " ") {
			t.Errorf("SafeName(%.20q…) = %q (%d bytes)", title, got, len(got))
		}
	}
}

func TestFoldName(t *testing.T) {
	if FoldName("Été.md") != FoldName(norm.NFD.String("été.MD")) {
		t.Error("names equal but for case and normalisation must fold alike")
	}
	if FoldName("a.md") == FoldName("b.md") {
		t.Error("different names fold alike")
	}
}

func FuzzSafeName(f *testing.F) {
	for _, s := range []string{"CON", "a/b", "...", "Переговоры", "\u202e", strings.Repeat("x", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		got := SafeName(title)
		if got == "" || len(got) > MaxNameBytes || !utf8.ValidString(got) {
			t.Fatalf("SafeName(%q) = %q", title, got)
		}
		if strings.ContainsAny(got, "<>:\"/\\|?*\x00") || strings.HasSuffix(got, ".") || strings.HasSuffix(got, " ") || strings.HasPrefix(got, ".") {
			t.Fatalf("SafeName(%q) = %q is not safe", title, got)
		}
		if isReservedName(got) {
			t.Fatalf("SafeName(%q) = %q is a Windows device name", title, got)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("SafeName(%q) = %q is not NFC", title, got)
		}
	})
}
