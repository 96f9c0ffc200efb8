package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/backup"
	"github.com/parley-notes/parley/app/vault"
)

// backupPath restores a Parley JSON backup: every record file at its
// path (or a free name beside it), every attachment at its path. Nothing
// in the vault is overwritten; a record whose id is there already is
// skipped.
func (r *run) backupPath(p string) {
	fail := func(err error) { r.report.fail(Item{Source: p}, err) }
	fi, err := os.Stat(p)
	switch {
	case err != nil:
		fail(fmt.Errorf("cannot read %s: %w", p, err))
		return
	case fi.IsDir():
		fail(errorOf(ErrMalformed, "%s is a folder; a Parley backup is one .json file", p))
		return
	case fi.Size() > r.lim.MaxBackupBytes:
		fail(errorOf(ErrTooLarge, "the backup is %s, more than the %s Parley reads at once", formatBytes(uint64(fi.Size())), formatBytes(uint64(r.lim.MaxBackupBytes))))
		return
	}
	f, err := os.Open(p)
	if err != nil {
		fail(fmt.Errorf("cannot read %s: %w", p, err))
		return
	}
	b, err := backup.Read(io.LimitReader(f, r.lim.MaxBackupBytes))
	f.Close()
	if err != nil {
		fail(errorOf(ErrMalformed, "%w", err))
		return
	}
	total := len(b.Records) + len(b.Attachments)
	stage := "Restoring " + filepath.Base(p)
	for i := range b.Records {
		if r.ctx.Err() != nil {
			return
		}
		r.restoreRecord(p, b.Records[i])
		b.Records[i] = backup.Record{} // let the text go
		r.step(stage, i+1, total)
	}
	for i := range b.Attachments {
		if r.ctx.Err() != nil {
			return
		}
		r.restoreAttachment(p, b.Attachments[i])
		b.Attachments[i] = backup.Attachment{}
		r.step(stage, len(b.Records)+i+1, total)
	}
}

// restoreRecord writes one record file of a backup.
func (r *run) restoreRecord(name string, br backup.Record) {
	it := Item{Source: name + ": " + br.Path}
	if err := checkRecordPath(br.Path); err != nil {
		r.report.fail(it, err)
		return
	}
	var warnings []string
	rel := br.Path
	if safe := windowsSafePath(rel); safe != rel {
		warnings = append(warnings, fmt.Sprintf("%s is not a valid path on Windows; restored under a safe name", rel))
		rel = safe
	}
	rec := vault.Parse([]byte(br.File), rel)
	it.Title = rec.Title
	if rec.Broken() {
		r.restoreBroken(it, rel, br.File, rec.Problem)
		return
	}
	if r.duplicate(&it, rec.ID, "") {
		return
	}
	rec.Path = r.freePath(rel)
	if rec.Path != rel {
		warnings = append(warnings, fmt.Sprintf("%s is taken by another file; restored as %s", rel, rec.Path))
	}
	rec.Sig = vault.Sig{}
	if err := r.nb.Store(r.ctx, rec); err != nil {
		r.report.fail(it, fmt.Errorf("restoring %s: %w", rec.Path, err))
		return
	}
	if got, err := os.ReadFile(r.nb.Abs(rec.Path)); err != nil || !bytes.Equal(got, []byte(br.File)) {
		warnings = append(warnings, "Parley wrote the file differently from the backup's copy (a file Parley did not write itself, or one edited by hand); its content is all there")
	}
	it.ID, it.Path, it.Warnings = rec.ID, rec.Path, warnings
	r.report.imported(it)
}

// restoreBroken brings back a file Parley could not read as a record: the
// Notebook only writes records, so its text becomes a note's body.
func (r *run) restoreBroken(it Item, rel, text, problem string) {
	hash := hashBytes([]byte(strings.ReplaceAll(text, "\r\n", "\n")))
	if r.duplicate(&it, "", hash) {
		return
	}
	title := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	rec := app.NewRecord(vault.TypeNote, title)
	text = strings.ToValidUTF8(strings.ReplaceAll(text, "\x00", ""), "\uFFFD")
	rec.Body = text
	rec.ContentHash = hash
	rec.Path = r.freePath(rel)
	it.Title = title
	r.store(it, rec, []string{fmt.Sprintf("the file was not a well-formed record in the backup (%s); its text was restored as a note's body", problem)})
}

