package export

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/parley-notes/parley/app/backup"
	"github.com/parley-notes/parley/app/vault"
)

// RecordJSON is a record as one JSON object: its front matter fields
// (those Parley does not know included), its body, its path, and its
// problem if the file is broken. It is the shape of `parley show --json`
// and of the parsed fields in a JSON backup.
func RecordJSON(rec *vault.Record) map[string]any {
	out := map[string]any{}
	for k, v := range rec.ExtraFields() {
		out[k] = v
	}
	b, _ := json.Marshal(rec)
	var known map[string]any
	json.Unmarshal(b, &known)
	for k, v := range known {
		out[k] = v
	}
	out["body"] = rec.Body
	out["path"] = rec.Path
	if rec.Broken() {
		out["problem"] = rec.Problem
	}
	return out
}

// json writes the selection as a Parley JSON backup: each record file's
// exact bytes (broken files included: a backup keeps everything) with its
// parsed fields, then the attachments.
func (x *exporter) json() error {
	abs, err := x.fileOut("parley-backup.json")
	if err != nil {
		return err
	}
	vf, atts, err := x.openAttachments()
	if err != nil {
		return err
	}
	defer vf.Close()
	return x.writeFile(abs, func(w io.Writer) error {
		bw := backup.NewWriter(w, now())
		for _, rec := range x.sel.Records {
			// The file as it is now, not re-encoded: byte for byte is the
			// promise of a backup.
			b, err := os.ReadFile(x.nb.Abs(rec.Path))
			if err != nil {
				x.rep.skip(rec.Path, "could not be read: %v", err)
				continue
			}
			if !utf8.Valid(b) {
				// JSON strings are Unicode: such bytes cannot travel as
				// they are. Say so rather than pretend.
				x.rep.Notes = append(x.rep.Notes, rec.Path+" is not valid UTF-8: the backup holds it with the bad bytes replaced")
			}
			if err := bw.Record(backup.Record{Path: rec.Path, File: string(b), Record: RecordJSON(rec)}); err != nil {
				return err
			}
			x.rep.Records++
			x.rep.Annotations += len(rec.Annotations)
			if err := x.step("Writing the backup"); err != nil {
				return err
			}
		}
		for _, a := range atts {
			data, err := vf.Read(a, 0)
			if err != nil {
				x.rep.skip(a, "could not be read: %v", err)
				continue
			}
			if err := bw.Attachment(a, data); err != nil {
				return err
			}
			x.rep.Attachments++
			if err := x.ctx.Err(); err != nil {
				return err
			}
		}
		if err := bw.Close(); err != nil {
			return fmt.Errorf("writing %s: %w", abs, err)
		}
		return nil
	})
}
