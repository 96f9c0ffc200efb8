package vault

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
		// Windows: device names whatever follows them, NTFS streams, NUL.
		{"AUX.tar.gz", "_AUX.tar.gz"},
		{"Nul  ", "_Nul"},
		{"conin$", "_conin$"},
		{"LPT1 .txt", "_LPT1 .txt"},
		{"notes:secret", "notes secret"},
		{"a\x00b", "ab"},
		{"COM10", "COM10"},
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

// TestNamesOnMacAndWindowsDisks: macOS (APFS, HFS+) and Windows (NTFS)
// ignore case, and macOS may hand back names in NFD, as files copied from
// an HFS+ disk or made by other programs have them. A new record's file
// must not land on an existing file that such a disk would take for the
// same name, whatever form that file's name is in.
func TestNamesOnMacAndWindowsDisks(t *testing.T) {
	tests := []struct {
		onDisk, title, want string
	}{
		{norm.NFD.String("Été à Genève.md"), "été à genève", "notes/été à genève 2.md"},
		{"ROUND 2 NOTES.md", "Round 2 notes", "notes/Round 2 notes 2.md"},
		{norm.NFD.String("Переговоры Й.md"), "переговоры й", "notes/переговоры й 2.md"},
		{"Other.md", "Été", "notes/Été.md"},
	}
	for _, tt := range tests {
		v := openTemp(t)
		if err := os.WriteFile(filepath.Join(v.Root(), "notes", tt.onDisk), []byte("# x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := &Record{ID: NewID(), Type: TypeNote, Title: tt.title, Body: "x\n"}
		r.Normalize(time.Now())
		if err := v.Write(r); err != nil {
			t.Fatal(err)
		}
		if r.Path != tt.want || !norm.NFC.IsNormalString(r.Path) {
			t.Errorf("with %q on disk, %q was saved as %q, want %q", tt.onDisk, tt.title, r.Path, tt.want)
		}
	}
}
