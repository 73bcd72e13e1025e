package search

import (
	"casebook/internal/parallel"
	"slices"
	"strings"
)

// patchShards applies edit to the entries of the shards of the given
// keys (grouped by shard), checks that the shard count holds, and encodes
// the shards again. edit returns the entry's new JSON (nil: none).
func (p *exportPatcher) patchShards(prefix string, keys []string, shards, target int, total *int, edit func(key string, old []byte) ([]byte, error)) ([]exportEntryChange, error) {
	byShard := map[int][]string{}
	for _, k := range keys {
		s := exportShardOf(k, shards)
		byShard[s] = append(byShard[s], k)
	}
	list := make([]int, 0, len(byShard))
	for s := range byShard {
		list = append(list, s)
	}
	slices.Sort(list)
	results := make([][]exportShardEntry, len(list))
	changes := make([][]exportEntryChange, len(list))
	sizes := make([]int, len(list))
	errs := make([]error, len(list))
	parallel.For(len(list), 1, func(i int) {
		s := list[i]
		entries, err := p.readShard(prefix, s, shards)
		if err != nil {
			errs[i] = err
			return
		}
		at := make(map[string]int, len(entries))
		for k, en := range entries {
			at[en.key] = k
		}
		for _, key := range byShard[s] {
			var prev []byte
			k, ok := at[key]
			if ok {
				prev = entries[k].json
			}
			next, err := edit(key, prev)
			if err != nil {
				errs[i] = err
				return
			}
			if ok {
				sizes[i] -= exportEntrySize(entries[k])
			}
			if next != nil {
				sizes[i] += len(key) + len(next)
			}
			switch {
			case ok && next != nil:
				entries[k].json = next
			case ok:
				entries[k].key = "" // removed below
			case next != nil:
				at[key] = len(entries)
				entries = append(entries, exportShardEntry{key, next})
			}
			changes[i] = append(changes[i], exportEntryChange{key, prev, next})
		}
		results[i] = slices.DeleteFunc(entries, func(en exportShardEntry) bool { return en.key == "" })
	})
	var out []exportEntryChange
	for i := range list {
		if errs[i] != nil {
			return nil, errs[i]
		}
		*total += sizes[i]
		out = append(out, changes[i]...)
	}
	if exportShardCount(*total, target) != shards {
		return nil, errExportPatch
	}
	parallel.For(len(list), 1, func(i int) {
		p.add(encodeExportShard(prefix, list[i], shards, results[i], target))
	})
	return out, nil
}

// patchTerms patches the term shards with deltas (by term or phrase key)
// and returns the entries it changed.
func (p *exportPatcher) patchTerms(deltas map[string][]exportDelta) ([]exportEntryChange, error) {
	keys := make([]string, 0, len(deltas))
	for k := range deltas {
		keys = append(keys, k)
	}
	changes, err := p.patchShards("terms/", keys, p.l.termShards, p.l.termBytes, &p.l.termTotal, func(key string, old []byte) ([]byte, error) {
		return exportPatchEntry(old, deltas[key], p.docs, !strings.HasPrefix(key, "\""))
	})
	if err != nil {
		return nil, err
	}
	for _, c := range changes {
		if strings.HasPrefix(c.key, "\"") {
			if (c.old == nil) != (c.new == nil) {
				p.l.livePhrases += exportSign(c.new != nil)
			}
			continue
		}
		before, err := exportFieldStrings(exportOrEmpty(c.old))
		if err != nil {
			return nil, err
		}
		after, err := exportFieldStrings(exportOrEmpty(c.new))
		if err != nil {
			return nil, err
		}
		for f := range before {
			if (before[f] == nil) != (after[f] == nil) {
				p.l.terms += exportSign(after[f] != nil)
			}
		}
	}
	return changes, nil
}

// exportSign is 1 for true, -1 for false.
func exportSign(b bool) int {
	if b {
		return 1
	}
	return -1
}

// exportOrEmpty is data, or an empty JSON object for nil.
func exportOrEmpty(data []byte) []byte {
	if data == nil {
		return []byte("{}")
	}
	return data
}

