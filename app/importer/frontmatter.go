package importer

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/parley-notes/parley/app/vault"
	"go.yaml.in/yaml/v3"
)

// parseFront reads front matter YAML as a mapping node.
func parseFront(front []byte) (*yaml.Node, error) {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if len(bytes.TrimSpace(front)) == 0 {
		return m, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		return nil, fmt.Errorf("the front matter is not valid YAML (%s)", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return m, nil
	}
	if doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("the front matter is not a list of properties (key: value)")
	}
	return doc.Content[0], nil
}

// mapped is a file's front matter made ready for a Parley record.
type mapped struct {
	front *yaml.Node // every property, Parley's fields included
	id    string     // a Parley id the file carries
	hash  string     // a content_hash the file carries
	typ   vault.Type // the record type the file names, if any
	title bool       // the file has a title property
	url   string     // the web address the note came from
	// renamed lists properties moved to original_<name>.
	renamed []string
}

// aliases are the properties other tools write for Parley's fields, in
// order of preference; keys compare without case.
var aliases = []struct {
	field string
	keys  []string
}{
	{"title", []string{"title"}},
	{"tags", []string{"tags", "tag"}},
	{"created", []string{"created", "date created", "date_created", "created_at", "createdat", "creation date", "ctime"}},
	{"updated", []string{"updated", "modified", "date modified", "date_modified", "updated_at", "last modified", "lastmod", "mtime"}},
	{"url", []string{"url", "source", "source_url", "source url", "link", "href", "origin"}},
	{"byline", []string{"byline", "author", "authors", "by", "creator"}},
	{"published", []string{"published", "date published", "date_published", "publish_date", "published_at", "pubdate"}},
	{"excerpt", []string{"excerpt", "description", "summary", "abstract"}},
	{"site", []string{"site", "site_name", "sitename", "website", "publisher"}},
	{"lang", []string{"lang", "language"}},
}

// mapProperties maps a file's properties to Parley's fields. A property
// with a Parley name is kept if Parley can use its value, else renamed
// original_<name>; a property another tool names differently (source,
// author, description...) stays and gains a Parley twin after it; every
// other property stays as it is.
func mapProperties(src *yaml.Node) *mapped {
	out := &mapped{front: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: src.Style}}
	taken := map[string]bool{}
	for i := 0; i+1 < len(src.Content); i += 2 {
		if k := src.Content[i]; k.Kind == yaml.ScalarNode {
			taken[k.Value] = true
		}
	}
	known := vault.KnownKeys()
	has := map[string]bool{} // Parley fields set by a property of their name
	type pair struct{ k, v *yaml.Node }
	var pairs []pair
	for i := 0; i+1 < len(src.Content); i += 2 {
		k, v := src.Content[i], src.Content[i+1]
		if k.Kind == yaml.ScalarNode && known[k.Value] {
			if nv, ok := acceptField(k, v); ok {
				v = nv
				has[k.Value] = true
			} else {
				name := freeKey("original_"+k.Value, taken)
				out.renamed = append(out.renamed, k.Value)
				k = &yaml.Node{Kind: yaml.ScalarNode, Value: name, HeadComment: k.HeadComment, LineComment: k.LineComment}
			}
		}
		pairs = append(pairs, pair{k, v})
	}
	// Twins for the fields no property of their own name set.
	twins := map[int][]pair{}
	for _, a := range aliases {
		if has[a.field] {
			continue
		}
	search:
		for _, alias := range a.keys {
			for i, p := range pairs {
				if p.k.Kind != yaml.ScalarNode || known[p.k.Value] || !strings.EqualFold(p.k.Value, alias) {
					continue
				}
				if v := convertField(a.field, p.v); v != nil {
					twins[i] = append(twins[i], pair{&yaml.Node{Kind: yaml.ScalarNode, Value: a.field}, v})
					has[a.field] = true
					break search
				}
			}
		}
	}
	// Parley's identity first, where a reader of the file looks for it;
	// the values are filled in when the record is made.
	for _, k := range []string{"id", "type", "title"} {
		if !has[k] {
			out.front.Content = append(out.front.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Value: k}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"})
		}
	}
	for i, p := range pairs {
		out.front.Content = append(out.front.Content, p.k, p.v)
		for _, t := range twins[i] {
			out.front.Content = append(out.front.Content, t.k, t.v)
		}
	}
	for i := 0; i+1 < len(out.front.Content); i += 2 {
		k, v := out.front.Content[i], out.front.Content[i+1]
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" {
			continue
		}
		switch k.Value {
		case "id":
			out.id = strings.TrimSpace(v.Value)
		case "content_hash":
			out.hash = strings.TrimSpace(v.Value)
		case "type":
			out.typ, _ = vault.ParseType(v.Value)
		case "title":
			out.title = strings.TrimSpace(v.Value) != ""
		case "url":
			if isWebURL(strings.TrimSpace(v.Value)) {
				out.url = strings.TrimSpace(v.Value)
			}
		}
	}
	return out
}

