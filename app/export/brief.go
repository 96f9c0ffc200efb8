package export

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/parley-notes/parley/app/vault"
)

// brief is what an HTML or a PDF brief says, worked out once for both so
// that the two tell the same story in the same order.
type brief struct {
	Title     string
	Scope     string
	Vault     string
	Generated time.Time

	Rounds  []*briefRound // by date
	Matrix  *briefMatrix  // nil without both issues and rounds
	Issues  []*briefIssue // as the rounds took them up
	Sources []*briefSource
	Notes   []*vault.Record

	Annotations int
	Sections    []tocEntry
}

type tocEntry struct {
	Anchor   string
	Title    string
	Children []tocEntry
}

type briefRound struct {
	Rec    *vault.Record
	Anchor string
	When   string
	Place  string
	// Parties names the delegations in one line when none has more to
	// say; otherwise Detailed asks for a table of them.
	Parties  string
	Detailed bool
	Agenda   []briefItem
	Evidence []briefEvidence // on the round, but on none of the brief's issues
	Sources  []*briefSource
}

// briefItem is one round's take on one issue, seen from either side.
type briefItem struct {
	Title     string // the issue's in a round, the round's in an issue
	Anchor    string // "" when it is not in the brief
	When      string
	Status    string
	Class     string
	Positions []vault.Position
	Note      string
}

type briefIssue struct {
	Rec      *vault.Record
	Anchor   string
	Status   string
	Class    string
	History  []briefItem
	Evidence []briefEvidence
}

type briefEvidence struct {
	Annotation vault.Annotation
	Source     *briefSource
}

type briefSource struct {
	N         int
	Anchor    string
	Rec       *vault.Record
	Published string
	URL       string // only an http(s) address, the only kind a brief links
}

type briefMatrix struct {
	Rounds []*briefRound
	Rows   []briefRow
}

type briefRow struct {
	Issue *briefIssue
	Cells []briefItem
}

// statusClasses are the statuses a brief colours; anything else is shown
// plain, and never becomes a class name.
var statusClasses = map[string]string{
	"raised": "st-raised", "discussed": "st-discussed", "progress": "st-progress",
	"agreed": "st-agreed", "stalled": "st-stalled", "dropped": "st-dropped", "on agenda": "st-listed",
}

func statusClass(s string) string {
	if c, ok := statusClasses[strings.ToLower(s)]; ok {
		return c
	}
	if s == "" {
		return "st-none"
	}
	return "st-other"
}

var plainAnchor = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// anchorOf is an HTML id (and PDF link name) for a record: its id when
// that is plain, else a hash of it, so that a hand-written id never
// reaches markup as anything but letters and digits.
func anchorOf(prefix, id string) string {
	if plainAnchor.MatchString(id) {
		return prefix + "-" + id
	}
	sum := sha256.Sum256([]byte(id))
	return prefix + "-h" + hex.EncodeToString(sum[:8])
}

// longDate is how a brief writes a day: 10 April 2025.
func longDate(d vault.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 January 2006")
}

func roundWhen(r *vault.Record) string {
	when := longDate(r.Date)
	if !r.EndDate.IsZero() && r.EndDate != r.Date {
		when += " – " + longDate(r.EndDate)
	}
	return when
}

func httpURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

// buildBrief works out the brief of the selection.
func (x *exporter) buildBrief() (*brief, error) {
	m, err := x.matrix()
	if err != nil {
		return nil, err
	}
	b := &brief{Title: x.opts.Title, Scope: x.sel.Description, Vault: filepath.Base(x.nb.Root()), Generated: now()}
	if b.Title == "" {
		switch {
		case x.sel.Root != nil:
			b.Title = x.sel.Root.Title
		case x.sel.Whole:
			b.Title = "Negotiation brief"
		default:
			b.Title = "Brief: " + x.opts.Query
		}
	}
	for _, rec := range x.sel.Records {
		if rec.Broken() {
			x.rep.skip(rec.Path, "%s", rec.Problem)
		}
	}
	roundAnchor := map[string]string{}
	for _, r := range m.Rounds {
		if r.Broken() {
			continue
		}
		br := &briefRound{Rec: r, Anchor: anchorOf("round", r.ID), When: roundWhen(r)}
		var place []string
		for _, s := range []string{r.Location, r.Venue} {
			if s = strings.TrimSpace(s); s != "" {
				place = append(place, s)
			}
		}
		br.Place = strings.Join(place, ", ")
		var parties []string
		for _, d := range r.Delegations {
			parties = append(parties, d.Party)
			if d.Lead != "" || d.Role != "" || len(d.Members) > 0 {
				br.Detailed = true
			}
		}
		br.Parties = strings.Join(parties, ", ")
		roundAnchor[r.ID] = br.Anchor
		b.Rounds = append(b.Rounds, br)
	}
	issueAnchor := map[string]string{}
	byIssue := map[string]*briefIssue{}
	for _, is := range m.Issues {
		if is.Broken() {
			continue
		}
		bi := &briefIssue{Rec: is, Anchor: anchorOf("issue", is.ID), Status: string(is.Status), Class: statusClass(string(is.Status))}
		issueAnchor[is.ID] = bi.Anchor
		byIssue[is.ID] = bi
		b.Issues = append(b.Issues, bi)
	}
	// Agendas and histories, from the whole notebook's matrix.
	for _, br := range b.Rounds {
		for _, a := range br.Rec.Agenda {
			title := a.Issue
			if is, ok := x.issueTitle(m, a.Issue); ok {
				title = is
			}
			st := statusLabel(a, true)
			br.Agenda = append(br.Agenda, briefItem{Title: title, Anchor: issueAnchor[a.Issue], Status: st, Class: statusClass(st), Positions: a.Positions, Note: a.Note})
		}
	}
	for _, bi := range b.Issues {
		for _, s := range m.stages(bi.Rec.ID) {
			st := statusLabel(s.Item, true)
			bi.History = append(bi.History, briefItem{Title: s.Round.Title, Anchor: roundAnchor[s.Round.ID], When: roundWhen(s.Round), Status: st, Class: statusClass(st), Positions: s.Item.Positions, Note: s.Item.Note})
		}
	}
	if len(b.Rounds) > 0 && len(b.Issues) > 0 {
		b.Matrix = &briefMatrix{Rounds: b.Rounds}
		for _, bi := range b.Issues {
			row := briefRow{Issue: bi}
			for _, br := range b.Rounds {
				it, ok := m.Cell(bi.Rec.ID, br.Rec.ID)
				st := statusLabel(it, ok)
				row.Cells = append(row.Cells, briefItem{Title: br.Rec.Title, Status: st, Class: statusClass(st), Note: it.Note})
			}
			b.Matrix.Rows = append(b.Matrix.Rows, row)
		}
	}
	x.citeSources(b, byIssue)
	for _, n := range x.sel.OfType(vault.TypeNote) {
		if !n.Broken() {
			b.Notes = append(b.Notes, n)
		}
	}
	b.Sections = b.toc()
	return b, nil
}

