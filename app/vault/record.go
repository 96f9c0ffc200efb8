package vault

import (
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Type is the kind of a record; it decides the folder a new record goes to.
type Type string

// The record types of DESIGN.md.
const (
	TypeClip  Type = "clip"
	TypeRound Type = "round"
	TypeIssue Type = "issue"
	TypeNote  Type = "note"
)

// Types lists every record type in the order the notebook shows them.
var Types = []Type{TypeClip, TypeRound, TypeIssue, TypeNote}

// ParseType accepts a type name as a user or a file spells it.
func ParseType(s string) (Type, error) {
	t := Type(strings.ToLower(strings.TrimSpace(s)))
	for _, k := range Types {
		if t == k {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown record type %q (use clip, round, issue or note)", s)
}

// Folder is the vault folder that holds records of this type.
func (t Type) Folder() string {
	switch t {
	case TypeClip:
		return "clips"
	case TypeRound:
		return "rounds"
	case TypeIssue:
		return "issues"
	}
	return "notes"
}

// Record is one file of the vault: YAML front matter and a Markdown body.
//
// The front matter is flat, as Obsidian's properties are; fields that belong
// to one type only are grouped in embedded structs and stay empty (and out of
// the file) for the others.
type Record struct {
	ID      string     `yaml:"id" json:"id"`
	Type    Type       `yaml:"type" json:"type"`
	Title   string     `yaml:"title" json:"title"`
	Created time.Time  `yaml:"created,omitempty" json:"created,omitzero"`
	Updated time.Time  `yaml:"updated,omitempty" json:"updated,omitzero"`
	Tags    StringList `yaml:"tags,omitempty" json:"tags,omitempty"`

	ClipFields  `yaml:",inline"`
	RoundFields `yaml:",inline"`
	IssueFields `yaml:",inline"`

	// Body is the Markdown after the front matter.
	Body string `yaml:"-" json:"-"`

	// Path is the file's location relative to the vault root, with forward
	// slashes; empty for a record that has not been saved yet.
	Path string `yaml:"-" json:"-"`
	// Sig identifies the version of the file the record was read from, so a
	// save can tell that another program changed the file in the meantime.
	Sig Sig `yaml:"-" json:"-"`
	// Problem says why the file could not be read as a record (malformed
	// front matter, invalid UTF-8...). Such a record is shown and indexed
	// from whatever text is readable, but never written back.
	Problem string `yaml:"-" json:"-"`

	// front is the front matter as it was read, so that keys Parley does
	// not know survive a save, in their place and with their comments.
	front *yaml.Node
}

// ClipFields are the fields of a clipped article.
type ClipFields struct {
	URL          string       `yaml:"url,omitempty" json:"url,omitempty"`
	CanonicalURL string       `yaml:"canonical_url,omitempty" json:"canonical_url,omitempty"`
	Site         string       `yaml:"site,omitempty" json:"site,omitempty"`
	Byline       string       `yaml:"byline,omitempty" json:"byline,omitempty"`
	Published    Date         `yaml:"published,omitempty" json:"published,omitzero"`
	Clipped      time.Time    `yaml:"clipped,omitempty" json:"clipped,omitzero"`
	Lang         string       `yaml:"lang,omitempty" json:"lang,omitempty"`
	Reliability  string       `yaml:"reliability,omitempty" json:"reliability,omitempty"`
	Excerpt      string       `yaml:"excerpt,omitempty" json:"excerpt,omitempty"`
	ContentHash  string       `yaml:"content_hash,omitempty" json:"content_hash,omitempty"`
	Snapshot     string       `yaml:"snapshot,omitempty" json:"snapshot,omitempty"`
	Annotations  []Annotation `yaml:"annotations,omitempty" json:"annotations,omitempty"`
}

// RoundFields are the fields of a round of talks.
type RoundFields struct {
	Date        Date         `yaml:"date,omitempty" json:"date,omitzero"`
	EndDate     Date         `yaml:"end_date,omitempty" json:"end_date,omitzero"`
	Location    string       `yaml:"location,omitempty" json:"location,omitempty"`
	Venue       string       `yaml:"venue,omitempty" json:"venue,omitempty"`
	Format      string       `yaml:"format,omitempty" json:"format,omitempty"`
	Duration    string       `yaml:"duration,omitempty" json:"duration,omitempty"`
	Delegations []Delegation `yaml:"delegations,omitempty" json:"delegations,omitempty"`
	Outcome     string       `yaml:"outcome,omitempty" json:"outcome,omitempty"`
	NextSteps   string       `yaml:"next_steps,omitempty" json:"next_steps,omitempty"`
	Agenda      []AgendaItem `yaml:"agenda,omitempty" json:"agenda,omitempty"`
	Sources     StringList   `yaml:"sources,omitempty" json:"sources,omitempty"`
}

// IssueFields are the fields of an issue on the table. Its history across
// rounds is not stored here: it is derived from the rounds' agendas.
type IssueFields struct {
	RaisedBy  string     `yaml:"raised_by,omitempty" json:"raised_by,omitempty"`
	Status    Status     `yaml:"status,omitempty" json:"status,omitempty"`
	Positions []Position `yaml:"positions,omitempty" json:"positions,omitempty"`
}

// Delegation is one party's team at a round.
type Delegation struct {
	Party   string     `yaml:"party" json:"party"`
	Lead    string     `yaml:"lead,omitempty" json:"lead,omitempty"`
	Role    string     `yaml:"role,omitempty" json:"role,omitempty"`
	Members StringList `yaml:"members,omitempty" json:"members,omitempty"`
}

// AgendaItem is an issue as one round took it up.
type AgendaItem struct {
	Issue     string     `yaml:"issue" json:"issue"`
	Status    Status     `yaml:"status,omitempty" json:"status,omitempty"`
	Positions []Position `yaml:"positions,omitempty" json:"positions,omitempty"`
	Note      string     `yaml:"note,omitempty" json:"note,omitempty"`
}

// Position is what one party holds on an issue.
type Position struct {
	Party    string `yaml:"party" json:"party"`
	Position string `yaml:"position" json:"position"`
}

// Annotation is a passage of a clip with a comment, a grade and links to the
// issues and rounds it bears on. It is anchored the way the W3C Web
// Annotation model's TextQuoteSelector is: the exact quote plus a little
// text either side, so it survives small edits of the clip's text.
type Annotation struct {
	ID      string     `yaml:"id" json:"id"`
	Exact   string     `yaml:"exact" json:"exact"`
	Prefix  string     `yaml:"prefix,omitempty" json:"prefix,omitempty"`
	Suffix  string     `yaml:"suffix,omitempty" json:"suffix,omitempty"`
	Comment string     `yaml:"comment,omitempty" json:"comment,omitempty"`
	Grade   string     `yaml:"grade,omitempty" json:"grade,omitempty"`
	Issues  StringList `yaml:"issues,omitempty" json:"issues,omitempty"`
	Rounds  StringList `yaml:"rounds,omitempty" json:"rounds,omitempty"`
	Created time.Time  `yaml:"created,omitempty" json:"created,omitzero"`
}

// Broken reports whether the file could not be read as a record.
func (r *Record) Broken() bool { return r.Problem != "" }

// PrimaryDate returns the date a record is filed under: a clip's publication
// (else clipping) date, a round's date, else the creation date.
func (r *Record) PrimaryDate() time.Time {
	switch {
	case r.Type == TypeClip && !r.Published.IsZero():
		return r.Published.Time()
	case r.Type == TypeClip && !r.Clipped.IsZero():
		return r.Clipped
	case r.Type == TypeRound && !r.Date.IsZero():
		return r.Date.Time()
	}
	return r.Created
}

// Annotation returns the clip's annotation with the given id.
func (r *Record) Annotation(id string) (*Annotation, bool) {
	for i := range r.Annotations {
		if r.Annotations[i].ID == id {
			return &r.Annotations[i], true
		}
	}
	return nil, false
}

// Clone returns a deep copy, so that a screen can edit a record without
// changing the one it was given.
func (r *Record) Clone() *Record {
	c := *r
	c.Tags = append(StringList(nil), r.Tags...)
	c.Sources = append(StringList(nil), r.Sources...)
	c.Annotations = make([]Annotation, len(r.Annotations))
	for i, a := range r.Annotations {
		a.Issues = append(StringList(nil), a.Issues...)
		a.Rounds = append(StringList(nil), a.Rounds...)
		c.Annotations[i] = a
	}
	c.Delegations = make([]Delegation, len(r.Delegations))
	for i, d := range r.Delegations {
		d.Members = append(StringList(nil), d.Members...)
		c.Delegations[i] = d
	}
	c.Agenda = make([]AgendaItem, len(r.Agenda))
	for i, a := range r.Agenda {
		a.Positions = append([]Position(nil), a.Positions...)
		c.Agenda[i] = a
	}
	c.Positions = append([]Position(nil), r.Positions...)
	if len(c.Annotations) == 0 {
		c.Annotations = nil
	}
	if len(c.Delegations) == 0 {
		c.Delegations = nil
	}
	if len(c.Agenda) == 0 {
		c.Agenda = nil
	}
	return &c
}
