package markdown

import (
	"slices"
	"testing"
)

func TestChunks(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"", nil},
		{"one\n\ntwo\nstill two\n\n\n\nthree\n", []string{"one", "two\nstill two", "three"}},
		{"text\n\n```go\na\n\nb\n```\n\nafter", []string{"text", "```go\na\n\nb\n```", "after"}},
		{"- a\n- b\n\n> q\r\n\r\nend", []string{"- a\n- b", "> q", "end"}},
		{"~~~\nunclosed\n\nfence", []string{"~~~\nunclosed\n\nfence"}},
	}
	for _, tt := range tests {
		if got := Chunks(tt.body); !slices.Equal(got, tt.want) {
			t.Errorf("Chunks(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestBlocksAndPlainText(t *testing.T) {
	body := "# Head\n\nPara with [link](http://x) and **bold** and [[Round 2|the round]].\nSoft break.\n\n- one\n  - nested\n\n> quoted\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>html <script>x()</script>block</div>\n\n![alt text](img.png)\n"
	want := []Block{
		{Heading, 1, "Head"},
		{Paragraph, 0, "Para with link and bold and the round. Soft break."},
		{ListItem, 1, "one"},
		{ListItem, 2, "nested"},
		{Quote, 0, "quoted"},
		{Code, 0, "code"},
		{TableRow, 0, "a | b"},
		{TableRow, 0, "1 | 2"},
		{Paragraph, 0, "html block"},
		{Paragraph, 0, "alt text"},
	}
	if got := Blocks(body); !slices.Equal(got, want) {
		t.Errorf("Blocks:\n got %+v\nwant %+v", got, want)
	}
	if got := PlainText("a\n\nb [[X]]"); got != "a\n\nb X" {
		t.Errorf("PlainText = %q", got)
	}
}

func TestWikiLinks(t *testing.T) {
	got := WikiLinks("see [[A]], [[B#part|bee]], ![[img.png]] and [[ C ^block ]]")
	want := []Link{{"A", "A"}, {"B", "bee"}, {"img.png", "img.png"}, {"C", "C"}}
	if !slices.Equal(got, want) {
		t.Errorf("WikiLinks = %+v, want %+v", got, want)
	}
	if s := WikiText("x [[A|alias]] y [[B]]"); s != "x alias y B" {
		t.Errorf("WikiText = %q", s)
	}
}

func FuzzBlocks(f *testing.F) {
	for _, s := range []string{"# h\n\np", "```\nx\n\ny", "[[a|b]]", "<script>", "- a\n  - b\n> c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		blocks := Blocks(body)
		plain := PlainText(body)
		n := 0
		for _, b := range blocks {
			n += len(b.Text)
		}
		if n+len(BlockSeparator)*max(len(blocks)-1, 0) != len(plain) {
			t.Fatalf("PlainText is not the blocks joined: %q", body)
		}
		Chunks(body)
		WikiLinks(body)
	})
}
