package importer

import (
	"strings"
	"testing"
)

// enmlCases convert ENML to Markdown; they also seed FuzzENEX.
var enmlCases = []struct {
	name, enml string
	want, not  []string
}{
	{name: "text and markup", enml: `<div>One <b>bold</b> <i>word</i></div><h2>Heading</h2><ol><li>first</li><li>second</li></ol>`,
		want: []string{"One **bold** *word*", "## Heading", "1. first\n2. second"}},
	{name: "links", enml: `<a href="https://example.org/a?b=1&amp;c=2">site</a> <a href="mailto:x@example.org">mail</a> <a href="evernote:///view/1/s1/abc/abc/">note link</a>`,
		want: []string{"[site](https://example.org/a?b=1&c=2)", "[mail](mailto:x@example.org)", "note link"}, not: []string{"evernote:"}},
	{name: "todos", enml: `<div><en-todo checked="true"/>done</div><div><en-todo/>open</div><ul><li><en-todo checked="false"/>in a list</li></ul><div>mid <en-todo/> line</div>`,
		want: []string{"- [x] done", "- [ ] open", "- [ ] in a list", "mid [ ] line"}},
	{name: "code block", enml: `<div style="box-sizing: border-box; -en-codeblock: true;"><div>func main() {</div><div>    fmt.Println("&lt;hi&gt;")</div><div>}</div></div>`,
		want: []string{"```\nfunc main() {\n    fmt.Println(\"<hi>\")\n}\n```"}},
	{name: "table", enml: `<table><tr><th>Side</th><th>Position</th></tr><tr><td>A</td><td>yes</td></tr></table>`,
		want: []string{"| Side | Position |", "| A    | yes      |"}},
	{name: "media missing", enml: `<div>see <en-media type="image/png" hash="00000000000000000000000000000000"/></div>`,
		want: []string{"missing from the export"}},
	{name: "media nested by the parser", enml: `<div><en-media type="image/png" hash="aa"/>after one<en-media type="image/png" hash="bb"/>after two</div>`,
		want: []string{"after one", "after two"}},
	{name: "crypt", enml: `<en-crypt cipher="RC2" length="64">c2VjcmV0</en-crypt>`,
		want: []string{"Encrypted content", "cipher RC2, 64-bit key", "```evernote-encrypted\nc2VjcmV0\n```"}},
	{name: "scripts and handlers", enml: `<script>alert(1)</script><p onclick="alert(2)" style="x">para</p><img src="x" onerror="alert(3)"><a href=" JaVaScRiPt:alert(4)">js</a><a href="jav&#x0A;ascript:alert(5)">nl</a><a href="data:text/html,<script>alert(6)</script>">data</a>`,
		want: []string{"para", "js", "nl", "data"}, not: []string{"<script", "alert(1)", "onclick", "onerror", "javascript", "data:", "alert(6)"}},
	{name: "active elements", enml: `<iframe src="https://e.example/"></iframe><object data="x"></object><embed src="x"><form><input value="v"><button>b</button></form><svg><script>alert(1)</script><foreignObject><p>fo</p></foreignObject></svg><math><mi>x</mi></math><noscript><p>ns</p></noscript><template><p>tpl</p></template>`,
		not: []string{"iframe", "<object", "<embed", "<form", "<svg", "alert(1)", "foreignobject", "tpl"}},
	{name: "escaped markup stays text", enml: `<div>&lt;script&gt;alert(1)&lt;/script&gt; [[not a link]] *not bold*</div>`,
		want: []string{"alert(1)", "not a link", "not bold"}, not: []string{"<script"}},
	{name: "deep nesting", enml: strings.Repeat("<div>", 5000) + "deep text" + strings.Repeat("</div>", 5000), want: []string{"deep text"}},
	{name: "empty", enml: ``},
}

func TestENMLToMarkdown(t *testing.T) {
	for _, tt := range enmlCases {
		t.Run(tt.name, func(t *testing.T) {
			md, _ := enmlToMarkdown("<en-note>"+tt.enml+"</en-note>", nil)
			containsAll(t, "the Markdown", md, tt.want...)
			containsNone(t, "the Markdown", md, tt.not...)
			if strings.Contains(md, "ParleyPH") {
				t.Errorf("a placeholder was left:\n%s", md)
			}
		})
	}
}

// TestENMLResources links en-media to saved resources: by MD5, by the
// recognition objID, and by position when an export's hashes are wrong.
func TestENMLResources(t *testing.T) {
	res := []resource{
		{hash: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", mime: "image/png", name: "a.png", link: "../attachments/X/a.png"},
		{hash: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", alias: "cccccccccccccccccccccccccccccccc", mime: "application/pdf", name: "b.pdf", link: "../attachments/X/b.pdf"},
		{hash: "dddddddddddddddddddddddddddddddd", mime: "image/gif", name: "d.gif", link: "../attachments/X/d.gif"},
	}
	md, _ := enmlToMarkdown(`<en-note><en-media hash="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" type="image/png"/> <en-media hash="cccccccccccccccccccccccccccccccc" type="application/pdf"/> <en-media hash="eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee" type="image/jpeg"/></en-note>`, res)
	containsAll(t, "the Markdown", md, "![a.png](../attachments/X/a.png)", "[b.pdf](../attachments/X/b.pdf)", "![d.gif](../attachments/X/d.gif)")
	containsNone(t, "the Markdown", md, "## Attachments")

	md, _ = enmlToMarkdown(`<en-note>text only</en-note>`, res)
	containsAll(t, "the Markdown", md, "## Attachments", "- ![a.png](../attachments/X/a.png)", "- [b.pdf](../attachments/X/b.pdf)")
}
