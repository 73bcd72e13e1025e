package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"

	"github.com/BurntSushi/toml"
)

// ConfigFile is the name of the site's configuration in the source folder.
const ConfigFile = "site.toml"

// TaxonomyKeys lists the taxonomies of a site in the order pages show them.
var TaxonomyKeys = [...]string{"categories", "groups", "methods"}

// Config is the decoded site.toml.
type Config struct {
	Title        string               `toml:"title"`        // site title, shown in every page header
	Description  string               `toml:"description"`  // one sentence about the site, for the home page and feeds
	BaseURL      string               `toml:"baseURL"`      // absolute URL the site is published at; its path prefixes every link
	LanguageCode string               `toml:"languageCode"` // the pages' lang attribute
	Theme        string               `toml:"theme"`        // theme folder name under themes/
	Paginate     int                  `toml:"paginate"`     // entries per list page
	Taxonomies   map[string]*Taxonomy `toml:"taxonomies"`   // categories, groups, methods
	Regions      []*Region            `toml:"regions"`      // every region an entry may name
	Privacy      PrivacyConfig        `toml:"privacy"`      // the privacy guard's settings
	Params       map[string]any       `toml:"params"`       // free for themes

	basePath string             // BaseURL's path, always ending in "/"
	regions  map[string]*Region // by folded name and by slug
}

// PrivacyConfig configures the privacy guard.
type PrivacyConfig struct {
	Denylist string `toml:"denylist"` // file of names never to publish, relative to the source folder
}

// Taxonomy is one controlled vocabulary.
type Taxonomy struct {
	Key   string  `toml:"-"`     // categories, groups or methods
	Name  string  `toml:"name"`  // display name, e.g. 救助类别
	Terms []*Term `toml:"terms"` // every term, parents before or after children

	byName map[string]*Term // by folded name
	exact  map[string]*Term // by name as written in site.toml
	bySlug map[string]*Term
}

// Term is one word of a vocabulary.
type Term struct {
	Name        string   `toml:"name"`        // display name (Simplified)
	Slug        string   `toml:"slug"`        // URL segment
	Description string   `toml:"description"` // one sentence shown on the term's page
	Parent      string   `toml:"parent"`      // the parent term's name, if any
	Hints       []string `toml:"hints"`       // words in a text that suggest this term

	Taxonomy *Taxonomy `toml:"-"` // the vocabulary it belongs to
	ParentT  *Term     `toml:"-"` // resolved parent
	Children []*Term   `toml:"-"` // resolved children, in site.toml order
}

// Region is a province-level region, or 全国.
type Region struct {
	Name string `toml:"name"` // e.g. 四川
	Slug string `toml:"slug"` // e.g. sichuan
}

// BasePath returns the path part of BaseURL, beginning and ending with "/".
func (c *Config) BasePath() string { return c.basePath }

// Term finds a term of a taxonomy by name, in Simplified or Traditional.
func (t *Taxonomy) Term(name string) *Term {
	if term, ok := t.exact[name]; ok {
		return term
	}
	return t.byName[foldKey(name)]
}

// TermBySlug finds a term by its slug.
func (t *Taxonomy) TermBySlug(slug string) *Term { return t.bySlug[slug] }

// Region finds a region by name (Simplified or Traditional) or slug.
func (c *Config) Region(name string) *Region { return c.regions[foldKey(name)] }

// Ancestors returns the term's parents, nearest first.
func (t *Term) Ancestors() []*Term {
	var out []*Term
	for p := t.ParentT; p != nil && len(out) < 16; p = p.ParentT {
		out = append(out, p)
	}
	return out
}

// LoadConfig reads and checks site.toml from the source.
func LoadConfig(fsys fs.FS) (*Config, Diagnostics) {
	data, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, Diagnostics{diagf(ConfigFile, 0, "missing: a site needs a site.toml in its source folder (see README.md)")}
		}
		return nil, Diagnostics{diagf(ConfigFile, 0, "cannot read: %v", err)}
	}
	text, d := decodeText(ConfigFile, data)
	if d != nil {
		return nil, Diagnostics{*d}
	}
	return ParseConfig(text)
}

// ParseConfig decodes and checks the text of a site.toml.
func ParseConfig(text string) (*Config, Diagnostics) {
	cfg := &Config{Paginate: 20, LanguageCode: "zh-CN", Theme: "default"}
	lines := scanTOMLLines(text, 1)
	md, err := toml.Decode(text, cfg)
	if err != nil {
		return nil, Diagnostics{tomlError(ConfigFile, 1, err)}
	}
	var ds Diagnostics
	for _, k := range md.Undecoded() {
		if len(k) > 0 && k[0] == "params" {
			continue
		}
		path := configKeyPath(md, k)
		ds = append(ds, diagf(ConfigFile, lines.line(path), "unknown key %q: remove it or check its spelling", k.String()))
	}
	ds = append(ds, cfg.check(lines)...)
	if len(ds.Errors()) > 0 {
		return nil, ds
	}
	return cfg, ds
}

// configKeyPath turns a decoded key into the path tomlLines uses. Arrays of
// tables are not numbered by the decoder, so the first table stands for all.
func configKeyPath(md toml.MetaData, k toml.Key) string {
	parts := make([]string, 0, len(k))
	for i, p := range k {
		parts = append(parts, p)
		if md.Type(k[:i+1]...) == "ArrayHash" {
			parts = append(parts, "0")
		}
	}
	return strings.Join(parts, ".")
}

