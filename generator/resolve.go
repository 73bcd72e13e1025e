package generator

import (
	"encoding/binary"
	"hash/fnv"
	"sort"

	"casebook/internal/parallel"
)

// Site is the resolved graph of published entries that pages are rendered from.
type Site struct {
	Config  *Config
	Entries []*Entry          // every published entry, newest first
	ByID    map[string]*Entry // published entries by id

	Sections      map[string][]*Entry // by section, newest first
	CitedBy       map[string][]*Entry // id → entries that cite it
	ImplementedBy map[string][]*Entry // policy id → rules that implement it
	Related       map[string][]*Entry // id → up to five related entries
	TermEntries   map[*Term][]*Entry  // entries under a term or any of its descendants
	TermDirect    map[*Term]int       // entries tagged with the term itself
	RegionEntries map[string][]*Entry // region name → entries
	Years         []int               // years that have entries, newest first
	YearEntries   map[int][]*Entry

	regionOrder map[string]int // region name → its place in site.toml
}

// byDate orders entries newest first, then by id for a stable order.
func byDate(list []*Entry) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.ID < b.ID
	})
}

// related remembers the related entries of a site graph by id, with a key
// of everything they were computed from, so that a rebuild where only texts
// changed need not compute them again.
type related struct {
	key string
	ids map[string][]string
}

// graphKey hashes what related entries depend on: each entry's id, date,
// region, terms and citations.
func graphKey(entries []*Entry) string {
	h := fnv.New128a()
	var buf []byte
	for _, e := range entries {
		buf = append(buf[:0], e.ID...)
		buf = binary.AppendVarint(append(buf, 0), e.Date.Unix())
		buf = append(append(buf, e.Region...), 0)
		for _, list := range [...][]string{e.Categories, e.Groups, e.Methods, e.Cites} {
			for _, s := range list {
				buf = append(append(buf, s...), 0)
			}
			buf = append(buf, 1)
		}
		h.Write(buf)
	}
	return string(h.Sum(nil))
}

// resolve builds the site graph from checked entries. prior, when its key
// matches, supplies the related entries; it is updated to this graph.
func resolve(cfg *Config, entries []*Entry, prior *related) *Site {
	s := &Site{
		Config:        cfg,
		ByID:          make(map[string]*Entry, len(entries)),
		Sections:      map[string][]*Entry{},
		CitedBy:       map[string][]*Entry{},
		ImplementedBy: map[string][]*Entry{},
		Related:       make(map[string][]*Entry, len(entries)),
		TermEntries:   map[*Term][]*Entry{},
		TermDirect:    map[*Term]int{},
		RegionEntries: map[string][]*Entry{},
		YearEntries:   map[int][]*Entry{},
		regionOrder:   map[string]int{},
	}
	for i, r := range cfg.Regions {
		s.regionOrder[r.Name] = i
	}
	s.Entries = append([]*Entry(nil), entries...)
	byDate(s.Entries)
	for _, e := range s.Entries {
		s.ByID[e.ID] = e
	}
	for _, e := range s.Entries {
		s.Sections[e.Section] = append(s.Sections[e.Section], e)
		for _, id := range e.Cites {
			if s.ByID[id] != nil {
				s.CitedBy[id] = append(s.CitedBy[id], e)
			}
		}
		for _, id := range e.Implements {
			if s.ByID[id] != nil {
				s.ImplementedBy[id] = append(s.ImplementedBy[id], e)
			}
		}
		for _, key := range TaxonomyKeys {
			tax := cfg.Taxonomies[key]
			seen := map[*Term]bool{}
			for _, name := range e.Terms(key) {
				t := tax.Term(name)
				if t == nil {
					continue
				}
				s.TermDirect[t]++
				for _, u := range append([]*Term{t}, t.Ancestors()...) {
					if !seen[u] {
						seen[u] = true
						s.TermEntries[u] = append(s.TermEntries[u], e)
					}
				}
			}
		}
		if e.Region != "" {
			s.RegionEntries[e.Region] = append(s.RegionEntries[e.Region], e)
		}
		y := e.Year()
		if s.YearEntries[y] == nil {
			s.Years = append(s.Years, y)
		}
		s.YearEntries[y] = append(s.YearEntries[y], e)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(s.Years)))
	key := graphKey(s.Entries)
	if prior != nil && prior.key == key {
		for id, ids := range prior.ids {
			list := make([]*Entry, 0, len(ids))
			for _, r := range ids {
				list = append(list, s.ByID[r])
			}
			s.Related[id] = list
		}
		return s
	}
	s.relate()
	if prior != nil {
		prior.key, prior.ids = key, make(map[string][]string, len(s.Related))
		for id, list := range s.Related {
			ids := make([]string, len(list))
			for i, e := range list {
				ids[i] = e.ID
			}
			prior.ids[id] = ids
		}
	}
	return s
}

