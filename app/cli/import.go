package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/parley-notes/parley/app/importer"
)

// runImport brings Evernote exports, Markdown folders (Obsidian vaults)
// and Parley backups into the vault, and prints what became of each item.
func runImport(c *ctx, args []string) error {
	fs := flagSet("import")
	format := fs.String("format", "", "enex, md or json")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("import: give the files or folders to import (parley import --format enex|md|json PATH...)")
	}
	var f importer.Format
	if *format != "" {
		if f, err = importer.ParseFormat(*format); err != nil {
			return usagef("import: %v", err)
		}
	}
	nb, err := c.open()
	if err != nil {
		return err
	}
	defer nb.Close()
	// Ctrl-C stops between two notes, and the report still says what
	// was imported until then.
	sigCtx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	p := newProgressLine(c.env.Stderr)
	rep, err := importer.Run(sigCtx, nb, importer.Options{Format: f, Paths: paths}, p.update)
	p.done()
	if rep == nil {
		return err
	}
	if *asJSON {
		if jerr := writeJSON(c, rep); jerr != nil {
			return jerr
		}
	} else {
		printImportReport(c.env.Stdout, rep)
	}
	switch {
	case err != nil:
		return fmt.Errorf("the import was stopped (%v); the report above says what was done", err)
	case !rep.OK():
		return fmt.Errorf("%d item(s) could not be imported; the report says why", len(rep.Failed))
	}
	return nil
}

// printImportReport writes one line for each item skipped or failed and
// each warning, then the counts.
func printImportReport(w io.Writer, rep *importer.Report) {
	line := func(kind, source, title, msg string) {
		if title != "" && !strings.Contains(source, title) {
			source += fmt.Sprintf(" %q", title)
		}
		fmt.Fprintf(w, "%-8s %s: %s\n", kind, source, oneLine(fmt.Errorf("%s", msg)))
	}
	for _, it := range rep.Imported {
		for _, warn := range it.Warnings {
			line("warning", it.Path, "", warn)
		}
	}
	for _, it := range rep.Skipped {
		line("skipped", it.Source, it.Title, it.Reason)
	}
	for _, it := range rep.Failed {
		line("failed", it.Source, it.Title, it.Reason)
	}
	fmt.Fprintln(w, rep.Summary())
}
