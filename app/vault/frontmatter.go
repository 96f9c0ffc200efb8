package vault

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// ErrFrontMatter is wrapped by every error about a file's front matter.
var ErrFrontMatter = errors.New("malformed front matter")

// SplitFrontMatter separates "---\n<yaml>\n---\n<body>". A file that does not
// start with exactly "---" on its own line has no front matter: this is how
// Obsidian reads it too, and it keeps "---js" style blocks out of the YAML
// parser. A block that is opened and never closed is an ErrFrontMatter.
func SplitFrontMatter(data []byte) (front, body []byte, has bool, err error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, rest, ok := cutLine(data)
	if !ok || string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, data, false, nil
	}
	off := 0
	for off <= len(rest) {
		line, next, more := cutLine(rest[off:])
		if trimmed := bytes.TrimRight(line, " \t"); string(trimmed) == "---" || string(trimmed) == "..." {
			return rest[:off], next, true, nil
		}
		if !more {
			break
		}
		off = len(rest) - len(next)
	}
	return nil, data, true, fmt.Errorf("%w: no closing --- line", ErrFrontMatter)
}

// cutLine returns the first line of b without its line ending, the rest after
// it, and whether a line ending was found.
func cutLine(b []byte) (line, rest []byte, found bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil, false
	}
	return bytes.TrimSuffix(b[:i], []byte("\r")), b[i+1:], true
}

// decodeFrontMatter parses the YAML into rec, keeping the parsed mapping so
// that unknown keys can be written back unchanged.
func decodeFrontMatter(front []byte, rec *Record) error {
	if len(bytes.TrimSpace(front)) == 0 {
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		return fmt.Errorf("%w: %s", ErrFrontMatter, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return fmt.Errorf("%w: expected key: value pairs", ErrFrontMatter)
	}
	if err := m.Decode(rec); err != nil {
		return fmt.Errorf("%w: %s", ErrFrontMatter, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	rec.front = m
	return nil
}

// encodeFrontMatter writes rec's fields as YAML. Where the record was read
// from a file, the original key order, unknown keys and their comments are
// kept; fields Parley knows take their new values, in place.
func encodeFrontMatter(rec *Record) ([]byte, error) {
	var fresh yaml.Node
	if err := fresh.Encode(rec); err != nil {
		return nil, fmt.Errorf("encoding front matter: %w", err)
	}
	m := &fresh
	if rec.front != nil {
		m = mergeMappings(rec.front, &fresh)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("encoding front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encoding front matter: %w", err)
	}
	return buf.Bytes(), nil
}

// mergeMappings lays fresh's values over orig's layout.
func mergeMappings(orig, fresh *yaml.Node) *yaml.Node {
	values := make(map[string]*yaml.Node, len(fresh.Content)/2)
	var order []string
	for i := 0; i+1 < len(fresh.Content); i += 2 {
		k := fresh.Content[i].Value
		values[k] = fresh.Content[i+1]
		order = append(order, k)
	}
	known := KnownKeys()
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: orig.Tag, Style: orig.Style}
	used := make(map[string]bool, len(values))
	for i := 0; i+1 < len(orig.Content); i += 2 {
		key, val := orig.Content[i], orig.Content[i+1]
		if !known[key.Value] {
			out.Content = append(out.Content, key, val)
			continue
		}
		if v, ok := values[key.Value]; ok && !used[key.Value] {
			out.Content = append(out.Content, key, v)
			used[key.Value] = true
		}
	}
	for _, k := range order {
		if !used[k] {
			out.Content = append(out.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, values[k])
		}
	}
	return out
}

var (
	knownOnce sync.Once
	known     map[string]bool
)

// KnownKeys is the set of front matter keys that Record's fields own.
func KnownKeys() map[string]bool {
	knownOnce.Do(func() {
		known = map[string]bool{}
		collectKeys(reflect.TypeOf(Record{}), known)
	})
	return known
}

func collectKeys(t reflect.Type, into map[string]bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		switch {
		case name == "-" || !f.IsExported():
		case opts == "inline":
			collectKeys(f.Type, into)
		case name != "":
			into[name] = true
		}
	}
}

// CheckText reports why data cannot be a text record (a NUL byte, invalid
// UTF-8), if it cannot.
func CheckText(data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("the file contains a NUL byte at offset %d", i)
	}
	if !utf8.Valid(data) {
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				return fmt.Errorf("the file is not valid UTF-8 (bad byte at offset %d)", i)
			}
			i += n
		}
	}
	return nil
}

