package search

import (
	"bytes"
	"casebook/internal/parallel"
	"slices"
)

// patchPositions patches the position files of the blocks of the changed
// docs.
func (p *exportPatcher) patchPositions(blocks map[int]map[string][]*exportPosDelta) error {
	type fileKey struct{ block, shard int }
	files := map[fileKey][]string{}
	for b, terms := range blocks {
		for term := range terms {
			k := fileKey{b, int(exportHash(term) % uint32(p.l.posShards))}
			files[k] = append(files[k], term)
		}
	}
	keys := make([]fileKey, 0, len(files))
	for k := range files {
		keys = append(keys, k)
	}
	out := make([][]byte, len(keys))
	sizes := make([]int, len(keys))
	errs := make([]error, len(keys))
	parallel.For(len(keys), 1, func(i int) {
		k := keys[i]
		path := exportPosPath(k.block, k.shard, p.l.posShards)
		var terms []*exportPosTerm
		if _, ok := p.old[path]; ok {
			data, err := p.read(path)
			if err == nil {
				terms, err = exportParsePosFile(data)
			}
			if err != nil {
				errs[i] = err
				return
			}
		}
		at := make(map[string]*exportPosTerm, len(terms))
		for _, t := range terms {
			at[t.term] = t
		}
		for _, term := range files[k] {
			t := at[term]
			if t == nil {
				t = &exportPosTerm{term: term}
				at[term] = t
				terms = append(terms, t)
			} else {
				var err error
				if t.fields, err = exportFieldStrings(t.raw); err != nil {
					errs[i] = err
					return
				}
				t.raw = nil
				sizes[i] -= t.size()
			}
			for _, d := range blocks[k.block][term] {
				for f := range t.fields {
					if d.changed[f] {
						t.fields[f] = exportReplaceEntry(t.fields[f], d.rel, d.seg[f])
					}
				}
			}
			if !t.empty() {
				sizes[i] += t.size()
			}
		}
		terms = slices.DeleteFunc(terms, (*exportPosTerm).empty)
		if len(terms) > 0 {
			out[i] = encodeExportPosFile(terms)
		}
	})
	for i, k := range keys {
		if errs[i] != nil {
			return errs[i]
		}
		if k.block == 0 {
			p.l.posTotal += sizes[i]
		}
	}
	if exportShardCount(p.l.posTotal, p.l.posBytes) != p.l.posShards {
		return errExportPatch
	}
	for i, k := range keys {
		path := exportPosPath(k.block, k.shard, p.l.posShards)
		p.dropped[path] = true
		if out[i] != nil {
			p.files = append(p.files, exportFile{path, out[i]})
		}
	}
	return nil
}

// exportParsePosFile reads a file of positions; the terms' values are
// kept as they are written, to be read only for the terms that change.
func exportParsePosFile(data []byte) ([]*exportPosTerm, error) {
	members, err := exportScanObject(data)
	if err != nil {
		return nil, err
	}
	out := make([]*exportPosTerm, len(members))
	for i, m := range members {
		if len(m.json) < 2 || m.json[0] != '{' {
			return nil, errExportJSON
		}
		out[i] = &exportPosTerm{term: m.key, raw: m.json}
	}
	return out, nil
}

// exportReplaceEntry replaces the entry of doc rel in list ("rel:…,rel:…",
// rising) with entry (nil: none).
func exportReplaceEntry(list []byte, rel int, entry []byte) []byte {
	// Find the entries before rel, and where those after it start.
	before, after := len(list), len(list)
	for i := 0; i < len(list); {
		v, j := 0, i
		for j < len(list) && list[j] != ':' && list[j] != ',' {
			v = v*36 + exportBase36Digit(list[j])
			j++
		}
		end := bytes.IndexByte(list[j:], ',')
		if end < 0 {
			end = len(list)
		} else {
			end += j
		}
		if v >= rel {
			before, after = i, i
			if v == rel {
				after = min(end+1, len(list))
			}
			break
		}
		i = end + 1
	}
	out := make([]byte, 0, len(list)+len(entry)+1)
	out = append(out, list[:before]...) // ends with ',' unless empty or whole
	if entry != nil {
		if before == len(list) && before > 0 {
			out = append(out, ',')
		}
		out = append(out, entry...)
		if after < len(list) {
			out = append(out, ',')
		}
	}
	out = append(out, list[after:]...)
	if len(out) > 0 && out[len(out)-1] == ',' {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
