package importer

import (
	"fmt"
	"os"
	"path"
	"strings"
	"unicode"

	"github.com/parley-notes/parley/app/vault"
)

// maxFolderDepth bounds the folders kept below a type folder, so that a
// deep source tree cannot build paths Windows cannot open.
const maxFolderDepth = 5

// recordPath is where a record imported from srcRel goes: its type's
// folder, then the source's folders (but a first folder that names a kind
// of note, see isTypeFolder), then the file's name, every part made safe
// for every system.
func recordPath(t vault.Type, srcRel string) string {
	dirs := strings.Split(path.Dir(srcRel), "/")
	if dirs[0] == "." {
		dirs = nil
	}
	if len(dirs) > 0 && isTypeFolder(dirs[0]) {
		dirs = dirs[1:]
	}
	if len(dirs) > maxFolderDepth {
		dirs = dirs[:maxFolderDepth]
	}
	parts := []string{t.Folder()}
	for _, d := range dirs {
		parts = append(parts, vault.SafeName(d))
	}
	base := path.Base(srcRel)
	parts = append(parts, vault.SafeName(strings.TrimSuffix(base, path.Ext(base)))+".md")
	return path.Join(parts...)
}

// isTypeFolder reports whether a source's top folder sorts notes by kind
// the way Parley's type folders do (a Parley export's clips/ and notes/,
// the Obsidian Web Clipper's Clippings/), rather than by topic: the
// record's type takes its place.
func isTypeFolder(name string) bool {
	if strings.EqualFold(name, "Clippings") {
		return true
	}
	for _, t := range vault.Types {
		if strings.EqualFold(name, t.Folder()) {
			return true
		}
	}
	return false
}

// freePath returns rel, or "name 2.md" and so on beside it, that no file
// in the vault has, even on a disk that ignores case and normalisation:
// an import never overwrites a file.
func (r *run) freePath(rel string) string {
	dir, base := path.Split(rel)
	ext := path.Ext(base)
	name := strings.TrimSuffix(base, ext)
	taken := map[string]bool{}
	if entries, err := os.ReadDir(r.nb.Abs(dir)); err == nil {
		for _, e := range entries {
			taken[vault.FoldName(e.Name())] = true
		}
	}
	for i := 1; ; i++ {
		cand := name
		if i > 1 {
			cand = fmt.Sprintf("%s %d", name, i)
		}
		if !taken[vault.FoldName(cand+ext)] {
			return path.Join(dir, cand+ext)
		}
	}
}

// linkTo is the Markdown link from a record at recRel to a vault path.
func linkTo(recRel, target string) string {
	return strings.Repeat("../", strings.Count(recRel, "/")) + target
}

// attachmentName makes a file name that is safe on every system and in a
// Markdown link without escaping: letters, digits, - _ and one extension.
func attachmentName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if len(ext) > 12 || strings.IndexFunc(ext[min(len(ext), 1):], func(r rune) bool {
		return !(r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	}) >= 0 {
		ext = ""
	}
	stem = linkSafe(vault.SafeName(stem))
	if stem == "" || stem == "Untitled" {
		stem = "file"
	}
	return stem + ext
}

// linkSafe replaces what a Markdown link destination would need escaped.
func linkSafe(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return strings.Trim(b.String(), ".")
}

// attacher saves one record's attachments under attachments/<id>/ and
// gives the links its body uses for them.
type attacher struct {
	r      *run
	id     string
	recRel string            // the record's path, which links are relative to
	names  map[string]bool   // folded names taken
	saved  map[string]string // source key -> vault path
}

func (r *run) newAttacher(id, recRel string) *attacher {
	return &attacher{r: r, id: id, recRel: recRel, names: map[string]bool{}, saved: map[string]string{}}
}

// put saves data under a name derived from name (unique within the
// record) and returns its vault path; key identifies the source file, so
// that a file referenced twice is saved once.
func (a *attacher) put(key, name string, data []byte) (string, error) {
	if rel, ok := a.saved[key]; ok {
		return rel, nil
	}
	name = attachmentName(name)
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 2; a.names[vault.FoldName(name)]; i++ {
		name = fmt.Sprintf("%s-%d%s", stem, i, ext)
	}
	rel, err := a.r.nb.PutAttachment(a.id, name, data)
	if err != nil {
		return "", fmt.Errorf("saving attachment %s: %w", name, err)
	}
	a.names[vault.FoldName(name)] = true
	a.r.report.Attachments++
	a.saved[key] = rel
	return rel, nil
}

// link is the link from the record to a saved attachment.
func (a *attacher) link(rel string) string { return linkTo(a.recRel, rel) }
