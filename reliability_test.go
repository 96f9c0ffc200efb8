package main

// Helpers shared by the reliability tests (crash_test.go, damage_test.go,
// onewriter_test.go, hostile_test.go, script_test.go): running the real
// binary with a deadline, copying vaults, helper processes, and the report
// whose figures the README quotes.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The environment variable that turns this test binary into a helper
// process (see testHelper), and the one that names the report file.
const (
	helperEnv = "PARLEY_TEST_HELPER"
	reportEnv = "PARLEY_REPORT"
)

// helpers are the modes of helper processes, registered by the tests
// that use them (see testHelper).
var helpers = map[string]func(arg string) int{}

// testHelper runs in a child copy of the test binary when helperEnv is
// set to MODE:ARG, and returns its exit status.
func testHelper(mode string) int {
	name, arg, _ := strings.Cut(mode, ":")
	if h := helpers[name]; h != nil {
		return h(arg)
	}
	fmt.Fprintf(os.Stderr, "unknown helper %q\n", mode)
	return 2
}

// helperProcess starts this test binary as a helper and waits for its
// first line of output, which says it is ready. Closing its standard input
// ends it.
func helperProcess(t *testing.T, mode string) (*exec.Cmd, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("helper %s: %v", mode, err)
	}
	if strings.TrimSpace(line) == "" {
		t.Fatalf("helper %s said nothing", mode)
	}
	return cmd, stdin
}

// parleyCmd prepares the real binary on a vault, with a locale Fyne can
// parse and with the caches (where a read-only vault's index goes) inside
// the test's own folder.
func parleyCmd(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(parleyBin, append([]string{"--vault", dir}, args...)...)
	cmd.Env = append(os.Environ(), "LANGUAGE=en", "PARLEY_VAULT=", "XDG_CACHE_HOME="+cacheHome(t))
	return cmd
}

// cacheHome is one cache folder for every run of the binary in this test
// process, beside the binary, so that TestMain removes it with it.
func cacheHome(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(filepath.Dir(parleyBin), "cache")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runBounded runs cmd and kills it at the deadline: a hang fails the test
// instead of stalling it. It returns stdout, stderr, the exit status (-1
// when killed) and how long the command took.
func runBounded(t *testing.T, cmd *exec.Cmd, limit time.Duration) (string, string, int, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s did not finish within %v", strings.Join(cmd.Args, " "), limit)
	}
	took := time.Since(start)
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code, took
}

// prun runs parley on dir as run does, but with parleyCmd's environment
// and a deadline.
func prun(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	cmd := parleyCmd(t, dir, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, errs, code, took := runBounded(t, cmd, 2*time.Minute)
	return result{stdout: out, stderr: errs, code: code, took: took}
}

// exitStatus runs parley on dir and returns its output and status.
func exitStatus(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	r := prun(t, dir, "", args...)
	return r.stdout, r.stderr, r.code
}

// copyTree copies the regular files and folders under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// vaultFiles reads every file of a vault but its derived data.
func vaultFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if rel == ".parley" {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var reportMu sync.Mutex

// report logs a test's figures and appends them to the file named by
// PARLEY_REPORT, from which the README's Reliability section is written.
func report(t *testing.T, lines ...string) {
	t.Helper()
	for _, l := range lines {
		t.Log(l)
	}
	p := os.Getenv(reportEnv)
	if p == "" {
		return
	}
	reportMu.Lock()
	defer reportMu.Unlock()
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		t.Errorf("report: %v", err)
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "## %s\n", t.Name())
	for _, l := range lines {
		fmt.Fprintln(f, l)
	}
	fmt.Fprintln(f)
}

// envInt reads a number from the environment, or def.
func envInt(t *testing.T, name string, def int64) int64 {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q is not a number", name, s)
	}
	return n
}

// inCI reports whether the tests run in CI, where a test that cannot set
// up what it needs must fail rather than skip.
func inCI() bool { return os.Getenv("CI") == "true" }
