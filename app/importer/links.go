package importer

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// Links in a Markdown note that can point at a file of the import:
//
//	[text](dest "title") and ![alt](dest)  Markdown links and images
//	[[target|alias]] and ![[target|300]]   Obsidian wiki links and embeds
//	<img src="dest">                        HTML images
//
// Links to notes stay as they are (the notes keep their names, so the
// links still resolve); links to other files of the import (images,
// PDFs) are pointed at copies in the record's attachments folder.
var (
	mdLink   = regexp.MustCompile(`(!?)\[([^\]\n]*)\]\(\s*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)((?:\s+"[^"\n]*"|\s+'[^'\n]*')?)\s*\)`)
	wikiLink = regexp.MustCompile(`(!?)\[\[([^\[\]|#^\n]+)((?:[#^][^\[\]|\n]*)?)(?:\|([^\[\]\n]*))?\]\]`)
	htmlImg  = regexp.MustCompile(`(?i)(<img\b[^>]*?\bsrc\s*=\s*)("[^"]*"|'[^']*')`)
	fence    = regexp.MustCompile("^ {0,3}(```+|~~~+)")
)

// imageExts are the extensions shown as images.
var imageExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".svg": true,
	".bmp": true, ".avif": true, ".tif": true, ".tiff": true, ".heic": true,
}

// linker rewrites one note's links.
type linker struct {
	r       *run
	src     *source
	noteRel string // the note's path in the source
	att     *attacher
	used    map[*file]bool // files of the source that notes link to
	warn    []string
	warned  map[string]bool
}

// rewrite returns body with links to the import's files pointed at the
// record's copies. Code blocks and code spans are left alone.
func (l *linker) rewrite(body string) string {
	lines := strings.SplitAfter(body, "\n")
	var inFence string
	for i, line := range lines {
		if m := fence.FindStringSubmatch(line); m != nil {
			switch {
			case inFence == "":
				inFence = m[1]
			case strings.HasPrefix(m[1], inFence[:1]) && len(m[1]) >= len(inFence):
				inFence = ""
			}
			continue
		}
		if inFence != "" || !strings.ContainsAny(line, "[<") {
			continue
		}
		lines[i] = outsideCode(line, l.rewriteText)
	}
	return strings.Join(lines, "")
}

// outsideCode applies fn to the parts of a line that are not code spans.
func outsideCode(line string, fn func(string) string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(line, '`')
		if i < 0 {
			b.WriteString(fn(line))
			return b.String()
		}
		n := i
		for n < len(line) && line[n] == '`' {
			n++
		}
		ticks := line[i:n]
		end := strings.Index(line[n:], ticks)
		if end < 0 {
			b.WriteString(fn(line))
			return b.String()
		}
		b.WriteString(fn(line[:i]))
		b.WriteString(line[i : n+end+len(ticks)])
		line = line[n+end+len(ticks):]
	}
}

func (l *linker) rewriteText(s string) string {
	s = replaceGroup(mdLink, s, 3, func(dest string) (string, bool) {
		return l.target(strings.Trim(dest, "<>"), false)
	})
	s = wikiLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := wikiLink.FindStringSubmatch(m)
		target := strings.TrimSpace(sub[2])
		ext := strings.ToLower(path.Ext(target))
		if ext == "" || ext == ".md" {
			return m // a link to a note
		}
		link, ok := l.target(target, true)
		if !ok {
			return m
		}
		text := strings.TrimSpace(sub[4])
		if imageExts[ext] {
			alt := path.Base(target)
			if text != "" {
				alt += "|" + text // Obsidian's ![[x.png|300]] size, which ![x.png|300](...) keeps
			}
			return fmt.Sprintf("![%s](%s)", escapeMarkdown(alt), link)
		}
		if text == "" {
			text = path.Base(target)
		}
		return fmt.Sprintf("[%s](%s)", escapeMarkdown(text), link)
	})
	s = replaceGroup(htmlImg, s, 2, func(q string) (string, bool) {
		link, ok := l.target(html2text(q[1:len(q)-1]), false)
		if !ok {
			return q, false
		}
		return q[:1] + link + q[:1], true
	})
	return s
}