// regionRules returns the rules of the region named name, in the order of
// its list: what the first page of a region shows beside its entries.
func (s *Site) regionRules(name string) []*Entry {
	var out []*Entry
	for _, e := range s.RegionEntries[name] {
		if e.Section == "rules" {
			out = append(out, e)
		}
	}
	return out
}

// relatedCandidates bounds the work of finding related entries: from each
// shared term or region, only this many entries nearest in the list are looked at.
const relatedCandidates = 60

// relate picks up to five related entries for each entry, scored by
// citations either way, shared categories, groups and methods, and region.
// Entries are handled by their position in s.Entries (newest first), on all
// cores; each worker keeps its scores in one array, reset after each entry.
func (s *Site) relate() {
	// Each entry's position; the lists of entries sharing a term or a
	// region; and for each entry (shares[at[i]:at[i+1]]) the lists it is
	// in, with the weight of each.
	type share struct{ list, weight int32 }
	pos := make(map[string]int32, len(s.Entries))
	listIDs := map[string]int32{}
	var lists [][]int32
	shares := make([]share, 0, 8*len(s.Entries))
	at := make([]int32, len(s.Entries)+1)
	join := func(i int, key string, weight int32) {
		id, ok := listIDs[key]
		if !ok {
			id = int32(len(lists))
			listIDs[key] = id
			lists = append(lists, nil)
		}
		lists[id] = append(lists[id], int32(i))
		shares = append(shares, share{id, weight})
	}
	for i, e := range s.Entries {
		pos[e.ID] = int32(i)
		for _, key := range TaxonomyKeys {
			weight := int32(1)
			if key == "categories" {
				weight = 3
			}
			for _, name := range e.Terms(key) {
				join(i, key+"\x00"+name, weight)
			}
		}
		join(i, "region\x00"+e.Region, 2)
		at[i+1] = int32(len(shares))
	}
	related := make([][]*Entry, len(s.Entries))
	parallel.Workers(len(s.Entries), 256, func() func(int) {
		score := make([]int32, len(s.Entries))
		var touched []int32
		add := func(i, w int32) {
			if score[i] == 0 {
				touched = append(touched, i)
			}
			score[i] += w
		}
		return func(self int) {
			e := s.Entries[self]
			for _, id := range e.Cites {
				if i, ok := pos[id]; ok {
					add(i, 4)
				}
			}
			for _, c := range s.CitedBy[e.ID] {
				add(pos[c.ID], 4)
			}
			for _, sh := range shares[at[self]:at[self+1]] {
				for _, i := range window(lists[sh.list], int32(self)) {
					add(i, sh.weight)
				}
			}
			var best []int32
			for _, i := range touched {
				if int(i) != self && score[i] >= 3 {
					best = insertTop(best, i, score, 5)
				}
			}
			list := make([]*Entry, len(best))
			for j, i := range best {
				list[j] = s.Entries[i]
			}
			related[self] = list
			for _, i := range touched {
				score[i] = 0
			}
			touched = touched[:0]
		}
	})
	for i, e := range s.Entries {
		s.Related[e.ID] = related[i]
	}
}

// insertTop keeps top, at most n positions, ordered by score descending and
// then by position (the entries are newest first, ids breaking date ties).
func insertTop(top []int32, i int32, score []int32, n int) []int32 {
	better := func(a, b int32) bool {
		if score[a] != score[b] {
			return score[a] > score[b]
		}
		return a < b
	}
	k := len(top)
	for k > 0 && better(i, top[k-1]) {
		k--
	}
	if k >= n {
		return top
	}
	top = append(top, 0)
	copy(top[k+1:], top[k:])
	top[k] = i
	if len(top) > n {
		top = top[:n]
	}
	return top
}

// window returns the positions in list (ascending, so newest first) nearest
// to self: the entries closest in date.
func window(list []int32, self int32) []int32 {
	if len(list) <= relatedCandidates {
		return list
	}
	i := sort.Search(len(list), func(i int) bool { return list[i] >= self })
	lo := max(0, i-relatedCandidates/2)
	hi := min(len(list), lo+relatedCandidates)
	return list[lo:hi]
}
