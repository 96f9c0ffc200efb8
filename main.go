// Parley is a desktop notebook for analysts who follow negotiations: clip
// articles, record rounds of talks and the issues on the table, annotate
// what matters and search it all offline. Without a command it opens the
// window; with one it is a scriptable tool (parley help).
package main

import (
	"os"

	"github.com/parley-notes/parley/app/cli"
	"github.com/parley-notes/parley/app/ui"
)

func main() {
	if len(os.Args) > 1 {
		attachConsole()
	}
	os.Exit(cli.Main(os.Args[1:], cli.Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Window: ui.Run,
	}))
}
