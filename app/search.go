package app

import (
	"bytes"
	"context"
	"os"
	"path"
	"strings"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
	"golang.org/x/text/cases"
)

// Search runs a query. When highlight is set, hits carry fragments cut from
// the records' files with the query's words marked.
func (nb *Notebook) Search(ctx context.Context, req index.Request, highlight bool) (*index.Result, error) {
	ix := nb.index()
	if ix == nil {
		return nil, ErrIndexing
	}
	if highlight {
		req.Texts = nb.hitText
	}
	return ix.Search(ctx, req)
}

// Facets counts the results of a query by facet.
func (nb *Notebook) Facets(ctx context.Context, req index.Request) (index.Facets, error) {
	ix := nb.index()
	if ix == nil {
		return nil, ErrIndexing
	}
	return ix.Facets(ctx, req)
}

// hitText reads a hit's file and returns the text its document was indexed
// with.
func (nb *Notebook) hitText(h *index.Hit, fields []string) (map[string]string, error) {
	sig, ok := nb.vault.Stat(h.Path)
	if !ok {
		return nil, vault.ErrNotFound
	}
	if texts, ok := nb.texts.get(h.Path, sig); ok {
		return texts[h.ID], nil
	}
	if t, ok := nb.proseText(h, sig, fields); ok {
		return t, nil
	}
	rec, err := nb.vault.Read(h.Path)
	if err != nil {
		return nil, err
	}
	texts := textsOfRecord(rec, h.ID)
	nb.texts.put(h.Path, rec.Sig, texts)
	return texts[h.ID], nil
}

// Count is the number of records of each type, and in all ("" key).
func (nb *Notebook) Count(ctx context.Context) (map[string]int, error) {
	f, err := nb.Facets(ctx, index.Request{})
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, v := range f["type"] {
		if v.Value == index.TypeAnnotation {
			continue
		}
		out[v.Value] = v.Count
		out[""] += v.Count
	}
	return out, nil
}

// List returns every record of a type (all types when t is empty), newest
// first, as hits.
func (nb *Notebook) List(ctx context.Context, t vault.Type) ([]index.Hit, error) {
	q := "-type:annotation"
	if t != "" {
		q = "+type:" + string(t)
	}
	var out []index.Hit
	for offset := 0; ; offset += 1000 {
		res, err := nb.Search(ctx, index.Request{Query: q, Sort: index.NewestFirst, Offset: offset, Limit: 1000}, false)
		if err != nil {
			return nil, err
		}
		out = append(out, res.Hits...)
		if len(res.Hits) < 1000 {
			return out, nil
		}
	}
}

// Backlinks lists the records that link to rec: by id in their fields, or
// by its title or file name in a [[wiki link]].
func (nb *Notebook) Backlinks(ctx context.Context, rec *vault.Record) ([]index.Hit, error) {
	keys := []string{rec.ID, LinkKey(rec.Title)}
	if rec.Path != "" {
		keys = append(keys, LinkKey(strings.TrimSuffix(path.Base(rec.Path), path.Ext(rec.Path))))
	}
	var q []string
	for _, k := range keys {
		q = append(q, "links:"+quote(k))
	}
	res, err := nb.Search(ctx, index.Request{Query: strings.Join(q, " "), Sort: index.NewestFirst, Limit: 500}, false)
	if err != nil {
		return nil, err
	}
	// An annotation's link is its clip's: list the clip, once.
	seen := map[string]bool{rec.ID: true}
	out := res.Hits[:0]
	for _, h := range res.Hits {
		id := h.ID
		if h.Type == index.TypeAnnotation {
			id = h.Parent
			h = index.Hit{ID: h.Parent, Type: string(vault.TypeClip), Title: h.ParentTitle, Path: h.Path, Date: h.Date}
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, h)
		}
	}
	return out, nil
}

// Resolve finds the record a [[wiki link]] names: by title, else by file
// name, ignoring case as Obsidian does. It returns "" when none matches.
func (nb *Notebook) Resolve(ctx context.Context, target string) (string, error) {
	target = strings.TrimSpace(target)
	if target == "" {
		return "", nil
	}
	res, err := nb.Search(ctx, index.Request{Query: "+title:" + quote(target) + " -type:annotation", Limit: 50}, false)
	if err != nil {
		return "", err
	}
	want := cases.Fold().String(target)
	for _, h := range res.Hits {
		if cases.Fold().String(h.Title) == want {
			return h.ID, nil
		}
	}
	for _, h := range res.Hits {
		base := strings.TrimSuffix(path.Base(h.Path), path.Ext(h.Path))
		if cases.Fold().String(base) == want {
			return h.ID, nil
		}
	}
	return "", nil
}

// proseText is hitText for the common case of words matched in a clip's or
// a note's title and body: the body's text is the Markdown after the front
// matter, so the front matter need not be parsed, which was a third of the
// cost of a highlight. It reports false where that does not hold: other
// fields, other types, keys that add to the indexed body, odd files.
func (nb *Notebook) proseText(h *index.Hit, sig vault.Sig, fields []string) (map[string]string, bool) {
	if h.Type != string(vault.TypeClip) && h.Type != string(vault.TypeNote) {
		return nil, false
	}
	for _, f := range fields {
		if f != "title" && f != "body" {
			return nil, false
		}
	}
	key := h.Path + "\x00prose"
	if texts, ok := nb.texts.get(key, sig); ok {
		return texts[h.ID], true
	}
	data, err := os.ReadFile(nb.vault.Abs(h.Path))
	if err != nil || len(data) > vault.MaxFileBytes || vault.CheckText(data) != nil {
		return nil, false
	}
	front, body, has, err := vault.SplitFrontMatter(data)
	if !has || err != nil {
		return nil, false
	}
	for _, k := range []string{"outcome", "next_steps", "agenda", "positions"} {
		if bytes.Contains(front, []byte(k)) {
			return nil, false
		}
	}
	t := map[string]string{"title": h.Title, "body": plainText(vault.TruncateUTF8(string(body), MaxIndexedBytes))}
	nb.texts.put(key, sig, map[string]map[string]string{h.ID: t})
	return t, true
}
