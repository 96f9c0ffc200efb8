package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// zipEntry is one entry of a zip a test writes: a file, or (for hostile
// archives) a symbolic link or an entry whose header lies about its size.
type zipEntry struct {
	name string
	data []byte
	mode fs.FileMode
	// declared, when set, is written as the uncompressed size instead of
	// the data's, which is stored as is.
	declared uint64
}

// writeZip writes entries to a new zip at p.
func writeZip(t testing.TB, p string, entries []zipEntry) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: time.Date(2025, 4, 1, 12, 0, 0, 0, time.UTC)}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		if e.declared > 0 {
			// A forged header: the data is written raw, and the header
			// claims whatever size the test wants.
			h.Method = zip.Store
			h.CRC32 = crc32.ChecksumIEEE(e.data)
			h.CompressedSize64 = uint64(len(e.data))
			h.UncompressedSize64 = e.declared
			w, err := zw.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(e.data)
			continue
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dirEntries lists the files under dir as zip entries named prefix+path.
func dirEntries(t testing.TB, dir, prefix string) []zipEntry {
	t.Helper()
	var out []zipEntry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, zipEntry{name: prefix + filepath.ToSlash(rel), data: b})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// deflated compresses data (for a real zip bomb, whose header does not lie).
func deflated(n int) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write(make([]byte, n))
	w.Close()
	return buf.Bytes()
}

var goodNote = zipEntry{name: "Notes/Good.md", data: []byte("---\ntitle: Good\n---\nA good note.\n")}

// hostileZips are archives an import must reject whole, writing nothing.
var hostileZips = []struct {
	name    string
	entries []zipEntry
	limits  Limits
	want    string // in the reason
}{
	{name: "dot-dot", entries: []zipEntry{goodNote, {name: "../../evil-dotdot.md", data: []byte("x")}}, want: "climbs out"},
	{name: "dot-dot inside", entries: []zipEntry{goodNote, {name: "Notes/../../evil-inside.md", data: []byte("x")}}, want: "climbs out"},
	{name: "backslash dot-dot", entries: []zipEntry{goodNote, {name: `Notes\..\..\evil-backslash.md`, data: []byte("x")}}, want: "climbs out"},
	{name: "absolute", entries: []zipEntry{goodNote, {name: "/tmp/parley-evil-absolute.md", data: []byte("x")}}, want: "absolute path"},
	{name: "drive", entries: []zipEntry{goodNote, {name: `C:\Users\Public\evil.md`, data: []byte("x")}}, want: "names a drive"},
	{name: "drive slash", entries: []zipEntry{goodNote, {name: "c:/evil.md", data: []byte("x")}}, want: "names a drive"},
	{name: "unc", entries: []zipEntry{goodNote, {name: `\\server\share\evil.md`, data: []byte("x")}}, want: "network share"},
	{name: "symlink", entries: []zipEntry{goodNote, {name: "Notes/link.md", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}}, want: "symbolic link"},
	{name: "zip bomb", entries: []zipEntry{goodNote, {name: "bomb.md", data: nil}}, want: "zip bomb"},
	{name: "10 GB declared", entries: []zipEntry{goodNote, {name: "huge.md", data: []byte("small"), declared: 10 << 30}}, want: "declares 10.0 GB"},
	{name: "total declared", entries: []zipEntry{goodNote,
		{name: "a.png", data: []byte("a"), declared: 200 << 20}, {name: "b.png", data: []byte("b"), declared: 200 << 20}},
		limits: Limits{MaxArchiveBytes: 300 << 20, MaxRatio: 1 << 40}, want: "more than 300.0 MB uncompressed"},
	{name: "too many entries", entries: manyEntries(101), limits: Limits{MaxEntries: 100}, want: "101 entries"},
}

func manyEntries(n int) []zipEntry {
	out := make([]zipEntry, n)
	for i := range out {
		out[i] = zipEntry{name: "Notes/n" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + ".md", data: []byte("x")}
	}
	return out
}

func TestHostileZips(t *testing.T) {
	for _, tt := range hostileZips {
		t.Run(tt.name, func(t *testing.T) {
			nb := openVault(t)
			around := filepath.Dir(nb.Root())
			entries := tt.entries
			if tt.name == "zip bomb" {
				// 64 MB of zeros in about 64 KB: a real bomb, honest header.
				entries = append(entries[:1:1], zipEntry{name: "bomb.md", data: make([]byte, 64<<20)})
			}
			p := filepath.Join(around, "hostile.zip")
			writeZip(t, p, entries)
			before := vaultFiles(t, nb)
			rep := runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{p}, Limits: tt.limits})
			counts(t, rep, 0, 0, 1)
			if len(rep.Failed) == 1 {
				f := rep.Failed[0]
				if !errors.Is(f.Err, ErrUnsafeArchive) || !strings.Contains(f.Reason, tt.want) {
					t.Errorf("rejected with %q, want ErrUnsafeArchive and %q", f.Reason, tt.want)
				}
			}
			if after := vaultFiles(t, nb); len(after) != len(before) {
				t.Errorf("the vault changed: %v", keys(after))
			}
			// Nothing beside the vault but the archive itself.
			entries2, _ := os.ReadDir(around)
			for _, e := range entries2 {
				if e.Name() != "vault" && e.Name() != "hostile.zip" {
					t.Errorf("%s appeared beside the vault", e.Name())
				}
			}
			for _, p := range []string{"/tmp/parley-evil-absolute.md", filepath.Join(filepath.Dir(around), "evil-dotdot.md")} {
				if _, err := os.Lstat(p); err == nil {
					t.Errorf("%s was written", p)
				}
			}
		})
	}
}

// TestZipLyingSize: an entry whose data is larger than its header says
// is cut off by archive/zip and reported; nothing else suffers.
func TestZipLyingSize(t *testing.T) {
	nb := openVault(t)
	p := filepath.Join(t.TempDir(), "liar.zip")
	writeZip(t, p, []zipEntry{goodNote, {name: "Notes/Liar.md", data: []byte(strings.Repeat("many bytes ", 1000)), declared: 10}})
	rep := runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{p}})
	counts(t, rep, 1, 0, 1)
	if len(rep.Failed) == 1 && !strings.Contains(rep.Failed[0].Source, "Liar.md") {
		t.Errorf("got %+v", rep.Failed[0])
	}
}

// TestZipBombDeclaredRatio: the ratio check needs no decompression.
func TestZipBombDeclaredRatio(t *testing.T) {
	nb := openVault(t)
	p := filepath.Join(t.TempDir(), "ratio.zip")
	writeZip(t, p, []zipEntry{{name: "bomb.png", data: deflated(1 << 10), declared: 100 << 20}})
	rep := runImport(t, nb, Options{Format: FormatMarkdown, Paths: []string{p}})
	if len(rep.Failed) != 1 || !strings.Contains(rep.Failed[0].Reason, "zip bomb") {
		t.Errorf("got %s %+v", rep.Summary(), rep.Failed)
	}
}

func TestCheckEntryName(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"Notes/a.md", true}, {"a..b.md", true}, {"Notes/./a.md", true}, {"dir/", true},
		{"../a.md", false}, {"a/../../b", false}, {`a\..\..\b`, false}, {"/a", false}, {`\a`, false},
		{"C:a", false}, {"z:/a", false}, {`\\srv\share\a`, false}, {"//srv/share", false}, {"a\x00b", false}, {"", false},
	} {
		if err := checkEntryName(tt.name); (err == nil) != tt.ok {
			t.Errorf("checkEntryName(%q) = %v", tt.name, err)
		}
	}
}
