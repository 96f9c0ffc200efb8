package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/export"
)

// exportJSON is the stable shape of `export --json`.
type exportJSON struct {
	Format      string           `json:"format"`
	Scope       string           `json:"scope"`
	Records     int              `json:"records"`
	Annotations int              `json:"annotations"`
	Attachments int              `json:"attachments"`
	Files       int              `json:"files"`
	Outputs     []string         `json:"outputs"`
	Renamed     []export.Renamed `json:"renamed"`
	Skipped     []export.Skipped `json:"skipped"`
	Notes       []string         `json:"notes"`
}

func runExport(c *ctx, args []string) error {
	fs := flagSet("export")
	format := fs.String("format", "", "md, html, pdf, json, csv or annotations")
	out := fs.String("out", "", "the file or folder to write")
	query := fs.String("query", "", "export the records this query finds")
	id := fs.String("id", "", "export this record (a round or issue with what is linked to it)")
	title := fs.String("title", "", "the title of an HTML or PDF brief")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usagef("export: unexpected argument %q (quote a query: --query \"...\")", rest[0])
	case *format == "":
		return usagef("export: say which --format (md, html, pdf, json, csv or annotations)")
	case *out == "":
		return usagef("export: say where to write with --out PATH")
	case *query != "" && *id != "":
		return usagef("export: give --query or --id, not both")
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return usagef("export: %v", err)
	}
	nb, err := c.open()
	if err != nil {
		return err
	}
	defer nb.Close()
	p := newProgressLine(c.env.Stderr)
	rep, err := export.Run(context.Background(), nb, export.Options{Format: f, Query: *query, ID: *id, Out: *out, Title: *title}, p.update)
	p.done()
	switch {
	case errors.Is(err, app.ErrNotFound):
		return fmt.Errorf("no record has id %s; find ids with parley search", strings.TrimSpace(*id))
	case err != nil:
		return err
	}
	if *asJSON {
		j := exportJSON{
			Format: string(rep.Format), Scope: rep.Scope, Records: rep.Records, Annotations: rep.Annotations,
			Attachments: rep.Attachments, Files: rep.Files, Outputs: rep.Outputs,
			Renamed: rep.Renamed, Skipped: rep.Skipped, Notes: rep.Notes,
		}
		if j.Renamed == nil {
			j.Renamed = []export.Renamed{}
		}
		if j.Skipped == nil {
			j.Skipped = []export.Skipped{}
		}
		if j.Notes == nil {
			j.Notes = []string{}
		}
		return writeJSON(c, j)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(c.env.Stderr, "parley: %s\n", n)
	}
	fmt.Fprintln(c.env.Stdout, rep.Summary())
	return nil
}
