package importer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-notes/parley/app"
)

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	enexZip := filepath.Join(dir, "exports.zip")
	writeZip(t, enexZip, []zipEntry{{name: "a.enex", data: []byte("<en-export/>")}})
	mdZip := filepath.Join(dir, "vault.zip")
	writeZip(t, mdZip, []zipEntry{{name: "a.enex", data: []byte("x")}, {name: "n.md", data: []byte("x")}})
	for _, tt := range []struct {
		path string
		want Format
	}{
		{"x.enex", FormatENEX}, {"b.JSON", FormatJSON}, {"n.md", FormatMarkdown}, {fixtureVault, FormatMarkdown},
		{filepath.Join("testdata", "enex"), FormatENEX}, {enexZip, FormatENEX}, {mdZip, FormatMarkdown},
	} {
		if got, err := Detect(tt.path); got != tt.want || err != nil {
			t.Errorf("Detect(%s) = %q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
	if _, err := Detect(filepath.Join(dir, "nothing")); err == nil {
		t.Error("Detect of a missing path gave no error")
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"enex": FormatENEX, " Evernote": FormatENEX, "MD": FormatMarkdown, "obsidian": FormatMarkdown, "json": FormatJSON} {
		if got, err := ParseFormat(in); got != want || err != nil {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("docx"); err == nil {
		t.Error("docx was accepted")
	}
}

func TestRunErrors(t *testing.T) {
	nb := openVault(t)
	if _, err := Run(context.Background(), nb, Options{}, nil); err == nil {
		t.Error("no paths: no error")
	}
	if _, err := Run(context.Background(), nb, Options{Format: "docx", Paths: []string{"x"}}, nil); err == nil || !strings.Contains(err.Error(), "unknown import format") {
		t.Errorf("unknown format: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := Run(ctx, nb, Options{Format: FormatENEX, Paths: []string{filepath.Join("testdata", "enex")}}, nil)
	if !errors.Is(err, context.Canceled) || rep == nil || len(rep.Imported) != 0 {
		t.Errorf("cancelled: %v, %+v", err, rep)
	}
}

// TestProgress: progress comes on Run's goroutine and ends at its total.
func TestProgress(t *testing.T) {
	nb := openVault(t)
	var last, calls int
	var stage string
	_, err := Run(context.Background(), nb, Options{Paths: []string{fixtureVault}}, func(p app.Progress) {
		calls++
		last, stage = p.Done, p.Stage
		if p.Done > p.Total {
			t.Errorf("progress %d of %d", p.Done, p.Total)
		}
	})
	if err != nil || calls != 5 || last != 5 || stage != "Importing vault" {
		t.Errorf("%d calls, last %d, stage %q, err %v", calls, last, stage, err)
	}
}
