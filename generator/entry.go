package generator

import (
	"html/template"
	"time"
)

// Sections are the three kinds of entries, in the order pages show them.
var Sections = [...]string{"policies", "rules", "cases"}

// SectionNames are the sections' display names.
var SectionNames = map[string]string{
	"policies": "法规政策",
	"rules":    "地方细则",
	"cases":    "典型案例",
}

// Entry is one policy, regional rule or case, as loaded from its file.
type Entry struct {
	ID       string // the slug: unique across the site
	Section  string // policies, rules or cases
	Path     string // source path relative to the source folder
	Bundle   string // the bundle's folder relative to the source folder, or "" for a single file
	Lines    tomlLines
	BodyLine int // file line on which the Markdown body starts

	Title      string
	Date       time.Time
	Summary    string   // as written, or the body's first paragraph
	Region     string   // canonical region name
	Categories []string // canonical term names, as written (folded)
	Groups     []string
	Methods    []string
	Keywords   []string
	Cites      []string // ids
	Draft      bool
	Allow      []Allow
	Params     map[string]any

	Issuer     []string // policies and rules
	DocNumber  string
	ShortTitle string
	Status     string
	Effective  time.Time
	Implements []string // rules: policy ids

	Court      string // cases
	CourtLevel string
	Stage      string
	Amount     int64
	HasAmount  bool
	Persons    int
	Difficulty string
	CaseNumber string
	Pseudonyms []string

	HTML      template.HTML // the rendered body
	Text      string        // the body as plain text, for search and the privacy guard
	Headings  []Heading     // the body's headings, for a table of contents
	Resources []string      // bundle files published beside the page, relative to the bundle
	Hash      string        // hash of the source file and its resources
}

// Allow is a string the privacy guard lets through, with the reason why.
type Allow struct {
	Text   string
	Reason string
	Line   int
}

// Heading is a heading of an entry's body.
type Heading struct {
	Level int
	Text  string
	ID    string
}

// Year is the year of the entry's date.
func (e *Entry) Year() int { return e.Date.Year() }

// Terms returns the entry's term names of a taxonomy.
func (e *Entry) Terms(taxonomy string) []string {
	switch taxonomy {
	case "categories":
		return e.Categories
	case "groups":
		return e.Groups
	case "methods":
		return e.Methods
	}
	return nil
}
