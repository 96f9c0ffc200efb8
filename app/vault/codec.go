package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
)

// Parse reads a record from a file's bytes. rel is the file's path relative
// to the vault (forward slashes); it supplies the type and id of files that
// lack them, such as notes written in another editor.
//
// Parse never fails: a file that is not a well-formed record comes back with
// Problem set and as much of its text as can be read, so that it can still be
// listed, searched and reported.
func Parse(data []byte, rel string) *Record {
	rec := &Record{Path: rel}
	var problem string
	if err := CheckText(data); err != nil {
		problem = err.Error()
		data = []byte(strings.ToValidUTF8(strings.ReplaceAll(string(data), "\x00", ""), "\uFFFD"))
	}
	front, body, _, err := SplitFrontMatter(data)
	if err == nil {
		err = decodeFrontMatter(front, rec)
	}
	if err != nil {
		// Keep the whole text searchable: the front matter is part of what
		// the user wrote and may be all there is.
		*rec = Record{Path: rel, Body: string(data)}
		if problem == "" {
			problem = err.Error()
		}
	} else {
		rec.Body = string(body)
	}
	rec.Problem = problem
	fillDefaults(rec)
	return rec
}

// fillDefaults gives files written by hand what Parley needs to show them.
func fillDefaults(rec *Record) {
	if rec.Type == "" {
		rec.Type = typeOfFolder(rec.Path)
	} else if t, err := ParseType(string(rec.Type)); err == nil {
		rec.Type = t
	} else if rec.Problem == "" {
		rec.Problem = fmt.Sprintf("%v: %v", ErrFrontMatter, err)
	}
	if rec.ID == "" {
		rec.ID = PathID(rec.Path)
	}
	if strings.TrimSpace(rec.Title) == "" {
		rec.Title = titleFromBody(rec.Body)
	}
	if rec.Title == "" {
		rec.Title = strings.TrimSuffix(path.Base(rec.Path), path.Ext(rec.Path))
	}
}

// typeOfFolder infers a record's type from the top folder it lives in.
func typeOfFolder(rel string) Type {
	top, _, _ := strings.Cut(rel, "/")
	for _, t := range Types {
		if strings.EqualFold(top, t.Folder()) {
			return t
		}
	}
	return TypeNote
}

// PathID is the id of a file that has none in its front matter. It is
// derived from the path so that it stays the same from one run to the next;
// the first save by Parley writes it into the file, which fixes it for good.
func PathID(rel string) string {
	sum := sha256.Sum256([]byte(rel))
	return "F" + strings.ToUpper(hex.EncodeToString(sum[:])[:25])
}

// titleFromBody returns the text of a first-line Markdown heading.
func titleFromBody(body string) string {
	for _, line := range strings.SplitN(body, "\n", 20) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "# ") {
			return strings.TrimSpace(line[2:])
		}
		return ""
	}
	return ""
}

// Marshal writes a record as front matter and body. For a record that was
// read from a file Parley wrote, Marshal(Parse(b)) == b.
func Marshal(rec *Record) ([]byte, error) {
	if rec.Broken() {
		return nil, fmt.Errorf("%s: %w", rec.Path, ErrBroken)
	}
	front, err := encodeFrontMatter(rec)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(front) + len(rec.Body) + 8)
	buf.WriteString("---\n")
	buf.Write(front)
	buf.WriteString("---\n")
	buf.WriteString(rec.Body)
	return buf.Bytes(), nil
}
