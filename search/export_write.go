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
	gz    *gzip.Writer // reused: a gzip.Writer is large to allocate
}

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
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	w.stats.Files++
	w.stats.Bytes += int64(len(data))
	w.stats.GzipBytes += w.gzipSize(data)
	return nil
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

// appendFieldLists appends {"field index": "list", …} for the non-nil lists.
func appendFieldLists(b []byte, lists *[len(textFields)][]byte) []byte {
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
	return w.writeJSON("manifest.json", exportManifest(docs, ix, opts, dicts, termShards, posShards))
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
			return appendFieldLists(b, pb[term])
		})
		if err := w.writeFile(fmt.Sprintf("pos/%d/%s.json", block, exportShardName(s, shards)), b); err != nil {
			return err
		}
	}
	return nil
}

func writeExportTermShards(w *exportWriter, ix *exportIndex, target int) (int, error) {
	total := 0
	for term, e := range ix.postings {
		for _, b := range e {
			total += len(b) + len(term)
		}
	}
	shards := exportShardCount(total, target)
	files := make([][]string, shards)
	put := func(key string) {
		s := exportShardOf(key, shards)
		files[s] = append(files[s], key)
	}
	for term := range ix.postings {
		put(term)
	}
	for key := range ix.phrases {
		put(key)
	}
	for c := range ix.chars {
		put("~" + c)
	}
	var b []byte
	for s, keys := range files {
		b = appendObject(b[:0], keys, func(b []byte, key string) []byte {
			switch {
			case strings.HasPrefix(key, "~"):
				list := make([]string, 0, len(ix.chars[key[1:]]))
				for t := range ix.chars[key[1:]] {
					list = append(list, t)
				}
				sort.Strings(list)
				b = append(b, '[')
				for i, t := range list {
					if i > 0 {
						b = append(b, ',')
					}
					b = appendJSONString(b, t)
				}
				return append(b, ']')
			case strings.HasPrefix(key, "\""):
				return appendFieldLists(b, ix.phrases[key])
			}
			return appendFieldLists(b, ix.postings[key])
		})
		if err := w.writeFile("terms/"+exportShardName(s, shards)+".json", b); err != nil {
			return 0, err
		}
	}
	return shards, nil
}

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
		"version":     ExportVersion,
		"docs":        len(docs),
		"fields":      textFields,
		"facets":      facetFields,
		"dict":        dicts,
		"bm25":        map[string]any{"docCount": docCount, "cardinality": card, "avgLen": avg},
		"boosts":      boosts,
		"terms":       map[string]any{"shards": termShards, "hash": "fnv1a32"},
		"pos":         map[string]any{"shards": posShards, "blockDocs": opts.PosBlockDocs},
		"text":        "text/{n}.json",
		"fold":        "fold.json",
		"docTable":    "docs/stats.json",
		"phrasesLive": len(ix.phrases),
	}
}
