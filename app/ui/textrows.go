package ui

import (
	"strings"
	"unicode/utf8"
)

// maxRowBytes bounds the text one label or entry holds. Fyne's word
// wrapping measures the rest of a paragraph for every line it makes, so its
// cost grows with the square of the paragraph's length: 2 KB takes a third
// of a second to lay out, 20 KB twenty seconds, and a 100 KB paragraph (a
// page clipped without its paragraph breaks) took eight minutes to open.
// Longer paragraphs are shown, and edited, a row at a time.
const maxRowBytes = 1000

// textRow is the part of a block's text, [start, end), that one row shows.
type textRow struct{ block, start, end int }

// rowsOf cuts block b's text into rows of at most maxRowBytes: whole when
// it is short enough, as almost every paragraph is.
func rowsOf(b int, text string) []textRow {
	var rows []textRow
	start := 0
	for _, end := range rowCuts(text) {
		rows = append(rows, textRow{block: b, start: start, end: end})
		start = end
	}
	return rows
}

// rowCuts returns where each row of text ends: after the last sentence in
// a row's second half if there is one, else after its last space, else
// (a word as long as a row) at a character boundary. The last cut is
// len(text); an empty text is one empty row.
func rowCuts(text string) []int {
	var cuts []int
	start := 0
	for len(text)-start > maxRowBytes {
		window := text[start : start+maxRowBytes]
		cut := sentenceEnd(window[maxRowBytes/2:])
		if cut >= 0 {
			cut += maxRowBytes / 2
		} else if cut = strings.LastIndexByte(window, ' '); cut > 0 {
			cut++ // the space ends the row, so the next starts with a word
		} else {
			cut = maxRowBytes
			for cut > 0 && !utf8.RuneStart(text[start+cut]) {
				cut--
			}
			if cut == 0 { // not UTF-8: any byte will do
				cut = maxRowBytes
			}
		}
		start += cut
		cuts = append(cuts, start)
	}
	return append(cuts, len(text))
}

// sentenceEnd is the offset just after the last ". ", "? " or "! " in s
// (the space included), or -1.
func sentenceEnd(s string) int {
	for i := len(s) - 2; i >= 0; i-- {
		if s[i+1] == ' ' && (s[i] == '.' || s[i] == '?' || s[i] == '!') {
			return i + 2
		}
	}
	return -1
}
