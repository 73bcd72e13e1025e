package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// exportWriter writes export files and counts them.
type exportWriter struct {
	dir   string
	stats ExportStats
	gz    *gzip.Writer    // reused: a gzip.Writer is large to allocate
	dirs  map[string]bool // folders already created
	// Positions are most of the bytes and are rarely fetched: their gzip
	// size is estimated from every exportPosSample-th file.
	posFiles, posRaw, posSampledRaw, posSampledGzip int64
}

// exportPosSample is how often a positions file is compressed to estimate
// the gzip size of all of them.
const exportPosSample = 8

// writeJSON writes v as compact JSON to the slash-separated path rel.
func (w *exportWriter) writeJSON(rel string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return w.writeFile(rel, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// writeFile writes data to the slash-separated path rel and counts it.
func (w *exportWriter) writeFile(rel string, data []byte) error {
	path := exportPath(w.dir, rel)
	if dir := filepath.Dir(path); !w.dirs[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if w.dirs == nil {
			w.dirs = map[string]bool{}
		}
		w.dirs[dir] = true
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	w.stats.Files++
	w.stats.Bytes += int64(len(data))
	if strings.HasPrefix(rel, "pos/") {
		if w.posFiles%exportPosSample == 0 {
			w.posSampledRaw += int64(len(data))
			w.posSampledGzip += w.gzipSize(data)
		}
		w.posFiles++
		w.posRaw += int64(len(data))
		return nil
	}
	w.stats.GzipBytes += w.gzipSize(data)
	return nil
}

// finish adds the estimated gzip size of the positions to the stats.
func (w *exportWriter) finish() {
	if w.posSampledRaw > 0 {
		w.stats.GzipBytes += w.posRaw * w.posSampledGzip / w.posSampledRaw
	}
}

// gzipSize is the size of data gzip-compressed at the default level.
func (w *exportWriter) gzipSize(data []byte) int64 {
	var c exportCounter
	if w.gz == nil {
		w.gz = gzip.NewWriter(&c)
	} else {
		w.gz.Reset(&c)
	}
	w.gz.Write(data)
	w.gz.Close()
	return int64(c)
}

// appendJSONString appends s as a JSON string (no HTML escaping).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, fmt.Sprintf("\\u%04x", c)...)
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// appendRawLists appends {"field index": "list", …} for the non-nil lists.
func appendRawLists(b []byte, lists *[len(textFields)][]byte) []byte {
	b = append(b, '{')
	first := true
	for f, l := range lists {
		if l == nil {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = strconv.AppendInt(b, int64(f), 10)
		b = append(b, '"', ':')
		b = appendJSONString(b, string(l))
	}
	return append(b, '}')
}

// appendObject appends {"key": value, …} with keys sorted; value appends
// the JSON of one key's value.
func appendObject(b []byte, keys []string, value func(b []byte, key string) []byte) []byte {
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = value(b, k)
	}
	return append(b, '}')
}

type exportCounter int64

func (c *exportCounter) Write(p []byte) (int, error) { *c += exportCounter(len(p)); return len(p), nil }

var _ io.Writer = (*exportCounter)(nil)

// exportHash is FNV-1a (32 bits) of s's UTF-8 bytes; search.js computes the same.
func exportHash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// exportShardOf is the shard of a term-shard key: a phrase lives with its first
// bigram and a character's term list with the character, so that the
// browser finds them in a shard it fetches anyway.
func exportShardOf(key string, shards int) int {
	switch {
	case strings.HasPrefix(key, "\""):
		r := []rune(key[1:])
		key = string(r[:2])
	case strings.HasPrefix(key, "~"):
		key = key[1:]
	}
	return int(exportHash(key) % uint32(shards))
}

// exportShardName is a shard number in hexadecimal, as wide as the largest.
func exportShardName(n, shards int) string {
	width := len(strconv.FormatInt(int64(max(shards-1, 1)), 16))
	return fmt.Sprintf("%0*x", width, n)
}

// exportShardCount is the power of two that cuts total bytes into shards of
// about target bytes.
func exportShardCount(total, target int) int {
	n := max(1, (total+target-1)/target)
	return 1 << bits.Len(uint(n-1))
}

func writeExport(w *exportWriter, docs []Doc, ix *exportIndex, opts ExportOptions) error {
	posShards := 0
	for lo := 0; lo < len(docs); lo += opts.PosBlockDocs {
		hi := min(lo+opts.PosBlockDocs, len(docs))
		an := exportAnalyzeAll(docs, lo, hi)
		block := exportPosBlock{}
		for i := range an {
			ix.add(lo+i, &an[i], block, lo)
		}
		if posShards == 0 {
			total := 0
			for term, e := range block {
				for _, b := range e {
					total += len(b) + len(term)
				}
			}
			posShards = exportShardCount(total, opts.TermShardBytes)
		}
		if err := writeExportPosBlock(w, lo/opts.PosBlockDocs, block, posShards); err != nil {
			return err
		}
	}
	termShards, err := writeExportTermShards(w, ix, opts.TermShardBytes)
	if err != nil {
		return err
	}
	w.stats.TermShards = termShards
	dicts, err := writeExportDocTable(w, docs, ix)
	if err != nil {
		return err
	}
	if err := writeExportTexts(w, docs); err != nil {
		return err
	}
	if err := w.writeJSON("fold.json", map[string]string{"pairs": exportFoldPairs()}); err != nil {
		return err
	}
	blocks, err := writeExportFoldBlocks(w)
	if err != nil {
		return err
	}
	m := exportManifest(docs, ix, opts, dicts, termShards, posShards)
	m["foldBlocks"] = blocks
	return w.writeJSON("manifest.json", m)
}

func writeExportPosBlock(w *exportWriter, block int, pb exportPosBlock, shards int) error {
	files := make([][]string, shards)
	for term := range pb {
		s := int(exportHash(term) % uint32(shards))
		files[s] = append(files[s], term)
	}
	var b []byte
	for s, terms := range files {
		if terms == nil {
			continue
		}
		b = appendObject(b[:0], terms, func(b []byte, term string) []byte {
			return appendRawLists(b, pb[term])
		})
		if err := w.writeFile(fmt.Sprintf("pos/%d/%s.json", block, exportShardName(s, shards)), b); err != nil {
			return err
		}
	}
	return nil
}

func writeExportTermShards(w *exportWriter, ix *exportIndex, target int) (int, error) {
	// Encode every entry first: the shard count follows from their size.
	type entry struct {
		key  string
		json []byte
	}
	var entries []entry
	total := 0
	for term, e := range ix.postings {
		entries = append(entries, entry{term, appendLists(nil, e, ix.docs, true)})
	}
	for key, e := range ix.phrases {
		entries = append(entries, entry{key, appendLists(nil, e, ix.docs, false)})
	}
	// A character's entry lists the terms that contain it, with the small
	// ones' posting lists inline: a one-character query then fetches the
	// few large lists, not one shard per rare bigram.
	small := map[string][]byte{}
	for _, e := range entries {
		if len(e.json) <= exportCharInline {
			small[e.key] = e.json
		}
	}
	for c, terms := range ix.chars {
		list := make([]string, 0, len(terms))
		for t := range terms {
			list = append(list, t)
		}
		sort.Strings(list)
		b := []byte(`{"t":[`)
		for i, t := range list {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, t)
		}
		b = append(b, `],"p":{`...)
		first := true
		for _, t := range list {
			if p, ok := small[t]; ok {
				if !first {
					b = append(b, ',')
				}
				first = false
				b = appendJSONString(b, t)
				b = append(b, ':')
				b = append(b, p...)
			}
		}
		entries = append(entries, entry{"~" + c, append(b, '}', '}')})
	}
	for _, e := range entries {
		total += len(e.key) + len(e.json)
	}
	shards := exportShardCount(total, target)
	// An entry larger than a quarter of a shard gets a file of its own
	// (terms/XX-k.json); its shard holds the number k in its place, so a
	// query pays only for the large lists it needs.
	large := max(target/4, 256)
	files := make([]map[string][]byte, shards)
	own := make([]int, shards)
	for _, e := range entries {
		s := exportShardOf(e.key, shards)
		if files[s] == nil {
			files[s] = map[string][]byte{}
		}
		if len(e.json) <= large {
			files[s][e.key] = e.json
			continue
		}
		own[s]++
		name := "terms/" + exportShardName(s, shards) + "-" + strconv.Itoa(own[s]) + ".json"
		b := appendObject(nil, []string{e.key}, func(b []byte, _ string) []byte { return append(b, e.json...) })
		if err := w.writeFile(name, b); err != nil {
			return 0, err
		}
		files[s][e.key] = strconv.AppendInt(nil, int64(own[s]), 10)
	}
	var b []byte
	for s, f := range files {
		keys := make([]string, 0, len(f))
		for k := range f {
			keys = append(keys, k)
		}
		b = appendObject(b[:0], keys, func(b []byte, key string) []byte { return append(b, f[key]...) })
		if err := w.writeFile("terms/"+exportShardName(s, shards)+".json", b); err != nil {
			return 0, err
		}
	}
	return shards, nil
}

// exportCharInline is the largest posting entry (bytes of JSON) copied
// into the entries of its characters.
const exportCharInline = 200

// exportFoldPairs is the fold table as one string: source, target, source, …
func exportFoldPairs() string {
	var b strings.Builder
	for _, line := range strings.Split(tsCharacters, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		src, dst, ok := strings.Cut(line, "\t")
		if ok && utf8.RuneCountInString(src) == 1 && utf8.RuneCountInString(dst) == 1 {
			b.WriteString(src)
			b.WriteString(dst)
		}
	}
	return b.String()
}

// writeExportFoldBlocks writes the fold table cut by code point blocks of
// 256, fold/XX.json (XX = code point >> 8 in hex): "f" holds the pairs
// whose source is in the block, "i" the pairs whose target is, both as
// source, target, source, … A query needs the blocks of its characters
// (to fold them) and of their folded forms (to find Traditional spellings
// in snippets), a few hundred bytes instead of the whole table. It returns
// the blocks written.
func writeExportFoldBlocks(w *exportWriter) ([]string, error) {
	fwd, inv := map[rune]*strings.Builder{}, map[rune]*strings.Builder{}
	add := func(m map[rune]*strings.Builder, block rune, src, dst string) {
		if m[block] == nil {
			m[block] = &strings.Builder{}
		}
		m[block].WriteString(src)
		m[block].WriteString(dst)
	}
	pairs := []rune(exportFoldPairs())
	for i := 0; i+1 < len(pairs); i += 2 {
		src, dst := string(pairs[i]), string(pairs[i+1])
		add(fwd, pairs[i]>>8, src, dst)
		add(inv, pairs[i+1]>>8, src, dst)
	}
	seen := map[rune]bool{}
	for b := range fwd {
		seen[b] = true
	}
	for b := range inv {
		seen[b] = true
	}
	var names []string
	for b := range seen {
		names = append(names, strconv.FormatInt(int64(b), 16))
	}
	sort.Strings(names)
	for _, name := range names {
		b, _ := strconv.ParseInt(name, 16, 32)
		f := map[string]string{}
		if x := fwd[rune(b)]; x != nil {
			f["f"] = x.String()
		}
		if x := inv[rune(b)]; x != nil {
			f["i"] = x.String()
		}
		if err := w.writeJSON("fold/"+name+".json", f); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// exportManifest is manifest.json.
func exportManifest(docs []Doc, ix *exportIndex, opts ExportOptions, dicts map[string][]string, termShards, posShards int) map[string]any {
	docCount := len(docs)
	if opts.DocCount > 0 {
		docCount = opts.DocCount
	}
	card := map[string]int{}
	avg := map[string]float64{}
	boosts := map[string]float64{}
	for f, name := range textFields {
		boosts[name] = FieldBoost(name)
		c := 0
		for _, n := range ix.lengths[f] {
			c += n
		}
		if v, ok := opts.FieldCardinality[name]; ok {
			c = v
		}
		card[name] = c
		if docCount > 0 {
			avg[name] = math.Ceil(float64(c) / float64(docCount))
		}
	}
	return map[string]any{
		"version":  ExportVersion,
		"docs":     len(docs),
		"fields":   textFields,
		"facets":   facetFields,
		"dict":     dicts,
		"bm25":     map[string]any{"docCount": docCount, "cardinality": card, "avgLen": avg},
		"boosts":   boosts,
		"terms":    map[string]any{"shards": termShards, "hash": "fnv1a32"},
		"pos":      map[string]any{"shards": posShards, "blockDocs": opts.PosBlockDocs},
		"text":     "text/{n}.json",
		"fold":     "fold.json",
		"docTable": "docs/stats.json",
		"phrases":  len(ix.phrases),
	}
}
