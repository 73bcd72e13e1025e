package search

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
)

// exportParallel runs job(i) for i in [0, n) on all cores.
func exportParallel(n int, job func(i int)) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				job(i)
			}
		}()
	}
	wg.Wait()
}

// exportShardEntry is one encoded term-shard entry.
type exportShardEntry struct {
	key  string
	json []byte
}

// writeExportTermShards writes terms/XX.json (terms and phrases) and
// chars/XX.json (characters), and returns the shard counts.
func writeExportTermShards(w *exportWriter, ix *exportIndex, target int) (termShards, charShards int, err error) {
	// Encode every entry first: the shard count follows from their size.
	live := make([]int32, 0, len(ix.post))
	for id, p := range ix.post {
		if p != nil {
			live = append(live, int32(id))
		}
	}
	entries := make([]exportShardEntry, len(live), len(live)+len(ix.phrases))
	const chunk = 4096
	exportParallel((len(live)+chunk-1)/chunk, func(c int) {
		for i := c * chunk; i < min((c+1)*chunk, len(live)); i++ {
			id := live[i]
			entries[i] = exportShardEntry{ix.dict.terms[id], appendLists(nil, exportListsOf(ix.post[id]), ix.docs, true)}
		}
	})
	small := make(map[int32][]byte, len(live)/2)
	for i, id := range live {
		if len(entries[i].json) <= exportCharInline {
			small[id] = entries[i].json
		}
	}
	for _, ph := range ix.phrases {
		entries = append(entries, exportShardEntry{ph.key, appendLists(nil, exportListsOf(ph.post), ix.docs, false)})
	}
	termShards, err = writeExportShardFiles(w, "terms/", entries, target)
	if err != nil {
		return 0, 0, err
	}

	// A character's entry lists the terms that contain it, with the small
	// ones' posting lists inline: a one-character query then fetches the
	// few large lists, not one shard per rare bigram.
	chars := make([]rune, 0, len(ix.chars))
	for c := range ix.chars {
		chars = append(chars, c)
	}
	slices.Sort(chars)
	centries := make([]exportShardEntry, len(chars))
	exportParallel(len(chars), func(i int) {
		ids := ix.chars[chars[i]]
		list := make([]string, len(ids))
		byTerm := make(map[string]int32, len(ids))
		for k, id := range ids {
			list[k] = ix.dict.terms[id]
			byTerm[list[k]] = id
		}
		slices.Sort(list)
		b := []byte(`{"t":[`)
		for k, t := range list {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, t)
		}
		b = append(b, `],"p":{`...)
		first := true
		for _, t := range list {
			if p, ok := small[byTerm[t]]; ok {
				if !first {
					b = append(b, ',')
				}
				first = false
				b = appendJSONString(b, t)
				b = append(b, ':')
				b = append(b, p...)
			}
		}
		centries[i] = exportShardEntry{"~" + string(chars[i]), append(b, '}', '}')}
	})
	charShards, err = writeExportShardFiles(w, "chars/", centries, exportCharShardBytes)
	return termShards, charShards, err
}

// exportCharShardBytes is the target size of a character shard: they are
// fetched only by one-character queries.
const exportCharShardBytes = 64 << 10

