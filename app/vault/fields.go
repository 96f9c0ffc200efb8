package vault

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Date is a calendar date without a time of day, written as 2006-01-02 the
// way Obsidian's date properties are.
type Date struct{ t time.Time }

// DateLayout is how a Date is written.
const DateLayout = "2006-01-02"

// NewDate returns the calendar date of t.
func NewDate(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads 2006-01-02 or a full RFC 3339 time.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	for _, layout := range []string{DateLayout, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return NewDate(t), nil
		}
	}
	return Date{}, fmt.Errorf("%q is not a date (use YYYY-MM-DD)", s)
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return d.t }

// String returns the date as 2006-01-02, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// MarshalYAML writes the date as a plain scalar.
func (d Date) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: d.String()}, nil
}

// UnmarshalYAML accepts a date or a timestamp.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a date must be a single value", n.Line)
	}
	v, err := ParseDate(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = v
	return nil
}

// MarshalJSON writes the date as "2006-01-02".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a date written by MarshalJSON (or an RFC 3339 time).
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string: %w", err)
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// StringList is a list of strings that also reads a single value, as
// people write `tags: talks` or `tags: talks, embassy` by hand.
type StringList []string

// UnmarshalYAML accepts a sequence, or a scalar split at commas.
func (l *StringList) UnmarshalYAML(n *yaml.Node) error {
	var out StringList
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: expected a list of plain values", c.Line)
			}
			if v := strings.TrimSpace(c.Value); v != "" {
				out = append(out, v)
			}
		}
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			break
		}
		for _, v := range strings.Split(n.Value, ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	default:
		return fmt.Errorf("line %d: expected a list", n.Line)
	}
	*l = out
	return nil
}

// Contains reports whether s is in the list.
func (l StringList) Contains(s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

// Status is where an issue stands, overall or in one round.
type Status string

// The statuses of an issue in a round, in the order they usually move.
const (
	StatusRaised    Status = "raised"
	StatusDiscussed Status = "discussed"
	StatusProgress  Status = "progress"
	StatusAgreed    Status = "agreed"
	StatusStalled   Status = "stalled"
	StatusDropped   Status = "dropped"
)

// Statuses lists every status, for pickers and validation.
var Statuses = []Status{StatusRaised, StatusDiscussed, StatusProgress, StatusAgreed, StatusStalled, StatusDropped}

// Valid reports whether s is one of Statuses (or empty).
func (s Status) Valid() bool {
	if s == "" {
		return true
	}
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Sig identifies one version of a file: its size and modification time.
// Comparing signatures is how Parley notices edits made while it was closed
// without reading every file.
type Sig struct {
	Size    int64
	ModTime int64 // nanoseconds since the Unix epoch
}

// String encodes the signature compactly for storage in the index.
func (s Sig) String() string { return fmt.Sprintf("%d:%d", s.Size, s.ModTime) }

// ParseSig reverses Sig.String; a malformed value gives the zero Sig, which
// matches no file and so forces a re-read.
func ParseSig(v string) Sig {
	var s Sig
	if _, err := fmt.Sscanf(v, "%d:%d", &s.Size, &s.ModTime); err != nil {
		return Sig{}
	}
	return s
}
