package search

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// exportFixtureJSON holds exportFixtureDocs for the browser runtime's tests.
const exportFixtureJSON = "testdata/export/docs.json"

// TestExportFixtureJSON keeps testdata/export/docs.json equal to the
// fixture; -update rewrites it.
func TestExportFixtureJSON(t *testing.T) {
	data, err := json.MarshalIndent(exportFixtureDocs(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	if *update {
		if err := os.WriteFile(exportFixtureJSON, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(exportFixtureJSON)
	if err != nil {
		t.Fatalf("%v (run go test ./search/ -run ExportFixtureJSON -update)", err)
	}
	if string(want) != string(data) {
		t.Errorf("%s is stale: run go test ./search/ -run ExportFixtureJSON -update", exportFixtureJSON)
	}
}

func readExportJSON(t *testing.T, dir, rel string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

// exportManifestFile is the part of manifest.json the tests read.
type exportManifestFile struct {
	Version int      `json:"version"`
	Docs    int      `json:"docs"`
	Fields  []string `json:"fields"`
	BM25    struct {
		DocCount    int                `json:"docCount"`
		Cardinality map[string]int     `json:"cardinality"`
		AvgLen      map[string]float64 `json:"avgLen"`
	} `json:"bm25"`
	Terms struct {
		Shards int `json:"shards"`
	} `json:"terms"`
	Pos struct {
		Shards    int `json:"shards"`
		BlockDocs int `json:"blockDocs"`
	} `json:"pos"`
}

func TestExportFiles(t *testing.T) {
	docs := exportFixtureDocs()
	dir := t.TempDir()
	st, err := Export(docs, dir, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var m exportManifestFile
	readExportJSON(t, dir, "manifest.json", &m)
	if m.Version != ExportVersion || m.Docs != len(docs) || m.BM25.DocCount != len(docs) {
		t.Errorf("manifest: version %d docs %d docCount %d, want %d %d %d", m.Version, m.Docs, m.BM25.DocCount, ExportVersion, len(docs), len(docs))
	}
	if !slices.Equal(m.Fields, textFields[:]) {
		t.Errorf("manifest fields %v, want %v", m.Fields, textFields)
	}
	// The BM25 statistics are the Index's: total tokens per field.
	for _, name := range textFields {
		total := 0
		for i := range docs {
			text := textOf(&docs[i])
			for _, v := range text.values(name) {
				total += len(Analyze(v))
			}
		}
		if m.BM25.Cardinality[name] != total {
			t.Errorf("cardinality[%s] = %d, want %d", name, m.BM25.Cardinality[name], total)
		}
	}
	want := []string{"manifest.json", "fold.json", "docs/stats.json"}
	for i := range docs {
		want = append(want, "text/"+strconv.Itoa(i)+".json")
	}
	for s := range m.Terms.Shards {
		want = append(want, "terms/"+exportShardName(s, m.Terms.Shards)+".json")
	}
	for _, rel := range want {
		if _, err := os.Stat(filepath.Join(dir, rel)); err != nil {
			t.Errorf("missing %s", rel)
		}
	}
	files, bytes := 0, int64(0)
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			files++
			bytes += info.Size()
		}
		return nil
	})
	if st.Files != files || st.Bytes != bytes {
		t.Errorf("stats say %d files, %d bytes; the folder has %d, %d", st.Files, st.Bytes, files, bytes)
	}
	if st.GzipBytes <= 0 || st.GzipBytes >= st.Bytes {
		t.Errorf("gzip estimate %d for %d bytes", st.GzipBytes, st.Bytes)
	}
	if st.Docs != len(docs) || st.Terms == 0 || st.Phrases == 0 || st.TermShards != m.Terms.Shards {
		t.Errorf("stats %+v", st)
	}
}

func TestExportShardSizes(t *testing.T) {
	tests := []struct {
		name   string
		target int
	}{
		{"tiny shards", 512},
		{"small shards", 2048},
		{"default", 0},
	}
	docs := exportFixtureDocs()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			st, err := Export(docs, dir, ExportOptions{TermShardBytes: tt.target})
			if err != nil {
				t.Fatal(err)
			}
			target := tt.target
			if target == 0 {
				target = 8 << 10
			}
			if st.TermShards&(st.TermShards-1) != 0 {
				t.Errorf("%d shards is not a power of two", st.TermShards)
			}
			entries, _ := os.ReadDir(filepath.Join(dir, "terms"))
			total, largest, shards := 0, 0, 0
			for _, e := range entries {
				if strings.Contains(e.Name(), "-") {
					continue // a large entry's own file
				}
				info, _ := e.Info()
				total += int(info.Size())
				largest = max(largest, int(info.Size()))
				shards++
			}
			if shards != st.TermShards {
				t.Errorf("%d shard files, want %d", shards, st.TermShards)
			}
			if st.TermShards > 1 && total/st.TermShards > 3*target {
				t.Errorf("average shard %d bytes, target %d", total/st.TermShards, target)
			}
			if st.TermShards > 1 && largest > 6*max(target, total/st.TermShards) {
				t.Errorf("largest shard %d bytes, average %d", largest, total/st.TermShards)
			}
		})
	}
}

