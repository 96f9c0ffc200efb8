package importer

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/unicode"
)

// markdownPath imports a Markdown folder or Obsidian vault, a .zip of
// one, or a single .md file (whose folder is searched for the files it
// links to).
func (r *run) markdownPath(p string) {
	fi, err := os.Stat(p)
	if err != nil {
		r.report.fail(Item{Source: p}, fmt.Errorf("cannot read %s: %w", p, err))
		return
	}
	root, only, depth := p, "", 0
	if fi.Mode().IsRegular() && isMarkdown(p) {
		// One note: the files it links to are looked for in its Obsidian
		// vault, else in its folder (not too deep).
		root, depth = filepath.Dir(p), 3
		if v := obsidianRoot(root); v != "" {
			root, depth = v, 0
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			r.report.fail(Item{Source: p}, fmt.Errorf("cannot read %s: %w", p, err))
			return
		}
		only = filepath.ToSlash(rel)
	}
	src, err := r.openSource(root, depth)
	if err != nil {
		r.report.fail(Item{Source: p}, err)
		return
	}
	defer src.close()
	for _, l := range src.links {
		if only == "" && (isMarkdown(l) || imageExts[strings.ToLower(path.Ext(l))]) {
			r.report.skip(Item{Source: p + ": " + l}, errorOf(ErrUnsafePath, "a symbolic link, not followed"))
		}
	}
	var notes []*file
	for _, f := range src.files {
		if isMarkdown(f.rel) && (only == "" || f.rel == only) {
			notes = append(notes, f)
		}
	}
	if len(notes) == 0 {
		r.report.fail(Item{Source: p}, errorOf(ErrMalformed, "no Markdown files (.md) in %s", p))
		return
	}
	used := map[*file]bool{}
	ids := map[string]bool{} // Parley ids imported as they were
	stage := "Importing " + filepath.Base(p)
	for i, f := range notes {
		if r.ctx.Err() != nil {
			return
		}
		if id := r.markdownFile(src, f, used, p); id != "" {
			ids[id] = true
		}
		r.step(stage, i+1, len(notes))
	}
	if only == "" {
		r.unusedFiles(src, used, ids, p)
	}
}

