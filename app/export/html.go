package export

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/parley-notes/parley/app/vault"
)

// CSP is the Content-Security-Policy an HTML brief carries: it loads
// nothing and runs nothing, whatever a clipped page smuggled in; only its
// own style and inlined images apply.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

//go:embed brief.html.tmpl
var briefHTML string

// briefTemplate is parsed once; each export clones it to bind the
// functions that render bodies from its own vault.
var briefTemplate = template.Must(template.New("brief").Funcs(template.FuncMap{
	"md":           func(string, string) template.HTML { return "" },
	"text":         func(string) template.HTML { return "" },
	"join":         func(l vault.StringList) string { return strings.Join(l, ", ") },
	"sectionTitle": sectionTitle,
	"statuses":     legend,
}).Parse(briefHTML))

func sectionTitle(b *brief, anchor string) string {
	for _, s := range b.Sections {
		if s.Anchor == anchor {
			return s.Title
		}
	}
	return ""
}

type legendItem struct{ Status, Class string }

// legend lists the statuses the matrix colours, in the order they move.
func legend() []legendItem {
	out := make([]legendItem, 0, len(vault.Statuses))
	for _, s := range vault.Statuses {
		out = append(out, legendItem{string(s), statusClass(string(s))})
	}
	return out
}

// html writes the brief as one self-contained HTML file.
func (x *exporter) html() error {
	abs, err := x.fileOut("brief.html")
	if err != nil {
		return err
	}
	b, err := x.buildBrief()
	if err != nil {
		return err
	}
	vf, atts, err := x.openAttachments()
	if err != nil {
		return err
	}
	defer vf.Close()
	r := newRenderer(vf, atts)
	for _, br := range b.Rounds {
		r.link(br.Rec, br.Anchor)
	}
	for _, bi := range b.Issues {
		r.link(bi.Rec, bi.Anchor)
	}
	for _, s := range b.Sources {
		r.link(s.Rec, s.Anchor)
	}
	t, err := briefTemplate.Clone()
	if err != nil {
		return fmt.Errorf("preparing the brief: %w", err)
	}
	t.Funcs(template.FuncMap{
		"md": func(path, body string) template.HTML {
			if x.step("Writing the brief") != nil {
				return "" // cancelled: writeFile throws the file away
			}
			return r.render(path, body)
		},
		"text": r.text,
	})
	err = x.writeFile(abs, func(w io.Writer) error {
		if err := t.Execute(w, b); err != nil {
			return fmt.Errorf("writing %s: %w", abs, err)
		}
		return x.ctx.Err()
	})
	if err != nil {
		return err
	}
	x.countBrief(b)
	return nil
}

// countBrief fills the report from what a brief holds.
func (x *exporter) countBrief(b *brief) {
	x.rep.Records = len(b.Rounds) + len(b.Issues) + len(b.Sources) + len(b.Notes)
	x.rep.Annotations = b.Annotations
	x.progress(appProgress("Writing the brief", x.rep.Records, x.rep.Records))
}
