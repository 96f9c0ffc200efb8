package export

import (
	"strings"
	"testing"

	"github.com/parley-notes/parley/app/vault"
)

func TestRelinkBody(t *testing.T) {
	plan := &vaultPlan{
		records: map[string]string{"notes/old name.md": "notes/New.md", "rounds/r.md": "rounds/Round 2.md"},
		atts: map[string]string{
			"attachments/X/a b.png": "attachments/X/a b.png",
			"attachments/X/CON.png": "attachments/X/_CON.png",
		},
		byLink: map[string]string{"old title": "notes/New.md", "same": "notes/Same.md", "old name": "notes/New.md", "r": "rounds/Round 2.md"},
		byBase: map[string]string{"con.png": "attachments/X/_CON.png", "a b.png": "attachments/X/a b.png"},
	}
	tests := []struct{ in, want string }{
		{"![x](attachments/X/a%20b.png)", "![x](../attachments/X/a%20b.png)"},
		{`![x](../attachments/X/CON.png "title")`, `![x](../attachments/X/_CON.png "title")`},
		{"![x](<../attachments/X/a b.png>)", "![x](<../attachments/X/a b.png>)"},
		{`<img alt="c" src="attachments/X/CON.png">`, `<img alt="c" src="../attachments/X/_CON.png">`},
		{"[the round](../rounds/r.md)", "[the round](../rounds/Round%202.md)"},
		{"[[Old title]]", "[[New|Old title]]"},
		{"[[old title#Part|see this]]", "[[New#Part|see this]]"},
		{"[[old name]] by file name", "[[New|old name]] by file name"},
		{"![[CON.png|200]]", "![[_CON.png|200]]"},
		{"![[a b.png]]", "![[a b.png]]"},
		{"[[Same]] and [[Unknown]]", "[[Same]] and [[Unknown]]"},
		{"`[[Old title]]` in code", "`[[Old title]]` in code"},
		{"```\n![x](attachments/X/CON.png)\n```\n", "```\n![x](attachments/X/CON.png)\n```\n"},
		{"    ![x](attachments/X/CON.png)\n", "    ![x](attachments/X/CON.png)\n"},
		{"[web](https://example.com/attachments/X/CON.png) [here](#top) [mail](mailto:a@b.c)", "[web](https://example.com/attachments/X/CON.png) [here](#top) [mail](mailto:a@b.c)"},
		{"![gone](attachments/X/missing.png)", "![gone](attachments/X/missing.png)"},
		{"[esc \\] bracket](attachments/X/CON.png)", "[esc \\] bracket](../attachments/X/_CON.png)"},
	}
	for _, tt := range tests {
		if got := relinkBody("notes/old name.md", "notes/New.md", tt.in, plan); got != tt.want {
			t.Errorf("relinkBody(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"https://evil.example\",\"x\")", "'=HYPERLINK(\"https://evil.example\",\"x\")"},
		{"+1", "'+1"}, {"-2+3", "'-2+3"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\t=1", "'\t=1"}, {"\r=1", "'\r=1"},
		{"2025-04-10", "2025-04-10"}, {"B2", "B2"}, {"", ""}, {"a=b", "a=b"}, {"Переговоры", "Переговоры"},
	}
	for _, tt := range tests {
		if got := SafeCell(tt.in); got != tt.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSafeExportName: whatever the title, the name is one every file
// system takes, stable when made again, and unique once claimed.
func FuzzSafeExportName(f *testing.F) {
	for _, s := range hostileTitles {
		f.Add(s)
	}
	f.Add(strings.Repeat("é", 60) + "\u0301")
	f.Add("a\u0308" + strings.Repeat("b", 98) + "c\u0308")
	f.Fuzz(func(t *testing.T, title string) {
		name := SafeExportName(title)
		checkSafeName(t, name)
		if again := SafeExportName(name); again != name {
			t.Errorf("SafeExportName is not stable: %q -> %q -> %q", title, name, again)
		}
		if err := checkRel("notes/" + name + ".md"); err != nil {
			t.Error(err)
		}
		n := newNamer()
		a, b := n.claim(name, ".md"), n.claim(name, ".md")
		if vault.FoldName(a) == vault.FoldName(b) {
			t.Errorf("claimed %q twice", a)
		}
		checkSafeName(t, b)
		file := safeFileName(title + ".png")
		checkSafeName(t, file)
		if !safePart(file) {
			t.Errorf("safeFileName(%q) = %q, which checkRel refuses", title+".png", file)
		}
	})
}
