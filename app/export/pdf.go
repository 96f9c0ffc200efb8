package export

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/assets"
)

// The PDF's page: A4, in millimetres.
const (
	pdfMargin   = 20.0
	pdfFont     = "dejavu"
	pdfLine     = 5.2 // line height of body text
	matrixFirst = 55.0
	matrixCols  = 5 // rounds a matrix table shows side by side
)

// pdfStatusRGB colours a matrix cell as the HTML brief does.
var pdfStatusRGB = map[string][3]int{
	"st-raised": {230, 236, 245}, "st-discussed": {212, 228, 250}, "st-progress": {253, 240, 196},
	"st-agreed": {205, 235, 211}, "st-stalled": {251, 220, 194}, "st-dropped": {242, 208, 208},
	"st-listed": {236, 239, 242}, "st-other": {236, 239, 242}, "st-none": {255, 255, 255},
}

type pdfFonts struct{ regular, bold []byte }

func loadPDFFonts() (pdfFonts, error) {
	var f pdfFonts
	var err error
	if f.regular, err = fs.ReadFile(assets.Fonts, "fonts/DejaVuSans.ttf"); err != nil {
		return f, fmt.Errorf("loading the PDF font: %w", err)
	}
	if f.bold, err = fs.ReadFile(assets.Fonts, "fonts/DejaVuSans-Bold.ttf"); err != nil {
		return f, fmt.Errorf("loading the PDF font: %w", err)
	}
	return f, nil
}

