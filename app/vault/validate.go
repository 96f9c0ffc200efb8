package vault

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid record")

// FieldError names the field a validation error is about, so a form can
// show the message next to it.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Validate checks what a record must satisfy before it is written.
func (r *Record) Validate() error {
	if strings.TrimSpace(r.ID) == "" {
		return &FieldError{"id", "is missing"}
	}
	if _, err := ParseType(string(r.Type)); err != nil {
		return &FieldError{"type", err.Error()}
	}
	if strings.TrimSpace(r.Title) == "" {
		return &FieldError{"title", "is required"}
	}
	if r.Reliability != "" && !ValidReliability(r.Reliability) {
		return &FieldError{"reliability", fmt.Sprintf("%q is not an Admiralty grade (A–F and 1–6, e.g. B2)", r.Reliability)}
	}
	if !r.Status.Valid() {
		return &FieldError{"status", statusMessage(r.Status)}
	}
	if r.Type == TypeRound {
		if r.Date.IsZero() {
			return &FieldError{"date", "is required for a round"}
		}
		if !r.EndDate.IsZero() && r.EndDate.Time().Before(r.Date.Time()) {
			return &FieldError{"end_date", "is before the start date"}
		}
		for i, d := range r.Delegations {
			if strings.TrimSpace(d.Party) == "" {
				return &FieldError{fmt.Sprintf("delegations[%d].party", i), "is required"}
			}
		}
		for i, a := range r.Agenda {
			if strings.TrimSpace(a.Issue) == "" {
				return &FieldError{fmt.Sprintf("agenda[%d].issue", i), "is required"}
			}
			if !a.Status.Valid() {
				return &FieldError{fmt.Sprintf("agenda[%d].status", i), statusMessage(a.Status)}
			}
		}
	}
	for i, a := range r.Annotations {
		if a.ID == "" || strings.TrimSpace(a.Exact) == "" {
			return &FieldError{fmt.Sprintf("annotations[%d]", i), "needs an id and a quoted passage"}
		}
		if a.Grade != "" && !ValidReliability(a.Grade) {
			return &FieldError{fmt.Sprintf("annotations[%d].grade", i), fmt.Sprintf("%q is not an Admiralty grade", a.Grade)}
		}
	}
	return nil
}

func statusMessage(s Status) string {
	names := make([]string, len(Statuses))
	for i, v := range Statuses {
		names[i] = string(v)
	}
	return fmt.Sprintf("%q is not a status (use %s)", s, strings.Join(names, ", "))
}

// ValidReliability reports whether code is an Admiralty grade: a source
// reliability A–F followed by an information credibility 1–6 ("B2"), or
// one of the two alone.
func ValidReliability(code string) bool {
	switch len(code) {
	case 1:
		return (code[0] >= 'A' && code[0] <= 'F') || (code[0] >= '1' && code[0] <= '6')
	case 2:
		return code[0] >= 'A' && code[0] <= 'F' && code[1] >= '1' && code[1] <= '6'
	}
	return false
}

// Normalize tidies what users type before a save: trimmed text, upper-case
// grades, de-duplicated tags without Obsidian's leading '#', times in UTC to
// the second, and an updated time.
func (r *Record) Normalize(now time.Time) {
	// Text that is not UTF-8, or holds NUL bytes, would be written as
	// base64 (!!binary) in the front matter, or make the file one Parley
	// reports as broken: repair it here, as it comes in.
	for _, s := range []*string{&r.Title, &r.Body, &r.URL, &r.CanonicalURL, &r.Site, &r.Byline, &r.Excerpt,
		&r.Location, &r.Venue, &r.Format, &r.Duration, &r.Outcome, &r.NextSteps, &r.RaisedBy} {
		*s = cleanText(*s)
	}
	for i := range r.Tags {
		r.Tags[i] = cleanText(r.Tags[i])
	}
	r.Title = strings.TrimSpace(r.Title)
	r.Reliability = strings.ToUpper(strings.TrimSpace(r.Reliability))
	r.Status = Status(strings.ToLower(strings.TrimSpace(string(r.Status))))
	var tags StringList
	for _, t := range r.Tags {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "#"))
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	r.Tags = tags
	now = now.UTC().Truncate(time.Second)
	if r.Created.IsZero() {
		r.Created = now
	}
	r.Created = r.Created.UTC().Truncate(time.Second)
	r.Updated = now
	if !r.Clipped.IsZero() {
		r.Clipped = r.Clipped.UTC().Truncate(time.Second)
	}
	for i := range r.Annotations {
		a := &r.Annotations[i]
		a.Grade = strings.ToUpper(strings.TrimSpace(a.Grade))
		if a.ID == "" {
			a.ID = NewID()
		}
		if a.Created.IsZero() {
			a.Created = now
		}
		a.Created = a.Created.UTC().Truncate(time.Second)
	}
	for i := range r.Agenda {
		r.Agenda[i].Status = Status(strings.ToLower(strings.TrimSpace(string(r.Agenda[i].Status))))
	}
}

// cleanText replaces what is not UTF-8 with U+FFFD and drops NUL bytes.
func cleanText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
}
