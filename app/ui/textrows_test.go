package ui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRowCuts(t *testing.T) {
	sentence := "The sides agreed to meet again. " // 32 bytes
	word := strings.Repeat("x", 90) + " "          // no sentence ends
	cyrillic := strings.Repeat("переговоры", 150)  // one word, 2 bytes a letter
	invalid := strings.Repeat("\xff", 2500)        // not UTF-8 at all
	tests := []struct {
		name string
		text string
		// ends is what every row but the last must end with.
		ends string
	}{
		{"empty", "", ""},
		{"short", "A short paragraph.", ""},
		{"exactly a row", strings.Repeat("y", maxRowBytes), ""},
		{"sentences", strings.Repeat(sentence, 200), ". "},
		{"words", strings.Repeat(word, 40), " "},
		{"one long word", cyrillic, ""},
		{"invalid UTF-8", invalid, ""},
	}
	for _, tt := range tests {
		cuts := rowCuts(tt.text)
		if cuts[len(cuts)-1] != len(tt.text) {
			t.Errorf("%s: last cut %d, want %d", tt.name, cuts[len(cuts)-1], len(tt.text))
		}
		if want := (len(tt.text) + maxRowBytes - 1) / maxRowBytes; len(cuts) < want {
			t.Errorf("%s: %d rows for %d bytes", tt.name, len(cuts), len(tt.text))
		}
		start := 0
		for i, end := range cuts {
			row := tt.text[start:end]
			if len(row) > maxRowBytes || (len(row) == 0 && len(tt.text) > 0) {
				t.Errorf("%s: row %d is %d bytes", tt.name, i, len(row))
			}
			if i < len(cuts)-1 && !strings.HasSuffix(row, tt.ends) {
				t.Errorf("%s: row %d ends %q, want %q", tt.name, i, row[max(0, len(row)-5):], tt.ends)
			}
			if utf8.ValidString(tt.text) && !utf8.ValidString(row) {
				t.Errorf("%s: row %d cuts a character", tt.name, i)
			}
			start = end
		}
	}
}
