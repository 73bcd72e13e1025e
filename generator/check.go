package generator

import (
	"fmt"
	"strings"
)

// checkEntries validates what no single file can validate alone: ids,
// vocabularies, regions and references. It canonicalises term and region
// names in place (Traditional spellings become the site.toml names).
func checkEntries(cfg *Config, entries []*Entry) Diagnostics {
	var ds Diagnostics
	byID := map[string]*Entry{}
	for _, e := range entries {
		if !validSlug(e.ID) {
			ds = append(ds, diagf(e.Path, 1, "invalid slug %q: use lower-case ASCII letters, digits and single hyphens, e.g. %q", e.ID, suggestSlug(e.ID)))
		}
		if prev, ok := byID[e.ID]; ok {
			ds = append(ds, diagf(e.Path, 1, "duplicate slug %q: %s already uses it; ids are unique across all sections, rename one of them", e.ID, prev.Path))
			continue
		}
		byID[e.ID] = e
	}
	for _, e := range entries {
		ds = append(ds, checkEntry(cfg, e, byID)...)
	}
	return ds
}

// checkEntry checks one entry's terms, region and links against the site
// (byID: every entry by id) and makes its term and region names canonical.
func checkEntry(cfg *Config, e *Entry, byID map[string]*Entry) Diagnostics {
	var ds Diagnostics
	at := func(key, format string, args ...any) {
		ds = append(ds, diagf(e.Path, e.Lines.line(key), format, args...))
	}
	if e.Section == "cases" && len(e.Categories) == 0 && e.Lines.Keys["categories"] != 0 {
		at("categories", "a case needs at least one category: pick terms from [taxonomies.categories] in site.toml")
	}
	for _, key := range TaxonomyKeys {
		tax := cfg.Taxonomies[key]
		names := e.Terms(key)
		for i, name := range names {
			t := tax.Term(name)
			if t == nil {
				at(key, "unknown %s term %q%s (terms are listed in site.toml under [taxonomies.%s])", key, name, nearestHint(name, tax.names()), key)
				continue
			}
			names[i] = t.Name
		}
	}
	if e.Region != "" {
		if r := cfg.Region(e.Region); r != nil {
			e.Region = r.Name
		} else {
			regionNames := make([]string, 0, len(cfg.Regions))
			for _, r := range cfg.Regions {
				regionNames = append(regionNames, r.Name)
			}
			at("region", "unknown region %q%s (regions are listed in site.toml under [[regions]])", e.Region, nearestHint(e.Region, regionNames))
		}
	}
	for _, id := range e.Cites {
		switch target := byID[id]; {
		case target == nil:
			at("cites", "cites %q, which is not an entry%s (cite an entry by its slug: its file or folder name)", id, nearestHint(id, idsOf(byID)))
		case target == e:
			at("cites", "an entry cannot cite itself")
		case target.Draft && !e.Draft:
			at("cites", "cites %q, which is a draft and will not be published", id)
		}
	}
	for _, id := range e.Implements {
		switch target := byID[id]; {
		case target == nil:
			at("implements", "implements %q, which is not an entry%s", id, nearestHint(id, idsOf(byID)))
		case target.Section != "policies":
			at("implements", "implements %q, which is a %s entry, not a policy", id, target.Section)
		}
	}
	return ds
}

func idsOf(m map[string]*Entry) []string {
	out := make([]string, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	return out
}

// suggestSlug proposes a valid slug close to s.
func suggestSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return fmt.Sprintf("entry-%d", len(s))
	}
	return b.String()
}