// obsidianRoot is the Obsidian vault that dir is in (the folder with a
// .obsidian folder, at most a few levels up), or "".
func obsidianRoot(dir string) string {
	for i := 0; i < 5; i++ {
		if fi, err := os.Stat(filepath.Join(dir, ".obsidian")); err == nil && fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return ""
}

func isMarkdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// unusedFiles reports, in one line, the files that are neither notes nor
// linked from an imported note, so that the user knows they stayed out.
func (r *run) unusedFiles(src *source, used map[*file]bool, ids map[string]bool, name string) {
	var left []string
	for _, f := range src.files {
		if isMarkdown(f.rel) || used[f] {
			continue
		}
		if r.ownAttachment(src, f, ids) {
			continue
		}
		left = append(left, f.rel)
	}
	if len(left) == 0 {
		return
	}
	example := strings.Join(left[:min(len(left), 3)], ", ")
	if len(left) > 3 {
		example += ", ..."
	}
	r.report.skip(Item{Source: name}, fmt.Errorf("%d file(s) that are not notes and that no imported note links to (%s)", len(left), example))
}

// ownAttachment restores a file of a Parley export's attachments/<id>/
// folder when the record <id> was imported with its id: it belongs to
// that record, even if no link in its body points at it (a clip's images
// beyond the article, say).
func (r *run) ownAttachment(src *source, f *file, ids map[string]bool) bool {
	parts := strings.Split(f.rel, "/")
	if len(parts) != 3 || parts[0] != vault.AttachmentsDir || !ids[parts[1]] || !plainName(parts[2]) {
		return false
	}
	if _, err := os.Stat(r.nb.Abs(f.rel)); err == nil {
		return true // linked from the body, and copied already
	}
	data, err := src.read(f, r.lim.MaxFileBytes)
	if err == nil {
		_, err = r.nb.PutAttachment(parts[1], parts[2], data)
	}
	if err != nil {
		r.report.fail(Item{Source: src.name + ": " + f.rel}, fmt.Errorf("restoring %s: %w", f.rel, err))
		return true
	}
	r.report.Attachments++
	return true
}

// draft is a note made from a Markdown file's text, before it meets the
// vault: its identity is checked, its path made free and its links
// pointed at copied attachments afterwards.
type draft struct {
	rec *vault.Record
	// id is the Parley id the file carries ("" if none), hash what else
	// identifies it.
	id, hash string
	warnings []string
}

// draftNote maps a Markdown file's text to a record. srcRel is the file's
// path in the source, mod its modification time (for notes that carry
// none). It never fails: a file whose front matter cannot be read
// becomes a note that keeps all its text, with a warning.
func draftNote(data []byte, srcRel string, mod time.Time) *draft {
	title := strings.TrimSuffix(path.Base(srcRel), path.Ext(srcRel))
	text, warnings := decodeText(data)
	d := &draft{warnings: warnings}
	fileHash := hashBytes(bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n")))
	front, body, has, err := vault.SplitFrontMatter(text)
	m := mapProperties(&yaml.Node{Kind: yaml.MappingNode})
	if err == nil && has {
		var node *yaml.Node
		if node, err = parseFront(front); err == nil {
			m = mapProperties(node)
		}
	}
	var rec *vault.Record
	if err == nil {
		typ := m.typ
		if typ == "" {
			typ = vault.TypeNote
			if m.url != "" {
				typ = vault.TypeClip
			}
		}
		rec, err = reparse(m.front, string(body), recordPath(typ, srcRel))
		if err == nil {
			rec.Type = typ
		}
	}
	if err != nil {
		// Nothing is dropped: the broken block is kept verbatim (or the
		// whole file, when the block never closes).
		rec = app.NewRecord(vault.TypeNote, title)
		rec.Path = recordPath(vault.TypeNote, srcRel)
		if errors.Is(err, vault.ErrFrontMatter) || front == nil {
			rec.Body = string(text)
		} else {
			rec.Body = codeFence("yaml", string(front)) + "\n" + string(body)
		}
		d.warnings = append(d.warnings, fmt.Sprintf("%v; imported as a note with its text kept, the front matter in a code block at the top", err))
		m = &mapped{}
	}
	d.rec = rec
	if isParleyID(m.id) {
		d.id = m.id
	} else {
		rec.ID = vault.NewID()
	}
	if !m.title {
		rec.Title = title
	}
	if rec.Created.IsZero() && !rec.Clipped.IsZero() {
		rec.Created = rec.Clipped // the clipper's date is when the note began
	}
	fillTimes(rec, mod)
	d.hash = m.hash
	if rec.ContentHash == "" && d.id == "" {
		// A file Parley wrote is known by its id, and comes back as it
		// was; any other file by its content.
		rec.ContentHash = fileHash
		d.hash = fileHash
	}
	if rec.Type == vault.TypeClip {
		if rec.Site == "" && rec.URL != "" {
			rec.Site = siteOf(rec.URL)
		}
		if rec.Clipped.IsZero() {
			rec.Clipped = rec.Created
		}
	}
	if len(m.renamed) > 0 {
		d.warnings = append(d.warnings, fmt.Sprintf("properties whose values Parley reads differently were kept as original_<name>: %s", strings.Join(m.renamed, ", ")))
	}
	check := rec.Clone()
	check.Normalize(mod) // as Store will, which upper-cases grades and such
	if err := check.Validate(); err != nil && rec.Type != vault.TypeNote {
		// A file that calls itself a round but lacks what a round needs
		// is still a note worth having.
		d.warnings = append(d.warnings, fmt.Sprintf("the file says it is a %s, but %v; imported as a note", rec.Type, err))
		rec.Type = vault.TypeNote
		rec.Path = recordPath(vault.TypeNote, srcRel)
	}
	return d
}

// markdownFile imports one note, and returns its id if it kept the one
// the file carries.
func (r *run) markdownFile(src *source, f *file, used map[*file]bool, name string) string {
	it := Item{Source: name + ": " + f.rel, Title: strings.TrimSuffix(path.Base(f.rel), path.Ext(f.rel))}
	data, err := src.read(f, vault.MaxFileBytes)
	if err != nil {
		r.report.fail(it, err)
		return ""
	}
	d := draftNote(data, f.rel, f.modTime)
	rec := d.rec
	it.Title = rec.Title
	if r.duplicate(&it, d.id, d.hash) {
		return ""
	}
	rec.Path = r.freePath(rec.Path)
	l := r.newLinker(src, f, rec, used)
	rec.Body = l.rewrite(rec.Body)
	if rec.Snapshot != "" {
		// Parley writes the snapshot's vault path, which is its path in
		// an export of the vault too.
		if rel, ok := l.copy(rec.Snapshot, false); ok {
			rec.Snapshot = rel
		}
	}
	if !r.store(it, rec, append(d.warnings, l.warn...)) {
		return ""
	}
	return d.id
}

func (r *run) newLinker(src *source, f *file, rec *vault.Record, used map[*file]bool) *linker {
	return &linker{r: r, src: src, noteRel: f.rel, att: r.newAttacher(rec.ID, rec.Path), used: used, warned: map[string]bool{}}
}

// fillTimes gives a note without created/updated properties its file's
// time, as Obsidian shows it.
func fillTimes(rec *vault.Record, mod time.Time) {
	if mod.Year() < 1980 { // unset, or a zip's idea of "no time"
		mod = now()
	}
	mod = mod.UTC()
	if rec.Created.IsZero() {
		rec.Created = mod
	}
	if rec.Updated.IsZero() {
		rec.Updated = mod
		if rec.Updated.Before(rec.Created) {
			rec.Updated = rec.Created
		}
	}
}

// codeFence wraps text in a fenced code block whose fence no line of the
// text can close.
func codeFence(lang, text string) string {
	n := 3
	for run, i := 0, 0; i < len(text); i++ {
		if text[i] == '`' {
			run++
			n = max(n, run+1)
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", n)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return f + lang + "\n" + text + f + "\n"
}

// decodeText makes a file's bytes UTF-8 text: UTF-16 (with its byte
// order mark) is decoded, and NUL bytes and invalid UTF-8, which a record
// cannot hold, are replaced with a warning.
func decodeText(data []byte) ([]byte, []string) {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		if out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data); err == nil {
			data = out
		}
	}
	if err := vault.CheckText(data); err != nil {
		data = bytes.ReplaceAll(data, []byte{0}, nil)
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		return data, []string{fmt.Sprintf("%v; such bytes were removed or replaced", err)}
	}
	return data, nil
}
