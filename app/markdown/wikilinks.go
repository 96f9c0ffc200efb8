package markdown

import (
	"regexp"
	"strings"
)

// wikiLink matches Obsidian's [[Target]], [[Target|Alias]],
// [[Target#Heading]] and [[Target^block]], and embeds ![[...]].
var wikiLink = regexp.MustCompile(`!?\[\[([^\[\]|#^\n]+)(?:[#^][^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]`)

// Link is one [[wiki link]] of a body.
type Link struct {
	Target string // the linked title or file name, as written
	Text   string // what the reader sees: the alias, else the target
}

// WikiLinks lists the body's wiki links in order.
func WikiLinks(body string) []Link {
	var out []Link
	for _, m := range wikiLink.FindAllStringSubmatch(body, -1) {
		l := Link{Target: strings.TrimSpace(m[1]), Text: strings.TrimSpace(m[2])}
		if l.Text == "" {
			l.Text = l.Target
		}
		out = append(out, l)
	}
	return out
}

// ReplaceWikiLinks replaces each wiki link with what fn returns for it;
// embed is set for ![[...]].
func ReplaceWikiLinks(s string, fn func(l Link, embed bool) string) string {
	if !strings.Contains(s, "[[") {
		return s
	}
	return wikiLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := wikiLink.FindStringSubmatch(m)
		l := Link{Target: strings.TrimSpace(sub[1]), Text: strings.TrimSpace(sub[2])}
		if l.Text == "" {
			l.Text = l.Target
		}
		return fn(l, strings.HasPrefix(m, "!"))
	})
}

// WikiText replaces wiki links with the text a reader sees.
func WikiText(s string) string {
	return ReplaceWikiLinks(s, func(l Link, _ bool) string { return l.Text })
}
