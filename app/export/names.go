package export

import (
	"fmt"
	"path"
	"strings"

	"github.com/parley-notes/parley/app/vault"
	"golang.org/x/text/unicode/norm"
)

// maxExtBytes bounds what counts as a file extension worth keeping apart
// from the name when a long attachment name is shortened.
const maxExtBytes = 16

// SafeExportName turns a title into a file name (without extension) that
// Windows, macOS and Linux all accept and that an Obsidian [[link]] can
// name: vault.SafeName's rules (no <>:"/\|?*#^[], no control characters, no
// device names such as CON or nul.txt, no leading or trailing dots and
// spaces, at most vault.MaxNameBytes), checked again after shortening so
// that the result holds them even where cutting a name changed it.
func SafeExportName(title string) string {
	name := vault.SafeName(title)
	// Cutting at MaxNameBytes may leave a combining mark whose base was cut
	// away, which NFC can then recompose differently: settle it.
	for i := 0; i < 3; i++ {
		next := vault.SafeName(norm.NFC.String(name))
		if next == name {
			break
		}
		name = next
	}
	return name
}

// safeFileName makes an attachment's file name safe the way SafeExportName
// does a title, keeping a short extension intact.
func safeFileName(name string) string {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if ext == "" || len(ext) > maxExtBytes || stem == "" || SafeExportName(ext[1:]) != ext[1:] || strings.ContainsAny(ext, " ") {
		return SafeExportName(name)
	}
	stem = SafeExportName(stem)
	if len(stem)+len(ext) > vault.MaxNameBytes {
		stem = SafeExportName(vault.TruncateUTF8(stem, vault.MaxNameBytes-len(ext)))
	}
	return stem + ext
}

// namer hands out file names that no other name of the same namer matches
// on a case-insensitive, normalising file system (Windows, macOS), and that
// are never a Windows device name.
type namer struct {
	taken map[string]bool
}

func newNamer() *namer { return &namer{taken: map[string]bool{}} }

// claim returns name+ext, or "name 2"+ext and so on, the first that is
// free, and takes it.
func (n *namer) claim(name, ext string) string {
	for i := 1; ; i++ {
		cand := name
		if i > 1 {
			suffix := fmt.Sprintf(" %d", i)
			cand = SafeExportName(vault.TruncateUTF8(name, vault.MaxNameBytes-len(suffix))) + suffix
		}
		key := vault.FoldName(cand + ext)
		if !n.taken[key] {
			n.taken[key] = true
			return cand + ext
		}
	}
}

// checkRel reports whether rel is a path an export may create under its
// output: relative, slash-separated, no "." or ".." parts, no empty part,
// nothing Windows would read as a drive, a device or a stream.
func checkRel(rel string) error {
	bad := func(why string) error { return fmt.Errorf("refusing to write %q: %s", rel, why) }
	if rel == "" || strings.HasPrefix(rel, "/") {
		return bad("not a relative path")
	}
	if strings.ContainsAny(rel, "\\:\x00") {
		return bad("it contains a backslash, colon or NUL")
	}
	for _, part := range strings.Split(rel, "/") {
		if part == "" || part == "." || part == ".." {
			return bad("it has an empty, . or .. part")
		}
		if !safePart(part) {
			return bad("a part of it is not a safe file name")
		}
	}
	return nil
}

// safePart reports whether a name is safe as SafeExportName makes names,
// an extension allowed after it.
func safePart(part string) bool {
	if SafeExportName(part) == part {
		return true
	}
	ext := path.Ext(part)
	stem := strings.TrimSuffix(part, ext)
	return ext != "" && len(ext) <= maxExtBytes && stem != "" &&
		SafeExportName(stem) == stem && SafeExportName(ext[1:]) == ext[1:]
}
