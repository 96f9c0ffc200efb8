package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/parley-notes/parley/app"
)

// open opens the vault for a command, telling the user on stderr about
// anything that happened on the way (a new vault, a rebuilt index).
func (c *ctx) open() (*app.Notebook, error) {
	_, statErr := os.Stat(c.vaultDir)
	created := errors.Is(statErr, fs.ErrNotExist)
	p := newProgressLine(c.env.Stderr)
	nb, err := app.Open(c.vaultDir, app.Options{Progress: p.update})
	p.done()
	if err != nil {
		return nil, err
	}
	if created {
		fmt.Fprintf(c.env.Stderr, "parley: created a new, empty vault at %s\n", c.vaultDir)
	}
	for _, n := range nb.Notices() {
		fmt.Fprintf(c.env.Stderr, "parley: %s\n", n)
	}
	return nb, nil
}
