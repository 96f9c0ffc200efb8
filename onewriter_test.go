//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// slowSite serves /hold/N only when the test says so, which keeps the
// parley that fetches it holding its vault for as long as the test needs.
type slowSite struct {
	*httptest.Server
	mu      sync.Mutex
	release map[string]chan struct{}
	arrived chan string
}

func newSlowSite(t *testing.T) *slowSite {
	s := &slowSite{release: map[string]chan struct{}{}, arrived: make(chan string, 100)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/hold/")
		ch := s.gate(name)
		s.arrived <- name
		select {
		case <-ch:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>Held page %s</title></head><body><article><h1>Held page %s</h1>", name, name)
		for i := range 6 {
			fmt.Fprintf(w, "<p>Paragraph %d of the held page %s: the delegations agreed to meet again and to keep the embassies working while the experts talk.</p>", i, name)
		}
		fmt.Fprint(w, "</article></body></html>")
	}))
	t.Cleanup(func() {
		s.mu.Lock()
		for _, ch := range s.release {
			select {
			case <-ch:
			default:
				close(ch)
			}
		}
		s.mu.Unlock()
		s.Close()
	})
	return s
}

func (s *slowSite) gate(name string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.release[name] == nil {
		s.release[name] = make(chan struct{})
	}
	return s.release[name]
}

// waitArrival waits for the request for name, or fails the test.
func (s *slowSite) waitArrival(t *testing.T, name string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case got := <-s.arrived:
			if got == name {
				return
			}
			t.Fatalf("request for %s, waiting for %s", got, name)
		case <-deadline:
			t.Fatalf("no request for %s", name)
		}
	}
}

// started is a running parley and how it ended.
type started struct {
	cmd      *exec.Cmd
	out, err bytes.Buffer
	start    time.Time
	done     chan struct{}
	code     int
	took     time.Duration
}

func start(t *testing.T, dir string, args ...string) *started {
	t.Helper()
	p := &started{cmd: parleyCmd(t, dir, args...), done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.err
	p.start = time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := p.cmd.Wait()
		p.took = time.Since(p.start)
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			p.code = ee.ExitCode()
		}
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// TestOneVaultOneWriter starts two parleys on one vault at the same moment,
// 50 times. Each clips a page the test holds back, so the winner keeps the
// vault while the loser tries: exactly one wins, and the other says which
// process holds the vault and exits with status 1 within 2 seconds.
func TestOneVaultOneWriter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	mustRun(t, dir, "demo")
	site := newSlowSite(t)
	const rounds = 50
	var slowest time.Duration
	for i := range rounds {
		name := fmt.Sprint(i)
		url := site.URL + "/hold/" + name
		a, b := start(t, dir, "clip", url), start(t, dir, "clip", url)
		var loser, winner *started
		select {
		case <-a.done:
			loser, winner = a, b
		case <-b.done:
			loser, winner = b, a
		case <-time.After(2 * time.Second):
			t.Fatalf("round %d: neither process gave up within 2 seconds", i)
		}
		if loser.took > 2*time.Second {
			t.Fatalf("round %d: the loser took %v", i, loser.took)
		}
		slowest = max(slowest, loser.took)
		want := fmt.Sprintf("parley: vault %s is open in another Parley process (pid %d)\n", dir, winner.cmd.Process.Pid)
		if loser.code != 1 || loser.err.String() != want {
			t.Fatalf("round %d: the loser exited %d saying %q; want 1 and %q", i, loser.code, loser.err.String(), want)
		}
		site.waitArrival(t, name)
		close(site.gate(name))
		select {
		case <-winner.done:
		case <-time.After(time.Minute):
			t.Fatalf("round %d: the winner did not finish", i)
		}
		if winner.code != 0 || !strings.HasPrefix(winner.out.String(), "clipped Held page "+name) {
			t.Fatalf("round %d: the winner exited %d: %s%s", i, winner.code, winner.out.String(), winner.err.String())
		}
	}
	if s := search(t, dir, `"held page"`); s.Total != rounds {
		t.Errorf("%d clips saved, want one a round (%d)", s.Total, rounds)
	}
	report(t, fmt.Sprintf("simultaneous starts: %d; each time exactly one won and the other named it and exited 1 (slowest refusal %.0f ms)", rounds, slowest.Seconds()*1000))
}

// TestKilledHolderNeverBlocks kills a parley that holds the vault and
// starts another at once: the lock dies with its process, so the next
// start always works.
func TestKilledHolderNeverBlocks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	mustRun(t, dir, "demo")
	site := newSlowSite(t)
	const rounds = 10
	for i := range rounds {
		name := fmt.Sprint(i)
		holder := start(t, dir, "clip", site.URL+"/hold/"+name)
		site.waitArrival(t, name) // it holds the vault now
		if r := prun(t, dir, "", "search", "embassy"); r.code != 1 || !strings.Contains(r.stderr, fmt.Sprintf("(pid %d)", holder.cmd.Process.Pid)) {
			t.Fatalf("round %d: while held: exit %d %q", i, r.code, r.stderr)
		}
		holder.cmd.Process.Signal(syscall.SIGKILL)
		<-holder.done
		pid, _ := os.ReadFile(filepath.Join(dir, ".parley", "lock"))
		if strings.TrimSpace(string(pid)) != fmt.Sprint(holder.cmd.Process.Pid) {
			t.Fatalf("the lock file says %q", pid)
		}
		// The dead holder's pid is still in the lock file; it must not
		// matter.
		if r := prun(t, dir, "", "search", "embassy"); r.code != 0 || r.stderr != "" {
			t.Fatalf("round %d: after the kill: exit %d %q", i, r.code, r.stderr)
		}
	}
	report(t, fmt.Sprintf("holders killed with SIGKILL: %d; the next start worked every time", rounds))
}

