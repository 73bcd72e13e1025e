package search

import (
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names in the index.
const (
	fieldTitle      = "title"
	fieldShortTitle = "short_title"
	fieldSummary    = "summary"
	fieldBody       = "body"
	fieldKeywords   = "keywords"
	fieldDocNumber  = "doc_number"
	fieldSection    = "section"
	fieldCategories = "categories"
	fieldGroups     = "groups"
	fieldMethods    = "methods"
	fieldRegion     = "region"
	fieldCourtLevel = "court_level"
	fieldStage      = "stage"
	fieldYear       = "year" // facet and filter value, e.g. 2024
)

// textFields are the analysed fields a query term is matched against.
var textFields = [...]string{fieldTitle, fieldShortTitle, fieldSummary, fieldBody, fieldKeywords, fieldDocNumber}

// facetFields are the fields every answer counts, in SPEC order. They are
// answered from the doc table, not indexed in bleve.
var facetFields = [...]string{fieldSection, fieldCategories, fieldGroups, fieldMethods, fieldRegion, fieldCourtLevel, fieldStage, fieldYear}

func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	if err := addAnalyzer(im); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = AnalyzerName
	im.ScoringModel = "bm25"
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	text := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = AnalyzerName
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// Only the text fields go into bleve. Filters, facets, year ranges and
	// date order are all answered from the doc table, so keyword, numeric
	// and date fields would only cost indexing time and disk space.
	dm := mapping.NewDocumentStaticMapping()
	for _, name := range textFields {
		dm.AddFieldMappingsAt(name, text())
	}

	// No _all composite field: every query names its fields.
	dm.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())

	im.DefaultMapping = dm
	im.DefaultField = fieldBody
	return im, nil
}