// pdf writes the brief as a PDF with an embedded font that renders
// Cyrillic (and Greek, and the Latin of every European language).
func (x *exporter) pdf() (err error) {
	// fpdf reports some failures by panicking: a brief that cannot be laid
	// out is a failed export, not a crashed program.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("making the PDF: %v", p)
		}
	}()
	abs, err := x.fileOut("brief.pdf")
	if err != nil {
		return err
	}
	b, err := x.buildBrief()
	if err != nil {
		return err
	}
	fonts, err := loadPDFFonts()
	if err != nil {
		return err
	}
	// Two passes: the first learns on which page each section starts, the
	// second writes the contents with those numbers. The contents take the
	// same room in both, so the numbers hold.
	first := newPDFDoc(b, fonts, nil)
	first.tick = func() error { return x.ctx.Err() }
	first.write()
	if err := first.f.Error(); err != nil {
		return fmt.Errorf("making the PDF: %w", err)
	}
	if err := x.ctx.Err(); err != nil {
		return err
	}
	doc := newPDFDoc(b, fonts, first.pages)
	doc.tick = func() error { return x.step("Writing the brief") }
	doc.write()
	if err := x.ctx.Err(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := doc.f.Output(&buf); err != nil {
		return fmt.Errorf("making the PDF: %w", err)
	}
	err = x.writeFile(abs, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	x.countBrief(b)
	return nil
}

// pdfw is fpdf with every string cleaned on the way in (see pdfText).
type pdfw struct{ *fpdf.Fpdf }

func (p pdfw) Write(h float64, s string) { p.Fpdf.Write(h, pdfText(s)) }
func (p pdfw) MultiCell(w, h float64, s, border, align string, fill bool) {
	p.Fpdf.MultiCell(w, h, pdfText(s), border, align, fill)
}
func (p pdfw) CellFormat(w, h float64, s, border string, ln int, align string, fill bool, link int, linkStr string) {
	p.Fpdf.CellFormat(w, h, pdfText(s), border, ln, align, fill, link, linkStr)
}
func (p pdfw) WriteLinkID(h float64, s string, link int) { p.Fpdf.WriteLinkID(h, pdfText(s), link) }
func (p pdfw) WriteLinkString(h float64, s, target string) {
	p.Fpdf.WriteLinkString(h, pdfText(s), target)
}
func (p pdfw) SplitText(s string, w float64) []string  { return p.Fpdf.SplitText(pdfText(s), w) }
func (p pdfw) GetStringWidth(s string) float64         { return p.Fpdf.GetStringWidth(pdfText(s)) }
func (p pdfw) Bookmark(s string, level int, y float64) { p.Fpdf.Bookmark(pdfText(s), level, y) }
func (p pdfw) SetTitle(s string, utf8 bool)            { p.Fpdf.SetTitle(pdfText(s), utf8) }
func (p pdfw) SetSubject(s string, utf8 bool)          { p.Fpdf.SetSubject(pdfText(s), utf8) }

// pdfText makes text safe for fpdf, whose fonts cover the Basic
// Multilingual Plane only (a character beyond it, an emoji, crashes it):
// those become U+FFFD, control characters go, tabs become spaces.
func pdfText(s string) string {
	ok := true
	for _, r := range s {
		if r > 0xFFFF || (r < 0x20 && r != '\n') || r == 0x7f || r == utf8.RuneError {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r > 0xFFFF:
			return '\uFFFD'
		case (r < 0x20 && r != '\n') || r == 0x7f:
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// pdfDoc lays a brief out on PDF pages.
type pdfDoc struct {
	f     pdfw
	b     *brief
	known map[string]int // anchor -> page, from the first pass
	pages map[string]int // anchor -> page, as this pass lays out
	links map[string]int // anchor -> fpdf link
	width float64        // of the text column
	// tick is called for each record laid out; an error (the export was
	// cancelled) stops the layout.
	tick func() error
}

func newPDFDoc(b *brief, fonts pdfFonts, known map[string]int) *pdfDoc {
	f := pdfw{fpdf.New("P", "mm", "A4", "")}
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, pdfMargin)
	f.AddUTF8FontFromBytes(pdfFont, "", fonts.regular)
	f.AddUTF8FontFromBytes(pdfFont, "B", fonts.bold)
	f.SetTitle(b.Title, true)
	f.SetSubject(b.Scope, true)
	f.SetCreator("Parley", true)
	f.SetProducer("Parley", true)
	f.SetCreationDate(b.Generated)
	f.SetModificationDate(b.Generated)
	f.SetLang("en")
	f.AliasNbPages("{nb}")
	w, _ := f.GetPageSize()
	d := &pdfDoc{f: f, b: b, known: known, pages: map[string]int{}, links: map[string]int{}, width: w - 2*pdfMargin}
	f.SetFooterFunc(func() {
		if f.PageNo() == 1 {
			return
		}
		f.SetY(-pdfMargin + 6)
		d.font("", 8)
		f.SetTextColor(110, 118, 128)
		f.CellFormat(d.width/2, 4, shorten(f, b.Title, d.width/2-2), "", 0, "L", false, 0, "")
		f.CellFormat(d.width/2, 4, fmt.Sprintf("%d / {nb}", f.PageNo()), "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	return d
}

func (d *pdfDoc) font(style string, size float64) { d.f.SetFont(pdfFont, style, size) }

// link returns the fpdf link that jumps to an anchor.
func (d *pdfDoc) link(anchor string) int {
	if id, ok := d.links[anchor]; ok {
		return id
	}
	id := d.f.AddLink()
	d.links[anchor] = id
	return id
}

// target marks where an anchor is, for links and the contents.
func (d *pdfDoc) target(anchor string) {
	if anchor == "" {
		return
	}
	d.f.SetLink(d.link(anchor), d.f.GetY(), d.f.PageNo())
	d.pages[anchor] = d.f.PageNo()
}

// room starts a new page unless h millimetres are left on this one, so
// that a heading is never alone at the foot of a page.
func (d *pdfDoc) room(h float64) {
	_, ph := d.f.GetPageSize()
	if d.f.GetY()+h > ph-pdfMargin {
		d.f.AddPage()
	}
}

func (d *pdfDoc) write() {
	stop := func() bool { return d.tick != nil && d.tick() != nil }
	d.titlePage()
	d.contents()
	if len(d.b.Rounds) > 0 {
		d.section("chronology")
		for _, r := range d.b.Rounds {
			if stop() {
				return
			}
			d.round(r)
		}
	}
	if d.b.Matrix != nil {
		d.section("matrix")
		d.matrix()
	}
	if len(d.b.Issues) > 0 {
		d.section("issues")
		for _, i := range d.b.Issues {
			if stop() {
				return
			}
			d.issue(i)
		}
	}
	if len(d.b.Notes) > 0 {
		d.section("notes")
		for _, n := range d.b.Notes {
			if stop() {
				return
			}
			d.heading(2, n.Title, "")
			d.body(n.Body)
		}
	}
	if len(d.b.Sources) > 0 {
		d.section("sources")
		for _, s := range d.b.Sources {
			if stop() {
				return
			}
			d.source(s)
		}
	}
}

func (d *pdfDoc) titlePage() {
	f := d.f
	f.AddPage()
	f.SetY(70)
	d.font("B", 26)
	f.MultiCell(0, 11, d.b.Title, "", "L", false)
	f.Ln(4)
	d.font("", 14)
	f.SetTextColor(80, 88, 98)
	f.MultiCell(0, 7, d.b.Scope, "", "L", false)
	f.Ln(8)
	d.font("", 11)
	var counts []string
	add := func(n int, one, many string) {
		if n == 1 {
			counts = append(counts, "1 "+one)
		} else if n > 1 {
			counts = append(counts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(len(d.b.Rounds), "round", "rounds")
	add(len(d.b.Issues), "issue", "issues")
	add(len(d.b.Sources), "source", "sources")
	add(d.b.Annotations, "annotated passage", "annotated passages")
	add(len(d.b.Notes), "note", "notes")
	f.MultiCell(0, 6, strings.Join(counts, " · "), "", "L", false)
	f.Ln(2)
	f.MultiCell(0, 6, fmt.Sprintf("Prepared %s with Parley from the vault “%s”.", d.b.Generated.Format("2 January 2006, 15:04"), d.b.Vault), "", "L", false)
	f.SetTextColor(0, 0, 0)
}

func (d *pdfDoc) contents() {
	f := d.f
	f.AddPage()
	d.font("B", 18)
	f.CellFormat(0, 10, "Contents", "", 1, "L", false, 0, "")
	f.Ln(3)
	entry := func(e tocEntry, indent float64, style string, size float64) {
		d.font(style, size)
		page := ""
		if n, ok := d.known[e.Anchor]; ok {
			page = fmt.Sprint(n)
		}
		f.SetX(pdfMargin + indent)
		w := d.width - indent - 14
		f.CellFormat(w, 6.5, shorten(f, e.Title, w-1), "", 0, "L", false, d.link(e.Anchor), "")
		f.CellFormat(14, 6.5, page, "", 1, "R", false, d.link(e.Anchor), "")
	}
	for _, s := range d.b.Sections {
		entry(s, 0, "B", 11)
		for _, c := range s.Children {
			entry(c, 6, "", 10)
		}
	}
}

// section starts a numbered section on a new page.
func (d *pdfDoc) section(anchor string) {
	d.f.AddPage()
	d.heading(1, sectionTitle(d.b, anchor), anchor)
}

func (d *pdfDoc) heading(level int, text, anchor string) {
	f := d.f
	size, gap := 18.0, 4.0
	switch level {
	case 2:
		size, gap = 14, 3
		d.room(30)
		f.Ln(4)
	case 3:
		size, gap = 11.5, 1.5
		d.room(20)
		f.Ln(2)
	}
	d.target(anchor)
	if level <= 2 {
		f.Bookmark(text, level-1, -1)
	}
	d.font("B", size)
	f.MultiCell(0, size*0.5, text, "", "L", false)
	if level == 1 {
		y := f.GetY() + 1
		f.SetDrawColor(29, 35, 43)
		f.SetLineWidth(0.5)
		f.Line(pdfMargin, y, pdfMargin+d.width, y)
		f.SetLineWidth(0.2)
		f.Ln(2)
	}
	f.Ln(gap)
}

// para writes a wrapped paragraph.
func (d *pdfDoc) para(text string, size float64) {
	d.font("", size)
	d.f.MultiCell(0, size*0.5, text, "", "L", false)
	d.f.Ln(1.5)
}

// fact writes "Label  value" with the value wrapped beside the label.
func (d *pdfDoc) fact(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	f := d.f
	d.font("B", 9.5)
	f.SetTextColor(91, 101, 115)
	f.CellFormat(30, pdfLine, label, "", 0, "L", false, 0, "")
	f.SetTextColor(0, 0, 0)
	d.font("", 10)
	f.MultiCell(0, pdfLine, value, "", "L", false)
}

// bullet writes a list item, its text wrapped under itself.
func (d *pdfDoc) bullet(indent float64, lead, text string) {
	f := d.f
	f.SetX(pdfMargin + indent)
	d.font("", 10)
	f.CellFormat(4, pdfLine, "•", "", 0, "L", false, 0, "")
	left := pdfMargin + indent + 4
	f.SetLeftMargin(left)
	if lead != "" {
		d.font("B", 10)
		f.Write(pdfLine, lead+" ")
		d.font("", 10)
	}
	f.Write(pdfLine, text)
	f.Ln(pdfLine)
	d.margin(pdfMargin)
}

// margin sets the left margin and starts the next line at it.
func (d *pdfDoc) margin(left float64) {
	d.f.SetLeftMargin(left)
	d.f.SetX(left)
}

// badge writes a status in its colour, inline.
func (d *pdfDoc) badge(status, class string) {
	if status == "" {
		return
	}
	f := d.f
	d.font("B", 8.5)
	rgb := pdfStatusRGB[class]
	f.SetFillColor(rgb[0], rgb[1], rgb[2])
	w := f.GetStringWidth(status) + 3
	f.CellFormat(w, pdfLine, status, "", 0, "C", true, 0, "")
	f.SetFillColor(255, 255, 255)
}

func (d *pdfDoc) round(r *briefRound) {
	d.heading(2, r.Rec.Title, r.Anchor)
	d.fact("Date", r.When)
	d.fact("Place", r.Place)
	d.fact("Format", r.Rec.Format)
	d.fact("Duration", r.Rec.Duration)
	if !r.Detailed {
		d.fact("Delegations", r.Parties)
	}
	for _, del := range r.Rec.Delegations {
		if !r.Detailed {
			break
		}
		var who []string
		for _, s := range []string{del.Lead, del.Role} {
			if s = strings.TrimSpace(s); s != "" {
				who = append(who, s)
			}
		}
		if len(del.Members) > 0 {
			who = append(who, "with "+strings.Join(del.Members, ", "))
		}
		v := del.Party
		if len(who) > 0 {
			v += ": " + strings.Join(who, ", ")
		}
		d.fact("Delegation", v)
	}
	d.fact("Outcome", r.Rec.Outcome)
	d.fact("Next steps", r.Rec.NextSteps)
	if len(r.Sources) > 0 {
		d.font("B", 9.5)
		d.f.SetTextColor(91, 101, 115)
		d.f.CellFormat(30, pdfLine, "Sources", "", 0, "L", false, 0, "")
		d.f.SetTextColor(0, 0, 0)
		d.font("", 10)
		for _, s := range r.Sources {
			d.f.WriteLinkID(pdfLine, fmt.Sprintf("[%d] ", s.N), d.link(s.Anchor))
		}
		d.f.Ln(pdfLine)
	}
	if len(r.Agenda) > 0 {
		d.heading(3, "Agenda", "")
		for _, a := range r.Agenda {
			d.item(a)
		}
	}
	if strings.TrimSpace(r.Rec.Body) != "" {
		d.f.Ln(2)
		d.body(r.Rec.Body)
	}
	for _, e := range r.Evidence {
		d.evidence(e)
	}
}

// item writes an agenda item or a step of an issue's history: title,
// status, note and positions.
func (d *pdfDoc) item(it briefItem) {
	f := d.f
	d.room(12)
	d.font("", 10)
	f.SetX(pdfMargin)
	f.CellFormat(4, pdfLine, "•", "", 0, "L", false, 0, "")
	f.SetLeftMargin(pdfMargin + 4)
	d.font("B", 10)
	if it.Anchor != "" {
		f.WriteLinkID(pdfLine, it.Title, d.link(it.Anchor))
	} else {
		f.Write(pdfLine, it.Title)
	}
	if it.When != "" {
		d.font("", 9.5)
		f.Write(pdfLine, " ("+it.When+")")
	}
	f.Write(pdfLine, "  ")
	d.badge(it.Status, it.Class)
	if it.Note != "" {
		d.font("", 10)
		f.Write(pdfLine, " — "+it.Note)
	}
	f.Ln(pdfLine)
	d.margin(pdfMargin)
	for _, p := range it.Positions {
		d.bullet(6, p.Party+":", p.Position)
	}
}

func (d *pdfDoc) issue(i *briefIssue) {
	d.heading(2, i.Rec.Title, i.Anchor)
	if i.Status != "" {
		d.font("B", 9.5)
		d.f.SetTextColor(91, 101, 115)
		d.f.CellFormat(30, pdfLine, "Status", "", 0, "L", false, 0, "")
		d.f.SetTextColor(0, 0, 0)
		d.badge(i.Status, i.Class)
		d.f.Ln(pdfLine)
	}
	d.fact("Raised by", i.Rec.RaisedBy)
	if len(i.Rec.Positions) > 0 {
		d.heading(3, "Positions", "")
		for _, p := range i.Rec.Positions {
			d.bullet(0, p.Party+":", p.Position)
		}
	}
	if strings.TrimSpace(i.Rec.Body) != "" {
		d.f.Ln(2)
		d.body(i.Rec.Body)
	}
	if len(i.History) > 0 {
		d.heading(3, "Across the rounds", "")
		for _, h := range i.History {
			d.item(h)
		}
	}
	if len(i.Evidence) > 0 {
		d.heading(3, "Evidence", "")
		for _, e := range i.Evidence {
			d.evidence(e)
		}
	}
}

// evidence quotes an annotated passage, indented behind a bar, with its
// comment and its citation.
func (d *pdfDoc) evidence(e briefEvidence) {
	f := d.f
	a := e.Annotation
	d.room(20)
	f.Ln(1.5)
	page, top := f.PageNo(), f.GetY()
	left := pdfMargin + 5
	f.SetLeftMargin(left)
	f.SetX(left)
	d.font("", 10)
	if p := strings.TrimSpace(a.Prefix); p != "" {
		f.SetTextColor(120, 128, 138)
		f.Write(pdfLine, "…"+strings.TrimLeft(oneLine(a.Prefix), " "))
	}
	f.SetTextColor(0, 0, 0)
	d.font("B", 10)
	f.Write(pdfLine, strings.TrimSpace(oneLine(a.Exact)))
	d.font("", 10)
	if s := strings.TrimSpace(a.Suffix); s != "" {
		f.SetTextColor(120, 128, 138)
		f.Write(pdfLine, strings.TrimRight(oneLine(a.Suffix), " ")+"…")
	}
	f.SetTextColor(0, 0, 0)
	f.Ln(pdfLine + 1)
	if c := strings.TrimSpace(a.Comment); c != "" {
		d.font("", 9.5)
		f.MultiCell(0, pdfLine, c, "", "L", false)
	}
	d.font("", 9)
	f.SetTextColor(91, 101, 115)
	cite := "— "
	if e.Source.Rec.Site != "" {
		cite += e.Source.Rec.Site + ", "
	}
	cite += "“" + e.Source.Rec.Title + "”"
	if e.Source.Published != "" {
		cite += ", " + e.Source.Published
	}
	if a.Grade != "" {
		cite += ", grade " + a.Grade
	}
	f.Write(pdfLine, cite+" ")
	f.SetTextColor(44, 93, 143)
	f.WriteLinkID(pdfLine, fmt.Sprintf("[%d]", e.Source.N), d.link(e.Source.Anchor))
	f.SetTextColor(0, 0, 0)
	f.Ln(pdfLine)
	if f.PageNo() == page {
		f.SetDrawColor(44, 93, 143)
		f.SetLineWidth(1)
		f.Line(pdfMargin+1, top, pdfMargin+1, f.GetY())
		f.SetLineWidth(0.2)
	}
	d.margin(pdfMargin)
	f.Ln(2)
}

// oneLine folds a quote's white space (line breaks included) into single
// spaces, keeping one at either end where there was any, so that the
// context and the passage do not run together.
func oneLine(s string) string {
	out := strings.Join(strings.Fields(s), " ")
	if out == "" {
		return ""
	}
	if t := strings.TrimLeftFunc(s, unicode.IsSpace); len(t) < len(s) {
		out = " " + out
	}
	if t := strings.TrimRightFunc(s, unicode.IsSpace); len(t) < len(s) {
		out += " "
	}
	return out
}

// body writes a Markdown body as text: headings, paragraphs, list items,
// quotes and code, without the markup.
func (d *pdfDoc) body(md string) {
	for _, blk := range markdown.Blocks(md) {
		switch blk.Kind {
		case markdown.Heading:
			d.room(14)
			d.font("B", 11)
			d.f.MultiCell(0, pdfLine+0.5, blk.Text, "", "L", false)
			d.f.Ln(1)
		case markdown.ListItem:
			d.bullet(float64(max(blk.Level-1, 0))*5, "", blk.Text)
		case markdown.Quote:
			d.margin(pdfMargin + 6)
			d.f.SetTextColor(70, 78, 88)
			d.para(blk.Text, 10)
			d.f.SetTextColor(0, 0, 0)
			d.margin(pdfMargin)
		case markdown.Code:
			d.para(blk.Text, 8.5)
		default:
			d.para(blk.Text, 10)
		}
	}
}

func (d *pdfDoc) source(s *briefSource) {
	f := d.f
	d.room(25)
	f.Ln(2)
	d.target(s.Anchor)
	d.font("B", 11)
	f.MultiCell(0, 5.8, fmt.Sprintf("[%d] %s", s.N, s.Rec.Title), "", "L", false)
	var meta []string
	for _, v := range []string{s.Rec.Site, s.Rec.Byline, s.Published} {
		if v = strings.TrimSpace(v); v != "" {
			meta = append(meta, v)
		}
	}
	if s.Rec.Reliability != "" {
		meta = append(meta, "reliability "+s.Rec.Reliability)
	}
	d.font("", 9.5)
	f.SetTextColor(91, 101, 115)
	if len(meta) > 0 {
		f.MultiCell(0, pdfLine, strings.Join(meta, " · "), "", "L", false)
	}
	if s.URL != "" {
		f.SetTextColor(44, 93, 143)
		f.WriteLinkString(pdfLine, s.URL, s.URL)
		f.Ln(pdfLine)
	}
	f.SetTextColor(0, 0, 0)
	if strings.TrimSpace(s.Rec.Body) != "" {
		f.Ln(1.5)
		d.body(s.Rec.Body)
	}
}

// matrix draws the issue × round matrix as tables of at most matrixCols
// rounds each, cells coloured by status, the header repeated on each new
// page.
func (d *pdfDoc) matrix() {
	m := d.b.Matrix
	// Columns share the width, up to a readable one.
	colW := min((d.width-matrixFirst)/float64(min(len(m.Rounds), matrixCols)), 40)
	for start := 0; start < len(m.Rounds); start += matrixCols {
		end := min(start+matrixCols, len(m.Rounds))
		d.matrixTable(m, start, end, colW)
		d.f.Ln(6)
	}
	// The legend.
	d.font("", 9)
	d.f.Write(pdfLine, "Status: ")
	for _, l := range legend() {
		d.badge(l.Status, l.Class)
		d.f.Write(pdfLine, " ")
	}
	d.f.Ln(pdfLine)
}

func (d *pdfDoc) matrixTable(m *briefMatrix, start, end int, colW float64) {
	f := d.f
	_, ph := f.GetPageSize()
	header := func() {
		d.font("B", 8)
		labels := []string{"Issue"}
		for _, r := range m.Rounds[start:end] {
			l := r.Rec.Title
			if r.When != "" && !strings.Contains(l, r.When) {
				l += "\n" + r.When
			}
			labels = append(labels, l)
		}
		h := 0.0
		for i, l := range labels {
			h = max(h, d.cellHeight(l, d.colWidth(i, colW), 3.8))
		}
		d.room(h + 12)
		x, y := pdfMargin, f.GetY()
		for i, l := range labels {
			w := d.colWidth(i, colW)
			d.cell(x, y, w, h, l, [3]int{243, 245, 247}, "B", 8, 3.8, "L", "")
			x += w
		}
		f.SetXY(pdfMargin, y+h)
	}
	header()
	for _, row := range m.Rows {
		d.font("", 9)
		h := max(d.cellHeight(row.Issue.Rec.Title, matrixFirst, 4.2), 7)
		if f.GetY()+h > ph-pdfMargin {
			f.AddPage()
			header()
		}
		x, y := pdfMargin, f.GetY()
		d.cell(x, y, matrixFirst, h, row.Issue.Rec.Title, [3]int{255, 255, 255}, "", 9, 4.2, "L", row.Issue.Anchor)
		x += matrixFirst
		for _, c := range row.Cells[start:end] {
			label := c.Status
			if label == "" {
				label = "—"
			}
			d.cell(x, y, colW, h, label, pdfStatusRGB[c.Class], "B", 8.5, 4.2, "C", "")
			x += colW
		}
		f.SetXY(pdfMargin, y+h)
	}
}

func (d *pdfDoc) colWidth(i int, colW float64) float64 {
	if i == 0 {
		return matrixFirst
	}
	return colW
}

// cellHeight is the height text needs in a cell w wide, with the current
// font.
func (d *pdfDoc) cellHeight(text string, w, line float64) float64 {
	n := 0
	for _, part := range strings.Split(text, "\n") {
		n += max(len(d.f.SplitText(part, w-2)), 1)
	}
	return float64(n)*line + 2
}

// cell draws a filled, bordered box with wrapped text in it.
func (d *pdfDoc) cell(x, y, w, h float64, text string, fill [3]int, style string, size, line float64, align, anchor string) {
	f := d.f
	f.SetFillColor(fill[0], fill[1], fill[2])
	f.SetDrawColor(215, 220, 226)
	f.Rect(x, y, w, h, "FD")
	if anchor != "" {
		f.Link(x, y, w, h, d.link(anchor))
	}
	d.font(style, size)
	// MultiCell would break the page itself in the last rows: the caller
	// has made room, so lay the lines out by hand.
	ly := y + 1
	for _, part := range strings.Split(text, "\n") {
		for _, l := range d.f.SplitText(part, w-2) {
			f.SetXY(x+1, ly)
			f.CellFormat(w-2, line, l, "", 0, align, false, 0, "")
			ly += line
		}
	}
	f.SetFillColor(255, 255, 255)
}

// shorten cuts text with an ellipsis to fit w millimetres in the current
// font.
func shorten(f pdfw, text string, w float64) string {
	if f.GetStringWidth(text) <= w {
		return text
	}
	r := []rune(text)
	for len(r) > 0 && f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