// exportPatchEntry applies deltas to the entry old (nil: none) of a term
// (withTF) or phrase and returns the new entry (nil: none).
func exportPatchEntry(old []byte, deltas []exportDelta, docs int, withTF bool) ([]byte, error) {
	fields, err := exportFieldStrings(exportOrEmpty(old))
	if err != nil {
		return nil, err
	}
	for f := range fields {
		var post []exportPosting
		touched := false
		for _, d := range deltas {
			if d.f != f {
				continue
			}
			if !touched && fields[f] != nil {
				if post, err = exportParseList(fields[f], nil); err != nil {
					return nil, err
				}
			}
			touched = true
			k, found := slices.BinarySearchFunc(post, int32(d.n), func(x exportPosting, n int32) int { return int(x.doc - n) })
			switch {
			case found && d.tf == 0:
				post = slices.Delete(post, k, k+1)
			case found:
				post[k].tf = int32(d.tf)
			case d.tf > 0:
				post = slices.Insert(post, k, exportPosting{int32(d.n), int32(d.tf)})
			}
		}
		if !touched {
			continue
		}
		fields[f] = nil
		if len(post) > 0 {
			l := &exportList{last: -1}
			for _, x := range post {
				l.add(int(x.doc), int(x.tf))
			}
			fields[f] = l.appendEncoded(nil, docs, withTF)
		}
	}
	empty := true
	for _, b := range fields {
		empty = empty && b == nil
	}
	if empty {
		return nil, nil
	}
	return appendRawLists(nil, &fields), nil
}

// patchChars patches the character shards for the term entries that
// changed: a term that appeared or went, or whose small entry (inline in
// its characters' entries) changed.
func (p *exportPatcher) patchChars(changed []exportEntryChange) error {
	byChar := map[string][]exportEntryChange{}
	for _, c := range changed {
		if strings.HasPrefix(c.key, "\"") {
			continue
		}
		small := func(b []byte) bool { return b != nil && len(b) <= exportCharInline }
		if (c.old == nil) == (c.new == nil) && !(small(c.old) || small(c.new)) {
			continue
		}
		for _, r := range exportTermChars(c.key) {
			k := "~" + string(r)
			byChar[k] = append(byChar[k], c)
		}
	}
	if len(byChar) == 0 {
		return nil
	}
	keys := make([]string, 0, len(byChar))
	for k := range byChar {
		keys = append(keys, k)
	}
	_, err := p.patchShards("chars/", keys, p.l.charShards, exportCharShardBytes, &p.l.charTotal, func(key string, old []byte) ([]byte, error) {
		return exportPatchCharEntry(old, byChar[key])
	})
	return err
}

// exportPatchCharEntry applies the changed term entries to a character's
// entry old (nil: none) and returns the new one (nil: none).
func exportPatchCharEntry(old []byte, changed []exportEntryChange) ([]byte, error) {
	var terms []string
	inline := map[string][]byte{}
	if old != nil {
		members, err := exportScanObject(old)
		if err != nil || len(members) != 2 || members[0].key != "t" || members[1].key != "p" {
			return nil, errExportJSON
		}
		if terms, err = exportScanStrings(members[0].json); err != nil {
			return nil, err
		}
		p, err := exportScanObject(members[1].json)
		if err != nil {
			return nil, err
		}
		for _, m := range p {
			inline[m.key] = m.json
		}
	}
	for _, c := range changed {
		k, found := slices.BinarySearch(terms, c.key)
		switch {
		case c.new == nil && found:
			terms = slices.Delete(terms, k, k+1)
		case c.new != nil && !found:
			terms = slices.Insert(terms, k, c.key)
		}
		if c.new != nil && len(c.new) <= exportCharInline {
			inline[c.key] = c.new
		} else {
			delete(inline, c.key)
		}
	}
	if len(terms) == 0 {
		return nil, nil
	}
	return appendExportCharEntry(nil, terms, inline), nil
}
