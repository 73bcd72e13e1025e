package search

import (
	"casebook/internal/parallel"
	"slices"
	"strconv"
	"strings"
)

// exportFile is one file of an export: its slash-separated path and content.
type exportFile struct {
	path string
	data []byte
}

// exportShardEntry is one encoded term-shard entry.
type exportShardEntry struct {
	key  string
	json []byte
}

// exportEntrySize is what an entry counts towards the size that decides
// the number of shards.
func exportEntrySize(e exportShardEntry) int { return len(e.key) + len(e.json) }

// exportTermEntries encodes the entry of every term that some doc holds,
// and of every phrase indexed whole, and returns them with the total size
// of the entries.
func exportTermEntries(ix *exportIndex) ([]exportShardEntry, []int32, int) {
	live := make([]int32, 0, len(ix.lists))
	for id, ls := range ix.lists {
		if ls != nil {
			live = append(live, int32(id))
		}
	}
	entries := make([]exportShardEntry, len(live), len(live)+len(ix.phrases))
	const chunk = 1024
	parallel.For(len(live), chunk, func(i int) {
		id := live[i]
		entries[i] = exportShardEntry{ix.dict.terms[id], appendLists(nil, ix.lists[id], ix.docs, true)}
	})
	for _, ph := range ix.phrases {
		entries = append(entries, exportShardEntry{ph.key, appendLists(nil, exportListsOf(ph.post), ix.docs, false)})
	}
	total := 0
	for _, e := range entries {
		total += exportEntrySize(e)
	}
	return entries, live, total
}

// writeExportTermShards writes terms/XX.json (terms and phrases) and
// chars/XX.json (characters), and returns the shard counts and the totals
// of the entries' sizes.
func writeExportTermShards(o *exportOutput, ix *exportIndex, target int) (termShards, charShards, termTotal, charTotal int) {
	entries, live, termTotal := exportTermEntries(ix)
	small := make(map[int32][]byte, len(live)/2)
	for i, id := range live {
		if len(entries[i].json) <= exportCharInline {
			small[id] = entries[i].json
		}
	}
	termShards = writeExportShards(o, "terms/", entries, termTotal, target)

	// A character's entry lists the terms that contain it, with the small
	// ones' posting lists inline: a one-character query then fetches the
	// few large lists, not one shard per rare bigram.
	chars := make([]rune, 0, len(ix.chars))
	for c := range ix.chars {
		chars = append(chars, c)
	}
	slices.Sort(chars)
	centries := make([]exportShardEntry, len(chars))
	parallel.For(len(chars), 1, func(i int) {
		ids := ix.chars[chars[i]]
		list := make([]string, len(ids))
		byTerm := make(map[string][]byte, len(ids))
		for k, id := range ids {
			list[k] = ix.dict.terms[id]
			if p, ok := small[id]; ok {
				byTerm[list[k]] = p
			}
		}
		slices.Sort(list)
		centries[i] = exportShardEntry{"~" + string(chars[i]), appendExportCharEntry(nil, list, byTerm)}
	})
	for _, e := range centries {
		charTotal += exportEntrySize(e)
	}
	charShards = writeExportShards(o, "chars/", centries, charTotal, exportCharShardBytes)
	return termShards, charShards, termTotal, charTotal
}

// appendExportCharEntry appends a character's entry: {"t": terms (sorted),
// "p": {term: entry} for the terms of inline}.
func appendExportCharEntry(b []byte, terms []string, inline map[string][]byte) []byte {
	b = append(b, `{"t":[`...)
	for k, t := range terms {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, t)
	}
	b = append(b, `],"p":{`...)
	first := true
	for _, t := range terms {
		if p, ok := inline[t]; ok {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendJSONString(b, t)
			b = append(b, ':')
			b = append(b, p...)
		}
	}
	return append(b, '}', '}')
}

// exportCharShardBytes is the target size of a character shard: they are
// fetched only by one-character queries.
const exportCharShardBytes = 64 << 10

// writeExportShards cuts entries, whose sizes add up to total, into
// shards of about target bytes (see encodeExportShard) and returns the
// number of shards.
func writeExportShards(o *exportOutput, prefix string, entries []exportShardEntry, total, target int) int {
	shards := exportShardCount(total, target)
	files := make([][]exportShardEntry, shards)
	for _, e := range entries {
		s := exportShardOf(e.key, shards)
		files[s] = append(files[s], e)
	}
	parallel.For(shards, 1, func(s int) {
		for _, f := range encodeExportShard(prefix, s, shards, files[s], target) {
			o.put(f.path, f.data)
		}
	})
	return shards
}

// encodeExportShard renders shard s of shards, prefix+XX.json, from its
// entries (sorted here by key). An entry larger than a quarter of a shard
// gets a file of its own (prefix+XX-k.json), its shard holding the number
// k in its place, so a query pays only for the large lists it needs. The
// shard's own file comes first.
func encodeExportShard(prefix string, s, shards int, entries []exportShardEntry, target int) []exportFile {
	slices.SortFunc(entries, func(a, b exportShardEntry) int { return strings.Compare(a.key, b.key) })
	large := max(target/4, 256)
	name := exportShardName(s, shards)
	size := 2
	for _, e := range entries {
		size += len(e.key) + 4 + min(len(e.json), large)
	}
	b := make([]byte, 0, size)
	b = append(b, '{')
	out := []exportFile{{}}
	for k, e := range entries {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, e.key)
		b = append(b, ':')
		if len(e.json) <= large {
			b = append(b, e.json...)
			continue
		}
		own := len(out)
		o := append(make([]byte, 0, len(e.key)+len(e.json)+8), '{')
		o = appendJSONString(o, e.key)
		o = append(o, ':')
		o = append(o, e.json...)
		o = append(o, '}')
		out = append(out, exportFile{prefix + name + "-" + strconv.Itoa(own) + ".json", o})
		b = strconv.AppendInt(b, int64(own), 10)
	}
	b = append(b, '}')
	out[0] = exportFile{prefix + name + ".json", b}
	return out
}

