package importer

import (
	"errors"
	"fmt"
)

// Errors an Item's Err wraps, for callers that act on the kind of
// outcome (the GUI groups them, tests check them).
var (
	// ErrDuplicate: the item is already in the vault (same identity).
	ErrDuplicate = errors.New("already in the vault")
	// ErrUnsafeArchive: an archive was rejected before anything in it
	// was imported.
	ErrUnsafeArchive = errors.New("unsafe archive")
	// ErrUnsafePath: a path inside a source would leave it or is not
	// allowed (../, absolute, drive or UNC paths, special files).
	ErrUnsafePath = errors.New("unsafe path")
	// ErrTooLarge: a file or note is over a limit.
	ErrTooLarge = errors.New("too large")
	// ErrMalformed: the input could not be read as its format.
	ErrMalformed = errors.New("malformed")
)

// kindError is an error of one of the kinds above whose message is a
// sentence of its own: the kind is for errors.Is, not for the reader.
type kindError struct {
	kind, err error
}

func (e *kindError) Error() string   { return e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// errorOf formats an error (%w allowed) of the given kind.
func errorOf(kind error, format string, args ...any) error {
	return &kindError{kind: kind, err: fmt.Errorf(format, args...)}
}

// Item is one thing the import looked at: a note, a file, an archive.
type Item struct {
	// Source says where it came from: the path given, then the entry
	// in an archive or the note's place in an ENEX file.
	Source string `json:"source"`
	Title  string `json:"title,omitempty"`
	// ID and Path are the record written or, for a duplicate, the one
	// already in the vault.
	ID   string `json:"id,omitempty"`
	Path string `json:"path,omitempty"`
	// Reason says why an item was skipped or failed.
	Reason string `json:"reason,omitempty"`
	// Warnings say what an imported item lost or how it was changed.
	Warnings []string `json:"warnings,omitempty"`
	// Err is Reason as an error, wrapping the sentinels above.
	Err error `json:"-"`
}

// Report is what an import did.
type Report struct {
	// Format is the format asked for, else the one detected for the
	// first path.
	Format   Format `json:"format"`
	Imported []Item `json:"imported"`
	Skipped  []Item `json:"skipped"`
	Failed   []Item `json:"failed"`
	// Attachments counts the attachment files written.
	Attachments int `json:"attachments"`
}

// OK reports whether nothing failed.
func (r *Report) OK() bool { return len(r.Failed) == 0 }

// Summary is the report in one line.
func (r *Report) Summary() string {
	s := fmt.Sprintf("imported %d, skipped %d, failed %d", len(r.Imported), len(r.Skipped), len(r.Failed))
	if r.Attachments > 0 {
		s += fmt.Sprintf("; %d attachment(s) saved", r.Attachments)
	}
	return s
}

func (r *Report) imported(it Item) { r.Imported = append(r.Imported, it) }

func (r *Report) skip(it Item, err error) {
	it.Err, it.Reason = err, err.Error()
	r.Skipped = append(r.Skipped, it)
}

func (r *Report) fail(it Item, err error) {
	it.Err, it.Reason = err, err.Error()
	r.Failed = append(r.Failed, it)
}
