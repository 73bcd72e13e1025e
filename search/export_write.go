package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// exportWriter collects the files of an export, path → content, before
// any is written (see exportFlush).
type exportWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func newExportWriter() *exportWriter { return &exportWriter{files: map[string][]byte{}} }

// writeJSON adds v as compact JSON at the slash-separated path rel.
func (w *exportWriter) writeJSON(rel string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return w.writeFile(rel, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// writeFile adds data at the slash-separated path rel.
func (w *exportWriter) writeFile(rel string, data []byte) error {
	w.mu.Lock()
	w.files[rel] = data
	w.mu.Unlock()
	return nil
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
	return appendFieldMap(b, len(lists), func(b []byte, f int) ([]byte, bool) {
		if lists[f] == nil {
			return b, false
		}
		return appendJSONString(b, string(lists[f])), true
	})
}

// appendFieldMap appends {"field index": value, …} for the fields whose
// value appends something (ok); the others are left out.
func appendFieldMap(b []byte, fields int, value func(b []byte, f int) (_ []byte, ok bool)) []byte {
	b = append(b, '{')
	first := true
	for f := range fields {
		start := len(b)
		if !first {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = strconv.AppendInt(b, int64(f), 10)
		b = append(b, '"', ':')
		var ok bool
		if b, ok = value(b, f); !ok {
			b = b[:start]
			continue
		}
		first = false
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
