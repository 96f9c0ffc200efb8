package vault

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// MaxNameBytes bounds a file name made from a title (without extension), so
// that a deep vault path still fits Windows' and eCryptfs' limits.
const MaxNameBytes = 100

// SafeName turns a title into a file name (without extension) that is valid
// on Windows, macOS and Linux and that Obsidian can link to:
// NFC-normalised (macOS stores NFD; comparing NFC keeps one name one file),
// free of characters any of them reserve or that break [[wiki links]], not a
// Windows device name, without leading or trailing dots and spaces, and at
// most MaxNameBytes long. An empty result becomes "Untitled".
func SafeName(title string) string {
	title = norm.NFC.String(strings.ToValidUTF8(title, ""))
	var b strings.Builder
	space := false
	for _, r := range title {
		switch {
		case strings.ContainsRune(`<>:"/\|?*#^[]`, r), unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r < 0x20 || r == 0x7f || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r):
			// Control and format characters (including the right-to-left
			// override) hide what a name really is: drop them.
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	// Dropping a character can bring a letter and an accent together
	// ("A\x05\u0307"), which NFC then writes as one (found by
	// FuzzSafeName): normalise again.
	name := TruncateUTF8(norm.NFC.String(b.String()), MaxNameBytes)
	name = strings.Trim(name, " .")
	if name == "" {
		return "Untitled"
	}
	if isReservedName(name) {
		name = strings.TrimRight(TruncateUTF8("_"+name, MaxNameBytes), " .")
	}
	return name
}

// TruncateUTF8 cuts s to at most n bytes without splitting a character.
func TruncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// isReservedName reports whether Windows treats name as a device (CON,
// nul.txt, COM1.md, LPT¹...): the part before the first dot decides.
func isReservedName(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) >= 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		switch base[3:] {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// FoldName is the key under which two names collide on a case-insensitive,
// normalising file system (Windows, macOS): case-folded and NFC.
func FoldName(name string) string {
	return cases.Fold().String(norm.NFC.String(name))
}
