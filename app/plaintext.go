package app

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parley-notes/parley/app/markdown"
)

// plainText is markdown.PlainText, the text the index sees, made fast for
// the Markdown a clipped article mostly is: paragraphs of prose with the
// odd link. Parsing Markdown was the larger part of the cost of reindexing
// a file and of highlighting a hit.
//
// A body whose blocks cannot interact (no code fences, no HTML blocks, no
// link reference definitions, nothing indented) is taken a block at a time,
// blocks being separated by blank lines: a block of plain prose, simple
// links [text](address) and emphasis is turned into text directly; any other block is
// parsed on its own, which gives what parsing the whole body gives. Any
// other body is parsed whole. TestPlainTextMatchesMarkdown and
// FuzzPlainText hold the two to the same output.
func plainText(body string) string {
	if !blockwise(body) {
		return markdown.PlainText(body)
	}
	// The other blocks are parsed together, separated by a paragraph
	// that says where each ends, which costs one parse instead of one a
	// block.
	var parts []string
	var rest []string // blocks to parse
	var at []int      // where in parts each one's text goes
	for _, block := range strings.Split(body, "\n\n") {
		block = strings.Trim(block, "\n")
		if block == "" {
			continue
		}
		if text, ok := proseBlock(block); ok {
			if text != "" {
				parts = append(parts, text)
			}
			continue
		}
		rest = append(rest, block)
		at = append(at, len(parts))
		parts = append(parts, "")
	}
	if len(rest) == 0 {
		return strings.Join(parts, markdown.BlockSeparator)
	}
	if strings.Contains(body, blockMark) {
		return markdown.PlainText(body)
	}
	texts := make([][]string, len(rest))
	k := 0
	for _, b := range markdown.Blocks(strings.Join(rest, "\n\n"+blockMark+"\n\n")) {
		if b.Text == blockMark && b.Kind == markdown.Paragraph {
			k++
			continue
		}
		texts[k] = append(texts[k], b.Text)
	}
	var out []string
	j := 0
	for i, p := range parts {
		if j < len(at) && at[j] == i {
			out = append(out, texts[j]...)
			j++
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, markdown.BlockSeparator)
}

// blockMark separates the blocks plainText has parsed together.
const blockMark = "parleyblockmark7f3a"

// blockwise reports whether body's blocks can be taken one at a time.
func blockwise(body string) bool {
	for _, s := range []string{"```", "~~~", "]:", "[^", "\t", "\r", "\x00", "\f", "\v"} {
		if strings.Contains(body, s) {
			return false
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if line != "" && (line[0] == ' ' || line[0] == '<') {
			return false
		}
	}
	return true
}

// proseBlock returns the text of a block of prose: lines that start with a
// letter or a digit (not a list's number), with nothing Markdown gives a
// meaning to but simple links and emphasis. It reports false for anything
// else.
func proseBlock(block string) (string, bool) {
	lines := strings.Split(block, "\n")
	for i, line := range lines {
		line, ok := unlink(line)
		if ok {
			line, ok = unemphasize(line)
		}
		if !ok || line == "" || strings.HasSuffix(line, " ") || !proseStart(line) || !proseChars(line) {
			return "", false
		}
		lines[i] = line
	}
	return strings.TrimSpace(strings.Join(lines, " ")), true
}

// unlink replaces simple links, [text](address) with plain words for text
// and no spaces, quotes or brackets in the address, by their text, and
// reports false if a bracket is left.
func unlink(line string) (string, bool) {
	if !strings.Contains(line, "[") && !strings.Contains(line, "]") {
		return line, true
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(line, '[')
		if i < 0 {
			break
		}
		j := strings.Index(line[i:], "](")
		if j < 0 {
			return "", false
		}
		text := line[i+1 : i+j]
		rest := line[i+j+2:]
		k := strings.IndexByte(rest, ')')
		if k <= 0 {
			return "", false
		}
		dest := rest[:k]
		if text == "" || text[0] == ' ' || text[len(text)-1] == ' ' || strings.ContainsAny(text, "[]()") ||
			strings.ContainsAny(dest, " ()<>\"'\\[]") || !proseChars(text) {
			return "", false
		}
		b.WriteString(line[:i])
		b.WriteString(text)
		line = rest[k+1:]
	}
	b.WriteString(line)
	out := b.String()
	if strings.ContainsAny(out, "[]") {
		return "", false
	}
	return out, true
}

// unemphasize replaces simple emphasis, *words* or **words** opening after
// a space (or at the start) and closing before a space, a full stop, a
// comma, a colon, a semicolon (or at the end), by its words, and reports
// false if an asterisk is left.
func unemphasize(line string) (string, bool) {
	if !strings.Contains(line, "*") {
		return line, true
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(line, '*')
		if i < 0 {
			break
		}
		mark := "*"
		if strings.HasPrefix(line[i:], "**") {
			mark = "**"
		}
		inner := line[i+len(mark):]
		j := strings.Index(inner, mark)
		if j <= 0 {
			return "", false
		}
		text := inner[:j]
		after := inner[j+len(mark):]
		first, _ := utf8.DecodeRuneInString(text)
		last, _ := utf8.DecodeLastRuneInString(text)
		if i > 0 && line[i-1] != ' ' || !isWordRune(first) || !isWordRune(last) ||
			after != "" && !strings.ContainsRune(" .,;:", rune(after[0])) || !proseChars(text) {
			return "", false
		}
		b.WriteString(line[:i])
		b.WriteString(text)
		line = after
	}
	b.WriteString(line)
	return b.String(), true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// proseStart reports whether a line starts as a paragraph's line: with a
// letter, or with a digit but not as a numbered list item.
func proseStart(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	if unicode.IsLetter(r) {
		return true
	}
	if r < '0' || r > '9' {
		return false
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i == len(line) || (line[i] != '.' && line[i] != ')')
}

// proseChars reports whether s has no character Markdown (with GitHub's
// extensions) could make something of: emphasis, code, escapes, entities,
// HTML, strikethrough, tables, bare addresses, and no unusual white space
// or control characters.
func proseChars(s string) bool {
	if strings.Contains(s, "://") || strings.Contains(s, "www.") {
		return false
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if !proseASCII[c] {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			return false
		}
		i += n
	}
	return true
}

// proseASCII marks the ASCII characters proseChars lets through.
var proseASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = !strings.ContainsRune("\\`*_[]<>&!~|@", rune(c))
	}
	return t
}()
