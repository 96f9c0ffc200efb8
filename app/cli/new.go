package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

func runNew(c *ctx, args []string) error {
	fs := flagSet("new")
	title := fs.String("title", "", "the title")
	bodyFile := fs.String("body-file", "", "read the body from this file (- for standard input)")
	var tags listFlag
	fs.Var(&tags, "tag", "a tag (repeat for more)")
	date := fs.String("date", "", "a round's date, YYYY-MM-DD (default today)")
	url := fs.String("url", "", "a clip's source address")
	lang := fs.String("lang", "", "a clip's language, e.g. en or ru")
	reliability := fs.String("reliability", "", "a clip's Admiralty grade, e.g. B2")
	status := fs.String("status", "", "an issue's status")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("new: give the type: clip, round, issue or note")
	}
	t, err := vault.ParseType(rest[0])
	if err != nil {
		return usagef("new: %v", err)
	}
	if *title == "" {
		return usagef("new: --title is required")
	}
	rec := app.NewRecord(t, *title)
	rec.Tags = vault.StringList(tags)
	if *bodyFile != "" {
		body, err := readBody(c, *bodyFile)
		if err != nil {
			return err
		}
		rec.Body = body
	}
	rec.URL, rec.Lang, rec.Reliability, rec.Status = *url, *lang, *reliability, vault.Status(*status)
	if t == vault.TypeClip {
		rec.Clipped = time.Now()
	}
	if t == vault.TypeRound {
		d := vault.NewDate(time.Now())
		if *date != "" {
			if d, err = vault.ParseDate(*date); err != nil {
				return fmt.Errorf("--date: %w", err)
			}
		}
		rec.Date = d
	}
	nb, err := c.open()
	if err != nil {
		return err
	}
	defer nb.Close()
	if err := nb.Save(context.Background(), rec); err != nil {
		return err
	}
	fmt.Fprintln(c.env.Stdout, rec.ID)
	return nil
}

// readBody reads a body from a file or standard input, refusing what is not
// text rather than storing it.
func readBody(c *ctx, name string) (string, error) {
	var r io.Reader = c.env.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return "", fmt.Errorf("reading the body: %w", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, vault.MaxFileBytes+1))
	if err != nil {
		return "", fmt.Errorf("reading the body: %w", err)
	}
	if len(b) > vault.MaxFileBytes {
		return "", fmt.Errorf("the body is larger than %d MB", vault.MaxFileBytes>>20)
	}
	if err := vault.CheckText(b); err != nil {
		return "", fmt.Errorf("the body is not text: %v", err)
	}
	return string(b), nil
}
