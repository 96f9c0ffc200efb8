package markdown

import "strings"

// Chunks splits a body into its top-level pieces at blank lines, keeping a
// fenced code block whole even where it holds blank lines. Each chunk is
// Markdown that renders alone, which is how a long note is previewed a
// piece at a time.
func Chunks(body string) []string {
	var chunks []string
	var cur []string
	fence := ""
	flush := func() {
		if len(cur) > 0 {
			chunks = append(chunks, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case fence != "":
			cur = append(cur, line)
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		case strings.HasPrefix(trimmed, "```"), strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
		case trimmed == "":
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return chunks
}
