package export

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/parley-notes/parley/app/vault"
)

// markdown writes the selection as a folder (or .zip) of Markdown files
// that opens as an Obsidian vault.
func (x *exporter) markdown() error {
	zipped := strings.EqualFold(filepath.Ext(x.opts.Out), ".zip")
	abs, err := x.outPath(x.opts.Out, !zipped)
	if err != nil {
		return err
	}
	var t tree
	if zipped {
		t, err = openZipTree(abs)
	} else {
		t, err = openDirTree(abs)
	}
	if err != nil {
		return err
	}
	if err := x.writeVault(t); err != nil {
		t.abort()
		return err
	}
	if err := t.finish(); err != nil {
		return err
	}
	x.rep.Outputs = append(x.rep.Outputs, abs)
	return nil
}

// vaultPlan is where each record and attachment goes in the exported
// vault, and the keys its links may use to name them.
type vaultPlan struct {
	records map[string]string // old path -> new path
	atts    map[string]string // old path -> new path
	// byLink resolves a [[wiki link]] target (folded title, file name or
	// path without .md) to a record's new path; byBase an embed's file
	// name to an attachment's new path.
	byLink map[string]string
	byBase map[string]string
}

// planVault names every exported file. Records are named after their
// titles, unique across the whole export (Obsidian resolves [[Title]] by
// file name wherever the file is), in their type's folder; records whose
// title is already a safe name are named first, so that they keep it and
// their links need no change. Attachments keep their folders, each name
// made safe and unique within its folder.
func (x *exporter) planVault(atts []string) *vaultPlan {
	p := &vaultPlan{records: map[string]string{}, atts: map[string]string{}, byLink: map[string]string{}, byBase: map[string]string{}}
	names := newNamer()
	var kept, renamed []*vault.Record
	for pass := 0; pass < 2; pass++ {
		for _, rec := range x.sel.Records {
			name := SafeExportName(rec.Title)
			if (name == rec.Title) != (pass == 0) {
				continue
			}
			file := names.claim(name, ".md")
			np := rec.Type.Folder() + "/" + file
			p.records[rec.Path] = np
			if base := strings.TrimSuffix(file, ".md"); base != rec.Title {
				x.rep.Renamed = append(x.rep.Renamed, Renamed{ID: rec.ID, Title: rec.Title, Name: file})
				renamed = append(renamed, rec)
			} else {
				kept = append(kept, rec)
			}
		}
	}
	// Links by title first, then by old file name and path, so that a
	// title wins over a file name that happens to equal it; and among
	// titles that are one name to Obsidian ("Case", "case", NFC and NFD),
	// the record that kept its name wins, so that the link needs no change.
	for _, rec := range append(kept, renamed...) {
		setOnce(p.byLink, vault.FoldName(strings.TrimSpace(rec.Title)), p.records[rec.Path])
	}
	for _, rec := range x.sel.Records {
		old := strings.TrimSuffix(rec.Path, path.Ext(rec.Path))
		setOnce(p.byLink, vault.FoldName(path.Base(old)), p.records[rec.Path])
		setOnce(p.byLink, vault.FoldName(old), p.records[rec.Path])
	}
	dirs := map[string]*namer{}
	newDir := map[string]string{"": ""}
	var place func(dir string) string
	place = func(dir string) string {
		if nd, ok := newDir[dir]; ok {
			return nd
		}
		parent := place(parentDir(dir))
		nd := path.Join(parent, claimIn(dirs, parent, SafeExportName(path.Base(dir)), ""))
		newDir[dir] = nd
		return nd
	}
	for _, a := range atts {
		dir := place(path.Dir(a))
		np := path.Join(dir, claimIn(dirs, dir, safeFileName(path.Base(a)), ""))
		p.atts[a] = np
		setOnce(p.byBase, vault.FoldName(path.Base(a)), np)
	}
	return p
}

func parentDir(p string) string {
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}

func claimIn(dirs map[string]*namer, dir, name, ext string) string {
	n := dirs[dir]
	if n == nil {
		n = newNamer()
		dirs[dir] = n
	}
	return n.claim(name, ext)
}

func setOnce(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok && k != "" {
		m[k] = v
	}
}

