package search

import (
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// ExportOptions tunes the static export. The zero value is ready to use.
type ExportOptions struct {
	// TermShardBytes is the target size, before compression, of one term
	// shard; the shard count is the next power of two that reaches it.
	// Default 8 KiB.
	TermShardBytes int
	// PosBlockDocs is how many documents share one block of positions.
	// Default 1024.
	PosBlockDocs int
	// PosShardBytes is the target size, before compression, of one file
	// of positions (they are fetched only to confirm phrases). Default
	// 64 KiB.
	PosShardBytes int
	// Phrases are extra phrases indexed whole, beside the built-in domain
	// phrases (司法救助, 刑事被害人, 先行救助 …), the docs' facet values and
	// keywords. Phrases of fewer than two bigrams are ignored.
	Phrases []string
	// DocCount and FieldCardinality, when set, are the statistics BM25
	// uses (bleve's BM25Stats: the number of docs and, per text field, the
	// total number of tokens); by default they are computed from docs, as
	// the Index computes them.
	DocCount         int
	FieldCardinality map[string]int
}

// ExportStats describes what Export wrote.
type ExportStats struct {
	Docs       int   // documents exported
	Terms      int   // distinct (field, term) pairs
	Phrases    int   // phrases indexed whole that occur in some document
	Files      int   // files in the export
	TermShards int   // number of term shards
	Bytes      int64 // total size of the files
	GzipBytes  int64 // total size after gzip (level 6), as a static host serves them, estimated from a sample of the files
	Analysed   int   // docs analysed (the others came from the cache)
	Written    int   // files written (the others were already there, unchanged)
	Removed    int   // files removed
}

// exportDomainPhrases are domain phrases indexed whole, so that the
// browser confirms them without fetching positions.
var exportDomainPhrases = [...]string{
	"司法救助", "国家司法救助", "刑事被害人", "未成年人", "生活困难", "先行救助",
	"救助金", "救助申请", "申请人", "被害人", "近亲属", "人民法院", "检察院",
	"社会救助", "民政部门", "困难群众", "特别困难", "非常困难", "执行案件",
	"一次性救助", "救助标准", "残疾人", "农民工", "劳动能力", "医疗费用",
	"赔偿义务人", "交通事故", "故意伤害", "人身伤害", "涉法涉诉", "救助决定书",
}

// Export writes the static search export of docs into dir (the output's
// search folder), replacing what is there. The browser runtime
// (themes/default/static/js/search.js) reads it; the format is described
// with ExportVersion. Every doc is analysed; see Exporter for exports that
// reuse the work of the last one.
func Export(docs []Doc, dir string, opts ExportOptions) (ExportStats, error) {
	return NewExporter("", opts).Export(docs, dir) // a new Exporter knows no dir: it writes it whole
}

// ExportIncremental is Export for a build that follows another: with the
// cache folder cacheDir (the caller's, e.g. .casebook/export/) it analyses
// only the docs whose Hash changed and writes only the files of dir whose
// content changed. Deleting cacheDir is always safe.
func ExportIncremental(docs []Doc, dir, cacheDir string, opts ExportOptions) (ExportStats, error) {
	return NewExporter(cacheDir, opts).Export(docs, dir)
}

// exportDefaults fills in the zero fields of opts.
func exportDefaults(opts ExportOptions) ExportOptions {
	if opts.TermShardBytes <= 0 {
		opts.TermShardBytes = 8 << 10
	}
	if opts.PosBlockDocs <= 0 {
		opts.PosBlockDocs = 1024
	}
	if opts.PosShardBytes <= 0 {
		opts.PosShardBytes = 64 << 10
	}
	return opts
}

// exportOrder returns docs in export order: newest first, then by id. A doc's
// number is its index in that order, so that "score, then date, then id"
// is "score, then number".
func exportOrder(docs []Doc) []Doc {
	idx := make([]int32, len(docs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int {
		if c := docs[a].Date.Compare(docs[b].Date); c != 0 {
			return -c
		}
		return strings.Compare(docs[a].ID, docs[b].ID)
	})
	out := make([]Doc, len(docs))
	for i, k := range idx {
		out[i] = docs[k]
	}
	return out
}

// exportPhraseValue is a candidate phrase's analysis: its terms, nil when
// it is not a phrase of two or more bigrams in one run of CJK text.
type exportPhraseValue struct {
	key   string
	terms []string
}

// exportPhraseOf analyses a candidate phrase.
func exportPhraseOf(s string) exportPhraseValue {
	toks := Analyze(s)
	if len(toks) < 2 {
		return exportPhraseValue{}
	}
	terms := make([]string, len(toks))
	for i, t := range toks {
		if t.Position != toks[0].Position+i || utf8.RuneCountInString(t.Term) != 2 {
			return exportPhraseValue{}
		}
		terms[i] = t.Term
	}
	return exportPhraseValue{exportPhraseKey(terms), terms}
}

// exportPhrases gathers the candidate phrases: exportDomainPhrases, extra, the
// docs' keywords and facet values, analysed; only those of two or more
// bigrams in one run of CJK text are kept, keyed by their term sequence.
// Analyses are taken from memo when there, and every one used is put into
// used.
func exportPhrases(docs []Doc, extra []string, memo, used map[string]exportPhraseValue) map[string][]string {
	out := map[string][]string{}
	add := func(s string) {
		v, ok := used[s]
		if !ok {
			if v, ok = memo[s]; !ok {
				v = exportPhraseOf(s)
			}
			used[s] = v
		}
		if v.terms != nil {
			out[v.key] = v.terms
		}
	}
	for _, p := range exportDomainPhrases {
		add(p)
	}
	for _, p := range extra {
		add(p)
	}
	for i := range docs {
		d := &docs[i]
		for _, list := range [][]string{d.Keywords, d.Categories, d.Groups, d.Methods} {
			for _, s := range list {
				add(s)
			}
		}
	}
	return out
}

// exportPhraseKey is the term-shard key of a phrase indexed whole: a double quote
// and the phrase's text as its bigrams spell it (先行 行救 救助 → "先行救助).
func exportPhraseKey(terms []string) string {
	key := "\"" + terms[0]
	for _, t := range terms[1:] {
		r := []rune(t)
		key += string(r[len(r)-1])
	}
	return key
}

// exportPath joins dir and a slash-separated export path.
func exportPath(dir, rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