// acceptField checks a property that has a Parley field's name: its
// value must decode into the field and mean something there. A date
// written another common way is rewritten in Parley's form.
func acceptField(k, v *yaml.Node) (*yaml.Node, bool) {
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
		return v, true // empty: Parley fills it in
	}
	var rec vault.Record
	single := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, v}}
	if err := single.Decode(&rec); err != nil {
		switch k.Value {
		case "created", "updated", "clipped", "published", "date", "end_date":
			if nv := convertField(dateKind(k.Value), v); nv != nil {
				return nv, true
			}
		}
		return nil, false
	}
	switch k.Value {
	case "id":
		return v, v.Kind == yaml.ScalarNode && isParleyID(strings.TrimSpace(v.Value))
	case "type":
		return v, rec.Type != "" && validType(rec.Type)
	case "status":
		return v, rec.Status.Valid()
	case "reliability":
		return v, rec.Reliability == "" || vault.ValidReliability(strings.ToUpper(strings.TrimSpace(rec.Reliability)))
	case "annotations":
		for _, a := range rec.Annotations {
			if a.ID == "" || strings.TrimSpace(a.Exact) == "" || (a.Grade != "" && !vault.ValidReliability(strings.ToUpper(a.Grade))) {
				return nil, false
			}
		}
	case "agenda":
		for _, a := range rec.Agenda {
			if strings.TrimSpace(a.Issue) == "" || !a.Status.Valid() {
				return nil, false
			}
		}
	case "delegations":
		for _, d := range rec.Delegations {
			if strings.TrimSpace(d.Party) == "" {
				return nil, false
			}
		}
	}
	return v, true
}

func validType(t vault.Type) bool {
	_, err := vault.ParseType(string(t))
	return err == nil
}

// dateKind says which converter a date field takes.
func dateKind(field string) string {
	switch field {
	case "published", "date", "end_date":
		return "published"
	}
	return "created"
}

// isParleyID reports whether an id is one Parley made: a ULID, or the
// path-derived id of a file that had none. Other ids (an Obsidian
// plugin's "202301011200", a title) are kept as original_id instead, as
// they were never meant to be unique across vaults.
func isParleyID(s string) bool {
	if _, err := ulid.ParseStrict(s); err == nil {
		return true
	}
	if len(s) == 26 && s[0] == 'F' {
		for _, c := range s[1:] {
			if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'F') {
				return false
			}
		}
		return true
	}
	return false
}

// convertField turns another tool's property value into a value for a
// Parley field, or nil when it cannot.
func convertField(field string, v *yaml.Node) *yaml.Node {
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	switch field {
	case "title", "excerpt", "site", "lang":
		if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" {
			return nil
		}
		if s := unwiki(strings.TrimSpace(v.Value)); s != "" {
			return str(s)
		}
	case "byline":
		if s := strings.Join(scalars(v), ", "); s != "" {
			return str(s)
		}
	case "url":
		for _, s := range scalars(v) {
			if s = strings.Trim(s, "<> "); isWebURL(s) {
				return str(s)
			}
		}
	case "tags":
		var tags []*yaml.Node
		for _, s := range scalars(v) {
			for _, t := range strings.Split(s, ",") {
				if t = strings.TrimPrefix(strings.TrimSpace(t), "#"); t != "" {
					tags = append(tags, str(t))
				}
			}
		}
		if len(tags) > 0 {
			return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: tags}
		}
	case "created", "updated":
		if t, ok := parseWhen(v); ok {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: t.Format(time.RFC3339)}
		}
	case "published":
		if t, ok := parseWhen(v); ok {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: t.Format(vault.DateLayout)}
		}
	}
	return nil
}

// scalars lists the plain values of a scalar or a list, wiki-link
// brackets removed (Obsidian writes author: ["[[Kevin Kelly]]"]).
func scalars(v *yaml.Node) []string {
	var out []string
	add := func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
			if s := unwiki(strings.TrimSpace(n.Value)); s != "" {
				out = append(out, s)
			}
		}
	}
	switch v.Kind {
	case yaml.ScalarNode:
		add(v)
	case yaml.SequenceNode:
		for _, c := range v.Content {
			add(c)
		}
	}
	return out
}

var wikiValue = regexp.MustCompile(`^\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]$`)

// unwiki turns "[[Target]]" into Target and "[[Target|Alias]]" into Alias.
func unwiki(s string) string {
	if m := wikiValue.FindStringSubmatch(s); m != nil {
		if strings.TrimSpace(m[2]) != "" {
			return strings.TrimSpace(m[2])
		}
		return strings.TrimSpace(m[1])
	}
	return s
}

// whenLayouts are the ways people and tools write dates in properties.
var whenLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04",
	"2006-01-02 15:04", "2006-01-02 15:04:05 -0700", "2006-01-02", "2006/01/02", "02.01.2006",
	"January 2, 2006", "2 January 2006", "Jan 2, 2006",
}

// parseWhen reads a date or time property; times without a zone are
// taken as UTC, so that an import gives the same file on every machine.
func parseWhen(v *yaml.Node) (time.Time, bool) {
	if v.Kind != yaml.ScalarNode {
		return time.Time{}, false
	}
	s := unwiki(strings.TrimSpace(v.Value))
	for _, l := range whenLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1 || t.Year() > 9999 {
				return time.Time{}, false
			}
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// freeKey returns name, or name_2 and so on, that no property has.
func freeKey(name string, taken map[string]bool) string {
	k := name
	for i := 2; taken[k]; i++ {
		k = fmt.Sprintf("%s_%d", name, i)
	}
	taken[k] = true
	return k
}
