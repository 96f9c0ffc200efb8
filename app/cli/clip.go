package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/clip"
	"github.com/parley-notes/parley/app/vault"
)

// clipJSON is what `clip --json` prints for a saved (or found) clip.
type clipJSON struct {
	Source   string `json:"source"`
	ID       string `json:"id"`
	Path     string `json:"path"`
	Existing bool   `json:"existing"`
}

func runClip(c *ctx, args []string) error {
	fs := flagSet("clip")
	asJSON := fs.Bool("json", false, "print JSON, one object per source")
	dryRun := fs.Bool("dry-run", false, "extract and print, save nothing")
	force := fs.Bool("force", false, "clip even when the vault has the article")
	raw := fs.Bool("raw", false, "keep the whole page when no article is found")
	reliability := fs.String("reliability", "", "Admiralty grade, e.g. B2")
	var tags listFlag
	fs.Var(&tags, "tag", "a tag (repeat for more)")
	sources, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		return usagef("clip: give a URL, a file or - for standard input")
	}
	grade := strings.ToUpper(strings.TrimSpace(*reliability))
	if grade != "" && !vault.ValidReliability(grade) {
		return usagef("clip: --reliability %q is not an Admiralty grade (A–F and 1–6, e.g. B2)", *reliability)
	}
	nb, err := c.open()
	if err != nil {
		return err
	}
	defer nb.Close()
	opts := app.ClipOptions{Force: *force, Raw: *raw, DryRun: *dryRun, Tags: tags, Reliability: grade}
	p := newProgressLine(c.env.Stderr)
	enc := json.NewEncoder(c.env.Stdout)
	enc.SetEscapeHTML(false)
	var clipped, present, failed int
	for i, src := range sources {
		if len(sources) > 1 {
			p.update(app.Progress{Stage: "Clipping", Done: i, Total: len(sources)})
		}
		res, err := c.clipOne(nb, src, opts)
		p.done()
		if err != nil && len(sources) == 1 {
			return err
		}
		if err != nil {
			failed++
			fmt.Fprintf(c.env.Stderr, "parley: %s\n", oneLine(err))
			continue
		}
		switch {
		case *dryRun && *asJSON:
			enc.Encode(res.Article)
		case *dryRun:
			a := res.Article
			fmt.Fprintf(c.env.Stdout, "%s\n  title: %s\n  site: %s\n  byline: %s\n  published: %s\n  lang: %s\n  %d characters of text\n", src, a.Title, a.Site, a.Byline, a.Published, a.Lang, len([]rune(a.Text)))
		case *asJSON:
			enc.Encode(clipJSON{Source: src, ID: res.ID, Path: res.Path, Existing: res.Existing})
		case res.Existing:
			fmt.Fprintf(c.env.Stdout, "already clipped as %s (%s)\n", res.ID, res.Path)
		default:
			fmt.Fprintf(c.env.Stdout, "clipped %s as %s (%s)\n", res.Article.Title, res.ID, res.Path)
		}
		if res.Existing {
			present++
		} else {
			clipped++
		}
	}
	if len(sources) > 1 {
		fmt.Fprintf(c.env.Stderr, "%d clipped, %d already present, %d failed\n", clipped, present, failed)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d sources could not be clipped (reasons above)", failed, len(sources))
	}
	return nil
}

// clipOne clips a source; "-" is the command's standard input.
func (c *ctx) clipOne(nb *app.Notebook, src string, opts app.ClipOptions) (*app.ClipResult, error) {
	if src != "-" {
		return nb.Clip(context.Background(), src, opts)
	}
	page, err := clip.LoadReader(c.env.Stdin, "-")
	if err != nil {
		return nil, err
	}
	return nb.ClipPage(context.Background(), page, opts)
}
