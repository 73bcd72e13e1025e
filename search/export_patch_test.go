package search

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAppendJSONText checks the string encoding of the text files against
// encoding/json's (without HTML escaping).
func TestAppendJSONText(t *testing.T) {
	tests := []struct{ name, s string }{
		{"empty", ""},
		{"ascii", "plain text"},
		{"quote and backslash", `a "b" \c\`},
		{"control characters", "\x00\x01\b\f\n\r\t\x1f\x7f"},
		{"html", "<a href='x'>&amp;</a>"},
		{"cjk", "国家司法救助，孤兒。"},
		{"line and paragraph separators", "a\u2028b\u2029c\u2027"},
		{"invalid bytes", "ab\xffc\xe2\x80d\xe2"},
		{"emoji", "救助🙂"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := exportJSON(tt.s)
			if err != nil {
				t.Fatal(err)
			}
			if got := appendJSONText(nil, tt.s); !bytes.Equal(got, want) {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
}

// TestExportTextFiles checks the text files against encoding/json's
// rendering of their fields.
func TestExportTextFiles(t *testing.T) {
	type text struct {
		ID      string `json:"id"`
		Section string `json:"section"`
		Title   string `json:"title"`
		URL     string `json:"url"`
		Date    string `json:"date"`
		Summary string `json:"summary"`
		Body    string `json:"body,omitempty"`
		More    int    `json:"more"`
	}
	date := time.Date(2024, 5, 10, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		doc  Doc
	}{
		{"short body", Doc{ID: "a", Section: "cases", Title: "标题", URL: "/kb/a/", Date: date, Summary: "摘要", Body: "正文。\n\n  "}},
		{"no body, no date", Doc{ID: "b", Title: "<T>"}},
		{"body of exportChunkRunes characters", Doc{ID: "c", Body: strings.Repeat("救", exportChunkRunes) + " "}},
		{"body of one character more", Doc{ID: "d", Body: strings.Repeat("救", exportChunkRunes+1), Summary: "\u2028"}},
		{"long ascii body", Doc{ID: "e", Body: strings.Repeat("a\"b", exportChunkRunes/3+1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &tt.doc
			body := strings.TrimRight(d.Body, " \n")
			want := text{ID: d.ID, Section: d.Section, Title: d.Title, URL: d.URL, Date: exportDate(d), Summary: d.Summary, Body: body}
			var more []byte
			if len([]rune(body)) > exportChunkRunes {
				want.Body, want.More = "", 1
				more, _ = exportJSON(map[string]string{"body": body})
			}
			main, _ := exportJSON(want)
			files := exportTextFiles(d, 7)
			if files[0].path != "text/7.json" || !bytes.Equal(files[0].data, main) {
				t.Errorf("%s = %s, want text/7.json = %s", files[0].path, files[0].data, main)
			}
			switch {
			case more == nil && len(files) != 1:
				t.Errorf("%d files, want 1", len(files))
			case more != nil && (len(files) != 2 || files[1].path != "text/7-1.json" || !bytes.Equal(files[1].data, more)):
				t.Errorf("files %v, want text/7-1.json = %s", files, more)
			}
		})
	}
}

// TestExportParseList encodes random posting lists and reads them back.
func TestExportParseList(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for round := range 200 {
		docs := 1 + rng.IntN(300)
		var want []exportPosting
		density := rng.Float64()
		l := &exportList{last: -1}
		for n := range docs {
			if rng.Float64() < density {
				tf := 1
				switch rng.IntN(4) {
				case 0:
					tf = 1 + rng.IntN(61)
				case 1:
					tf = 62 + rng.IntN(5000)
				}
				want = append(want, exportPosting{int32(n), int32(tf)})
				l.add(n, tf)
			}
		}
		if want == nil {
			continue
		}
		for _, withTF := range []bool{true, false} {
			enc := l.appendEncoded(nil, docs, withTF)
			got, err := exportParseList(enc, nil)
			if err != nil {
				t.Fatalf("round %d: %q: %v", round, enc, err)
			}
			for i := range got {
				if !withTF {
					got[i].tf = want[i].tf
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("round %d: %q reads back as %v, want %v", round, enc, got, want)
			}
			if again := l.appendEncoded(nil, docs, withTF); !bytes.Equal(again, enc) {
				t.Fatalf("round %d: encoding changed", round)
			}
		}
	}
	for _, bad := range []string{"", ",", "1,,2", "1|", "1,2|1", "1|(", "1|()", "1|(z", "A", "~!", "1|123"} {
		if _, err := exportParseList([]byte(bad), nil); err == nil {
			t.Errorf("%q reads without an error", bad)
		}
	}
}

// TestExportReplaceEntry checks the splicing of one doc's positions into
// a block's list.
func TestExportReplaceEntry(t *testing.T) {
	tests := []struct {
		name, list string
		rel        int
		entry      string // "" for none
		want       string
	}{
		{"replace", "0:1,3:2,5:4", 3, "3:9", "0:1,3:9,5:4"},
		{"remove", "0:1,3:2,5:4", 3, "", "0:1,5:4"},
		{"remove first", "0:1,3:2", 0, "", "3:2"},
		{"remove last", "0:1,3:2", 3, "", "0:1"},
		{"remove only", "3:2", 3, "", ""},
		{"insert", "0:1,5:4", 3, "3:9", "0:1,3:9,5:4"},
		{"insert first", "3:2", 1, "1:9", "1:9,3:2"},
		{"append", "0:1,3:2", 9, "9:1.2", "0:1,3:2,9:1.2"},
		{"into nothing", "", 4, "4:1", "4:1"},
		{"absent, none", "0:1,5:4", 3, "", "0:1,5:4"},
		{"base 36", "a:1,z:2,10:3", 35, "z:7", "a:1,z:7,10:3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var entry []byte
			if tt.entry != "" {
				entry = []byte(tt.entry)
			}
			if got := exportReplaceEntry([]byte(tt.list), tt.rel, entry); string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestExportScanObject reads back objects as the export writes them.
func TestExportScanObject(t *testing.T) {
	keys := []string{"救助", "a\"b", `c\d`, "tab\there", "\x01ctl", "\u2028", "~孤"}
	var b []byte
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, `:{"0":"1,2|21","t":["x\"y",{"n":[1,2]}]}`...)
	}
	b = append(b, '}')
	members, err := exportScanObject(b)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]json.RawMessage
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(members) != len(keys) {
		t.Fatalf("%d members, want %d", len(members), len(keys))
	}
	for i, m := range members {
		if m.key != keys[i] || !bytes.Equal(m.json, want[keys[i]]) {
			t.Errorf("member %d: %q = %s, want %q = %s", i, m.key, m.json, keys[i], want[keys[i]])
		}
	}
	for _, bad := range []string{"", "{", `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":"x}`, `{"a":1} x`, `["a"]`} {
		if _, err := exportScanObject([]byte(bad)); err == nil {
			t.Errorf("%q reads without an error", bad)
		}
	}
	if got, err := exportScanStrings([]byte(`["a","\u5b64\n",""]`)); err != nil || !slices.Equal(got, []string{"a", "孤\n", ""}) {
		t.Errorf("strings %q, %v", got, err)
	}
}

// TestExportDamagedCache checks that a damaged cache or export folder
// costs only time: the export is still that of a full one.
func TestExportDamagedCache(t *testing.T) {
	opts := ExportOptions{TermShardBytes: 2048, PosBlockDocs: 8}
	tests := []struct {
		name   string
		damage func(t *testing.T, cache, dir string)
	}{
		{"state corrupt", func(t *testing.T, cache, dir string) { exportFlipByte(t, filepath.Join(cache, exportCacheState)) }},
		{"analyses corrupt", func(t *testing.T, cache, dir string) { exportFlipByte(t, filepath.Join(cache, exportCacheAnalysis)) }},
		{"analyses missing", func(t *testing.T, cache, dir string) { os.Remove(filepath.Join(cache, exportCacheAnalysis)) }},
		{"analyses cut short", func(t *testing.T, cache, dir string) {
			if err := os.Truncate(filepath.Join(cache, exportCacheAnalysis), 100); err != nil {
				t.Fatal(err)
			}
		}},
		{"export file changed", func(t *testing.T, cache, dir string) {
			paths, _ := filepath.Glob(filepath.Join(dir, "pos", "*", "*.json"))
			for _, p := range paths {
				exportFlipByte(t, p)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := exportFixtureDocs()
			cache, dir := t.TempDir(), filepath.Join(t.TempDir(), "search")
			if _, err := ExportIncremental(docs, dir, cache, opts); err != nil {
				t.Fatal(err)
			}
			tt.damage(t, cache, dir)
			docs = exportEdit("case-20", func(d *Doc) { d.Body = "据查，" + d.Body })(docs)
			st, err := ExportIncremental(docs, dir, cache, opts)
			if err != nil {
				t.Fatal(err)
			}
			exportCompareFull(t, docs, dir, st, opts)
		})
	}
}

// exportFlipByte changes a byte in the middle of the file path.
func exportFlipByte(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || len(data) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	data[len(data)/2] ^= 0x55
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExportPatchCharEntry checks a character's entry after changes of
// its terms: the list of terms, and the entries inline when small.
func TestExportPatchCharEntry(t *testing.T) {
	small := []byte(`{"3":"0,4"}`)
	large := []byte(`{"3":"` + strings.Repeat("1,", exportCharInline/2) + `1"}`)
	edge := []byte(`{"3":"` + strings.Repeat("1,", (exportCharInline-9)/2) + `1"}`)
	if len(edge) > exportCharInline || len(edge) < exportCharInline-2 {
		t.Fatalf("edge entry of %d bytes", len(edge))
	}
	entry := func(terms []string, inline map[string][]byte) []byte {
		return appendExportCharEntry(nil, terms, inline)
	}
	old := entry([]string{"孤儿", "孤独"}, map[string][]byte{"孤儿": small})
	tests := []struct {
		name    string
		changes []exportEntryChange
		want    []byte
	}{
		{"small grows large", []exportEntryChange{{"孤儿", small, large}}, entry([]string{"孤儿", "孤独"}, nil)},
		{"large grows to the edge", []exportEntryChange{{"孤独", large, edge}}, entry([]string{"孤儿", "孤独"}, map[string][]byte{"孤儿": small, "孤独": edge})},
		{"term gone", []exportEntryChange{{"孤儿", small, nil}}, entry([]string{"孤独"}, nil)},
		{"term new", []exportEntryChange{{"孤寡", nil, small}}, entry([]string{"孤儿", "孤寡", "孤独"}, map[string][]byte{"孤儿": small, "孤寡": small})},
		{"every term gone", []exportEntryChange{{"孤儿", small, nil}, {"孤独", large, nil}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := exportPatchCharEntry(old, tt.changes)
			if err != nil || !bytes.Equal(got, tt.want) {
				t.Errorf("got %s, %v; want %s", got, err, tt.want)
			}
		})
	}
	if got, err := exportPatchCharEntry(nil, []exportEntryChange{{"孤儿", nil, small}}); err != nil || !bytes.Equal(got, entry([]string{"孤儿"}, map[string][]byte{"孤儿": small})) {
		t.Errorf("a new character: %s, %v", got, err)
	}
}

// TestExportPatchEntry checks that patching a posting list gives the list
// built from scratch.
func TestExportPatchEntry(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 9))
	const docs = 200
	build := func(post map[int]map[int]int, withTF bool) []byte { // field → doc → tf
		var lists exportLists
		for f := range textFields {
			for n := range docs {
				if tf := post[f][n]; tf > 0 {
					if lists[f] == nil {
						lists[f] = &exportList{last: -1}
					}
					lists[f].add(n, tf)
				}
			}
		}
		empty := true
		for _, l := range lists {
			empty = empty && l == nil
		}
		if empty {
			return nil
		}
		return appendLists(nil, &lists, docs, withTF)
	}
	for round := range 100 {
		withTF := round%3 != 0
		post := map[int]map[int]int{}
		for f := range textFields {
			post[f] = map[int]int{}
			density := rng.Float64() * rng.Float64()
			for n := range docs {
				if rng.Float64() < density {
					post[f][n] = 1 + rng.IntN(70)
				}
			}
		}
		old := build(post, withTF)
		var deltas []exportDelta
		for range 1 + rng.IntN(4) {
			d := exportDelta{rng.IntN(docs), rng.IntN(len(textFields)), 0}
			if rng.IntN(2) == 0 {
				d.tf = 1 + rng.IntN(70)
			}
			deltas = append(deltas, d)
			post[d.f][d.n] = d.tf
		}
		want := build(post, withTF)
		got, err := exportPatchEntry(old, deltas, docs, withTF)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("round %d: %s with %v gives %s, %v; want %s", round, old, deltas, got, err, want)
		}
	}
}