func (c *Config) check(lines tomlLines) Diagnostics {
	var ds Diagnostics
	at := func(path, format string, args ...any) {
		ds = append(ds, diagf(ConfigFile, lines.line(path), format, args...))
	}
	if strings.TrimSpace(c.Title) == "" {
		at("title", "missing key \"title\": give the site a title")
	}
	u, err := url.Parse(c.BaseURL)
	switch {
	case c.BaseURL == "":
		at("baseURL", "missing key \"baseURL\": write the address the site is published at, e.g. \"https://example.org/kb/\"")
	case err != nil || u.Scheme == "" || u.Host == "":
		at("baseURL", "baseURL %q is not an absolute URL: write it as \"https://example.org/kb/\"", c.BaseURL)
	default:
		c.basePath = "/" + strings.Trim(u.Path, "/") + "/"
		c.basePath = strings.ReplaceAll(c.basePath, "//", "/")
		c.BaseURL = u.Scheme + "://" + u.Host + c.basePath
	}
	if c.Paginate < 1 {
		at("paginate", "paginate must be at least 1")
	}
	if c.Taxonomies == nil {
		c.Taxonomies = map[string]*Taxonomy{}
	}
	for key := range c.Taxonomies {
		if !isTaxonomyKey(key) {
			at("taxonomies."+key, "unknown taxonomy %q: the taxonomies are categories, groups and methods", key)
		}
	}
	for _, key := range TaxonomyKeys {
		t := c.Taxonomies[key]
		if t == nil {
			t = &Taxonomy{Name: key}
			c.Taxonomies[key] = t
		}
		t.Key = key
		ds = append(ds, t.index(lines)...)
	}
	c.regions = map[string]*Region{}
	for i, r := range c.Regions {
		path := fmt.Sprintf("regions.%d", i)
		if r.Name == "" || !validSlug(r.Slug) {
			at(path, "region needs a name and a slug of lower-case letters, digits and hyphens")
			continue
		}
		if c.regions[foldKey(r.Name)] != nil || c.regions[r.Slug] != nil {
			at(path, "region %q is listed twice", r.Name)
			continue
		}
		c.regions[foldKey(r.Name)] = r
		c.regions[r.Slug] = r
	}
	return ds
}

func (t *Taxonomy) index(lines tomlLines) Diagnostics {
	var ds Diagnostics
	t.byName = map[string]*Term{}
	t.exact = map[string]*Term{}
	t.bySlug = map[string]*Term{}
	base := "taxonomies." + t.Key + ".terms"
	for i, term := range t.Terms {
		path := fmt.Sprintf("%s.%d", base, i)
		term.Taxonomy = t
		switch {
		case term.Name == "":
			ds = append(ds, diagf(ConfigFile, lines.line(path), "a term of %s has no name", t.Key))
			continue
		case !validSlug(term.Slug):
			ds = append(ds, diagf(ConfigFile, lines.line(path), "term %q needs a slug of lower-case letters, digits and hyphens, e.g. \"criminal-victims\"", term.Name))
			continue
		case t.byName[foldKey(term.Name)] != nil:
			ds = append(ds, diagf(ConfigFile, lines.line(path), "term %q is listed twice in %s", term.Name, t.Key))
			continue
		case t.bySlug[term.Slug] != nil:
			ds = append(ds, diagf(ConfigFile, lines.line(path), "slug %q of term %q is already used by %q", term.Slug, term.Name, t.bySlug[term.Slug].Name))
			continue
		}
		t.byName[foldKey(term.Name)] = term
		t.exact[term.Name] = term
		t.bySlug[term.Slug] = term
	}
	for i, term := range t.Terms {
		if term.Parent == "" || t.byName[foldKey(term.Name)] != term {
			continue
		}
		p := t.byName[foldKey(term.Parent)]
		if p == nil || p == term {
			ds = append(ds, diagf(ConfigFile, lines.line(fmt.Sprintf("%s.%d", base, i)), "parent %q of term %q is not a term of %s%s", term.Parent, term.Name, t.Key, nearestHint(term.Parent, t.names())))
			continue
		}
		term.ParentT = p
		p.Children = append(p.Children, term)
	}
	for i, term := range t.Terms {
		if len(term.Ancestors()) >= 16 {
			ds = append(ds, diagf(ConfigFile, lines.line(fmt.Sprintf("%s.%d", base, i)), "term %q is its own ancestor: break the cycle of parents", term.Name))
			term.ParentT = nil
		}
	}
	return ds
}

func (t *Taxonomy) names() []string {
	out := make([]string, 0, len(t.Terms))
	for _, term := range t.Terms {
		out = append(out, term.Name)
	}
	return out
}

func isTaxonomyKey(key string) bool {
	for _, k := range TaxonomyKeys {
		if k == key {
			return true
		}
	}
	return false
}

// tomlError turns a TOML decoding error into a diagnostic at its line.
func tomlError(path string, firstLine int, err error) Diagnostic {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if strings.Contains(msg, "datetime") {
			msg += " (write dates as 2024-05-10, without quotes)"
		}
		return Diagnostic{Path: path, Line: firstLine + pe.Position.Line - 1, Msg: "malformed TOML: " + msg}
	}
	return Diagnostic{Path: path, Line: firstLine, Msg: "malformed TOML: " + err.Error()}
}
