package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogFileRotates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs") // made by OpenLog
	l, err := OpenLog(dir, 100)
	if err != nil {
		t.Fatal(err)
	}
	line := []byte(strings.Repeat("x", 39) + "\n") // 40 bytes
	for i := 0; i < 2; i++ {
		if _, err := l.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "parley.log.1")); !os.IsNotExist(err) {
		t.Fatalf("rotated at 80 of 100 bytes: %v", err)
	}
	last := []byte(strings.Repeat("y", 39) + "\n")
	if _, err := l.Write(last); err != nil { // 120 > 100: rotate first
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(filepath.Join(dir, "parley.log.1"))
	cur, _ := os.ReadFile(filepath.Join(dir, "parley.log"))
	if !bytes.Equal(old, append(append([]byte{}, line...), line...)) || !bytes.Equal(cur, last) {
		t.Errorf("after rotation: parley.log.1 %q, parley.log %q", old, cur)
	}
	if _, err := l.Write(line); err == nil {
		t.Error("wrote to a closed log")
	}

	// A log left too large by an earlier run is rotated when opened, and
	// a second rotation replaces the first one's file.
	if err := os.WriteFile(filepath.Join(dir, "parley.log"), bytes.Repeat(line, 3), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err = OpenLog(dir, 100)
	if err != nil {
		t.Fatal(err)
	}
	l.Write(last)
	l.Close()
	old, _ = os.ReadFile(filepath.Join(dir, "parley.log.1"))
	cur, _ = os.ReadFile(filepath.Join(dir, "parley.log"))
	if !bytes.Equal(old, bytes.Repeat(line, 3)) || !bytes.Equal(cur, last) {
		t.Errorf("after opening a full log: parley.log.1 %q, parley.log %q", old, cur)
	}
}

// TestLogFileLongLine: a line longer than the limit is written whole, once.
func TestLogFileLongLine(t *testing.T) {
	dir := t.TempDir()
	l, err := OpenLog(dir, 10)
	if err != nil {
		t.Fatal(err)
	}
	long := []byte(strings.Repeat("z", 50) + "\n")
	l.Write(long)
	l.Close()
	if cur, _ := os.ReadFile(filepath.Join(dir, "parley.log")); !bytes.Equal(cur, long) {
		t.Errorf("parley.log %q", cur)
	}
	if _, err := os.Stat(filepath.Join(dir, "parley.log.1")); !os.IsNotExist(err) {
		t.Errorf("an empty log was rotated: %v", err)
	}
}
