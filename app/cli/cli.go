// Package cli is Parley's command line: the same binary that opens the
// window is a scriptable tool, and tests and benchmarks drive it too.
//
//	parley [--vault DIR]                 open the window
//	parley [--vault DIR] COMMAND [ARGS]  run a command
//
// Exit status: 0 on success, 1 when the user must fix something (one line
// on stderr says what), 2 on a usage error.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/parley-notes/parley/app"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// Env is the world a command runs in.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Window opens the GUI on a vault folder; nil in builds without one.
	Window func(vaultDir string) error
}

// usageError is a mistake in the command line, which exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(c *ctx, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"search", "search [--json] [--limit N] QUERY     search the vault", runSearch},
		{"show", "show [--json] ID|PATH                  print a record", runShow},
		{"new", "new clip|round|issue|note --title T [--body-file F|-] [--tag T]...   create a record, print its id", runNew},
		{"clip", "clip [--json] [--dry-run] [--force] [--raw] [--tag T]... [--reliability CODE] SOURCE...   clip web pages or files", runClip},
		{"reindex", "reindex                               rebuild the index from the files", runReindex},
		{"check", "check [--json]                        verify the vault and the index", runCheck},
		{"import", "import [--format enex|md|json] [--json] PATH...   import Evernote exports, Markdown folders or Obsidian vaults (.zip too), Parley backups", runImport},
		{"export", "export --format md|html|pdf|json|csv|annotations --out PATH [--query Q | --id ID] [--title T] [--json]   export notes, a brief or a backup", runExport},
		{"demo", "demo                                  add the demo notebook to the vault", runDemo},
		{"version", "version                               print the version", runVersion},
		{"help", "help                                  show this help", runHelp},
	}
}

// ctx carries what every command needs.
type ctx struct {
	env      Env
	vaultDir string
}

// Main runs the command line and returns the exit status.
func Main(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	c := &ctx{env: env}
	err := c.main(args)
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(env.Stderr, "parley: %s\nRun 'parley help' for usage.\n", oneLine(err))
		return exitUsage
	}
	fmt.Fprintf(env.Stderr, "parley: %s\n", oneLine(err))
	return exitError
}

func (c *ctx) main(args []string) error {
	fs := flag.NewFlagSet("parley", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	vaultFlag := fs.String("vault", "", "the vault folder")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return runHelp(c, nil)
		}
		return usagef("%v", err)
	}
	rest := fs.Args()
	dir, err := app.VaultDir(*vaultFlag, c.env.Getenv)
	if err != nil {
		return err
	}
	c.vaultDir = dir
	if len(rest) == 0 {
		if c.env.Window == nil {
			return errors.New("this build of Parley has no window; use a command (parley help)")
		}
		err := c.env.Window(dir)
		if errors.Is(err, app.ErrWindowRaised) {
			fmt.Fprintf(c.env.Stdout, "Parley is already open on %s; brought its window forward\n", dir)
			return nil
		}
		return err
	}
	for _, cmd := range commands {
		if cmd.name == rest[0] {
			// Bleve logs what it works round (a segment it could not
			// load) to the standard logger; a command's stderr carries
			// only Parley's own lines, which say what happened.
			log.SetOutput(io.Discard)
			return cmd.run(c, rest[1:])
		}
	}
	return usagef("unknown command %q", rest[0])
}

func runHelp(c *ctx, _ []string) error {
	w := c.env.Stdout
	fmt.Fprintln(w, "Parley: a notebook for following negotiations.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  parley [--vault DIR]                  open the window")
	for _, cmd := range commands {
		fmt.Fprintf(w, "  parley [--vault DIR] %s\n", cmd.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "The vault is --vault, else $PARLEY_VAULT, else Parley in your Documents folder.")
	fmt.Fprintln(w, "Queries: words, \"phrases\", +must -not, fuzzy~, prefix*, field:value, date:>=2025-01-01.")
	fmt.Fprintln(w, "Fields: type tags site lang reliability party status location byline title body date created updated.")
	return nil
}

// flagSet makes a subcommand's flag set, whose errors are usage errors.
func flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses a subcommand's flags wherever they stand among its
// arguments. An argument that looks like a flag but is not one of the
// command's stays positional, so that a query can say -word; "--" ends the
// flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		name, hasValue := strings.TrimLeft(a, "-"), false
		if n, _, ok := strings.Cut(name, "="); ok {
			name, hasValue = n, true
		}
		f := fs.Lookup(name)
		if !strings.HasPrefix(a, "-") || a == "-" || f == nil {
			if strings.HasPrefix(a, "--") && a != "--" {
				return nil, usagef("%s: unknown flag %s", fs.Name(), a)
			}
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !(ok && b.IsBoolFlag()) {
			if i+1 >= len(args) {
				return nil, usagef("%s: %s needs a value", fs.Name(), a)
			}
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		return nil, usagef("%s: %v", fs.Name(), err)
	}
	return positional, nil
}

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// oneLine folds an error message onto one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
}
