package export

import (
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/parley-notes/parley/app/vault"
)

// openAttachments opens the vault's attachments and lists those the
// selection needs (attachmentsOf). The caller closes vf.
func (x *exporter) openAttachments() (vf *vault.Attachments, atts []string, err error) {
	if vf, err = x.nb.OpenAttachments(); err != nil {
		return nil, nil, err
	}
	all, err := vf.List()
	if err != nil {
		vf.Close()
		return nil, nil, err
	}
	return vf, attachmentsOf(x.sel, all), nil
}

// attachmentsOf picks, from all the vault's attachments, those the
// selection needs: everything for the whole vault; else each record's own
// folder (attachments/<id>/, where the notebook puts them) and any file
// its body or snapshot field points to, by path or, as Obsidian's embeds
// do, by file name.
func attachmentsOf(sel *Selection, all []string) []string {
	if sel.Whole {
		return all
	}
	have := make(map[string]bool, len(all))
	byBase := map[string][]string{}
	byOwner := map[string][]string{} // attachments/<id> -> its files
	for _, p := range all {
		have[p] = true
		k := vault.FoldName(path.Base(p))
		byBase[k] = append(byBase[k], p)
		if parts := strings.SplitN(p, "/", 3); len(parts) == 3 {
			byOwner[parts[0]+"/"+parts[1]] = append(byOwner[parts[0]+"/"+parts[1]], p)
		}
	}
	want := map[string]bool{}
	for _, rec := range sel.Records {
		for _, p := range byOwner[path.Join(vault.AttachmentsDir, vault.SafeName(rec.ID))] {
			want[p] = true
		}
		for _, ref := range refsOf(rec) {
			for _, p := range resolveRef(rec.Path, ref) {
				if have[p] {
					want[p] = true
				}
			}
		}
		// Obsidian finds ![[image.png]] by file name, wherever it is.
		for _, t := range wikiTargets(rec.Body) {
			for _, p := range byBase[vault.FoldName(path.Base(t))] {
				want[p] = true
			}
		}
	}
	var out []string
	for _, p := range all {
		if want[p] {
			out = append(out, p)
		}
	}
	return out
}

// refsOf lists the local file references of a record: its snapshot and
// the destinations of its body's links and images.
func refsOf(rec *vault.Record) []string {
	var out []string
	if rec.Snapshot != "" {
		out = append(out, rec.Snapshot)
	}
	rewriteDests(rec.Body, func(_ bool, dest string) (string, bool) {
		out = append(out, dest)
		return dest, false
	})
	return out
}

// resolveRef returns the vault-relative paths a link destination written
// in the record at recPath may mean: relative to the record's folder (as
// Markdown means it) or to the vault's root (as Obsidian also accepts).
// Addresses with a scheme and in-page anchors mean no file.
func resolveRef(recPath, dest string) []string {
	dest = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(dest, "<"), ">"))
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "//") {
		return nil
	}
	if u, err := url.Parse(dest); err == nil && u.Scheme != "" {
		return nil
	}
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	if un, err := url.PathUnescape(dest); err == nil {
		dest = un
	}
	dest = strings.ReplaceAll(dest, `\`, "/")
	var out []string
	for _, p := range []string{path.Join(path.Dir(recPath), dest), path.Clean(strings.TrimPrefix(dest, "/"))} {
		if fs.ValidPath(p) && p != "." {
			out = append(out, p)
		}
	}
	return out
}
