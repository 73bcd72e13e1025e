package generator

import (
	"slices"
	"strings"
)

// When an editor saves an entry, most often only its text changed: the
// site graph (which entry is listed where, cites, related entries, the
// pages and their order) stays as it was. A Builder then keeps the graph
// and the plan of the last build and patches them, instead of resolving
// and planning 10,000 entries again:
//
//   - the changed entries are copied into the Entry values the graph
//     already points to (patchSite);
//   - only the fingerprints of the pages that show a changed entry are
//     computed again (replan).
//
// Anything else (an entry added, removed or moved in the graph, site.toml,
// the denylist, a theme file) takes the whole way.

// lastBuild is what a Builder keeps of its last build to patch it.
type lastBuild struct {
	site    *Site
	key     string           // configuration, denylist and options the site was resolved with
	salt    string           // themeSalt of the plan
	pages   []plannedFile    // the pages, in plan order
	pageOf  map[*Entry][]int // entry → indexes in pages of the pages that show it; built when first needed
	keys    map[*Entry]uint64
	nPages  int
	changed []*Entry // entries patched by the current build, for replan
}

// sameGraph reports whether two versions of an entry give the same site
// graph and page plan: the same place in every list, the same links.
func sameGraph(a, b *Entry) bool {
	return a.ID == b.ID && a.Section == b.Section && a.Path == b.Path && a.Title == b.Title &&
		a.Date.Equal(b.Date) && a.Draft == b.Draft && a.Region == b.Region &&
		slices.Equal(a.Categories, b.Categories) && slices.Equal(a.Groups, b.Groups) && slices.Equal(a.Methods, b.Methods) &&
		slices.Equal(a.Cites, b.Cites) && slices.Equal(a.Implements, b.Implements) &&
		a.CourtLevel == b.CourtLevel && a.Stage == b.Stage && a.HasAmount == b.HasAmount && a.Amount == b.Amount
}

// patchSite returns the last build's site with the entries that changed
// copied into place, or nil when the graph cannot be kept: old holds the
// entries of the last build by source path, stale the paths loaded again.
// The changed entries are checked here; nil sends the build the whole way,
// where every entry is checked.
func (b *Builder) patchSite(cfg *Config, key string, old map[string]cachedEntry, stale []source) *Site {
	last := b.last
	if last == nil || last.key != key || len(old) != len(b.entries) {
		return nil
	}
	for _, src := range stale {
		if was, ok := old[src.path]; !ok || was.Entry == nil || b.entries[src.path].Entry == nil {
			return nil
		}
	}
	byID := make(map[string]*Entry, len(b.entries))
	for _, c := range b.entries {
		if c.Entry != nil {
			byID[c.Entry.ID] = c.Entry
		}
	}
	type swap struct{ into, from *Entry }
	var swaps []swap
	for _, src := range stale {
		was, now := old[src.path].Entry, b.entries[src.path].Entry
		if len(checkEntry(cfg, now, byID)) > 0 || !sameGraph(was, now) {
			return nil
		}
		swaps = append(swaps, swap{was, now})
	}
	last.changed = last.changed[:0]
	for _, s := range swaps {
		*s.into = *s.from
		last.changed = append(last.changed, s.into)
	}
	for _, src := range stale {
		c := b.entries[src.path]
		c.Entry = old[src.path].Entry
		b.entries[src.path] = c
	}
	return last.site
}

// replan computes again the fingerprints of the pages that show a changed
// entry, and every other file's. It returns nil when the last plan cannot
// be patched.
func (b *Builder) replan(s *Site, th themeFS, salt string) ([]plannedFile, error) {
	last := b.last
	if last == nil || last.site != s || last.salt != salt {
		return nil, nil
	}
	if last.pageOf == nil {
		last.pageOf = map[*Entry][]int{}
		for i, f := range last.pages {
			visitPageEntries(f.page, func(e *Entry) {
				if list := last.pageOf[e]; len(list) == 0 || list[len(list)-1] != i {
					last.pageOf[e] = append(list, i)
				}
			})
		}
	}
	redo := map[int]bool{}
	for _, e := range last.changed {
		last.keys[e] = entryKey(e)
		for _, i := range last.pageOf[e] {
			redo[i] = true
		}
	}
	for i := range redo {
		f := &last.pages[i]
		f.fingerprint = salt + pageFingerprint(f.page, last.keys)
	}
	last.changed = last.changed[:0]
	files := slices.Clone(last.pages)
	pages := make([]*Page, len(last.pages))
	for i, f := range last.pages {
		pages[i] = f.page
	}
	other, err := b.planOtherFiles(s, th, pages, salt)
	if err != nil {
		return nil, err
	}
	files = append(files, other...)
	slices.SortFunc(files, func(a, b plannedFile) int { return strings.Compare(a.rel, b.rel) })
	return files, nil
}
