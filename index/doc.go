// Package index is Parley's full-text index, built on Bleve.
//
// It takes and returns plain structs and knows nothing of the vault or the
// GUI: the caller turns records into Docs, and supplies the text of a hit
// when fragments are to be highlighted (the index stores only what a hit
// needs to be listed, so that it stays smaller than the text it indexes).
//
// The mapping is explicit. Prose is analysed by one analyser for every
// language: Unicode word boundaries, case and accent folding for every
// script, English and Russian stop words, and a Snowball stemmer chosen by
// each word's script. Keyword fields give facets; dates are datetimes, so
// ranges work. Queries use Bleve's query-string syntax, extended with field
// aliases and friendlier date ranges (see Parse).
package index

import "time"

// Doc is one searchable thing: a record, or one annotation of a clip.
type Doc struct {
	ID    string
	Type  string // clip, round, issue, note or annotation
	Title string
	Body  string // the prose; what fragments are cut from
	// Comment is an annotation's comment.
	Comment string
	// Meta is secondary text worth finding: bylines, places, names of the
	// delegations' members.
	Meta     string
	Byline   string
	Location string

	Lang        string
	Tags        []string
	Site        string
	Reliability string
	Parties     []string
	Statuses    []string
	// Links are the ids and folded titles of the records this one refers
	// to, which is how backlinks and an issue's history are found.
	Links []string
	// URLs are a clip's addresses (as clipped and canonical), and Hash the
	// hash of its normalised text: how the same article is recognised
	// when it is clipped or imported again.
	URLs []string
	Hash string
	// Parent is the clip an annotation belongs to.
	Parent      string
	ParentTitle string
	// Subtitle is shown under a hit's title: a clip's outlet, a round's
	// place.
	Subtitle string
	// Children are the ids of a clip's annotation documents, kept so that
	// re-indexing the clip can remove those it no longer has.
	Children []string

	Date    time.Time // the date the record is filed under
	Created time.Time
	Updated time.Time

	Path string // the record's file, relative to the vault
	// Sig identifies the version of the file that was indexed, so that
	// changes made while Parley was closed can be found by comparing it.
	Sig string
}

// fields turns a Doc into the field map Bleve indexes, leaving out what is
// empty (a zero date would index as year 1 and break ranges).
func (d *Doc) fields() map[string]any {
	m := map[string]any{
		fieldType:             d.Type,
		facetField(fieldType): d.Type,
		fieldPath:             d.Path,
		fieldSig:              d.Sig,
	}
	setText := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	setText(fieldTitle, d.Title)
	setText(fieldBody, d.Body)
	setText(fieldComment, d.Comment)
	setText(fieldMeta, d.Meta)
	setText(fieldByline, d.Byline)
	setText(fieldLoc, d.Location)
	setText(fieldParent, d.Parent)
	setText(fieldParentTitle, d.ParentTitle)
	setText(fieldSubtitle, d.Subtitle)
	if len(d.Children) > 0 {
		m[fieldChildren] = d.Children
	}

	keyword := func(name string, vs ...string) {
		var out []string
		for _, v := range vs {
			if v != "" {
				out = append(out, v)
			}
		}
		if len(out) > 0 {
			m[name] = out
			if isFacet(name) {
				m[facetField(name)] = out
			}
		}
	}
	keyword(fieldTags, d.Tags...)
	keyword(fieldSite, d.Site)
	keyword(fieldLang, d.Lang)
	keyword(fieldRel, d.Reliability)
	keyword(fieldParty, d.Parties...)
	keyword(fieldStatus, d.Statuses...)
	keyword(fieldLinks, d.Links...)
	keyword(fieldURL, d.URLs...)
	keyword(fieldHash, d.Hash)
	if !d.Date.IsZero() {
		m[fieldDate] = dateTerms(d.Date)
		m[fieldSortDate] = sortDate(d.Date)
		keyword(fieldYear, d.Date.Format("2006"))
	}
	if !d.Created.IsZero() {
		m[fieldCreated] = dateTerms(d.Created)
	}
	if !d.Updated.IsZero() {
		m[fieldUpdated] = dateTerms(d.Updated)
	}
	return m
}

func isFacet(name string) bool {
	for _, f := range FacetFields {
		if f == name {
			return true
		}
	}
	return false
}

// TypeAnnotation is the type of the documents that stand for annotations.
const TypeAnnotation = "annotation"

// sortDate is t as a string that sorts as the time does (in UTC, to the
// second, years 1000 to 9999).
func sortDate(t time.Time) string { return t.UTC().Format(sortDateLayout) }

const sortDateLayout = "20060102150405"
