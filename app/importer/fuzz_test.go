package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parley-notes/parley/app/vault"
	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"
)

// FuzzENEX feeds whole ENEX files through the scanner, the note decoder
// (with its repairs) and the ENML converter. Whatever comes in, the
// Markdown must be valid text that cannot act, even in a renderer that
// passes raw HTML through.
//
//	go test ./app/importer -run '^$' -fuzz FuzzENEX -fuzztime 20s
func FuzzENEX(f *testing.F) {
	for _, tt := range enexCases {
		b, err := os.ReadFile(filepath.Join("testdata", "enex", tt.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, tt := range enmlCases {
		f.Add([]byte(enexDoc(enexNoteXML(tt.name, tt.enml))))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := newNoteScanner(bytes.NewReader(data), 1<<20)
		if err != nil {
			return
		}
		for i := 0; i < 100; i++ {
			raw, err := sc.next()
			if err != nil {
				return
			}
			n, _, err := parseNote(raw, 1<<20)
			if err != nil {
				continue
			}
			var res []resource
			for j, r := range n.Resources {
				res = append(res, resource{hash: enexHash(&enexNote{Content: string(r.Data.Bytes)})[:32], mime: r.Mime, name: attachmentName(r.Attrs.FileName), link: "../attachments/X/f" + string(rune('a'+j%26))})
			}
			md, _ := enmlToMarkdown(n.Content, res)
			checkInert(t, md)
		}
	})
}

// checkInert fails unless md is valid text whose HTML, rendered with raw
// HTML allowed, has no active content.
func checkInert(t *testing.T, md string) {
	t.Helper()
	if !utf8.ValidString(md) || strings.ContainsRune(md, 0) {
		t.Fatalf("the Markdown is not valid text: %q", md)
	}
	var buf bytes.Buffer
	gm := goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	if err := gm.Convert([]byte(md), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	stack := []*html.Node{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "object", "embed", "form", "svg", "math", "style", "base", "meta", "link", "frame", "frameset", "applet":
				t.Fatalf("<%s> in the Markdown:\n%s", n.Data, md)
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, a.Val))
				if strings.HasPrefix(a.Key, "on") || ((a.Key == "href" || a.Key == "src") &&
					(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:"))) {
					t.Fatalf("active attribute %s=%q in the Markdown:\n%s", a.Key, a.Val, md)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
}

// FuzzMarkdownImport maps arbitrary files to records. The record must be
// valid and read back as written, the body must be kept exactly, and
// every property must survive under its name or as original_<name>.
//
//	go test ./app/importer -run '^$' -fuzz FuzzMarkdownImport -fuzztime 20s
func FuzzMarkdownImport(f *testing.F) {
	for _, tt := range frontMatterCases {
		f.Add([]byte(tt.text))
	}
	filepath.WalkDir(fixtureVault, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isMarkdown(p) {
			b, _ := os.ReadFile(p)
			f.Add(b)
		}
		return nil
	})
	mod := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		d := draftNote(data, "Notes/fuzz.md", mod)
		rec := d.rec
		check := rec.Clone()
		check.Normalize(mod)
		if err := check.Validate(); err != nil {
			t.Fatalf("invalid record: %v", err)
		}
		out, err := vault.Marshal(rec)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back := vault.Parse(out, rec.Path)
		if back.Broken() || back.ID != rec.ID || back.Title != rec.Title || back.Type != rec.Type {
			t.Fatalf("the record does not read back (%s): %q\n%s", back.Problem, back.Title, out)
		}
		text, _ := decodeText(data)
		front, body, has, err := vault.SplitFrontMatter(text)
		if err != nil {
			return
		}
		if has {
			node, err := parseFront(front)
			if err != nil || strings.Contains(strings.Join(d.warnings, " "), "code block") {
				return // kept verbatim in a code block; checked by the tests
			}
			outFront, _, _, _ := vault.SplitFrontMatter(out)
			outNode, err := parseFront(outFront)
			if err != nil {
				t.Fatalf("the written front matter does not parse: %v\n%s", err, out)
			}
			have := map[string]bool{}
			for i := 0; i+1 < len(outNode.Content); i += 2 {
				have[outNode.Content[i].Value] = true
			}
			known := vault.KnownKeys()
			for i := 0; i+1 < len(node.Content); i += 2 {
				k, v := node.Content[i].Value, node.Content[i+1]
				if known[k] && isEmptyValue(v) {
					continue // a record leaves out the fields it has no value for
				}
				if !have[k] && !have["original_"+k] && !hasPrefixKey(have, "original_"+k+"_") {
					t.Fatalf("property %q was lost:\n%s", k, out)
				}
			}
		}
		if back.Body != string(body) {
			t.Fatalf("the body changed:\n%q\n%q", body, back.Body)
		}
	})
}

func isEmptyValue(v *yaml.Node) bool {
	switch v.Kind {
	case yaml.ScalarNode:
		return v.ShortTag() == "!!null" || v.Value == ""
	case yaml.SequenceNode, yaml.MappingNode:
		return len(v.Content) == 0
	}
	return false
}

func hasPrefixKey(m map[string]bool, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}