// exportDecodeList reads "DOCS[|TFS]" as the browser runtime does.
func exportDecodeList(t *testing.T, s string) (docs, tfs []int) {
	t.Helper()
	docsPart, tfPart, hasTF := strings.Cut(s, "|")
	if bits, ok := strings.CutPrefix(docsPart, "~"); ok {
		b, err := base64.RawURLEncoding.DecodeString(bits)
		if err != nil {
			t.Fatalf("bad bitmap %q: %v", bits, err)
		}
		for i, c := range b {
			for k := range 8 {
				if c&(1<<k) != 0 {
					docs = append(docs, i*8+k)
				}
			}
		}
	} else {
		last := -1
		for _, p := range strings.Split(docsPart, ",") {
			delta, err := strconv.ParseInt(p, 36, 64)
			if err != nil {
				t.Fatalf("bad entry %q", p)
			}
			last += int(delta) + 1
			docs = append(docs, last)
		}
	}
	for i := 0; i < len(docs); i++ {
		tf := 1
		if hasTF {
			if tfPart[0] == '(' {
				end := strings.IndexByte(tfPart, ')')
				n, _ := strconv.ParseInt(tfPart[1:end], 36, 64)
				tf, tfPart = int(n), tfPart[end+1:]
			} else {
				tf, tfPart = strings.IndexByte(exportTFDigits, tfPart[0]), tfPart[1:]
			}
		}
		tfs = append(tfs, tf)
	}
	return docs, tfs
}

// exportEntry reads the entry of key from its term shard, following a
// large entry to its own file.
func exportEntry(t *testing.T, dir string, shards int, key string, v any) {
	t.Helper()
	folder := "terms/"
	if strings.HasPrefix(key, "~") {
		var m struct{ Chars struct{ Shards int } }
		readExportJSON(t, dir, "manifest.json", &m)
		folder, shards = "chars/", m.Chars.Shards
	}
	name := exportShardName(exportShardOf(key, shards), shards)
	var s map[string]json.RawMessage
	readExportJSON(t, dir, folder+name+".json", &s)
	raw, ok := s[key]
	if !ok {
		t.Fatalf("%q not in shard %s", key, name)
	}
	if k, err := strconv.Atoi(string(raw)); err == nil {
		var own map[string]json.RawMessage
		readExportJSON(t, dir, folder+name+"-"+strconv.Itoa(k)+".json", &own)
		raw = own[key]
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

// TestExportRoundTrip reads postings, positions, phrases and the
// character index back and checks them against the analysis of the docs.
func TestExportRoundTrip(t *testing.T) {
	docs := exportFixtureDocs()
	ordered := exportOrder(docs)
	dir := t.TempDir()
	if _, err := Export(docs, dir, ExportOptions{TermShardBytes: 1024, PosBlockDocs: 8}); err != nil {
		t.Fatal(err)
	}
	var m exportManifestFile
	readExportJSON(t, dir, "manifest.json", &m)
	body := slices.Index(textFields[:], fieldBody)

	tests := []struct{ name, term string }{
		{"frequent bigram", "救助"},
		{"folded bigram", "孤儿"},
		{"rare bigram", "分期"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wantDocs, wantTFs []int
			wantPos := map[int][]int{}
			for n := range ordered {
				tf := 0
				for _, tk := range Analyze(ordered[n].Body) {
					if tk.Term == tt.term {
						tf++
						wantPos[n] = append(wantPos[n], tk.Position)
					}
				}
				if tf > 0 {
					wantDocs, wantTFs = append(wantDocs, n), append(wantTFs, tf)
				}
			}
			if len(wantDocs) == 0 {
				t.Fatalf("fixture has no %q", tt.term)
			}
			var entry map[string]string
			exportEntry(t, dir, m.Terms.Shards, tt.term, &entry)
			gotDocs, gotTFs := exportDecodeList(t, entry[strconv.Itoa(body)])
			if !slices.Equal(gotDocs, wantDocs) || !slices.Equal(gotTFs, wantTFs) {
				t.Errorf("body postings of %q:\n got %v %v\nwant %v %v", tt.term, gotDocs, gotTFs, wantDocs, wantTFs)
			}
			// Positions, from the blocks of the docs that hold the term.
			for _, n := range wantDocs {
				block := n / m.Pos.BlockDocs
				var pf map[string]map[string]string
				name := exportShardName(int(exportHash(tt.term)%uint32(m.Pos.Shards)), m.Pos.Shards)
				readExportJSON(t, dir, "pos/"+strconv.Itoa(block)+"/"+name+".json", &pf)
				var got []int
				for _, e := range strings.Split(pf[tt.term][strconv.Itoa(body)], ",") {
					rel, ps, _ := strings.Cut(e, ":")
					r, _ := strconv.ParseInt(rel, 36, 64)
					if int(r)+block*m.Pos.BlockDocs != n {
						continue
					}
					p := 0
					for _, x := range strings.Split(ps, ".") {
						d, _ := strconv.ParseInt(x, 36, 64)
						p += int(d)
						got = append(got, p)
					}
				}
				if !slices.Equal(got, wantPos[n]) {
					t.Errorf("positions of %q in doc %d: got %v, want %v", tt.term, n, got, wantPos[n])
				}
			}
		})
	}

	t.Run("phrase indexed whole", func(t *testing.T) {
		var want []int
		for n := range ordered {
			if strings.Contains(Fold(ordered[n].Body), "先行救助") {
				want = append(want, n)
			}
		}
		var entry map[string]string
		exportEntry(t, dir, m.Terms.Shards, "\"先行救助", &entry)
		got, _ := exportDecodeList(t, entry[strconv.Itoa(body)])
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("docs with 先行救助 in the body: got %v, want %v", got, want)
		}
	})

	t.Run("character index", func(t *testing.T) {
		var e struct {
			T []string
			P map[string]map[string]string
		}
		exportEntry(t, dir, m.Terms.Shards, "~孤", &e)
		if !slices.Contains(e.T, "孤儿") || !slices.IsSorted(e.T) {
			t.Errorf("~孤 = %v, want a sorted list with 孤儿", e.T)
		}
		for _, term := range e.T {
			if !strings.Contains(term, "孤") {
				t.Errorf("~孤 lists %q", term)
			}
		}
		if len(e.P) == 0 {
			t.Errorf("~孤 holds no posting lists inline")
		}
		for term, inline := range e.P {
			var own map[string]string
			exportEntry(t, dir, m.Terms.Shards, term, &own)
			if !reflect.DeepEqual(inline, own) {
				t.Errorf("~孤 holds %q as %v; its shard says %v", term, inline, own)
			}
		}
	})
}

