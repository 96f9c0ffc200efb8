package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/export"
)

func runShow(c *ctx, args []string) error {
	fs := flagSet("show")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("show: give one record id")
	}
	nb, err := c.open()
	if err != nil {
		return err
	}
	defer nb.Close()
	id, _ := app.SplitDocID(rest[0])
	rec, err := nb.Get(context.Background(), id)
	if errors.Is(err, app.ErrNotFound) {
		return fmt.Errorf("no record has id %s; find ids with parley search", id)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c, export.RecordJSON(rec))
	}
	b, err := os.ReadFile(nb.Abs(rec.Path))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "%s\n\n%s", rec.Path, b)
	if !strings.HasSuffix(string(b), "\n") {
		fmt.Fprintln(c.env.Stdout)
	}
	return nil
}