// replaceGroup replaces submatch g of every match of re with fn's result.
func replaceGroup(re *regexp.Regexp, s string, g int, fn func(string) (string, bool)) string {
	ms := re.FindAllStringSubmatchIndex(s, -1)
	if ms == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		start, end := m[2*g], m[2*g+1]
		if start < 0 {
			continue
		}
		repl, ok := fn(s[start:end])
		if !ok {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(repl)
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// target copies the file a link names into the record's attachments and
// returns the new link; false leaves the link as it was (a web address,
// a note, a file the import does not hold).
func (l *linker) target(dest string, wiki bool) (string, bool) {
	rel, ok := l.copy(dest, wiki)
	if !ok {
		return "", false
	}
	return l.att.link(rel), true
}

// copy copies the file a link names into the record's attachments and
// returns its vault path.
func (l *linker) copy(dest string, wiki bool) (string, bool) {
	f := l.resolve(dest, wiki)
	if f == nil {
		if ext := strings.ToLower(path.Ext(cleanDest(dest))); imageExts[ext] && !hasScheme(dest) {
			l.warnOnce(fmt.Sprintf("the image %s is not in the import; its link was left as it was", dest))
		}
		return "", false
	}
	l.used[f] = true
	data, err := l.src.read(f, l.r.lim.MaxFileBytes)
	if err != nil {
		l.warnOnce(fmt.Sprintf("%s was not copied (%v); its link was left as it was", f.rel, err))
		return "", false
	}
	rel, err := l.att.put("src:"+f.rel, path.Base(f.rel), data)
	if err != nil {
		l.warnOnce(err.Error())
		return "", false
	}
	return rel, true
}

// resolve finds the file of the source a link names, as Obsidian would:
// relative to the note, then from the vault's root, then (for wiki links
// and bare names) by file name anywhere. Only the source's list of files
// is searched, so no link can reach outside it.
func (l *linker) resolve(dest string, wiki bool) *file {
	if hasScheme(dest) {
		return nil
	}
	d := cleanDest(dest)
	if d == "" {
		return nil
	}
	var f *file
	if rel := path.Join(path.Dir(l.noteRel), d); !strings.HasPrefix(rel, "../") && rel != ".." {
		f = l.src.lookup(rel)
	}
	if f == nil {
		f = l.src.lookup(strings.TrimPrefix(path.Clean("/"+d), "/"))
	}
	if f == nil && (wiki || !strings.Contains(d, "/")) {
		f = l.src.lookupName(path.Base(d))
	}
	if f == nil || strings.EqualFold(path.Ext(f.rel), ".md") {
		return nil
	}
	return f
}

// cleanDest is a link destination as a path: no fragment or query,
// percent-escapes decoded, forward slashes.
func cleanDest(dest string) string {
	d := strings.TrimSpace(dest)
	if i := strings.IndexAny(d, "#?"); i >= 0 {
		d = d[:i]
	}
	if u, err := url.PathUnescape(d); err == nil {
		d = u
	}
	return strings.ReplaceAll(d, `\`, "/")
}

// hasScheme reports whether a link is a URL (https:, mailto:, data:,
// obsidian:) or a drive path (C:), neither of which names a file of the
// import.
func hasScheme(dest string) bool {
	d := strings.TrimSpace(dest)
	return urlScheme.MatchString(d) || strings.HasPrefix(d, "//")
}

var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

func (l *linker) warnOnce(s string) {
	if !l.warned[s] {
		l.warned[s] = true
		l.warn = append(l.warn, s)
	}
}

// html2text decodes the few entities an attribute value may use.
func html2text(s string) string {
	return strings.NewReplacer("&amp;", "&", "&quot;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}
