package index

import (
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Field names. Searchable text and keyword fields are what users type in
// `field:value`; facet fields (f_*) keep the exact values for display and
// carry doc values, which only faceting and sorting need.
const (
	fieldTitle   = "title"
	fieldBody    = "body"
	fieldComment = "comment"
	fieldMeta    = "meta"
	fieldByline  = "byline"
	fieldLoc     = "location"

	fieldType   = "type"
	fieldTags   = "tags"
	fieldSite   = "site"
	fieldLang   = "lang"
	fieldRel    = "reliability"
	fieldParty  = "party"
	fieldStatus = "status"
	fieldYear   = "year"
	fieldLinks  = "links"
	fieldParent = "parent"
	fieldURL    = "url"
	fieldHash   = "hash"

	fieldDate = "date"
	// fieldSortDate is the date as a sortable string, the one value
	// sorting by date reads for every match. A datetime field's doc
	// values hold all sixteen of its prefix-coded terms, and reading them
	// for every match was a third of the cost of a search.
	fieldSortDate = "sort_date"
	fieldCreated  = "created"
	fieldUpdated  = "updated"

	// Stored only: what a hit needs to be shown without opening its file.
	fieldPath        = "path"
	fieldSig         = "sig"
	fieldParentTitle = "parent_title"
	fieldChildren    = "children"
	fieldSubtitle    = "subtitle"
)

// textFields are searched by a word typed without a field, with their
// weights: a word in the title ranks above the same word in the body.
var textFields = []struct {
	name  string
	boost float64
}{
	{fieldTitle, 3},
	{fieldBody, 1},
	{fieldComment, 1.5},
	{fieldMeta, 1},
}

// keywordFields hold exact values, one token each.
var keywordFields = map[string]bool{
	fieldType: true, fieldTags: true, fieldSite: true, fieldLang: true, fieldRel: true,
	fieldParty: true, fieldStatus: true, fieldYear: true, fieldLinks: true, fieldParent: true,
}

// exactFields hold values compared exactly, one token each: addresses and
// hashes.
var exactFields = map[string]bool{fieldURL: true, fieldHash: true}

// dateFields hold datetimes; `field:2025-04` and `field:>=2025` work on them.
var dateFields = map[string]bool{fieldDate: true, fieldCreated: true, fieldUpdated: true}

// FacetFields are the facets Parley counts, by the name users see.
var FacetFields = []string{"type", "tags", "site", "reliability", "lang", "year", "party", "status"}

// facetField is the doc-values field behind a facet name.
func facetField(name string) string { return "f_" + name }

// fieldAliases lets people type the words they think in.
var fieldAliases = map[string]string{
	"tag":       fieldTags,
	"author":    fieldByline,
	"source":    fieldSite,
	"outlet":    fieldSite,
	"language":  fieldLang,
	"grade":     fieldRel,
	"place":     fieldLoc,
	"published": fieldDate,
	"kind":      fieldType,
	"parties":   fieldParty,
	"link":      fieldLinks,
}

// searchableFields are the names accepted in `field:value`.
var searchableFields = map[string]bool{
	fieldTitle: true, fieldBody: true, fieldComment: true, fieldMeta: true, fieldByline: true, fieldLoc: true,
	fieldType: true, fieldTags: true, fieldSite: true, fieldLang: true, fieldRel: true, fieldParty: true,
	fieldStatus: true, fieldYear: true, fieldLinks: true, fieldParent: true, fieldURL: true, fieldHash: true,
	fieldDate: true, fieldCreated: true, fieldUpdated: true,
}

// schemaVersion changes whenever the mapping or the analysers change in a
// way that makes an existing index wrong; Open then asks for a rebuild.
const schemaVersion = "parley-index-8"

// newMapping builds the explicit mapping: no dynamic fields, no _all field,
// term vectors only where phrases and highlights need them, doc values only
// on facet and sort fields, and nothing stored but what a hit displays. The
// vault holds the text, so the index need not.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	if err := addAnalyzers(im.AddCustomAnalyzer); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = textAnalyzer
	im.ScoringModel = bindex.BM25Scoring
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	doc := mapping.NewDocumentStaticMapping()
	add := func(name string, fm *mapping.FieldMapping) {
		fm.Name = name
		fm.IncludeInAll = false
		doc.AddFieldMappingsAt(name, fm)
	}
	text := func(store bool) *mapping.FieldMapping {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = textAnalyzer
		fm.Store = store
		fm.IncludeTermVectors = true
		fm.DocValues = false
		return fm
	}
	keyword := func(analyzer string, docValues bool) *mapping.FieldMapping {
		fm := mapping.NewKeywordFieldMapping()
		fm.Analyzer = analyzer
		fm.Store = false
		fm.IncludeTermVectors = false
		fm.DocValues = docValues
		fm.SkipFreqNorm = true
		return fm
	}
	stored := func() *mapping.FieldMapping {
		fm := mapping.NewTextFieldMapping()
		fm.Index = false
		fm.Store = true
		fm.IncludeTermVectors = false
		fm.DocValues = false
		return fm
	}

	add(fieldTitle, text(true))
	add(fieldBody, text(false))
	add(fieldComment, text(false))
	add(fieldMeta, text(false))
	add(fieldByline, text(false))
	add(fieldLoc, text(false))

	for f := range keywordFields {
		fm := keyword(keywordAnalyzer, false)
		fm.Store = f == fieldType || f == fieldParent // shown in every hit
		add(f, fm)
	}
	for _, f := range FacetFields {
		add(facetField(f), keyword("keyword", true))
	}

	// Dates are indexed by day (see dates.go); the sort date is the
	// stored one, which hits show.
	for f := range dateFields {
		add(f, keyword("keyword", false))
	}
	sortDate := keyword("keyword", true)
	sortDate.Store = true
	add(fieldSortDate, sortDate)

	path := keyword("keyword", false)
	path.Store = true // exact, unfolded: paths are case-sensitive on Linux
	add(fieldPath, path)
	for f := range exactFields {
		add(f, keyword("keyword", false))
	}
	add(fieldSig, stored())
	add(fieldParentTitle, stored())
	add(fieldChildren, stored())
	add(fieldSubtitle, stored())

	// No _all field: Bleve would otherwise add an empty composite field
	// to every document and process it on every write.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())

	im.DefaultMapping = doc
	return im, im.Validate()
}
