package search

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
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
	fieldYear       = "year"     // keyword, for the facet and year:2024
	fieldYearNum    = "year_num" // numeric, for year:2023..2025
	fieldDate       = "date"
)

// textFields are the analysed fields a query term is matched against.
var textFields = [...]string{fieldTitle, fieldShortTitle, fieldSummary, fieldBody, fieldKeywords, fieldDocNumber}

// facetFields are the keyword fields every answer counts, in SPEC order.
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
	kw := func() *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false // facets and filters are answered from the doc table
		return f
	}

	dm := mapping.NewDocumentStaticMapping()
	for _, name := range textFields {
		dm.AddFieldMappingsAt(name, text())
	}
	for _, name := range facetFields {
		dm.AddFieldMappingsAt(name, kw())
	}
	num := mapping.NewNumericFieldMapping()
	num.Store = false
	num.IncludeInAll = false
	num.DocValues = false
	dm.AddFieldMappingsAt(fieldYearNum, num)
	date := mapping.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = false // date order comes from the doc table
	dm.AddFieldMappingsAt(fieldDate, date)

	// No _all composite field: every query names its fields.
	dm.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())

	im.DefaultMapping = dm
	im.DefaultField = fieldBody
	return im, nil
}