// writeVault writes the planned files into t.
func (x *exporter) writeVault(t tree) error {
	vf, atts, err := x.openAttachments()
	if err != nil {
		return err
	}
	defer vf.Close()
	plan := x.planVault(atts)
	for _, rec := range x.sel.Records {
		data, err := x.exportedRecord(rec, plan)
		if err != nil {
			return err
		}
		if err := x.put(t, plan.records[rec.Path], data); err != nil {
			return err
		}
		x.rep.Records++
		x.rep.Annotations += len(rec.Annotations)
		if err := x.step("Writing notes"); err != nil {
			return err
		}
	}
	for _, a := range atts {
		if err := x.copyAttachment(t, vf, a, plan.atts[a]); err != nil {
			return err
		}
		x.rep.Attachments++
		if err := x.ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// exportedRecord is a record's file as the exported vault holds it: the
// same front matter (unknown keys included) and body, with the links to
// files whose names or places changed pointing to where they went.
func (x *exporter) exportedRecord(rec *vault.Record, plan *vaultPlan) ([]byte, error) {
	if rec.Broken() {
		// Parley cannot rewrite what it cannot parse; the text is the
		// user's, so it goes as it is.
		b, err := os.ReadFile(x.nb.Abs(rec.Path))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", rec.Path, err)
		}
		x.rep.Notes = append(x.rep.Notes, fmt.Sprintf("%s copied as it is (%s)", rec.Path, rec.Problem))
		return b, nil
	}
	out := rec.Clone()
	out.Body = relinkBody(rec.Path, plan.records[rec.Path], rec.Body, plan)
	if out.Snapshot != "" {
		for _, p := range resolveRef("", out.Snapshot) {
			if np, ok := plan.atts[p]; ok {
				out.Snapshot = np
				break
			}
		}
	}
	b, err := vault.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", rec.Path, err)
	}
	return b, nil
}

// relinkBody rewrites a body's links for the record's move from oldPath to
// newPath: Markdown links and images to files of the export become
// relative to the new place (which Obsidian, editors and browsers all
// follow), and wiki links whose target was renamed name the new file, with
// the old text kept as their alias.
func relinkBody(oldPath, newPath, body string, plan *vaultPlan) string {
	from := path.Dir(newPath)
	body = rewriteDests(body, func(_ bool, dest string) (string, bool) {
		for _, c := range resolveRef(oldPath, dest) {
			np, ok := plan.atts[c]
			if !ok {
				np, ok = plan.records[c]
			}
			if ok {
				return encodeDest(relPath(from, np), strings.HasPrefix(strings.TrimSpace(dest), "<")), true
			}
		}
		return "", false
	})
	return rewriteWiki(body, func(embed bool, target string) (string, bool) {
		key := vault.FoldName(target)
		// [[Note]] and [[Note.md]] both name Note.md.
		for _, k := range []string{key, strings.TrimSuffix(key, ".md")} {
			np, ok := plan.byLink[k]
			if !ok {
				continue
			}
			name := strings.TrimSuffix(path.Base(np), ".md")
			if vault.FoldName(name) == k {
				return target, false
			}
			if strings.HasSuffix(vault.FoldName(name), ".md") {
				// A name that itself ends in .md would be taken for
				// the file name: give it whole.
				name += ".md"
			}
			return name, true
		}
		if np, ok := plan.byBase[vault.FoldName(path.Base(target))]; ok {
			name := path.Base(np)
			if vault.FoldName(name) == vault.FoldName(path.Base(target)) {
				return target, false
			}
			return name, true
		}
		return target, false
	})
}

// relPath is the slash path from folder from to file to, both relative to
// the export's root.
func relPath(from, to string) string {
	if from == "." || from == "" {
		return to
	}
	up := strings.Repeat("../", strings.Count(from, "/")+1)
	return up + to
}

// encodeDest writes a file path as a Markdown link destination: in angle
// brackets when the original was, else with the characters that would end
// or confuse a destination percent-encoded (letters of any script stay
// readable).
func encodeDest(p string, angle bool) string {
	if angle {
		return "<" + p + ">"
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte(`()<>%#?[]\"'`+"`", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// put writes one file into the export.
func (x *exporter) put(t tree, rel string, data []byte) error {
	w, err := t.create(rel)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	x.rep.Files++
	return nil
}

func (x *exporter) copyAttachment(t tree, vf *vault.Attachments, from, to string) error {
	r, err := vf.Open(from)
	if err != nil {
		return err
	}
	defer r.Close()
	w, err := t.create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return fmt.Errorf("copying %s: %w", from, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("copying %s: %w", from, err)
	}
	x.rep.Files++
	return nil
}
