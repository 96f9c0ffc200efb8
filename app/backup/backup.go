// Package backup is Parley's JSON backup format: a whole vault in one
// versioned file that restores byte for byte.
//
// Each record is kept twice: as the exact text of its file (what a restore
// writes back, so nothing is lost, unknown front matter keys included) and
// as parsed fields (what other tools read without parsing Markdown).
// Attachments are kept as base64 with their SHA-256, which a restore checks.
//
//	{"format": "parley-backup", "version": 1, "created": "...",
//	 "records": [{"path": "clips/x.md", "file": "---\nid: ...", "record": {...}}],
//	 "attachments": [{"path": "attachments/ID/a.png", "sha256": "...", "data": "..."}]}
package backup

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Format and Version identify the file; Read refuses anything else.
const (
	Format  = "parley-backup"
	Version = 1
)

// ErrNotBackup is returned for a file that is not a Parley backup.
var ErrNotBackup = errors.New("not a Parley JSON backup")

// Record is one record file.
type Record struct {
	Path   string         `json:"path"`
	File   string         `json:"file"`
	Record map[string]any `json:"record,omitempty"`
}

// Attachment is one attachment file.
type Attachment struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Data   []byte `json:"data"`
}

// Backup is a decoded backup.
type Backup struct {
	Format      string       `json:"format"`
	Version     int          `json:"version"`
	Created     time.Time    `json:"created"`
	Records     []Record     `json:"records"`
	Attachments []Attachment `json:"attachments"`
}

// Writer streams a backup, so that a large vault never sits in memory
// whole. Write every Record first, then every Attachment, then Close.
type Writer struct {
	w     *bufio.Writer
	state int // 0 nothing written, 1 in records, 2 in attachments
	n     int // items in the current list
	err   error
}

// NewWriter starts a backup on w, stamped with the time it was made.
func NewWriter(w io.Writer, created time.Time) *Writer {
	bw := bufio.NewWriter(w)
	head, _ := json.Marshal(struct {
		Format  string    `json:"format"`
		Version int       `json:"version"`
		Created time.Time `json:"created"`
	}{Format, Version, created.UTC()})
	bw.Write(head[:len(head)-1])
	return &Writer{w: bw}
}

// Record adds a record file.
func (w *Writer) Record(r Record) error {
	if w.state > 1 {
		return errors.New("backup: records must come before attachments")
	}
	return w.item(1, r)
}

// Attachment adds an attachment, computing its checksum.
func (w *Writer) Attachment(path string, data []byte) error {
	sum := sha256.Sum256(data)
	return w.item(2, Attachment{Path: path, SHA256: hex.EncodeToString(sum[:]), Data: data})
}

// item writes v into list state, opening the lists up to it.
func (w *Writer) item(state int, v any) error {
	if w.err != nil {
		return w.err
	}
	w.advance(state)
	b, err := json.Marshal(v)
	if err != nil {
		w.err = fmt.Errorf("writing the backup: %w", err)
		return w.err
	}
	if w.n > 0 {
		w.w.WriteByte(',')
	}
	w.w.WriteByte('\n')
	w.w.Write(b)
	w.n++
	return nil
}

// advance closes lists before state and opens the one of state.
func (w *Writer) advance(state int) {
	for w.state < state {
		if w.state > 0 {
			w.w.WriteString("]")
		}
		w.state++
		w.n = 0
		switch w.state {
		case 1:
			w.w.WriteString(",\n\"records\": [")
		case 2:
			w.w.WriteString(",\n\"attachments\": [")
		}
	}
}

// Close finishes the backup.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	w.advance(2)
	w.w.WriteString("]}\n")
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	return nil
}

// Read decodes a backup and verifies its attachments' checksums.
func Read(r io.Reader) (*Backup, error) {
	var b Backup
	dec := json.NewDecoder(r)
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotBackup, err)
	}
	if b.Format != Format {
		return nil, ErrNotBackup
	}
	if b.Version < 1 || b.Version > Version {
		return nil, fmt.Errorf("backup version %d is newer than this Parley understands (%d); update Parley", b.Version, Version)
	}
	for _, a := range b.Attachments {
		sum := sha256.Sum256(a.Data)
		if hex.EncodeToString(sum[:]) != a.SHA256 {
			return nil, fmt.Errorf("attachment %s is damaged in the backup (checksum mismatch)", a.Path)
		}
	}
	return &b, nil
}
