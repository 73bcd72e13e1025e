package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// exportJSON encodes v as compact JSON without HTML escaping.
func exportJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
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

// appendRawLists appends {"field index": "list", …} for the non-nil lists,
// encoded posting or position lists: base-36 and base64url digits and
// punctuation, nothing to escape.
func appendRawLists(b []byte, lists *[len(textFields)][]byte) []byte {
	return appendFieldMap(b, len(lists), func(b []byte, f int) ([]byte, bool) {
		if lists[f] == nil {
			return b, false
		}
		b = append(b, '"')
		b = append(b, lists[f]...)
		return append(b, '"'), true
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

// exportHash is FNV-1a (32 bits) of s's UTF-8 bytes; search.js computes the same.
func exportHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
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

// exportFoldFiles renders fold.json and the fold table cut by code point
// blocks of 256, fold/XX.json (XX = code point >> 8 in hex): "f" holds the
// pairs whose source is in the block, "i" the pairs whose target is, both
// as source, target, source, … A query needs the blocks of its characters
// (to fold them) and of their folded forms (to find Traditional spellings
// in snippets), a few hundred bytes instead of the whole table. It returns
// the files and the blocks.
func exportFoldFiles() ([]exportFile, []string, error) {
	all := exportFoldPairs()
	data, err := exportJSON(map[string]string{"pairs": all})
	if err != nil {
		return nil, nil, err
	}
	files := []exportFile{{"fold.json", data}}
	fwd, inv := map[rune]*strings.Builder{}, map[rune]*strings.Builder{}
	add := func(m map[rune]*strings.Builder, block rune, src, dst string) {
		if m[block] == nil {
			m[block] = &strings.Builder{}
		}
		m[block].WriteString(src)
		m[block].WriteString(dst)
	}
	pairs := []rune(all)
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
		data, err := exportJSON(f)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, exportFile{"fold/" + name + ".json", data})
	}
	return files, names, nil
}

// exportManifest is manifest.json.
func exportManifest(docs []Doc, lengths *[len(textFields)][]int, phrases int, opts ExportOptions, dicts map[string][]string, termShards, posShards int) map[string]any {
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
		for _, n := range lengths[f] {
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
		"phrases":  phrases,
	}
}
