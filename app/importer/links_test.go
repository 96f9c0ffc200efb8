package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestRewriteLinks(t *testing.T) {
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "docs", "img"), 0o755)
	os.WriteFile(filepath.Join(src, "docs", "img", "map (1).png"), []byte("png"), 0o644)
	os.WriteFile(filepath.Join(src, "docs", "report.pdf"), []byte("pdf"), 0o644)
	os.WriteFile(filepath.Join(src, "docs", "note.md"), []byte("note"), 0o644)
	nb := openVault(t)
	r := &run{ctx: context.Background(), nb: nb, lim: DefaultLimits(), report: &Report{}}
	s, err := r.openSource(src, 0)
	if err != nil {
		t.Fatal(err)
	}
	const (
		img = "../attachments/ID/map-1.png"
		pdf = "../attachments/ID/report.pdf"
	)
	for _, tt := range []struct{ in, want string }{
		{"![](img/map%20(1).png)", "![](" + img + ")"},
		{"![a](<img/map (1).png> 'title')", "![a](" + img + " 'title')"},
		{"![[map (1).png|300]]", "![map (1).png|300](" + img + ")"},
		{"[[report.pdf]] and [[report.pdf|the report]]", "[report.pdf](" + pdf + ") and [the report](" + pdf + ")"},
		{"[r](/docs/report.pdf#page=2)", "[r](" + pdf + ")"},
		{`<IMG alt="x" SRC='img/map (1).png'>`, `<IMG alt="x" SRC='` + img + `'>`},
		{"[[note]] [n](note.md) [[Missing]]", "[[note]] [n](note.md) [[Missing]]"},
		{"[w](https://example.org/report.pdf) ![d](data:image/png;base64,AA) [m](mailto:a@b)", "[w](https://example.org/report.pdf) ![d](data:image/png;base64,AA) [m](mailto:a@b)"},
		{"![](../../../../etc/passwd) ![](/etc/passwd) ![](C:/Windows/win.ini) ![](//server/share/x.png)", "![](../../../../etc/passwd) ![](/etc/passwd) ![](C:/Windows/win.ini) ![](//server/share/x.png)"},
		{"`![](img/map%20(1).png)` and\n```\n[[report.pdf]]\n```\n~~~~\n![[map (1).png]]\n~~~~\n", "`![](img/map%20(1).png)` and\n```\n[[report.pdf]]\n```\n~~~~\n![[map (1).png]]\n~~~~\n"},
		{"[![badge](img/map%20(1).png)](https://example.org)", "[![badge](" + img + ")](https://example.org)"},
	} {
		l := &linker{r: r, src: s, noteRel: "docs/note.md", att: r.newAttacher("ID", "notes/x.md"), used: map[*file]bool{}, warned: map[string]bool{}}
		if got := l.rewrite(tt.in); got != tt.want {
			t.Errorf("rewrite(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	files := vaultFiles(t, nb)
	if string(files["attachments/ID/map-1.png"]) != "png" || string(files["attachments/ID/report.pdf"]) != "pdf" {
		t.Errorf("attachments: %v", keys(files))
	}
}
