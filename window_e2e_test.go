package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-notes/parley/app/vault"
)

// TestSecondStartRaisesWindow: with Parley's window open on a vault (on a
// virtual display), starting the window again on that vault brings the open
// one forward and exits 0, and a command on the vault is still refused, as
// the vault's lock says.
func TestSecondStartRaisesWindow(t *testing.T) {
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Skip("needs Xvfb (.ci/deps test installs it)")
	}
	display := startXvfb(t, xvfb)
	home := t.TempDir()
	dir := filepath.Join(t.TempDir(), "vault")
	env := append(os.Environ(), "DISPLAY="+display, "HOME="+home, "XDG_CONFIG_HOME=", "XDG_STATE_HOME=", "LANGUAGE=en", "PARLEY_VAULT=")

	first := exec.Command(parleyBin, "--vault", dir)
	first.Env = env
	logr, logw := io.Pipe()
	first.Stdout, first.Stderr = logw, logw
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		first.Process.Kill()
		first.Wait()
		logw.Close()
	})
	lines := make(chan string, 1000)
	go func() {
		s := bufio.NewScanner(logr)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	waitForLine(t, lines, "answering other starts of Parley", time.Minute)
	window := xdotool(t, env, "search", "--sync", "--name", "^Parley$")
	if window != "" {
		// Without a window manager nothing moves the focus but Parley;
		// take it away so that getting it back shows.
		xdotool(t, env, "windowfocus", "--sync", rootWindow(t, env))
	}

	second := exec.Command(parleyBin, "--vault", dir)
	second.Env = env
	var stderr strings.Builder
	second.Stderr = &stderr
	out, err := second.Output()
	if err != nil {
		t.Fatalf("second start: %v (stdout %q, stderr %q)", err, out, stderr.String())
	}
	if want := "Parley is already open on " + dir + "; brought its window forward\n"; string(out) != want || stderr.Len() != 0 {
		t.Errorf("second start printed %q and %q on stderr, want %q and nothing", out, stderr.String(), want)
	}
	waitForLine(t, lines, "brought it forward", 10*time.Second)
	if window != "" {
		if focus := xdotool(t, env, "getwindowfocus"); focus != window {
			t.Errorf("the window with the focus is %s, not Parley's %s", focus, window)
		}
	}

	r := run(t, dir, "", "search", "embassy")
	if want := fmt.Sprintf("parley: vault %s is open in another Parley process (pid %d)\n", dir, first.Process.Pid); r.code != 1 || r.stderr != want {
		t.Errorf("a command on the open vault: exit %d, stderr %q; want 1, %q", r.code, r.stderr, want)
	}
	logFile, err := os.ReadFile(filepath.Join(home, ".local", "state", "parley", "parley.log"))
	if err != nil || !strings.Contains(string(logFile), "brought it forward") {
		t.Errorf("the window's log file (%v) lacks the request:\n%s", err, logFile)
	}
}

// startXvfb starts a virtual display and returns its name; -displayfd has
// Xvfb choose a free display and say which once it accepts clients.
func startXvfb(t *testing.T, xvfb string) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(xvfb, "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	n, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb did not start: %v", err)
	}
	return ":" + strings.TrimSpace(n)
}

// waitForLine reads the window's output until a line contains want.
func waitForLine(t *testing.T, lines <-chan string, want string, limit time.Duration) {
	t.Helper()
	timeout := time.After(limit)
	var seen []string
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("Parley's window exited before saying %q:\n%s", want, strings.Join(seen, "\n"))
			}
			if strings.Contains(l, want) {
				return
			}
			seen = append(seen, l)
		case <-timeout:
			t.Fatalf("Parley's window did not say %q within %v:\n%s", want, limit, strings.Join(seen, "\n"))
		}
	}
}

// xdotool runs xdotool and returns its output's first line; "" when
// xdotool is not installed.
func xdotool(t *testing.T, env []string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("xdotool"); err != nil {
		return ""
	}
	cmd := exec.Command("xdotool", args...)
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("xdotool %v: %v", args, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return first
}

// rootWindow is the id of the display's root window.
func rootWindow(t *testing.T, env []string) string {
	t.Helper()
	cmd := exec.Command("xdotool", "search", "--maxdepth", "0", "--name", "")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("finding the root window: %v", err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return first
}

// TestStartOnVaultHeldByCommand: when what holds the vault is not a window
// (a command, another program's lock), starting the window says who has it
// and fails, after waiting briefly for a window that may be starting.
func TestStartOnVaultHeldByCommand(t *testing.T) {
	dir := demoVault(t)
	v, err := vault.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	cmd := exec.Command(parleyBin, "--vault", dir)
	cmd.Env = append(os.Environ(), "DISPLAY=", "HOME="+t.TempDir(), "XDG_STATE_HOME=", "LANGUAGE=en", "PARLEY_VAULT=")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	took := time.Since(start)
	want := fmt.Sprintf("parley: vault %s is open in another Parley process (pid %d)\n", dir, os.Getpid())
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || stdout.Len() != 0 || stderr.String() != want {
		t.Errorf("exit %v, stdout %q, stderr %q; want exit 1 and %q", err, stdout.String(), stderr.String(), want)
	}
	if took > 10*time.Second {
		t.Errorf("took %v to give up", took)
	}
}
