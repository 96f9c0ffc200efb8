package backup

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name        string
		records     []Record
		attachments map[string][]byte
	}{
		{"empty", nil, nil},
		{"records only", []Record{{Path: "notes/a.md", File: "---\\nid: A\\n---\\nbody\\n"}, {Path: "clips/b.md", File: "x"}}, nil},
		{"both", []Record{{Path: "clips/c.md", File: "---\\nid: C\\n---\\n", Record: map[string]any{"id": "C"}}}, map[string][]byte{"attachments/C/i.png": {0, 1, 2, 255}}},
	}
	created := time.Date(2025, 4, 11, 9, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, created)
			for _, r := range tt.records {
				if err := w.Record(r); err != nil {
					t.Fatal(err)
				}
			}
			for p, d := range tt.attachments {
				if err := w.Attachment(p, d); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			b, err := Read(&buf)
			if err != nil {
				t.Fatalf("Read: %v\\n%s", err, buf.String())
			}
			if !b.Created.Equal(created) || len(b.Records) != len(tt.records) || len(b.Attachments) != len(tt.attachments) {
				t.Fatalf("got %+v", b)
			}
			for i, r := range tt.records {
				if b.Records[i].Path != r.Path || b.Records[i].File != r.File {
					t.Errorf("record %d: got %+v, want %+v", i, b.Records[i], r)
				}
			}
			for _, a := range b.Attachments {
				if !bytes.Equal(a.Data, tt.attachments[a.Path]) {
					t.Errorf("attachment %s: got %v", a.Path, a.Data)
				}
			}
		})
	}
}

func TestReadRejects(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"not json", "hello", "not a Parley JSON backup"},
		{"other format", `{"format":"x","version":1}`, "not a Parley JSON backup"},
		{"future version", `{"format":"parley-backup","version":99}`, "newer than this Parley"},
		{"damaged attachment", `{"format":"parley-backup","version":1,"attachments":[{"path":"a","sha256":"00","data":"AAE="}]}`, "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if _, err := Read(strings.NewReader("{}")); !errors.Is(err, ErrNotBackup) {
		t.Errorf("empty object: got %v, want ErrNotBackup", err)
	}
}

func TestRecordAfterAttachment(t *testing.T) {
	w := NewWriter(&bytes.Buffer{}, time.Now())
	w.Attachment("a", nil)
	if err := w.Record(Record{Path: "x"}); err == nil {
		t.Fatal("a record after an attachment was accepted")
	}
}