// TestExportLargeEntries checks that a large posting list gets a file of
// its own and reads back whole.
func TestExportLargeEntries(t *testing.T) {
	var docs []Doc
	for i := range 600 {
		body := strings.Repeat("救助，", 1+i%7) + "编号" + strconv.Itoa(i)
		docs = append(docs, Doc{ID: fmt.Sprintf("d%03d", i), Section: "cases", Title: "标题", Body: body, Summary: body})
	}
	dir := t.TempDir()
	st, err := Export(docs, dir, ExportOptions{TermShardBytes: 4096})
	if err != nil {
		t.Fatal(err)
	}
	name := exportShardName(exportShardOf("救助", st.TermShards), st.TermShards)
	var shard map[string]json.RawMessage
	readExportJSON(t, dir, "terms/"+name+".json", &shard)
	if _, err := strconv.Atoi(string(shard["救助"])); err != nil {
		t.Fatalf("救助 is inline in its shard (%d bytes), want a file of its own", len(shard["救助"]))
	}
	var entry map[string]string
	exportEntry(t, dir, st.TermShards, "救助", &entry)
	body := slices.Index(textFields[:], fieldBody)
	ordered := exportOrder(docs)
	gotDocs, gotTFs := exportDecodeList(t, entry[strconv.Itoa(body)])
	if len(gotDocs) != len(docs) {
		t.Fatalf("救助 in %d docs, want %d", len(gotDocs), len(docs))
	}
	for k, n := range gotDocs {
		if want := strings.Count(ordered[n].Body, "救助"); gotTFs[k] != want {
			t.Fatalf("doc %d: tf %d, want %d", n, gotTFs[k], want)
		}
	}
}

func TestExportFoldTable(t *testing.T) {
	dir := t.TempDir()
	if _, err := Export(exportFixtureDocs()[:3], dir, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	var f struct{ Pairs string }
	readExportJSON(t, dir, "fold.json", &f)
	rs := []rune(f.Pairs)
	if len(rs) < 2000 || len(rs)%2 != 0 {
		t.Fatalf("fold.json has %d characters", len(rs))
	}
	for i := 0; i < len(rs); i += 2 {
		if got := Fold(string(rs[i])); got != string(rs[i+1]) || utf8.RuneLen(rs[i]) != utf8.RuneLen(rs[i+1]) {
			t.Fatalf("pair %c→%c, but Fold gives %s", rs[i], rs[i+1], got)
		}
	}
}

func TestExportOrder(t *testing.T) {
	docs := exportFixtureDocs()
	ordered := exportOrder(docs)
	for i := 1; i < len(ordered); i++ {
		a, b := ordered[i-1], ordered[i]
		if c := a.Date.Compare(b.Date); c < 0 || c == 0 && a.ID >= b.ID {
			t.Fatalf("doc %d (%s %s) before %s %s", i-1, a.ID, a.Date, b.ID, b.Date)
		}
	}
}
