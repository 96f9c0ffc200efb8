package app

import (
	"strings"

	"github.com/parley-notes/parley/app/markdown"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
	"golang.org/x/text/cases"
)

// annotationDocID names an annotation's document: the clip's id and the
// annotation's, so a hit leads to both.
func annotationDocID(clipID, annID string) string { return clipID + "#" + annID }

// SplitDocID reverses annotationDocID; ann is empty for a record's id.
func SplitDocID(docID string) (recordID, ann string) {
	recordID, ann, _ = strings.Cut(docID, "#")
	return recordID, ann
}

// docsOf turns a record into its index documents: the record itself and
// one for each annotation. It is deterministic: highlighting calls it again
// on the file to get the very text that was indexed.
func docsOf(rec *vault.Record, docID string) []index.Doc {
	d := index.Doc{
		ID:      docID,
		Type:    string(rec.Type),
		Title:   rec.Title,
		Body:    bodyText(rec),
		Meta:    metaText(rec),
		Byline:  rec.Byline,
		Lang:    rec.Lang,
		Tags:    rec.Tags,
		Site:    rec.Site,
		Date:    rec.PrimaryDate(),
		Created: rec.Created,
		Updated: rec.Updated,
		Path:    rec.Path,
		Sig:     rec.Sig.String(),
		Links:   linksOf(rec),
		Hash:    rec.ContentHash,
	}
	for _, u := range []string{rec.URL, rec.CanonicalURL} {
		if u != "" && (len(d.URLs) == 0 || d.URLs[0] != u) {
			d.URLs = append(d.URLs, u)
		}
	}
	d.Reliability = rec.Reliability
	d.Location = rec.Location
	d.Subtitle = subtitleOf(rec)
	d.Parties = partiesOf(rec)
	d.Statuses = statusesOf(rec)
	docs := []index.Doc{d}
	for _, a := range rec.Annotations {
		id := annotationDocID(docID, a.ID)
		docs[0].Children = append(docs[0].Children, id)
		docs = append(docs, index.Doc{
			ID:          id,
			Type:        index.TypeAnnotation,
			Body:        a.Exact,
			Comment:     a.Comment,
			Lang:        rec.Lang,
			Tags:        rec.Tags,
			Site:        rec.Site,
			Reliability: a.Grade,
			Links:       append(append([]string(nil), a.Issues...), a.Rounds...),
			Parent:      docID,
			ParentTitle: rec.Title,
			Subtitle:    d.Subtitle,
			Date:        d.Date,
			Created:     a.Created,
			Path:        rec.Path,
			Sig:         d.Sig,
		})
	}
	return docs
}

// subtitleOf is the line a result list shows under the title: where a clip
// comes from, where a round took place, where an issue stands.
func subtitleOf(rec *vault.Record) string {
	switch rec.Type {
	case vault.TypeClip:
		return strings.Join(nonEmpty(rec.Site, rec.Byline), " · ")
	case vault.TypeRound:
		return strings.Join(nonEmpty(rec.Location, rec.Venue), " · ")
	case vault.TypeIssue:
		return string(rec.Status)
	}
	return ""
}

func nonEmpty(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// MaxIndexedBytes is how much of a record's body is searchable. Indexing
// and highlighting cost about 100 MB of memory for each MB of text, so a
// 10 MB paste would need a gigabyte; beyond this cap, which no note or
// article comes near, the text is kept in the file but not searched (check
// says so).
const MaxIndexedBytes = 2 << 20

// bodyText is the prose of a record: its Markdown as plain text, and for
// rounds and issues the outcome, positions and notes that are prose too.
func bodyText(rec *vault.Record) string {
	parts := []string{plainText(vault.TruncateUTF8(rec.Body, MaxIndexedBytes))}
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	add(rec.Outcome)
	add(rec.NextSteps)
	for _, a := range rec.Agenda {
		add(a.Note)
		for _, p := range a.Positions {
			add(p.Position)
		}
	}
	for _, p := range rec.Positions {
		add(p.Position)
	}
	if parts[0] == "" {
		parts = parts[1:]
	}
	return strings.Join(parts, markdown.BlockSeparator)
}

// metaText is the secondary text worth finding: who wrote, where, who sat
// at the table.
func metaText(rec *vault.Record) string {
	var parts []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	add(rec.Byline)
	add(rec.Site)
	add(rec.Location)
	add(rec.Venue)
	add(rec.Format)
	add(rec.RaisedBy)
	for _, d := range rec.Delegations {
		add(d.Party)
		add(d.Lead)
		add(d.Role)
		for _, m := range d.Members {
			add(m)
		}
	}
	return strings.Join(parts, "\n")
}

func partiesOf(rec *vault.Record) []string {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		for _, p := range out {
			if strings.EqualFold(p, s) {
				return
			}
		}
		out = append(out, s)
	}
	add(rec.RaisedBy)
	for _, d := range rec.Delegations {
		add(d.Party)
	}
	for _, a := range rec.Agenda {
		for _, p := range a.Positions {
			add(p.Party)
		}
	}
	for _, p := range rec.Positions {
		add(p.Party)
	}
	return out
}

func statusesOf(rec *vault.Record) []string {
	seen := map[vault.Status]bool{}
	var out []string
	add := func(s vault.Status) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, string(s))
		}
	}
	add(rec.Status)
	for _, a := range rec.Agenda {
		add(a.Status)
	}
	return out
}

// linksOf lists what a record refers to: ids in its fields, and the
// folded titles of its [[wiki links]] (see LinkKey).
func linksOf(rec *vault.Record) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, a := range rec.Agenda {
		add(a.Issue)
	}
	for _, s := range rec.Sources {
		add(s)
	}
	for _, a := range rec.Annotations {
		for _, id := range a.Issues {
			add(id)
		}
		for _, id := range a.Rounds {
			add(id)
		}
	}
	// Matching the wiki-link pattern costs as much as parsing the
	// Markdown; most bodies have no link to look for.
	if strings.Contains(rec.Body, "[[") {
		for _, l := range markdown.WikiLinks(rec.Body) {
			add(LinkKey(l.Target))
		}
	}
	return out
}

// LinkKey is how a [[wiki link]] target is matched to a record: by title
// or file name, ignoring case, as Obsidian does.
func LinkKey(title string) string {
	return "title:" + cases.Fold().String(strings.TrimSpace(title))
}

// textsOfRecord returns the indexed text of every document of a record,
// by document id, for highlighting; docID is one of them, which tells
// under which id the record was indexed.
func textsOfRecord(rec *vault.Record, docID string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, d := range docsOf(rec, recordDocID(docID, rec)) {
		out[d.ID] = map[string]string{"title": d.Title, "body": d.Body, "comment": d.Comment, "meta": d.Meta}
	}
	return out
}

// recordDocID is the document id the record of docID was indexed under
// (which differs from rec.ID only for a duplicate id).
func recordDocID(docID string, rec *vault.Record) string {
	id, _ := SplitDocID(docID)
	if id == "" {
		return rec.ID
	}
	return id
}