// ExtraFields returns the front matter keys Parley does not know, which it
// keeps in the file untouched.
func (r *Record) ExtraFields() map[string]any {
	if r.front == nil {
		return nil
	}
	known := KnownKeys()
	out := map[string]any{}
	for i := 0; i+1 < len(r.front.Content); i += 2 {
		k := r.front.Content[i].Value
		if known[k] {
			continue
		}
		var v any
		if err := r.front.Content[i+1].Decode(&v); err == nil {
			out[k] = v
		}
	}
	return out
}

// The types below sit in lists of mappings in the front matter. go-yaml
// writes a multi-line string that starts with white space (a space, a tab,
// a line break) as a block scalar with an indentation indicator, and in a
// list of mappings it then cannot read its own output back ("did not find
// expected key"), so the save
// fails. An annotation whose prefix is " the talks.\n\n" or
// "\n\nSubheading\n\n" (a passage that starts a paragraph) is such a
// string. These types write those strings double-quoted instead; everything
// else is written as before.

// MarshalYAML writes the annotation, quoting strings go-yaml mis-indents.
func (a Annotation) MarshalYAML() (any, error) {
	type plain Annotation
	return encodeQuoted(plain(a))
}

// MarshalYAML writes the position, quoting strings go-yaml mis-indents.
func (p Position) MarshalYAML() (any, error) {
	type plain Position
	return encodeQuoted(plain(p))
}

// MarshalYAML writes the agenda item, quoting strings go-yaml mis-indents.
func (a AgendaItem) MarshalYAML() (any, error) {
	type plain AgendaItem
	return encodeQuoted(plain(a))
}

// MarshalYAML writes the delegation, quoting strings go-yaml mis-indents.
func (d Delegation) MarshalYAML() (any, error) {
	type plain Delegation
	return encodeQuoted(plain(d))
}

// encodeQuoted encodes v, a struct, with its multi-line strings that start
// with white space double-quoted. Such a string cannot even go through
// go-yaml's encoder on its own (one starting with a tab fails anywhere), so
// it is swapped for a placeholder, and put back, quoted, in the encoded
// node.
func encodeQuoted(v any) (any, error) {
	c := reflect.New(reflect.TypeOf(v)).Elem()
	c.Set(reflect.ValueOf(v))
	held := map[string]string{}
	for i := 0; i < c.NumField(); i++ {
		f := c.Field(i)
		if f.Kind() == reflect.String && f.CanSet() && needsQuotes(f.String()) {
			key := fmt.Sprintf("parley-quoted-%d-9f2c", i)
			held[key] = f.String()
			f.SetString(key)
		}
	}
	var n yaml.Node
	if err := n.Encode(c.Interface()); err != nil {
		return nil, err
	}
	if len(held) > 0 {
		restoreQuoted(&n, held)
	}
	return &n, nil
}

// needsQuotes reports whether go-yaml would write s in a way it cannot
// read back.
func needsQuotes(s string) bool {
	return strings.Contains(s, "\n") && strings.IndexAny(s, " \t\n") == 0
}

func restoreQuoted(n *yaml.Node, held map[string]string) {
	if v, ok := held[n.Value]; ok && n.Kind == yaml.ScalarNode {
		n.Value, n.Tag, n.Style = v, "!!str", yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		restoreQuoted(c, held)
	}
}
