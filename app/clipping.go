package app

import (
	"context"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/parley-notes/parley/app/clip"
	"github.com/parley-notes/parley/app/vault"
)

// ClipOptions tune clipping.
type ClipOptions struct {
	// Force clips a page even when the vault has it already.
	Force bool
	// Raw keeps the whole page's text when no article is found in it.
	Raw bool
	// DryRun extracts and reports, and saves nothing.
	DryRun      bool
	Tags        []string
	Reliability string
	Fetch       clip.FetchOptions
	Images      clip.ImageOptions
}

// ClipResult is what became of one source.
type ClipResult struct {
	Source  string
	Article *clip.Article
	// ID and Path name the clip saved, or the one already in the vault
	// when Existing is set.
	ID, Path string
	Existing bool
}

// Clip turns a source (a URL, a file path, or "-" for standard input) into
// a clip: the article text as Markdown, its metadata, its images saved
// beside it and a sanitised snapshot of the page. A page the vault already
// has (same canonical address, or same text) is not clipped again unless
// opts.Force; the result then names the existing clip.
func (nb *Notebook) Clip(ctx context.Context, source string, opts ClipOptions) (*ClipResult, error) {
	page, err := clip.Load(ctx, source, opts.Fetch)
	if err != nil {
		return nil, err
	}
	return nb.ClipPage(ctx, page, opts)
}

// ClipPage clips a page already loaded (from the clipboard, say).
func (nb *Notebook) ClipPage(ctx context.Context, page *clip.Page, opts ClipOptions) (*ClipResult, error) {
	art, err := clip.Extract(page, clip.ExtractOptions{Raw: opts.Raw})
	if err != nil {
		return nil, err
	}
	res := &ClipResult{Source: art.Source, Article: art}
	if !opts.Force {
		if id, err := nb.findClip(ctx, art); err != nil {
			return nil, err
		} else if id != "" {
			res.ID, res.Existing = id, true
			if h, err := nb.index().Lookup(ctx, id); err == nil && h != nil {
				res.Path = h.Path
			}
			return res, nil
		}
	}
	if opts.DryRun {
		return res, nil
	}
	if nb.ReadOnly() {
		return nil, vault.ErrReadOnly
	}
	rec := NewRecord(vault.TypeClip, art.Title)
	// Attachments go first: a crash then leaves unused files at worst,
	// never a clip that points at files that are not there.
	if _, err := clip.LocalizeImages(ctx, art, attachmentStore{nb, rec.ID}, opts.Images); err != nil {
		return nil, err
	}
	if len(art.Snapshot) > 0 {
		if rec.Snapshot, err = nb.PutAttachment(rec.ID, "snapshot.html", art.Snapshot); err != nil {
			return nil, err
		}
	}
	fillClip(rec, art, opts)
	if err := nb.Save(ctx, rec); err != nil {
		return nil, err
	}
	res.ID, res.Path = rec.ID, rec.Path
	return res, nil
}

// findClip returns the id of a clip of the same article, if the vault has
// one: by address first, then by the hash of its text.
func (nb *Notebook) findClip(ctx context.Context, art *clip.Article) (string, error) {
	for _, u := range []string{art.CanonicalURL, art.URL} {
		if u == "" {
			continue
		}
		if id, err := nb.FindByURL(ctx, u); err != nil || id != "" {
			return id, err
		}
	}
	if art.ContentHash == "" {
		return "", nil
	}
	return nb.FindByHash(ctx, art.ContentHash)
}

// fillClip copies an article into a clip record.
func fillClip(rec *vault.Record, art *clip.Article, opts ClipOptions) {
	rec.Title = strings.TrimSpace(art.Title)
	if rec.Title == "" {
		rec.Title = "Untitled clip"
	}
	rec.URL, rec.CanonicalURL = art.URL, art.CanonicalURL
	if rec.CanonicalURL == rec.URL {
		rec.CanonicalURL = ""
	}
	rec.Site, rec.Byline, rec.Lang, rec.Excerpt = art.Site, art.Byline, art.Lang, art.Excerpt
	if t, ok := clip.PublishedTime(art.Published); ok {
		rec.Published = vault.NewDate(t)
	}
	rec.Clipped = time.Now()
	rec.ContentHash = art.ContentHash
	rec.Reliability = opts.Reliability
	rec.Tags = vault.StringList(opts.Tags)
	rec.Body = art.Markdown
	if !strings.HasSuffix(rec.Body, "\n") {
		rec.Body += "\n"
	}
}

// attachmentStore keeps a clip's images in attachments/<id>/ and gives the
// Markdown a path relative to the clip's file, which Obsidian and other
// editors resolve too.
type attachmentStore struct {
	nb *Notebook
	id string
}

func (s attachmentStore) Put(name string, data []byte) (string, error) {
	rel, err := s.nb.PutAttachment(s.id, name, data)
	if err != nil {
		return "", fmt.Errorf("saving image %s: %w", name, err)
	}
	return path.Join("..", rel), nil
}