// issueTitle finds an issue's title, in the selection or the notebook.
func (x *exporter) issueTitle(m *matrix, id string) (string, bool) {
	if r, ok := x.sel.Get(id); ok {
		return r.Title, true
	}
	for _, is := range m.full.Issues {
		if is.ID == id {
			return is.Title, true
		}
	}
	return "", false
}

// citeSources numbers the selected clips in the order the brief first
// cites them (a round's sources and evidence, then each issue's evidence),
// the clips it does not cite last by date, and files each annotation as
// evidence under its issues (or its round when it names no issue of the
// brief).
func (x *exporter) citeSources(b *brief, byIssue map[string]*briefIssue) {
	var clips []*vault.Record
	for _, c := range x.sel.OfType(vault.TypeClip) {
		if !c.Broken() {
			clips = append(clips, c)
		}
	}
	sort.SliceStable(clips, func(i, j int) bool {
		di, dj := clips[i].PrimaryDate(), clips[j].PrimaryDate()
		if !di.Equal(dj) {
			return di.Before(dj)
		}
		return clips[i].Title < clips[j].Title
	})
	sources := map[string]*briefSource{}
	cite := func(clip *vault.Record) *briefSource {
		if s, ok := sources[clip.ID]; ok {
			return s
		}
		s := &briefSource{N: len(b.Sources) + 1, Rec: clip, Published: longDate(clip.Published), URL: httpURL(clip.URL)}
		if s.URL == "" {
			s.URL = httpURL(clip.CanonicalURL)
		}
		s.Anchor = fmt.Sprintf("src-%d", s.N)
		sources[clip.ID] = s
		b.Sources = append(b.Sources, s)
		return s
	}
	byRound := map[string]*briefRound{}
	for _, br := range b.Rounds {
		byRound[br.Rec.ID] = br
	}
	type ev struct {
		clip *vault.Record
		a    vault.Annotation
	}
	issueEv := map[string][]ev{}
	roundEv := map[string][]ev{}
	for _, c := range clips {
		for _, a := range c.Annotations {
			b.Annotations++
			onIssue := false
			for _, id := range a.Issues {
				if byIssue[id] != nil {
					issueEv[id] = append(issueEv[id], ev{c, a})
					onIssue = true
				}
			}
			if onIssue {
				continue
			}
			for _, id := range a.Rounds {
				if byRound[id] != nil {
					roundEv[id] = append(roundEv[id], ev{c, a})
				}
			}
		}
	}
	for _, br := range b.Rounds {
		for _, id := range br.Rec.Sources {
			if c, ok := x.sel.Get(id); ok && c.Type == vault.TypeClip && !c.Broken() {
				br.Sources = append(br.Sources, cite(c))
			}
		}
		for _, e := range roundEv[br.Rec.ID] {
			br.Evidence = append(br.Evidence, briefEvidence{Annotation: e.a, Source: cite(e.clip)})
		}
	}
	for _, bi := range b.Issues {
		for _, e := range issueEv[bi.Rec.ID] {
			bi.Evidence = append(bi.Evidence, briefEvidence{Annotation: e.a, Source: cite(e.clip)})
		}
	}
	for _, c := range clips {
		cite(c)
	}
}

// toc lists the brief's sections, numbered as they appear.
func (b *brief) toc() []tocEntry {
	var out []tocEntry
	if len(b.Rounds) > 0 {
		e := tocEntry{Anchor: "chronology", Title: "Chronology of rounds"}
		for _, r := range b.Rounds {
			e.Children = append(e.Children, tocEntry{Anchor: r.Anchor, Title: r.Rec.Title})
		}
		out = append(out, e)
	}
	if b.Matrix != nil {
		out = append(out, tocEntry{Anchor: "matrix", Title: "Issues across rounds"})
	}
	if len(b.Issues) > 0 {
		e := tocEntry{Anchor: "issues", Title: "Issues"}
		for _, i := range b.Issues {
			e.Children = append(e.Children, tocEntry{Anchor: i.Anchor, Title: i.Rec.Title})
		}
		out = append(out, e)
	}
	if len(b.Notes) > 0 {
		out = append(out, tocEntry{Anchor: "notes", Title: "Notes"})
	}
	if len(b.Sources) > 0 {
		out = append(out, tocEntry{Anchor: "sources", Title: "Sources"})
	}
	for i := range out {
		out[i].Title = fmt.Sprintf("%d. %s", i+1, out[i].Title)
	}
	return out
}