// writeExportShardFiles cuts entries into shards of about target bytes,
// prefix+XX.json; an entry larger than a quarter of a shard gets a file of
// its own (prefix+XX-k.json), its shard holding the number k in its place,
// so a query pays only for the large lists it needs.
func writeExportShardFiles(w *exportWriter, prefix string, entries []exportShardEntry, target int) (int, error) {
	total := 0
	for _, e := range entries {
		total += len(e.key) + len(e.json)
	}
	shards := exportShardCount(total, target)
	large := max(target/4, 256)
	files := make([][]int, shards)
	for i, e := range entries {
		s := exportShardOf(e.key, shards)
		files[s] = append(files[s], i)
	}
	var mu sync.Mutex
	var firstErr error
	exportParallel(shards, func(s int) {
		idx := files[s]
		slices.SortFunc(idx, func(a, b int) int {
			if entries[a].key < entries[b].key {
				return -1
			}
			if entries[a].key > entries[b].key {
				return 1
			}
			return 0
		})
		name := exportShardName(s, shards)
		b := make([]byte, 0, target+target/2)
		b = append(b, '{')
		own := 0
		for k, i := range idx {
			e := entries[i]
			if k > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, e.key)
			b = append(b, ':')
			if len(e.json) <= large {
				b = append(b, e.json...)
				continue
			}
			own++
			o := appendJSONString([]byte{'{'}, e.key)
			o = append(o, ':')
			o = append(o, e.json...)
			o = append(o, '}')
			if err := w.writeFile(prefix+name+"-"+strconv.Itoa(own)+".json", o); err != nil {
				mu.Lock()
				firstErr = err
				mu.Unlock()
			}
			b = strconv.AppendInt(b, int64(own), 10)
		}
		b = append(b, '}')
		if err := w.writeFile(prefix+name+".json", b); err != nil {
			mu.Lock()
			firstErr = err
			mu.Unlock()
		}
	})
	return shards, firstErr
}

// writeExportPositions writes pos/B/XX.json for each block B of blockDocs
// docs and returns the number of shards per block: the first block's
// positions cut into files of about target bytes.
func writeExportPositions(w *exportWriter, ix *exportIndex, blockDocs, target int) (int, error) {
	blocks := (ix.docs + blockDocs - 1) / blockDocs
	encode := func(b int) exportPosBlock {
		lo, hi := b*blockDocs, min((b+1)*blockDocs, ix.docs)
		byID := map[int32]*[len(textFields)][]byte{}
		for n := lo; n < hi; n++ {
			a := ix.an[n]
			for f := range a.fields {
				fp := &a.fields[f]
				k := 0
				for j, id := range fp.terms {
					tf := int(fp.tfs[j])
					e := byID[id]
					if e == nil {
						e = new([len(textFields)][]byte)
						byID[id] = e
					}
					e[f] = exportAppendPositions(e[f], n-lo, fp.pos[k:k+tf])
					k += tf
				}
			}
		}
		block := make(exportPosBlock, len(byID))
		for id, e := range byID {
			block[ix.dict.terms[id]] = e
		}
		return block
	}
	if blocks == 0 {
		return 1, nil
	}
	first := encode(0)
	total := 0
	for term, e := range first {
		for _, b := range e {
			total += len(b) + len(term)
		}
	}
	shards := exportShardCount(total, target)
	var mu sync.Mutex
	var firstErr error
	exportParallel(blocks, func(b int) {
		block := first
		if b > 0 {
			block = encode(b)
		}
		if err := writeExportPosBlock(w, b, block, shards); err != nil {
			mu.Lock()
			firstErr = err
			mu.Unlock()
		}
	})
	return shards, firstErr
}

// exportPosBlock collects the positions of one block of docs: term → per
// field, the encoded "doc:positions" entries.
type exportPosBlock map[string]*[len(textFields)][]byte

// exportAppendPositions appends a "delta:p.p.p" entry (doc relative to the
// block, positions delta-coded) to b.
func exportAppendPositions(b []byte, rel int, ps []int32) []byte {
	if len(b) > 0 {
		b = append(b, ',')
	}
	b = strconv.AppendInt(b, int64(rel), 36)
	b = append(b, ':')
	prev := int32(0)
	for i, p := range ps {
		if i > 0 {
			b = append(b, '.')
		}
		b = strconv.AppendInt(b, int64(p-prev), 36)
		prev = p
	}
	return b
}

func writeExportPosBlock(w *exportWriter, block int, pb exportPosBlock, shards int) error {
	files := make([][]string, shards)
	for term := range pb {
		s := int(exportHash(term) % uint32(shards))
		files[s] = append(files[s], term)
	}
	for s, terms := range files {
		if terms == nil {
			continue
		}
		b := appendObject(nil, terms, func(b []byte, term string) []byte {
			return appendRawLists(b, pb[term])
		})
		if err := w.writeFile(fmt.Sprintf("pos/%d/%s.json", block, exportShardName(s, shards)), b); err != nil {
			return err
		}
	}
	return nil
}
