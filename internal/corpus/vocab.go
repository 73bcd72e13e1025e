package corpus

import (
	_ "embed"
	"errors"
	"fmt"

	"github.com/BurntSushi/toml"
)

//go:embed fallback_site.toml
var fallbackSiteTOML []byte

// DefaultSiteTOML returns the built-in site configuration used when no config is given.
func DefaultSiteTOML() []byte {
	return append([]byte(nil), fallbackSiteTOML...)
}

// Term is one entry of a controlled vocabulary.
type Term struct {
	Name        string   `toml:"name"`        // canonical (Simplified) name
	Slug        string   `toml:"slug"`        // URL segment
	Description string   `toml:"description"` // one-line explanation
	Parent      string   `toml:"parent"`      // name of the parent term, if any
	Hints       []string `toml:"hints"`       // words in a text that suggest this term
}

// Region is one region of site.toml.
type Region struct {
	Name string `toml:"name"` // e.g. 四川
	Slug string `toml:"slug"` // e.g. sichuan
}

// Vocabulary holds what generated entries may use: taxonomy terms and regions.
type Vocabulary struct {
	Categories []Term   // 救助类别
	Groups     []Term   // 救助对象
	Methods    []Term   // 救助方式
	Regions    []Region // all regions, 全国 included when configured
}

type siteFile struct {
	Taxonomies map[string]struct {
		Name  string `toml:"name"`
		Terms []Term `toml:"terms"`
	} `toml:"taxonomies"`
	Regions []Region `toml:"regions"`
}

// ParseVocabulary reads the vocabularies and regions from site.toml contents.
func ParseVocabulary(data []byte) (*Vocabulary, error) {
	var f siteFile
	if _, err := toml.Decode(string(data), &f); err != nil {
		return nil, fmt.Errorf("site config: %w", err)
	}
	v := &Vocabulary{
		Categories: f.Taxonomies["categories"].Terms,
		Groups:     f.Taxonomies["groups"].Terms,
		Methods:    f.Taxonomies["methods"].Terms,
		Regions:    f.Regions,
	}
	switch {
	case len(v.Categories) == 0:
		return nil, errors.New("site config: no taxonomies.categories terms")
	case len(v.Groups) == 0:
		return nil, errors.New("site config: no taxonomies.groups terms")
	case len(v.Methods) == 0:
		return nil, errors.New("site config: no taxonomies.methods terms")
	case len(v.localRegions()) == 0:
		return nil, errors.New("site config: no regions besides 全国")
	}
	return v, nil
}

// national reports whether the vocabulary has the region 全国.
func (v *Vocabulary) national() bool {
	for _, r := range v.Regions {
		if r.Name == nationalRegion {
			return true
		}
	}
	return false
}

// localRegions lists the regions other than 全国.
func (v *Vocabulary) localRegions() []Region {
	out := make([]Region, 0, len(v.Regions))
	for _, r := range v.Regions {
		if r.Name != nationalRegion {
			out = append(out, r)
		}
	}
	return out
}

const nationalRegion = "全国"