// restoreAttachment writes one attachment of a backup, unless a file is
// at its path already.
func (r *run) restoreAttachment(name string, a backup.Attachment) {
	it := Item{Source: name + ": " + a.Path}
	parts := strings.Split(a.Path, "/")
	if parts[0] != vault.AttachmentsDir || len(parts) < 3 {
		r.report.fail(it, errorOf(ErrUnsafePath, "the attachment's path is not in attachments/"))
		return
	}
	for _, p := range parts[1:] {
		if !plainName(p) {
			r.report.fail(it, errorOf(ErrUnsafePath, "the attachment's path has a part (%q) that is not a safe name", p))
			return
		}
	}
	if len(parts) > 3 {
		// Parley keeps a record's files in attachments/<id>/; deeper
		// files were put there by hand, and the Notebook cannot write them.
		r.report.fail(it, errors.New("only files directly in attachments/<id>/ can be restored; this one is in a subfolder"))
		return
	}
	if old, err := os.ReadFile(r.nb.Abs(a.Path)); err == nil {
		if !bytes.Equal(old, a.Data) {
			it.Path = a.Path
			r.report.skip(it, fmt.Errorf("a different file is at %s already; it was left as it is", a.Path))
		}
		return
	}
	rel, err := r.nb.PutAttachment(parts[1], parts[2], a.Data)
	if err != nil {
		r.report.fail(it, fmt.Errorf("restoring %s: %w", a.Path, err))
		return
	}
	r.report.Attachments++
	if rel != a.Path {
		it.Path = rel
		r.report.skip(it, fmt.Errorf("restored as %s, since %s is not a safe name; links to it need updating", rel, a.Path))
	}
}

// checkRecordPath accepts a vault path for a record file: relative,
// forward slashes, clean, a .md file outside hidden folders and
// attachments/.
func checkRecordPath(p string) error {
	bad := func(why string) error { return errorOf(ErrUnsafePath, "the path %q %s", p, why) }
	switch {
	case p == "" || !utf8.ValidString(p) || strings.ContainsRune(p, 0):
		return bad("is empty or not text")
	case strings.Contains(p, `\`):
		return bad("has a backslash")
	case strings.HasPrefix(p, "/"):
		return bad("is absolute")
	case len(p) >= 2 && p[1] == ':' && isASCIILetter(p[0]):
		return bad("names a drive")
	case path.Clean(p) != p:
		return bad("is not a clean relative path (.., ., //)")
	case !strings.EqualFold(path.Ext(p), ".md"):
		return bad("is not a Markdown file")
	}
	for i, seg := range strings.Split(p, "/") {
		if seg == ".." || strings.HasPrefix(seg, ".") {
			return bad("is in a hidden folder or climbs out of the vault")
		}
		if i == 0 && strings.EqualFold(seg, vault.AttachmentsDir) {
			return bad("is in the attachments folder, where records are never read")
		}
	}
	return nil
}

// windowsSafePath returns p, or p with every part that Windows cannot
// store made safe.
func windowsSafePath(p string) string {
	segs := strings.Split(p, "/")
	changed := false
	for i, s := range segs {
		if windowsSafe(s) {
			continue
		}
		changed = true
		if i == len(segs)-1 {
			segs[i] = vault.SafeName(strings.TrimSuffix(s, path.Ext(s))) + ".md"
		} else {
			segs[i] = vault.SafeName(s)
		}
	}
	if !changed {
		return p
	}
	return strings.Join(segs, "/")
}

// windowsSafe reports whether Windows can store a file or folder name.
func windowsSafe(name string) bool {
	if name == "" || strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return false
	}
	for _, r := range name {
		if r < 0x20 || strings.ContainsRune(`<>:"|?*\/`, r) {
			return false
		}
	}
	return vault.SafeName(name) != "_"+name // SafeName prefixes Windows device names
}

// plainName accepts a file or folder name that is safe everywhere.
func plainName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.HasPrefix(s, ".") && utf8.ValidString(s) && windowsSafe(s)
}
