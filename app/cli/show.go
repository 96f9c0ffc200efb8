package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
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
		return writeJSON(c, recordJSON(rec))
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

// recordJSON is a record as one JSON object: its front matter fields (those
// Parley does not know included), its body, its path, and its problem if
// the file is broken.
func recordJSON(rec *vault.Record) map[string]any {
	out := map[string]any{}
	for k, v := range rec.ExtraFields() {
		out[k] = v
	}
	b, _ := json.Marshal(rec)
	var known map[string]any
	json.Unmarshal(b, &known)
	for k, v := range known {
		out[k] = v
	}
	out["body"] = rec.Body
	out["path"] = rec.Path
	if rec.Broken() {
		out["problem"] = rec.Problem
	}
	return out
}
