package app

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/parley-notes/parley/app/vault"
)

// A window open on a vault answers later starts of Parley on the same
// vault: rather than fail on the vault's lock, a second start asks the open
// window to come forward, and exits.
//
// The window listens on a loopback TCP port and writes the port, with a
// random token, to .parley/window. Loopback TCP works the same on every
// system and wherever the vault lives; a Unix socket in .parley/ would not
// (network shares and sync folders refuse them, and socket paths are capped
// near 100 bytes). Only someone who can read the vault learns the token, and
// the one thing they can ask for is the window.

// ErrWindowRaised is what opening the window returns when another Parley
// process already shows the vault and has brought its window forward: the
// user's request is done.
var ErrWindowRaised = errors.New("the vault is open in another Parley window, which was brought forward")

// windowFile is where, in the vault's .parley folder, an open window says
// how to reach it.
const windowFile = "window"

// windowInfo is the content of windowFile.
type windowInfo struct {
	PID   int    `json:"pid"`
	Host  string `json:"host"`
	Addr  string `json:"addr"`
	Token string `json:"token"`
}

// WindowServer answers other Parley processes that ask for the window.
type WindowServer struct {
	ln   net.Listener
	path string
	done chan struct{}
}

// ServeWindow starts answering requests to bring the window forward on the
// vault at root; raise is called for each. Close stops it.
func ServeWindow(root string, raise func()) (*WindowServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for other starts of Parley: %w", err)
	}
	token := make([]byte, 16)
	rand.Read(token)
	host, _ := os.Hostname()
	info := windowInfo{PID: os.Getpid(), Host: host, Addr: ln.Addr().String(), Token: hex.EncodeToString(token)}
	data, err := json.Marshal(info)
	if err != nil {
		ln.Close()
		return nil, err
	}
	path := filepath.Join(root, vault.DataDir, windowFile)
	if err := vault.WriteFileAtomic(path, data, 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	s := &WindowServer{ln: ln, path: path, done: make(chan struct{})}
	go s.serve(info.Token, raise)
	return s, nil
}

// Addr is the address the server listens on.
func (s *WindowServer) Addr() string { return s.ln.Addr().String() }

// serve answers one request at a time: there is one window to raise, and
// each request is over within its deadline.
func (s *WindowServer) serve(token string, raise func()) {
	defer close(s.done)
	want := []byte("raise " + token + "\n")
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // closed
		}
		c.SetDeadline(time.Now().Add(2 * time.Second))
		line, err := bufio.NewReader(io.LimitReader(c, 256)).ReadString('\n')
		if err == nil && subtle.ConstantTimeCompare([]byte(line), want) == 1 {
			raise()
			io.WriteString(c, "ok\n")
		}
		c.Close()
	}
}

// Close stops answering and removes the vault's window file.
func (s *WindowServer) Close() error {
	err := s.ln.Close()
	<-s.done
	if rerr := os.Remove(s.path); err == nil && !errors.Is(rerr, os.ErrNotExist) {
		err = rerr
	}
	return err
}

// RaiseWindow asks the Parley window open on the vault at root to come
// forward. pid is the process that holds the vault's lock (0 if unknown):
// a window file of another process is left over from an earlier run. A
// window that is starting may not have written its file yet, so RaiseWindow
// waits up to wait for it.
func RaiseWindow(root string, pid int, wait time.Duration) error {
	path := filepath.Join(root, vault.DataDir, windowFile)
	deadline := time.Now().Add(wait)
	var info windowInfo
	for {
		data, err := os.ReadFile(path)
		if err == nil && json.Unmarshal(data, &info) == nil && (pid == 0 || info.PID == pid) {
			break
		}
		if !time.Now().Before(deadline) {
			return errors.New("the process that has the vault shows no window")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if host, _ := os.Hostname(); info.Host != host {
		return fmt.Errorf("the window is open on another computer (%s)", info.Host)
	}
	if h, _, err := net.SplitHostPort(info.Addr); err != nil || !net.ParseIP(h).IsLoopback() {
		return fmt.Errorf("the window's address %q is not on this computer", info.Addr)
	}
	allowForeground(info.PID)
	c, err := net.DialTimeout("tcp", info.Addr, 2*time.Second)
	if err != nil {
		return fmt.Errorf("reaching the window: %w", err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	if _, err := io.WriteString(c, "raise "+info.Token+"\n"); err != nil {
		return fmt.Errorf("reaching the window: %w", err)
	}
	reply, err := bufio.NewReader(io.LimitReader(c, 16)).ReadString('\n')
	if reply != "ok\n" {
		return fmt.Errorf("the window did not answer (%q, %v)", reply, err)
	}
	return nil
}