// exportPosTerm is a term's positions in one block of docs: per field the
// "doc:positions" entries, joined by ",".
type exportPosTerm struct {
	term   string
	fields [len(textFields)][]byte
	raw    []byte // when not nil: the term's value as read from a file, fields unset
}

// size is what the term counts towards the size of a block.
func (p *exportPosTerm) size() int {
	n := 0
	for _, b := range p.fields {
		n += len(p.term) + len(b)
	}
	return n
}

// empty reports whether no field has positions.
func (p *exportPosTerm) empty() bool {
	if p.raw != nil {
		return false
	}
	for _, b := range p.fields {
		if len(b) > 0 {
			return false
		}
	}
	return true
}

// encodeExportPosBlock gathers the positions of the docs of one block, an
// (doc lo of the block first), by term.
func encodeExportPosBlock(an []*exportDocAnalysis, dict *exportDict) []*exportPosTerm {
	byID := make([]*exportPosTerm, len(dict.terms))
	var out []*exportPosTerm
	var v exportFieldPostings
	for rel, a := range an {
		for f := range textFields {
			fp := a.field(f, &v)
			k := int32(0)
			for j, id := range fp.terms {
				tf := fp.tfs[j]
				e := byID[id]
				if e == nil {
					e = &exportPosTerm{term: dict.terms[id]}
					byID[id] = e
					out = append(out, e)
				}
				e.fields[f] = exportAppendPositions(e.fields[f], rel, fp.pos[k:k+tf])
				k += tf
			}
		}
	}
	return out
}

// encodeExportPosFile renders one file of positions: {"term": {"field
// index": "doc:positions,…"}, …}, terms sorted.
func encodeExportPosFile(terms []*exportPosTerm) []byte {
	slices.SortFunc(terms, func(a, b *exportPosTerm) int { return strings.Compare(a.term, b.term) })
	size := 2
	for _, t := range terms {
		size += t.size() + len(t.raw) + 16
	}
	b := make([]byte, 0, size)
	b = append(b, '{')
	for i, t := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, t.term)
		b = append(b, ':')
		if t.raw != nil {
			b = append(b, t.raw...)
		} else {
			b = appendRawLists(b, &t.fields)
		}
	}
	return append(b, '}')
}

// exportPosPath is the path of shard s of block b.
func exportPosPath(block, s, shards int) string {
	return "pos/" + strconv.Itoa(block) + "/" + exportShardName(s, shards) + ".json"
}

// writeExportPosBlock writes the files of one block of positions; shards
// with no term have no file.
func writeExportPosBlock(o *exportOutput, block int, terms []*exportPosTerm, shards int) {
	files := make([][]*exportPosTerm, shards)
	for _, t := range terms {
		s := int(exportHash(t.term) % uint32(shards))
		files[s] = append(files[s], t)
	}
	for s, ts := range files {
		if ts != nil {
			o.put(exportPosPath(block, s, shards), encodeExportPosFile(ts))
		}
	}
}

// writeExportPositions writes pos/B/XX.json for each block B of blockDocs
// docs and returns the number of shards per block (the first block's
// positions cut into files of about target bytes) and the size of the
// first block.
func writeExportPositions(o *exportOutput, ix *exportIndex, blockDocs, target int) (shards, firstSize int) {
	blocks := (ix.docs + blockDocs - 1) / blockDocs
	if blocks == 0 {
		return 1, 0
	}
	block := func(b int) []*exportPosTerm {
		return encodeExportPosBlock(ix.an[b*blockDocs:min((b+1)*blockDocs, ix.docs)], ix.dict)
	}
	first := block(0)
	for _, t := range first {
		firstSize += t.size()
	}
	shards = exportShardCount(firstSize, target)
	parallel.For(blocks, 1, func(b int) {
		terms := first
		if b > 0 {
			terms = block(b)
		}
		writeExportPosBlock(o, b, terms, shards)
	})
	return shards, firstSize
}

// exportAppendPositions appends a "rel:p.p.p" entry (doc relative to the
// block, positions delta-coded) to b.
func exportAppendPositions(b []byte, rel int, ps []int32) []byte {
	if len(b) > 0 {
		b = append(b, ',')
	}
	b = exportAppendBase36(b, rel)
	b = append(b, ':')
	prev := int32(0)
	for i, p := range ps {
		if i > 0 {
			b = append(b, '.')
		}
		b = exportAppendBase36(b, int(p-prev))
		prev = p
	}
	return b
}

// exportDigits36 are the base-36 digits strconv writes.
const exportDigits36 = "0123456789abcdefghijklmnopqrstuvwxyz"

// exportAppendBase36 appends v in base 36, as strconv.AppendInt does.
func exportAppendBase36(b []byte, v int) []byte {
	switch {
	case v >= 0 && v < 36:
		return append(b, exportDigits36[v])
	case v >= 36 && v < 36*36:
		return append(b, exportDigits36[v/36], exportDigits36[v%36])
	}
	return strconv.AppendInt(b, int64(v), 36)
}
