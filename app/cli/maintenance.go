package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-notes/parley/app"
)

func runReindex(c *ctx, args []string) error {
	if _, err := parseFlags(flagSet("reindex"), args); err != nil {
		return err
	}
	nb, err := c.open()
	if err != nil {
		return err
	}
	defer nb.Close()
	start := time.Now()
	p := newProgressLine(c.env.Stderr)
	err = nb.Reindex(context.Background(), p.update)
	p.done()
	if err != nil {
		return err
	}
	n, err := nb.Count(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "indexed %d records in %.1f s\n", n[""], time.Since(start).Seconds())
	return nil
}

func runCheck(c *ctx, args []string) error {
	fs := flagSet("check")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	nb, err := c.open()
	if err != nil {
		return err
	}
	defer nb.Close()
	p := newProgressLine(c.env.Stderr)
	probs, err := nb.Check(context.Background(), p.update)
	p.done()
	if err != nil {
		return err
	}
	errs := 0
	for _, pr := range probs {
		if pr.Severity == app.SeverityError {
			errs++
		}
	}
	if *asJSON {
		if probs == nil {
			probs = []app.Problem{}
		}
		if err := writeJSON(c, map[string]any{"problems": probs, "errors": errs}); err != nil {
			return err
		}
	} else {
		for _, pr := range probs {
			fmt.Fprintf(c.env.Stdout, "%s: %s: %s\n", pr.Path, pr.Severity, pr.Message)
		}
		if len(probs) == 0 {
			fmt.Fprintln(c.env.Stdout, "no problems found")
		}
	}
	if errs > 0 {
		return fmt.Errorf("%d problem(s) need fixing in %s", errs, nb.Root())
	}
	return nil
}

func runDemo(c *ctx, args []string) error {
	if _, err := parseFlags(flagSet("demo"), args); err != nil {
		return err
	}
	nb, err := c.open()
	if err != nil {
		return err
	}
	defer nb.Close()
	n, err := nb.AddDemo(context.Background())
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintln(c.env.Stdout, "the demo notebook is already in this vault")
	} else {
		fmt.Fprintf(c.env.Stdout, "added %d demo records to %s\n", n, nb.Root())
	}
	return nil
}

func runVersion(c *ctx, args []string) error {
	if _, err := parseFlags(flagSet("version"), args); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "parley %s", app.Version)
	if app.Commit != "" {
		fmt.Fprintf(c.env.Stdout, " (commit %s", app.Commit)
		if app.BuildDate != "" {
			fmt.Fprintf(c.env.Stdout, ", built %s", app.BuildDate)
		}
		fmt.Fprint(c.env.Stdout, ")")
	}
	fmt.Fprintln(c.env.Stdout)
	return nil
}