// TestReadOnlyDisk opens a vault on a read-only disk (a read-only bind
// mount as root, a read-only folder otherwise): it opens read-only, says
// so in one line, searches as before, refuses changes with a clear
// message, and writes nothing.
func TestReadOnlyDisk(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	want := demoBaseline(t, dir)
	before := vaultFiles(t, dir)
	makeReadOnly(t, dir, dir)
	notice := fmt.Sprintf("parley: vault %s is read-only: you can read and search it, but not change it\n", dir)
	for _, q := range damageQueries {
		got, stderr := searchAll(t, dir, q)
		if stderr != notice {
			t.Errorf("%q: stderr %q, want %q", q, stderr, notice)
		}
		if diff := resultsDiffer(got, want[q]); diff != "" {
			t.Errorf("%q on the read-only vault: %s", q, diff)
		}
	}
	for _, args := range [][]string{
		{"new", "note", "--title", "Not here"},
		{"new", "issue", "--title", "Nor here"},
	} {
		r := prun(t, dir, "", args...)
		if r.code != 1 || !strings.Contains(r.stderr, "the vault is read-only") || strings.Count(r.stderr, "\n") != 2 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if r := prun(t, dir, "", "check"); r.code != 0 {
		t.Errorf("check on the read-only vault: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	if after := vaultFiles(t, dir); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("the read-only vault changed")
	}
	how := "a read-only bind mount"
	if os.Geteuid() != 0 {
		how = "read-only folders"
	}
	report(t, fmt.Sprintf("read-only disk (%s): opened read-only with one notice, %d queries answered as before, changes refused", how, len(damageQueries)))
}

// TestFullDisk fills a small disk (a 1 MB tmpfs; root only) and saves a
// record: the save fails with a clear message, nothing saved before
// changes, no temporary file stays, and once there is room again the save
// works.
func TestFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		if inCI() {
			t.Fatal("CI must run as root to mount a small disk")
		}
		t.Skip("mounting a small disk needs root; app/vault's TestDiskFull covers the write itself")
	}
	disk := t.TempDir()
	if err := unix.Mount("tmpfs", disk, "tmpfs", 0, "size=1m"); err != nil {
		t.Fatalf("mounting a small tmpfs: %v", err)
	}
	t.Cleanup(func() { unix.Unmount(disk, unix.MNT_DETACH) })
	dir := filepath.Join(disk, "vault")
	mustRun(t, dir, "demo")
	id := strings.TrimSpace(prun(t, dir, "Saved before the disk filled up.\n", "new", "note", "--title", "Before", "--body-file", "-").stdout)
	wantEmbassy := search(t, dir, "embassy")
	before := vaultFiles(t, dir)

	// Fill the disk to the last byte.
	filler, err := os.Create(filepath.Join(disk, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := filler.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	filler.Close()

	body := filepath.Join(t.TempDir(), "body.md")
	must(t, os.WriteFile(body, bytes.Repeat([]byte("A long zeppelin report on the talks. "), 6000), 0o644))
	r := prun(t, dir, "", "new", "note", "--title", "Too big", "--body-file", body)
	if r.code != 1 || !strings.Contains(r.stderr, "the disk is full; free some space and save again") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("save on a full disk: exit %d, stderr %q", r.code, r.stderr)
	}
	if after := vaultFiles(t, dir); !maps.EqualFunc(before, after, bytes.Equal) {
		var changed []string
		for k := range after {
			if !bytes.Equal(before[k], after[k]) {
				changed = append(changed, k)
			}
		}
		t.Errorf("the failed save changed the vault: %v", changed)
	}
	if s := search(t, dir, "embassy"); s.Total != wantEmbassy.Total {
		t.Errorf("search on the full disk: %d hits, want %d", s.Total, wantEmbassy.Total)
	}

	must(t, os.Remove(filepath.Join(disk, "filler")))
	r = prun(t, dir, "", "new", "note", "--title", "Too big", "--body-file", body)
	if r.code != 0 {
		t.Fatalf("save after freeing space: %s", r.stderr)
	}
	if s := search(t, dir, "zeppelin"); s.Total != 1 {
		t.Errorf("the second save is not found: %d hits", s.Total)
	}
	if r := mustRun(t, dir, "show", id); !strings.Contains(r.stdout, "Saved before the disk filled up.") {
		t.Errorf("the earlier note: %s", r.stdout)
	}
	if r := prun(t, dir, "", "check"); r.code != 0 || strings.Contains(r.stdout, "error") {
		t.Errorf("check: %s%s", r.stdout, r.stderr)
	}
	report(t, "full disk (1 MB tmpfs): the save failed with \"the disk is full; free some space and save again\", every file saved before was unchanged, and the save worked once there was room")
}
